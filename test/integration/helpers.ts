import * as assert from 'assert';
import * as path from 'path';
import * as vscode from 'vscode';
import type { PromptCostApi } from '../../src/extension';

export const EXTENSION_ID = 'promptcost.promptcost';

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

/** Opens a fixture file with the cursor at the start: VS Code would otherwise restore the last selection. */
export async function openInEditor(relative: string): Promise<vscode.TextEditor> {
  const document = await vscode.workspace.openTextDocument(workspaceFile(relative));
  return vscode.window.showTextDocument(document, { selection: new vscode.Range(0, 0, 0, 0) });
}

/** Polls until `read()` returns (or resolves to) `expected` (deep-equal), failing with the last value seen. */
export async function eventually<T>(read: () => T | Promise<T>, expected: T, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let last = await read();
  while (Date.now() < deadline) {
    last = await read();
    try {
      assert.deepStrictEqual(last, expected);
      return;
    } catch {
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }
  assert.deepStrictEqual(last, expected, `still ${JSON.stringify(last)} after ${timeoutMs} ms`);
}

export async function setDefaultModel(model: string | undefined): Promise<void> {
  await vscode.workspace.getConfiguration('promptcost').update('defaultModel', model, vscode.ConfigurationTarget.Global);
}

export async function closeAllEditors(): Promise<void> {
  await vscode.commands.executeCommand('workbench.action.closeAllEditors');
}

export const basename = (uri: vscode.Uri): string => path.posix.basename(uri.path);

/** A Prompt Cost diagnostic's finding code: every code links to where the README explains it. */
export function codeOf(diagnostic: vscode.Diagnostic): string | undefined {
  const code = diagnostic.code;
  return typeof code === 'object' ? String(code.value) : code === undefined ? undefined : String(code);
}
