/**
 * `npm run screenshot:pr-comment`: the README's picture of the Action's pull-request comment. It
 * makes a throwaway git repository of the sample app, commits it, makes the kind of change a pull
 * request makes (a pricier model for triage and for escalation, an output cap removed), runs
 * `promptcost diff --format markdown` (the comment's body), renders the Markdown with GitHub's
 * flavour (tables, <details>) in headless Chromium and saves media/screenshots/pr-comment.png.
 * Needs `node esbuild.js` first, and Chromium (the E2E tests install it).
 */
import { execFileSync } from 'child_process';
import * as fs from 'fs';
import MarkdownIt from 'markdown-it';
import * as os from 'os';
import * as path from 'path';
import { chromium } from 'playwright-core';
import { CHROMIUM } from '../test/harness/chromium';

const ROOT = path.resolve(__dirname, '..');
const OUTPUT = path.join(ROOT, 'media/screenshots/pr-comment.png');

/** The change the picture shows, as (file, text before, text after) in the sample app. */
const CHANGE: Array<[string, string, string]> = [
  ['src/supportBot/classify.ts', "model: 'gpt-4o-mini'", "model: 'gpt-4.1'"],
  ['src/supportBot/escalate.ts', "model: 'gemini-2.5-flash'", "model: 'gemini-2.5-pro'"],
  ['jobs/nightly_summaries.py', '        max_tokens=300,\n', ''],
];

const STYLE = `
  body { margin: 0; background: #fff; font: 14px/1.5 -apple-system, "Segoe UI", "Noto Sans", Helvetica, Arial, sans-serif; color: #1f2328; }
  .comment { width: 920px; margin: 16px; border: 1px solid #d1d9e0; border-radius: 6px; }
  .header { background: #f6f8fa; border-bottom: 1px solid #d1d9e0; padding: 8px 16px; color: #59636e; border-radius: 6px 6px 0 0; }
  .header b { color: #1f2328; }
  .body { padding: 16px; }
  h3 { margin: 0 0 8px; font-size: 1.25em; }
  p { margin: 0 0 12px; }
  code { font: 12px ui-monospace, SFMono-Regular, Menlo, monospace; background: #818b981f; padding: 0.2em 0.4em; border-radius: 6px; }
  table { border-collapse: collapse; margin: 0 0 12px; display: block; overflow: auto; }
  th, td { border: 1px solid #d1d9e0; padding: 6px 13px; }
  th { font-weight: 600; }
  tr:nth-child(2n) { background: #f6f8fa; }
  ul { margin: 0 0 12px; padding-left: 2em; }
  details { margin: 0 0 12px; }
  summary { cursor: pointer; }
  blockquote { margin: 0 0 12px; padding: 0 1em; color: #59636e; border-left: 0.25em solid #d1d9e0; }
`;

async function main(): Promise<void> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'promptcost-pr-comment-'));
  try {
    fs.cpSync(path.join(ROOT, 'test/fixtures/workspace'), dir, { recursive: true });
    const git = (...args: string[]) =>
      execFileSync('git', ['-c', 'user.name=Prompt Cost', '-c', 'user.email=screenshots@promptcost.invalid', ...args], { cwd: dir, stdio: 'pipe' });
    git('init', '-q', '-b', 'main');
    git('add', '-A');
    git('commit', '-q', '-m', 'the sample app');
    for (const [file, before, after] of CHANGE) {
      const text = fs.readFileSync(path.join(dir, file), 'utf8');
      if (!text.includes(before)) throw new Error(`${file} no longer has ${JSON.stringify(before)}: update CHANGE in this script`);
      fs.writeFileSync(path.join(dir, file), text.replace(before, after));
    }
    const markdown = execFileSync(process.execPath, [path.join(ROOT, 'dist/cli.js'), 'diff', '--base', 'main', '--format', 'markdown'], {
      cwd: dir,
      encoding: 'utf8',
    });
    const html = new MarkdownIt({ html: true }).render(markdown);
    const page = `<!doctype html><meta charset="utf-8"><style>${STYLE}</style><div class="comment"><div class="header"><b>github-actions</b> bot commented</div><div class="body">${html}</div></div>`;
    const browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking'] });
    try {
      const tab = await browser.newPage({ viewport: { width: 960, height: 400 }, deviceScaleFactor: 1 });
      await tab.setContent(page);
      await tab.locator('.comment').screenshot({ path: OUTPUT });
    } finally {
      await browser.close();
    }
    console.log(`${path.relative(ROOT, OUTPUT)} written from:\n\n${markdown}`);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
