import * as vscode from 'vscode';
import { ReportPanel } from '../report/reportPanel';

/** "Prompt Cost: Show Report": brings the open report back to the front, or estimates the workspace when there is none. */
export function registerShowReportCommand(): vscode.Disposable {
  return vscode.commands.registerCommand('promptcost.showReport', async (): Promise<void> => {
    if (ReportPanel.current) ReportPanel.current.reveal();
    else await vscode.commands.executeCommand('promptcost.estimateWorkspace');
  });
}
