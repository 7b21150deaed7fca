import * as assert from 'assert';
import * as path from 'path';
import { isDeepStrictEqual } from 'util';
import * as vscode from 'vscode';
import type { PromptCostApi } from '../../src/extension';

export const EXTENSION_ID = 'promptcost.promptcost';

/**
 * How long a test waits for the extension to react (a diagnostic, a CodeLens, the status bar).
 * It normally takes well under a second, but the first analysis of a run starts the engine worker
 * and loads grammars, and a machine running two test suites at once is many times slower. A wait
 * that succeeds returns at once, so a generous ceiling costs nothing; one that fails says what it
 * saw last. index.ts gives each test several ceilings, so that a wait fails with its own message
 * before mocha's timeout does.
 */
export const WAIT_CEILING_MS = 60_000;

/** Between events, how often a wait re-reads state that has no change event (the status bar, CodeLens). */
const POLL_INTERVAL_MS = 100;

export async function promptCostApi(): Promise<PromptCostApi> {
  const extension = vscode.extensions.getExtension<PromptCostApi>(EXTENSION_ID);
  assert.ok(extension, `${EXTENSION_ID} is not installed in this extension host`);
  return extension.activate();
}

/** A file of the (copied) fixture workspace the tests run in. */
export function workspaceFile(relative: string): vscode.Uri {
  const folder = vscode.workspace.workspaceFolders?.[0];
  assert.ok(folder, 'the tests need the fixture workspace open');
  return vscode.Uri.joinPath(folder.uri, ...relative.split('/'));
}

/** Marks a CodeLens whose figures are still being computed (right after start, while the tokenizer is built). */
export const COUNTING = '$(sync~spin) Prompt Cost: counting tokens…';

/**
 * The file's CodeLenses once their figures are in: the first analyses after start may show
 * "counting…" lenses for a second or two. The file must be loaded (openTextDocument).
 */
export async function settledCodeLenses(uri: vscode.Uri): Promise<vscode.CodeLens[]> {
  const deadline = Date.now() + WAIT_CEILING_MS;
  for (;;) {
    const lenses = await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', uri);
    if (!lenses.some((lens) => lens.command?.title === COUNTING) || Date.now() >= deadline) return lenses;
    await nextChange(Math.min(POLL_INTERVAL_MS, deadline - Date.now()));
  }
}

/** Opens a fixture file with the cursor at the start: VS Code would otherwise restore the last selection. */
export async function openInEditor(relative: string): Promise<vscode.TextEditor> {
  const document = await vscode.workspace.openTextDocument(workspaceFile(relative));
  return vscode.window.showTextDocument(document, { selection: new vscode.Range(0, 0, 0, 0) });
}

/**
 * Waits until `read()` returns (or resolves to) `expected` (deep-equal), failing with the last value
 * seen. It reads again as soon as diagnostics or a document change, and otherwise every 100 ms.
 */
export async function eventually<T>(read: () => T | Promise<T>, expected: T, timeoutMs = WAIT_CEILING_MS): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let last = await read();
  while (!isDeepStrictEqual(last, expected) && Date.now() < deadline) {
    await nextChange(Math.min(POLL_INTERVAL_MS, deadline - Date.now()));
    last = await read();
  }
  assert.deepStrictEqual(last, expected, `still ${JSON.stringify(last)} after ${timeoutMs / 1000} s`);
}

/** Resolves on the next diagnostics or document change, or after `ms`, whichever comes first. */
function nextChange(ms: number): Promise<void> {
  return new Promise((resolve) => {
    const subscriptions: vscode.Disposable[] = [];
    const done = () => {
      clearTimeout(timer);
      for (const subscription of subscriptions) subscription.dispose();
      resolve();
    };
    const timer = setTimeout(done, Math.max(0, ms));
    subscriptions.push(vscode.languages.onDidChangeDiagnostics(done), vscode.workspace.onDidChangeTextDocument(done));
  });
}

export async function setDefaultModel(model: string | undefined): Promise<void> {
  await vscode.workspace.getConfiguration('promptcost').update('defaultModel', model, vscode.ConfigurationTarget.Global);
}

/** Closes every editor, discarding unsaved changes first so that no "Save changes?" question can hold the close up. */
export async function closeAllEditors(): Promise<void> {
  for (const document of vscode.workspace.textDocuments.filter((candidate) => candidate.isDirty)) {
    await vscode.window.showTextDocument(document);
    await vscode.commands.executeCommand('workbench.action.files.revert');
  }
  await vscode.commands.executeCommand('workbench.action.closeAllEditors');
}

/**
 * The workspace files a test created or overwrote, with what was there before (undefined: nothing).
 * All suites share one copy of the sample workspace, so a file left behind changes what the next
 * suite sees (the workspace report gains a site): `cleanUpAfterTest` puts every one back.
 */
const touchedFiles = new Map<string, { uri: vscode.Uri; original: Uint8Array | undefined }>();

/** Records a workspace file's current content (or absence), once per test, before the test changes it. */
export async function willChange(relative: string): Promise<vscode.Uri> {
  const uri = workspaceFile(relative);
  if (!touchedFiles.has(uri.toString())) {
    const original = await vscode.workspace.fs.readFile(uri).then(
      (bytes) => bytes,
      () => undefined,
    );
    touchedFiles.set(uri.toString(), { uri, original });
  }
  return uri;
}

/** Creates or overwrites a workspace file; `cleanUpAfterTest` restores or deletes it. */
export async function writeWorkspaceFile(relative: string, text: string): Promise<vscode.Uri> {
  const uri = await willChange(relative);
  await vscode.workspace.fs.writeFile(uri, new TextEncoder().encode(text));
  return uri;
}

/**
 * Puts back every file the test created or changed (and discards unsaved edits to them). Safe to call
 * twice. The extension notices restored files a moment later (file watcher, debounce): a test that
 * changed what other tests read, such as promptcost.yaml, waits for its figures to come back.
 */
export async function restoreWorkspaceFiles(): Promise<void> {
  await closeAllEditors();
  const touched = [...touchedFiles.values()];
  touchedFiles.clear();
  // A save the test started (a quick fix, a model written into a file) may land after the first
  // restore and write the test's text back: check until the disk has stayed as it was twice in a row.
  let settled = 0;
  for (let round = 0; round < 20 && settled < 2; round++) {
    const changed = (await Promise.all(touched.map(async (file) => ((await differs(file)) ? file : undefined)))).filter((file) => file !== undefined);
    for (const { uri, original } of changed) {
      if (original) await vscode.workspace.fs.writeFile(uri, original);
      else await vscode.workspace.fs.delete(uri, { useTrash: false }).then(undefined, () => undefined);
    }
    settled = changed.length === 0 ? settled + 1 : 0;
    if (settled < 2) await new Promise((resolve) => setTimeout(resolve, round === 0 ? 0 : 100));
  }
}

/** Whether a touched file's bytes on disk are not what they were before the test (or it exists when it did not). */
async function differs({ uri, original }: { uri: vscode.Uri; original: Uint8Array | undefined }): Promise<boolean> {
  const now = await vscode.workspace.fs.readFile(uri).then(
    (bytes) => bytes,
    () => undefined,
  );
  if (!original || !now) return original !== now;
  return now.byteLength !== original.byteLength || now.some((byte, i) => byte !== original[i]);
}

/** Sets every `promptcost.*` setting a test may have changed back to unset, in user and workspace settings. */
export async function resetSettings(): Promise<void> {
  const configuration = vscode.workspace.getConfiguration('promptcost');
  const properties = Object.keys(vscode.extensions.getExtension(EXTENSION_ID)?.packageJSON.contributes.configuration.properties ?? {});
  for (const key of properties.map((property) => property.replace(/^promptcost\./, ''))) {
    const inspected = configuration.inspect(key);
    if (inspected?.globalValue !== undefined) await configuration.update(key, undefined, vscode.ConfigurationTarget.Global);
    if (inspected?.workspaceValue !== undefined) await configuration.update(key, undefined, vscode.ConfigurationTarget.Workspace);
  }
}

/**
 * Every suite's `teardown`: closes editors (discarding unsaved edits), restores the files the test
 * touched and resets the settings it changed. A hook runs even when the test failed or timed out,
 * before the next test starts, which a `finally` in a timed-out test does not guarantee.
 */
export async function cleanUpAfterTest(): Promise<void> {
  await restoreWorkspaceFiles();
  await resetSettings();
}

export const basename = (uri: vscode.Uri): string => path.posix.basename(uri.path);

/** A Prompt Cost diagnostic's finding code: every code links to where the README explains it. */
export function codeOf(diagnostic: vscode.Diagnostic): string | undefined {
  const code = diagnostic.code;
  return typeof code === 'object' ? String(code.value) : code === undefined ? undefined : String(code);
}
