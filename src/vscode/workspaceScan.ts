import * as vscode from 'vscode';
import { outsideLink, type Report, type WorkspaceFile } from '../core';
import { findCostFiles } from './costFiles';
import type { Services } from './services';

export interface ScanProgress {
  signal: AbortSignal;
  onProgress?(done: number, total: number, file: string): void;
  /** Told when the file list is being gathered, before any file is read. */
  onFinding?(): void;
}

/**
 * Every prompt file and code file of the workspace (honouring files.exclude, search.exclude and
 * promptcost.exclude) analysed in the engine worker: what the workspace estimate and the sites view
 * show. Parsing and counting run in the worker, file by file, so the editor stays responsive.
 */
export async function scanWorkspace(services: Services, progress: ScanProgress, token?: vscode.CancellationToken): Promise<Report> {
  progress.onFinding?.();
  const uris = await findCostFiles(services.settings, token);
  const files = uris.map(toWorkspaceFile);
  const settings = await services.analysisSettings();
  const report = await services.engine.scan(files, settings, { signal: progress.signal, onProgress: progress.onProgress, cacheDir: services.scanCacheDir() });
  services.workspaceReports.publish(report);
  return report;
}

/**
 * Open documents are read from the editor, so unsaved edits are estimated as they are. The file
 * search follows links (search.followSymlinks), so a file whose real path is outside its workspace
 * folder is listed as skipped instead of read: the scan never reads outside the folders opened.
 */
function toWorkspaceFile(uri: vscode.Uri): WorkspaceFile {
  const isOpen = () => vscode.workspace.textDocuments.some((document) => document.uri.toString() === uri.toString());
  return {
    path: vscode.workspace.asRelativePath(uri, false),
    // An open document is read from the editor (its text, unsaved edits included), never answered from the disk's stamp.
    diskPath: () => (uri.scheme === 'file' && !isOpen() ? uri.fsPath : undefined),
    read: async () => {
      const folder = vscode.workspace.getWorkspaceFolder(uri);
      const outside = uri.scheme === 'file' && folder?.uri.scheme === 'file' ? await outsideLink(folder.uri.fsPath, uri.fsPath) : undefined;
      if (outside) return outside;
      const open = vscode.workspace.textDocuments.find((document) => document.uri.toString() === uri.toString());
      return open ? new TextEncoder().encode(open.getText()) : vscode.workspace.fs.readFile(uri);
    },
  };
}
