import * as assert from 'assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { generatedPython, generatedTypeScript } from '../unit/codeGenerated';
import type { Page } from 'playwright-core';
import { UI_WAIT_CEILING_MS } from '../harness/chromium';
import { waitForIdleMachine, type Idleness } from '../harness/idleMachine';
import { openWorkbench, packageReferenceVsix, useWorkbench, type Workbench } from './workbench';

/** A 200-line file of each language, written for this suite (the repository's type check must not see it), and its first lens's figures. */
const COLD_FILES = [
  {
    language: 'TypeScript',
    name: 'coldStart.ts',
    text: generatedTypeScript(200).text,
    firstFigures: '624 tok · $0.00015/call · $0.00/mo @ 0 calls · gpt-4o-mini',
  },
  {
    language: 'Python',
    name: 'cold_start.py',
    text: generatedPython(200).text,
    firstFigures: '624 tok · $0.00015/call · $0.00/mo @ 0 calls · gpt-4o-mini',
  },
];

/**
 * The first file opened in a fresh window: its CodeLens must not wait for the tokenizer table (a
 * second or two to build). Prints how long the first lens and the first figure took after Enter, and
 * the extension's log lines at their times; asserts only what cannot flake: a lens shows,
 * "counting…" if anything, and the figures follow. Once per language, each in a window of its own:
 * TypeScript's language extension starts with the file and shares the extension host with Prompt
 * Cost; no Python extension is installed, so that file shows Prompt Cost's part alone.
 */
for (const cold of COLD_FILES) {
  describe(`the first CodeLens after start in the real workbench (${cold.language})`, function () {
    this.timeout(240_000);
    // Written in a hook (before the workbench's, which copies them), not as the suite is declared:
    // a run that --grep leaves this suite out of then creates nothing it would not remove.
    const scratch = path.join(os.tmpdir(), `promptcost-cold-${process.pid}-${cold.language}`);
    const source = path.join(scratch, cold.name);
    // An env file the code does not read: it only shows when the extension reads such files.
    const envExample = path.join(scratch, '.env.example');
    before(() => {
      fs.mkdirSync(scratch, { recursive: true });
      fs.writeFileSync(source, cold.text);
      fs.writeFileSync(envExample, 'LOG_LEVEL=info\n');
    });
    const workbench = useWorkbench({ [`src/${cold.name}`]: source, '.env.example': envExample });
    after(() => fs.rmSync(scratch, { recursive: true, force: true }));

    it('shows a lens over the first call at once, "counting…" until the figures are in', async () => {
      const { page, workspace } = workbench();
      // A fresh window whose start is over: the extension is active (onStartupFinished), its worker not started.
      await logLine(workspace, /\] Prompt Cost .* activated in VS Code/);
      // The env files are read at start, as promptcost.yaml is: the first analysis must not wait for
      // them while the extension host is busy opening the file.
      await logLine(workspace, /\] Environment values from \.env\.example\./);
      assert.strictEqual(
        logLines(workspace).some((line) => line.includes('Engine worker started')),
        false,
      );
      const { opened, idleness } = await openOnIdleMachine(page, cold.name);
      const lens = page.locator('.monaco-editor .codelens-decoration').first();
      await lens.waitFor();
      const firstLens = Date.now() - opened;
      const first = (await lens.innerText()).trim();
      await workbench().screenshot(`cold-first-lens-${cold.language}`);
      const figures = page.locator('.monaco-editor .codelens-decoration', { hasText: '/mo @' }).first();
      await figures.waitFor();
      const firstFigure = Date.now() - opened;
      console.log(
        `      first CodeLens ${firstLens} ms after Enter ("${first}"); its figures ${firstFigure} ms after Enter; machine ${machineState(idleness)}`,
      );
      printLogSince(workspace, 'Prompt Cost', opened);
      // Never a number before the count: a placeholder says what it is.
      assert.ok(first === 'Prompt Cost: counting tokens…' || first.includes('/mo @'), first);
      assert.strictEqual((await figures.innerText()).trim(), cold.firstFigures);
      // The workbench updates the lenses on screen; one scrolled out of view keeps its old text (hidden) until it shows.
      await page.locator('.monaco-editor .codelens-decoration', { hasText: '/mo @' }).nth(1).waitFor();
      assert.strictEqual(await page.locator('.monaco-editor .codelens-decoration', { hasText: 'counting tokens' }).filter({ visible: true }).count(), 0);
      // Outside a git repository the comparison with a base branch says so without a worker of its own.
      await logLine(workspace, /No comparison with a base branch: .* is not in a git repository\./);
      assert.strictEqual(logLines(workspace).filter((line) => line.includes('Engine worker started')).length, 1);
      // The worker compiled its bundle from source (this window's user data is new) and wrote V8's
      // code cache after its first analysis, for the next window's start (worker/workerCodeCache.ts).
      const globalStorage = path.join(path.dirname(workspace), 'user-data', 'User', 'globalStorage');
      const written = fs.readdirSync(globalStorage, { recursive: true, encoding: 'utf8' }).filter((file) => file.endsWith('.v8cache'));
      assert.strictEqual(written.length, 1, written.join(', '));
      assert.match(written[0], /code-cache\/engine-worker-[0-9a-f]{16}\.v8cache$/);
      await workbench().screenshot(`cold-figures-${cold.language}`);
    });
  });
}

/**
 * The reference for the figures above: the same file opened the same way in a window whose only
 * extension is a CodeLens provider that answers at once (test/e2e/referenceLens). What it takes for
 * that lens to show is the workbench's own part, which no provider can go under.
 */
for (const cold of COLD_FILES) {
  describe(`the first CodeLens of a provider that answers at once, for reference (${cold.language})`, function () {
    this.timeout(240_000);
    const scratch = path.join(os.tmpdir(), `promptcost-cold-reference-${process.pid}-${cold.language}`);
    let workbench: Workbench | undefined;
    before(async function () {
      this.timeout(240_000);
      fs.mkdirSync(scratch, { recursive: true });
      fs.writeFileSync(path.join(scratch, cold.name), cold.text);
      workbench = await openWorkbench(packageReferenceVsix(), { [`src/${cold.name}`]: path.join(scratch, cold.name) });
    });
    after(async () => {
      await workbench?.close();
      fs.rmSync(scratch, { recursive: true, force: true });
    });

    it('shows its lens, and prints how long after Enter', async () => {
      if (!workbench) throw new Error('the workbench did not open');
      const { page, workspace } = workbench;
      await logLine(workspace, /\] Reference Lens activated\./, 'Reference Lens');
      const { opened, idleness } = await openOnIdleMachine(page, cold.name);
      const lens = page.locator('.monaco-editor .codelens-decoration').first();
      await lens.waitFor();
      const firstLens = Date.now() - opened;
      console.log(`      reference lens ${firstLens} ms after Enter; machine ${machineState(idleness)}`);
      printLogSince(workspace, 'Reference Lens', opened);
      assert.strictEqual((await lens.innerText()).trim(), 'Reference lens');
      assert.ok(logLines(workspace, 'Reference Lens').some((line) => line.endsWith(`Asked for src/${cold.name}.`)));
    });
  });
}

/**
 * Opens the file through Quick Open and presses Enter once the machine is idle (the target is for
 * an idle machine: the workbench's own start-up is over); returns when Enter was pressed.
 */
async function openOnIdleMachine(page: Page, name: string): Promise<{ opened: number; idleness: Idleness }> {
  await page.keyboard.press('Control+P');
  const input = page.locator('.quick-input-widget input');
  await input.fill(name);
  await page.locator('.quick-input-list .monaco-list-row', { hasText: name }).first().waitFor();
  const idleness = await waitForIdleMachine(60_000);
  const opened = Date.now();
  await page.keyboard.press('Enter');
  return { opened, idleness };
}

function machineState(idleness: Idleness): string {
  const state = idleness.idle
    ? `idle (${idleness.busyPercent.toFixed(0)}% busy in the second before, after ${(idleness.waitedMs / 1000).toFixed(1)} s of waiting)`
    : `never idle in ${(idleness.waitedMs / 1000).toFixed(0)} s (${idleness.busyPercent.toFixed(0)}% busy in the second before): not the target's conditions`;
  return `${state}, ${os.cpus().length} cores`;
}

/** Where the time went: each line of an extension's log, at its time after `since`. */
function printLogSince(workspace: string, channel: string, since: number): void {
  for (const line of logLines(workspace, channel)) {
    const stamp = /^(\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\.\d{3}) (.*)$/.exec(line);
    if (stamp) console.log(`      ${String(new Date(stamp[1].replace(' ', 'T')).getTime() - since).padStart(7)} ms  ${stamp[2]}`);
  }
}

/** The extension's log: VS Code writes each log channel to a file under the server's user data, beside the workspace copy. */
function logLines(workspace: string, channel = 'Prompt Cost'): string[] {
  const logs = path.join(path.dirname(workspace), 'user-data', 'logs');
  if (!fs.existsSync(logs)) return [];
  const files = fs.readdirSync(logs, { recursive: true, encoding: 'utf8' }).filter((file) => file.endsWith(`${channel}.log`));
  return files.flatMap((file) => fs.readFileSync(path.join(logs, file), 'utf8').split('\n'));
}

/** Waits until the extension's log has a line matching `pattern` (polled; the log has no event the test can hear). */
async function logLine(workspace: string, pattern: RegExp, channel = 'Prompt Cost'): Promise<void> {
  const deadline = Date.now() + UI_WAIT_CEILING_MS;
  while (!logLines(workspace, channel).some((line) => pattern.test(line))) {
    if (Date.now() > deadline) throw new Error(`the ${channel} log has no line matching ${pattern} after ${UI_WAIT_CEILING_MS / 1000} s`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}
