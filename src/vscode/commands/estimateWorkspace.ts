import * as vscode from 'vscode';
import { toJsonReport, totalLine, type Report } from '../../core';
import { ReportPanel } from '../report/reportPanel';
import type { Services } from '../services';
import { scanWorkspace } from '../workspaceScan';

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
          let reported = 0;
          return await scanWorkspace(
            services,
            {
              signal: abort.signal,
              onFinding: () => progress.report({ message: 'finding prompt files…' }),
              onProgress: (done, total, file) => {
                const increment = ((done - reported) / Math.max(total, 1)) * 100;
                reported = done;
                progress.report({ increment, message: `${done}/${total} ${file}` });
              },
            },
            token,
          );
        } finally {
          subscription.dispose();
        }
      },
    );
    if (options?.show !== false) ReportPanel.show(services.extensionUri, report, (shown) => services.comparison.workspaceDiff(shown));
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
