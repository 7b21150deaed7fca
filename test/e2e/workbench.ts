import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import type { BrowserContext, Locator, Page } from 'playwright-core';
import { ensureCodeServer, installVsix, serverDirs, startCodeServer, type RunningCodeServer } from '../harness/codeServer';
import { launchChromium, UI_WAIT_CEILING_MS } from '../harness/chromium';
import { E2E_OUTPUT, FIXTURE_WORKSPACE, REPO_ROOT } from '../harness/paths';

/** Builds the production bundle and packages it exactly as it ships; returns the .vsix path. */
export function packageVsix(): string {
  const vsix = path.join(REPO_ROOT, 'out', 'promptcost.vsix');
  fs.mkdirSync(path.dirname(vsix), { recursive: true });
  execFileSync(process.execPath, [path.join(REPO_ROOT, 'esbuild.js'), '--production'], { cwd: REPO_ROOT, stdio: 'inherit' });
  // vsce takes the README's path relative to the package folder (an absolute one is "not found").
  const readme = 'out/vsix/README.md';
  execFileSync(process.execPath, [path.join(REPO_ROOT, 'scripts', 'vsixReadme.mjs'), readme], { cwd: REPO_ROOT, stdio: 'inherit' });
  execFileSync(
    process.execPath,
    [require.resolve('@vscode/vsce/vsce'), 'package', '--no-dependencies', '--no-rewrite-relative-links', '--readme-path', readme, '--out', vsix],
    {
      cwd: REPO_ROOT,
      stdio: ['ignore', 'pipe', 'inherit'],
    },
  );
  return vsix;
}

/**
 * Packages test/e2e/referenceLens, a CodeLens provider that answers at once, as a .vsix: the
 * cold-start test's reference for the workbench's own delay before a first lens.
 */
export function packageReferenceVsix(): string {
  const vsix = path.join(REPO_ROOT, 'out', 'reference-lens.vsix');
  fs.mkdirSync(path.dirname(vsix), { recursive: true });
  execFileSync(
    process.execPath,
    [require.resolve('@vscode/vsce/vsce'), 'package', '--no-dependencies', '--allow-missing-repository', '--skip-license', '--out', vsix],
    { cwd: path.join(REPO_ROOT, 'test', 'e2e', 'referenceLens'), stdio: ['ignore', 'pipe', 'inherit'] },
  );
  return vsix;
}

export interface Workbench {
  page: Page;
  workspace: string;
  screenshot(name: string): Promise<string>;
  close(): Promise<void>;
}

/**
 * A user's setup: the packaged extension installed into code-server, a copy of the fixture
 * workspace opened in the real workbench, in headless Chromium.
 */
export async function openWorkbench(
  vsix: string,
  extraFiles: Record<string, string> = {},
  userSettings: Record<string, unknown> = {},
  prepare?: (workspace: string) => void,
): Promise<Workbench> {
  const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'promptcost-e2e-'));
  const workspace = path.join(scratch, 'workspace');
  fs.cpSync(FIXTURE_WORKSPACE, workspace, { recursive: true });
  for (const [relative, source] of Object.entries(extraFiles)) fs.copyFileSync(source, path.join(workspace, relative));
  prepare?.(workspace);
  const dirs = serverDirs(scratch);
  installVsix(vsix, scratch, dirs.extensions);
  fs.mkdirSync(path.join(dirs.userData, 'User'), { recursive: true });
  fs.writeFileSync(
    path.join(dirs.userData, 'User', 'settings.json'),
    JSON.stringify({
      'workbench.startupEditor': 'none',
      'workbench.tips.enabled': false,
      'editor.hover.delay': 300,
      'security.workspace.trust.enabled': false,
      'extensions.ignoreRecommendations': true,
      ...userSettings,
    }),
  );
  let server: RunningCodeServer | undefined;
  let browser: BrowserContext | undefined;
  try {
    server = await startCodeServer({ scratch, folder: workspace, extensionsDir: dirs.extensions });
    browser = await launchChromium(path.join(scratch, 'profile'));
    const page = browser.pages()[0] ?? (await browser.newPage());
    await page.goto(`${server.origin}/?folder=${encodeURIComponent(workspace)}`);
    await page.locator('.monaco-workbench').waitFor();
    // The status bar is the last part of the workbench to render.
    await page.locator('.statusbar').waitFor();
    fs.mkdirSync(E2E_OUTPUT, { recursive: true });
    const openServer = server;
    const openBrowser = browser;
    return {
      page,
      workspace,
      async screenshot(name: string) {
        const file = path.join(E2E_OUTPUT, `${name}.png`);
        await page.screenshot({ path: file });
        return file;
      },
      async close() {
        await openBrowser.close().catch(() => undefined);
        await openServer.stop();
        fs.rmSync(scratch, { recursive: true, force: true });
      },
    };
  } catch (error) {
    await browser?.close().catch(() => undefined);
    await server?.stop();
    fs.rmSync(scratch, { recursive: true, force: true });
    throw error;
  }
}

/** Opens a workspace file through Quick Open (Ctrl+P), as a person would. */
export async function quickOpen(page: Page, fileName: string): Promise<void> {
  await page
    .locator('.monaco-workbench')
    .click({ position: { x: 700, y: 400 } })
    .catch(() => undefined);
  await page.keyboard.press('Control+P');
  const input = page.locator('.quick-input-widget input');
  await input.waitFor();
  await input.fill(fileName);
  // Wait for the file itself in the results: Enter on a stale first row would open another file.
  await page.locator('.quick-input-list .monaco-list-row', { hasText: fileName }).first().waitFor();
  await page.keyboard.press('Enter');
  await page.locator(`.tabs-container .tab[aria-label*="${fileName}"]`).waitFor();
}

/**
 * Moves the cursor with Go to Line (Ctrl+G), as a person would, and waits until the status bar shows
 * it there. Typing before the Go to Line box is open would type into the file instead.
 */
export async function goToLine(page: Page, line: number, column = 1): Promise<void> {
  await page.keyboard.press('Control+G');
  const input = page.locator('.quick-input-widget input');
  await input.waitFor();
  // The box opens holding ":", the Go to Line prefix; without it the text is a file search.
  await input.fill(`:${line}:${column}`);
  await page.keyboard.press('Enter');
  await page.locator('.statusbar-item[id="status.editor.selection"]', { hasText: new RegExp(`\\bLn ${line}, Col ${column}\\b`) }).waitFor();
}

/** How long one try of `retryUntilVisible` waits for its result before trying again. */
const RETRY_AFTER_MS = 5_000;

/**
 * Does `act` until `target` shows, trying again every few seconds, for up to UI_WAIT_CEILING_MS: for
 * what a person would simply do again, such as a quick fix menu that opened before every provider had
 * answered (VS Code drops an answer when another provider registers meanwhile; TypeScript's starts
 * late on a busy machine).
 */
export async function retryUntilVisible(target: Locator, act: () => Promise<void>): Promise<void> {
  const deadline = Date.now() + UI_WAIT_CEILING_MS;
  for (;;) {
    await act();
    try {
      await target.waitFor({ timeout: Math.max(1, Math.min(RETRY_AFTER_MS, deadline - Date.now())) });
      return;
    } catch (error) {
      if (Date.now() >= deadline) throw new Error(`still not visible after trying for ${UI_WAIT_CEILING_MS / 1000} s: ${target}`, { cause: error });
    }
  }
}

/**
 * Waits until the element's animations (a hover fading in) have finished or been cancelled: a
 * screenshot then shows it as a person sees it. Only for screenshots; nothing is asserted on it.
 */
export async function animationsDone(target: Locator): Promise<void> {
  await target.evaluate((element) =>
    // Runs in the page; the test's own types have no DOM.
    Promise.all(
      (element as unknown as { getAnimations(options: { subtree: boolean }): Array<{ finished: Promise<unknown> }> })
        .getAnimations({ subtree: true })
        // A cancelled animation (the workbench replaced it) rejects with AbortError: it is over all the same.
        .map((animation) => animation.finished.catch(() => undefined)),
    ),
  );
}

/** Runs a command from the command palette (F1), as a person would. */
export async function runCommand(page: Page, title: string): Promise<void> {
  await page.keyboard.press('F1');
  const input = page.locator('.quick-input-widget input');
  await input.waitFor();
  await input.fill(`>${title}`);
  await page.locator('.quick-input-list .monaco-list-row', { hasText: title }).first().waitFor();
  await page.keyboard.press('Enter');
}

/**
 * Registers mocha hooks that package the extension, open the workbench once for the suite (with
 * `extraFiles`, workspace path → source file, added to the sample app, and `prepare` run on the
 * copy before the workbench opens it) and close it afterwards;
 * returns a getter for the open workbench. Each suite works on its own copy of the sample app, so
 * what a test changes there ends with the suite. Waits on the page need no time-out of their own:
 * the browser context's default is the generous UI_WAIT_CEILING_MS (test/harness/chromium.ts).
 */
export function useWorkbench(extraFiles: Record<string, string> = {}, prepare?: (workspace: string) => void): () => Workbench {
  let workbench: Workbench | undefined;
  before(async function () {
    this.timeout(240_000);
    ensureCodeServer();
    workbench = await openWorkbench(packageVsix(), extraFiles, {}, prepare);
  });
  afterEach(async function () {
    // What the page showed when a test failed: the assertion alone rarely says why.
    if (this.currentTest?.state === 'failed' && workbench) await workbench.screenshot(`failed-${this.currentTest.title.replace(/\W+/g, '-').slice(0, 60)}`);
  });
  after(async () => {
    await workbench?.close();
  });
  return () => {
    if (!workbench) throw new Error('the workbench did not open');
    return workbench;
  };
}
