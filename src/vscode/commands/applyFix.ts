import * as vscode from 'vscode';
import type { TextEdit } from '../../core';
import { toRange } from '../convert';

export const APPLY_FIX_COMMAND = 'promptcost.applyFix';

/** How a quick fix is applied. */
export interface ApplyFixOptions {
  /** Show the edits in the refactor preview first: for fixes that move text around rather than add a line. */
  confirm?: boolean;
  /** What the preview calls the change. */
  label?: string;
}

/**
 * Applies a quick fix's edits, computed in the engine against one version of the document. Like
 * vscode-eslint, it refuses when the document has changed since: the ranges would land on other
 * text. Returns whether the edits were applied.
 */
export function registerApplyFixCommand(): vscode.Disposable {
  return vscode.commands.registerCommand(
    APPLY_FIX_COMMAND,
    async (uri: vscode.Uri, version: number, edits: readonly TextEdit[], options: ApplyFixOptions = {}): Promise<boolean> => {
      const document = vscode.workspace.textDocuments.find((candidate) => candidate.uri.toString() === uri.toString());
      if (!document || document.version !== version) {
        void vscode.window.showWarningMessage('Prompt Cost: the file changed after this fix was computed, so nothing was applied. Run the quick fix again.');
        return false;
      }
      const edit = new vscode.WorkspaceEdit();
      const metadata: vscode.WorkspaceEditEntryMetadata | undefined = options.confirm
        ? { needsConfirmation: true, label: options.label ?? 'Prompt Cost fix' }
        : undefined;
      for (const change of edits) edit.replace(uri, toRange(change.range), change.newText, metadata);
      return vscode.workspace.applyEdit(edit);
    },
  );
}
