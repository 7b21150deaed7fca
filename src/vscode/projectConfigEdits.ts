import * as vscode from 'vscode';
import { setSiteField } from '../core';
import type { Services } from './services';

/**
 * Writes one field of a site's entry in promptcost.yaml: through the open editor when the file is
 * open (so unsaved edits are kept and undo works), else on disk. Creates the file when missing.
 */
export async function writeSiteField(services: Services, siteKey: string, field: 'monthlyCalls' | 'model', value: number | string): Promise<void> {
  const uri = services.project.uri;
  if (!uri) throw new Error('Open a folder to keep per-prompt settings in promptcost.yaml.');
  const open = vscode.workspace.textDocuments.find((document) => document.uri.toString() === uri.toString());
  if (open) {
    const updated = setSiteField(open.getText(), siteKey, field, value);
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
    // No file yet: setSiteField starts one.
  }
  await vscode.workspace.fs.writeFile(uri, new TextEncoder().encode(setSiteField(current, siteKey, field, value)));
}
