import * as vscode from 'vscode';
import { setEnvValue, setSiteField } from '../core';
import type { Services } from './services';

/**
 * Writes one field of a site's entry in promptcost.yaml: through the open editor when the file is
 * open (so unsaved edits are kept and undo works), else on disk. Creates the file when missing.
 */
export async function writeSiteField(
  services: Services,
  siteKey: string,
  field: 'monthlyCalls' | 'outputTokens' | 'model',
  value: number | string,
): Promise<void> {
  await editProjectConfig(services, (text) => setSiteField(text, siteKey, field, value));
}

/** Sets an environment variable's value under `env:` in promptcost.yaml, the same way. */
export async function writeEnvValue(services: Services, variable: string, value: string): Promise<void> {
  await editProjectConfig(services, (text) => setEnvValue(text, variable, value));
}

async function editProjectConfig(services: Services, change: (text: string) => string): Promise<void> {
  const uri = services.project.uri;
  if (!uri) throw new Error('Open a folder to keep per-prompt settings in promptcost.yaml.');
  const open = vscode.workspace.textDocuments.find((document) => document.uri.toString() === uri.toString());
  if (open) {
    const updated = change(open.getText());
    const edit = new vscode.WorkspaceEdit();
    edit.replace(uri, new vscode.Range(open.positionAt(0), open.positionAt(open.getText().length)), updated);
    if (!(await vscode.workspace.applyEdit(edit))) throw new Error('promptcost.yaml could not be edited.');
    await open.save();
    return;
  }
  let current = '';
  try {
    current = new TextDecoder('utf-8').decode(await vscode.workspace.fs.readFile(uri));
  } catch {
    // No file yet: the change starts one.
  }
  await vscode.workspace.fs.writeFile(uri, new TextEncoder().encode(change(current)));
}
