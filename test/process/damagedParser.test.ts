import * as assert from 'assert';
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { git } from '../harness/git';

const DIST = path.resolve(__dirname, '../../dist');
// The day of the bundled price data: the stale-prices warning (90 days on) stays out of stderr.
const PINNED_DAY = { ...process.env, PROMPTCOST_TODAY: '2026-09-23' };

// gpt-4o, 10 input tokens and 100 output tokens expected (half the 200-token cap): $10.25 a month at the default 10,000 calls.
const GREETER = 'name: Greeter\nmodel: openai/gpt-4o\nmodelParameters:\n  maxTokens: 200\nmessages:\n  - role: user\n    content: Say hello.\n';
// The same request from code, capped at 100 tokens (50 expected): $5.25 a month.
const APP_TS =
  'import OpenAI from "openai";\nconst client = new OpenAI();\nexport async function hi() {\n' +
  '  return client.chat.completions.create({ model: "gpt-4o", max_tokens: 100, messages: [{ role: "user", content: "Say hello." }] });\n}\n';
const BOT_PY =
  'from openai import OpenAI\nclient = OpenAI()\ndef hi():\n' +
  '    return client.chat.completions.create(model="gpt-4o", max_tokens=100, messages=[{"role": "user", "content": "Say hello."}])\n';

interface JsonReport {
  sites: Array<{ file: string; tokens: { input: number }; cost: { monthly: number | null } }>;
  fileFindings: Array<{ file: string; rule: string; line: number; message: string }>;
  skipped: unknown[];
}

/**
 * A damaged install: the bundles copied beside a workspace, one .wasm cut short. The parser's
 * runtime or a grammar then fails to load in the same way for every file; each code file is to say
 * so and what fixes it, the prompt files are to be estimated as usual, and the worker is to carry
 * on (it used to restart after each code file: on a large tree, seconds per file).
 */
describe('promptcost with a damaged install (CLI)', () => {
  let install: string;
  let workspace: string;
  beforeEach(() => {
    install = fs.mkdtempSync(path.join(os.tmpdir(), 'promptcost-install-'));
    workspace = fs.mkdtempSync(path.join(os.tmpdir(), 'promptcost-damaged-'));
    fs.cpSync(DIST, install, { recursive: true, filter: (source) => !source.endsWith('.map') });
    fs.writeFileSync(path.join(workspace, 'greet.prompt.yml'), GREETER);
    fs.writeFileSync(path.join(workspace, 'app.ts'), APP_TS);
    fs.writeFileSync(path.join(workspace, 'bot.py'), BOT_PY);
  });
  afterEach(() => {
    fs.rmSync(install, { recursive: true, force: true });
    fs.rmSync(workspace, { recursive: true, force: true });
  });

  function cutShort(installed: string): void {
    const file = path.join(install, installed);
    fs.writeFileSync(file, fs.readFileSync(file).subarray(0, 1000));
  }

  function estimate(): { code: number | null; report: JsonReport; stderr: string } {
    const run = spawnSync(process.execPath, [path.join(install, 'cli.js'), 'estimate', workspace, '--format', 'json', '--no-cache', '--verbose'], {
      encoding: 'utf8',
      timeout: 30_000,
      env: PINNED_DAY,
    });
    if (run.error || run.signal) assert.fail(`promptcost did not finish: ${run.error?.message ?? run.signal}`);
    return { code: run.status, report: JSON.parse(run.stdout) as JsonReport, stderr: run.stderr };
  }

  const sitesOf = (report: JsonReport) => report.sites.map((site) => [site.file, site.tokens.input, site.cost.monthly]);
  const count = (text: string, line: string) => text.split('\n').filter((each) => each.includes(line)).length;

  it('a runtime that does not start: every code file says so, the prompt file is estimated, one worker throughout', () => {
    cutShort('grammars/web-tree-sitter.wasm');
    const { code, report, stderr } = estimate();
    assert.strictEqual(code, 0);
    assert.deepStrictEqual(sitesOf(report), [['greet.prompt.yml', 10, 10.25]]);
    assert.deepStrictEqual(report.skipped, []);
    assert.deepStrictEqual(
      report.fileFindings.map((finding) => [finding.file, finding.rule, finding.line]),
      [
        ['app.ts', 'internal-error', 1],
        ['bot.py', 'internal-error', 1],
      ],
    );
    for (const finding of report.fileFindings) {
      assert.match(
        finding.message,
        /^Prompt Cost could not analyse this file: The code parser \(web-tree-sitter\) could not start: Aborted\(CompileError: WebAssembly\.instantiate\(\): .+\)\. Reinstalling Prompt Cost should fix it\.$/,
      );
      assert.ok(!finding.message.includes('bug'), finding.message);
    }
    assert.strictEqual(count(stderr, 'Engine worker started.'), 1, stderr);
    assert.strictEqual(count(stderr, 'Tasks are not followed through code the parser cannot read'), 1, stderr);
    // Emscripten's own lines about the failure stay out: the findings and the log say it, with what fixes it.
    assert.strictEqual(count(stderr, 'failed to asynchronously prepare wasm'), 0, stderr);
  });

  it('one grammar that does not load: only its files are affected', () => {
    cutShort('grammars/tree-sitter-python.wasm');
    const { code, report, stderr } = estimate();
    assert.strictEqual(code, 0);
    assert.deepStrictEqual(sitesOf(report), [
      ['app.ts', 10, 5.25],
      ['greet.prompt.yml', 10, 10.25],
    ]);
    assert.deepStrictEqual(
      report.fileFindings.map((finding) => [finding.file, finding.rule, finding.line]),
      [['bot.py', 'internal-error', 1]],
    );
    assert.match(
      report.fileFindings[0].message,
      /^Prompt Cost could not analyse this file: The python grammar could not load: WebAssembly\.instantiate\(\): .+\. Reinstalling Prompt Cost should fix it\.$/,
    );
    assert.strictEqual(count(stderr, 'Engine worker started.'), 1, stderr);
  });

  it('a token table that does not load: every file using it says so, and nothing estimated is no pass', () => {
    cutShort('ranks/o200k_base.json');
    const { code, report, stderr } = estimate();
    assert.strictEqual(code, 2);
    assert.deepStrictEqual(sitesOf(report), []);
    assert.deepStrictEqual(
      report.fileFindings.map((finding) => [finding.file, finding.rule, finding.message]),
      ['app.ts', 'bot.py', 'greet.prompt.yml'].map((file) => [
        file,
        'internal-error',
        'Prompt Cost could not analyse this file: The o200k_base token table could not load: Unterminated string in JSON at position 1000. Reinstalling Prompt Cost should fix it.',
      ]),
    );
    const said = stderr.split('\n').filter((line) => line.startsWith('promptcost: '));
    assert.deepStrictEqual(said, [`promptcost: nothing under ${workspace} could be estimated: Prompt Cost could not analyse 3 files (their findings say why)`]);
  });

  it('diff: nothing estimated on either side because files failed is exit 2, even with --allow-empty', () => {
    cutShort('ranks/o200k_base.json');
    git(workspace, 'init', '-q');
    git(workspace, 'add', '-A');
    git(workspace, 'commit', '-q', '-m', 'base');
    const run = spawnSync(process.execPath, [path.join(install, 'cli.js'), 'diff', '--base', 'HEAD', '--allow-empty'], {
      cwd: workspace,
      encoding: 'utf8',
      timeout: 30_000,
      env: PINNED_DAY,
    });
    if (run.error || run.signal) assert.fail(`promptcost did not finish: ${run.error?.message ?? run.signal}`);
    assert.strictEqual(run.status, 2);
    const commit = git(workspace, 'rev-parse', '--short', 'HEAD');
    const failed = 'Prompt Cost could not analyse 3 files (their findings say why)';
    assert.strictEqual(run.stderr, `promptcost: nothing under . could be estimated: at HEAD (${commit}), ${failed}; at working tree, ${failed}\n`);
  });
});
