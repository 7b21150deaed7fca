import * as vscode from 'vscode';
import { ALWAYS_EXCLUDED_FOLDERS, outsideLink, toJsonReport, totalLine, type Report, type WorkspaceFile } from '../../core';
import { COST_FILE_GLOB } from '../promptFiles';
import { ReportPanel } from '../report/reportPanel';
import type { Services } from '../services';

/**
 * "Prompt Cost: Estimate Workspace Cost": every prompt file in the workspace (honouring
 * files.exclude, search.exclude and promptcost.exclude), with a cancellable progress notification,
 * into the report panel. Returns the report as the CLI's JSON, for tests and other extensions.
 */
export function registerEstimateWorkspaceCommand(services: Services): vscode.Disposable {
  return vscode.commands.registerCommand('promptcost.estimateWorkspace', async (options?: { show?: boolean }): Promise<object | undefined> => {
    if (!vscode.workspace.workspaceFolders?.length) {
      void vscode.window.showWarningMessage('Prompt Cost: open a folder to estimate its prompts.');
      return undefined;
    }
    const report = await vscode.window.withProgress(
      { location: vscode.ProgressLocation.Notification, title: 'Prompt Cost: estimating workspace', cancellable: true },
      async (progress, token) => {
        const abort = new AbortController();
        const subscription = token.onCancellationRequested(() => abort.abort());
        try {
          progress.report({ message: 'finding prompt files…' });
          const uris = await vscode.workspace.findFiles(COST_FILE_GLOB, excludeGlob(services), undefined, token);
          const files = uris.sort((a, b) => a.path.localeCompare(b.path)).map(toWorkspaceFile);
          const settings = await services.analysisSettings();
          let reported = 0;
          // Parsing and counting run in the worker, file by file, so the editor stays responsive.
          return await services.engine.scan(files, settings, {
            signal: abort.signal,
            onProgress: (done, total, file) => {
              const increment = ((done - reported) / Math.max(total, 1)) * 100;
              reported = done;
              progress.report({ increment, message: `${done}/${total} ${file}` });
            },
          });
        } finally {
          subscription.dispose();
        }
      },
    );
    if (options?.show !== false) ReportPanel.show(services.extensionUri, report);
    announce(report);
    return toJsonReport(report);
  });
}

function announce(report: Report): void {
  const message = report.cancelled
    ? `Prompt Cost: estimate cancelled after ${report.totals.sites} sites; the report shows those.`
    : `Prompt Cost: ${totalLine(report)}.`;
  void vscode.window.showInformationMessage(message);
}

/**
 * Open documents are read from the editor, so unsaved edits are estimated as they are. The file
 * search follows links (search.followSymlinks), so a file whose real path is outside its workspace
 * folder is listed as skipped instead of read: the scan never reads outside the folders opened.
 */
function toWorkspaceFile(uri: vscode.Uri): WorkspaceFile {
  return {
    path: vscode.workspace.asRelativePath(uri, false),
    read: async () => {
      const folder = vscode.workspace.getWorkspaceFolder(uri);
      const outside = uri.scheme === 'file' && folder?.uri.scheme === 'file' ? await outsideLink(folder.uri.fsPath, uri.fsPath) : undefined;
      if (outside) return outside;
      const open = vscode.workspace.textDocuments.find((document) => document.uri.toString() === uri.toString());
      return open ? new TextEncoder().encode(open.getText()) : vscode.workspace.fs.readFile(uri);
    },
  };
}

/** findFiles applies files.exclude only when given no exclude, so all three sources are merged here. */
function excludeGlob(services: Services): string {
  const patterns = new Set<string>(ALWAYS_EXCLUDED_FOLDERS.map((folder) => `**/${folder}/**`));
  for (const section of ['files.exclude', 'search.exclude']) {
    const [group, key] = section.split('.');
    const settings = vscode.workspace.getConfiguration(group).get<Record<string, unknown>>(key) ?? {};
    for (const [pattern, enabled] of Object.entries(settings)) if (enabled === true) patterns.add(pattern);
  }
  for (const pattern of services.settings.value.exclude) patterns.add(pattern);
  return `{${[...patterns].join(',')}}`;
}
