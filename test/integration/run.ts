/**
 * Runs the integration suite in a real VS Code extension host and prints
 * "integration: N passed, M failed, K skipped". Which host is chosen automatically, and printed:
 *   - VSCODE_EXECUTABLE_PATH set: that desktop VS Code, through @vscode/test-electron;
 *   - VS Code's download host reachable: a downloaded desktop VS Code, through @vscode/test-electron;
 *   - otherwise (offline machines, CI here): code-server's Node extension host, driven by headless Chromium.
 * PROMPTCOST_TEST_HOST=code-server|electron forces one.
 * Exit codes: 0 all passed · 1 a test failed · 2 the harness itself failed or timed out.
 */
import * as dns from 'dns/promises';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { format } from 'util';
import { CODE_SERVER_VERSION, serverDirs, startCodeServer, vscodeVersion } from '../harness/codeServer';
import { launchChromium } from '../harness/chromium';
import { FIXTURE_WORKSPACE, REPO_ROOT } from '../harness/paths';
import type { IntegrationResult } from './index';

const SUITE_INDEX = path.join(REPO_ROOT, 'out/test/integration/index.js');
/** Only for a harness that hangs: a normal run takes well under a minute, a loaded machine several. */
const TIME_LIMIT_MS = 15 * 60_000;

async function main(): Promise<number> {
  if (!fs.existsSync(SUITE_INDEX)) {
    console.error(`integration: ${SUITE_INDEX} is missing; run "node esbuild.js" first.`);
    return 2;
  }
  const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'promptcost-integration-'));
  try {
    // The tests write settings and may edit files: they get a copy of the fixture workspace.
    const workspace = path.join(scratch, 'workspace');
    fs.cpSync(FIXTURE_WORKSPACE, workspace, { recursive: true });
    const resultFile = path.join(scratch, 'result.json');
    const host = await chooseHost();
    console.log(`integration: host = ${host.label}`);
    const exitCode =
      host.kind === 'electron' ? await runInElectron(workspace, resultFile, host.executable) : await runInCodeServer(workspace, resultFile, scratch);
    const reported = report(exitCode, resultFile);
    const leftovers = changedFiles(FIXTURE_WORKSPACE, workspace);
    if (leftovers.length === 0) return reported;
    console.error(`integration: the tests left the workspace changed (every test must restore what it touches): ${leftovers.join(', ')}`);
    return Math.max(reported, 1);
  } finally {
    fs.rmSync(scratch, { recursive: true, force: true });
  }
}

type Host = { kind: 'electron'; executable?: string; label: string } | { kind: 'code-server'; label: string };

async function chooseHost(): Promise<Host> {
  const forced = process.env.PROMPTCOST_TEST_HOST;
  const executable = process.env.VSCODE_EXECUTABLE_PATH;
  if (forced === 'code-server') return codeServerHost('forced by PROMPTCOST_TEST_HOST');
  if (executable) return { kind: 'electron', executable, label: `desktop VS Code at ${executable} (@vscode/test-electron)` };
  if (forced === 'electron' || (await canDownloadVsCode())) {
    return { kind: 'electron', label: 'desktop VS Code downloaded by @vscode/test-electron' };
  }
  return codeServerHost('VS Code cannot be downloaded here');
}

function codeServerHost(reason: string): Host {
  return { kind: 'code-server', label: `code-server ${CODE_SERVER_VERSION} extension host (${reason})` };
}

async function canDownloadVsCode(): Promise<boolean> {
  try {
    await Promise.race([dns.lookup('update.code.visualstudio.com'), new Promise((_, reject) => setTimeout(() => reject(new Error('timeout')), 3_000))]);
    const response = await fetch('https://update.code.visualstudio.com/api/releases/stable', { signal: AbortSignal.timeout(5_000) });
    return response.ok;
  } catch {
    return false;
  }
}

async function runInElectron(workspace: string, resultFile: string, executable: string | undefined): Promise<number> {
  const { runTests } = await import('@vscode/test-electron');
  try {
    await runTests({
      vscodeExecutablePath: executable,
      version: executable ? undefined : '1.100.0',
      extensionDevelopmentPath: REPO_ROOT,
      extensionTestsPath: SUITE_INDEX,
      // --disable-extension vscode.git: see runInCodeServer.
      launchArgs: [workspace, '--disable-extensions', '--disable-extension=vscode.git', '--skip-welcome', '--skip-release-notes'],
      extensionTestsEnv: { PROMPTCOST_TEST_RESULT: resultFile },
    });
    return 0;
  } catch (error) {
    console.error(`integration: ${error instanceof Error ? error.message : error}`);
    return fs.existsSync(resultFile) ? 1 : 2;
  }
}

/**
 * code-server starts an extension host only when a workbench connects, so a headless Chromium opens
 * the workbench with the development and test paths in the page URL, as VS Code's own browser
 * integration tests do. The `vscode-remote://` authority puts both in the server's Node extension host.
 */
async function runInCodeServer(workspace: string, resultFile: string, scratch: string): Promise<number> {
  // VS Code's own git extension runs `git check-ignore` in the background on the repositories the
  // base-branch tests create and delete; a write to one that went away threw EPIPE into whichever
  // test ran next. Prompt Cost reads git itself, never through that extension.
  const userSettings = path.join(serverDirs(scratch).userData, 'User');
  fs.mkdirSync(userSettings, { recursive: true });
  fs.writeFileSync(path.join(userSettings, 'settings.json'), JSON.stringify({ 'git.enabled': false }));
  const server = await startCodeServer({ scratch, folder: workspace, env: { PROMPTCOST_TEST_RESULT: resultFile } });
  console.log(`integration: code-server ${CODE_SERVER_VERSION} = VS Code ${vscodeVersion()}`);
  const browser = await launchChromium(path.join(scratch, 'profile'));
  try {
    const page = browser.pages()[0] ?? (await browser.newPage());
    let settle!: (code: number) => void;
    const finished = new Promise<number>((resolve) => (settle = resolve));
    await page.exposeFunction('codeAutomationExit', (code: number) => settle(code === 0 ? 0 : 1));
    await page.exposeFunction('codeAutomationLog', (_type: string, args: unknown[]) => {
      const lines = format(...(args as [unknown, ...unknown[]]))
        .split('\n')
        .filter((line) => !isWorkbenchNoise(line));
      if (lines.length > 0) console.log(lines.join('\n'));
    });
    const remote = (target: string) => `vscode-remote://127.0.0.1:${server.port}${target}`;
    const payload = [
      ['extensionDevelopmentPath', remote(REPO_ROOT)],
      ['extensionTestsPath', remote(SUITE_INDEX)],
      ['skipWelcome', 'true'],
      ['skipReleaseNotes', 'true'],
    ];
    await page.goto(`${server.origin}/?folder=${encodeURIComponent(workspace)}&payload=${encodeURIComponent(JSON.stringify(payload))}`);
    const timedOut = new Promise<number>((resolve) => setTimeout(() => resolve(2), TIME_LIMIT_MS));
    const code = await Promise.race([finished, timedOut]);
    if (code === 2) console.error(`integration: no result within ${TIME_LIMIT_MS / 1000} s\n--- code-server output ---\n${server.log().slice(-3000)}`);
    return code;
  } finally {
    await browser.close().catch(() => undefined);
    await server.stop();
  }
}

/**
 * The workbench's own chatter reaches the same log as the mocha reporter: connection set-up, and the
 * marketplace look-up that fails offline (with its minified stack). None of it is about the tests.
 */
function isWorkbenchNoise(line: string): boolean {
  return /ENOTFOUND open-vsx\.org|\/static\/out\/vs\/|^(Resolving|Resolved) connection token|^Creating a socket|^\[Service Worker\]|^Updating additional builtin extensions cache|^ChatSessionStore:/.test(
    line,
  );
}

/**
 * Files added, changed or removed in the tests' copy of the workspace. All suites share that copy, so
 * a file one test leaves behind changes what a later test sees. `.vscode/` is VS Code's own: setting
 * a workspace setting creates its settings.json, and resetting it leaves the file behind, empty.
 */
function changedFiles(original: string, copy: string): string[] {
  const list = (root: string) =>
    (fs.readdirSync(root, { recursive: true, withFileTypes: true }) as fs.Dirent[])
      .filter((entry) => entry.isFile())
      .map((entry) => path.relative(root, path.join(entry.parentPath, entry.name)))
      .filter((relative) => !relative.startsWith(`.vscode${path.sep}`));
  const before = new Set(list(original));
  const after = new Set(list(copy));
  return [
    ...[...after].filter((file) => !before.has(file)).map((file) => `${file} (added)`),
    ...[...before].filter((file) => !after.has(file)).map((file) => `${file} (removed)`),
    ...[...before]
      .filter((file) => after.has(file) && !fs.readFileSync(path.join(original, file)).equals(fs.readFileSync(path.join(copy, file))))
      .map((file) => `${file} (changed)`),
  ].sort();
}

/** Trusts the exit signal only when the result file, written by the extension host itself, agrees. */
function report(exitCode: number, resultFile: string): number {
  if (!fs.existsSync(resultFile)) {
    console.error('integration: the suite wrote no result file (it did not run in the extension host)');
    console.log('integration: 0 passed, 0 failed, 0 skipped');
    return 2;
  }
  const result = JSON.parse(fs.readFileSync(resultFile, 'utf8')) as IntegrationResult;
  console.log(`integration: ran in VS Code ${result.vscodeVersion} (${result.appHost}), extension host pid ${result.pid}`);
  console.log(`integration: ${result.passes} passed, ${result.failures} failed, ${result.pending} skipped`);
  for (const test of result.tests) if (test.state === 'skipped') console.log(`integration: skipped: ${test.title}`);
  if (exitCode === 0 && result.failures === 0 && result.passes > 0) return 0;
  return exitCode === 2 ? 2 : 1;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(`integration: harness error: ${error instanceof Error ? error.stack : error}`);
    process.exit(2);
  },
);
