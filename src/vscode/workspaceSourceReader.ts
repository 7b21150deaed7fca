import * as vscode from 'vscode';
import type { SourceReader } from '../core';

const MAX_BYTES = 1_000_000;

/**
 * Reads workspace files for import and file-read resolution: the editor's text when the file is
 * open (unsaved edits count), else the file system, relative to the first workspace folder.
 */
export function workspaceSourceReader(): SourceReader {
  return {
    async read(relativePath) {
      const folder = vscode.workspace.workspaceFolders?.[0];
      if (!folder || relativePath.split('/').includes('..')) return undefined;
      const uri = vscode.Uri.joinPath(folder.uri, ...relativePath.split('/'));
      const open = vscode.workspace.textDocuments.find((document) => document.uri.toString() === uri.toString());
      if (open) return open.getText();
      try {
        const bytes = await vscode.workspace.fs.readFile(uri);
        return bytes.byteLength > MAX_BYTES ? undefined : new TextDecoder('utf-8').decode(bytes);
      } catch {
        return undefined;
      }
    },
  };
}
