import * as vscode from 'vscode';
import type { Services } from '../services';

/**
 * "Prompt Cost: Refresh": reads promptcost.yaml and the workspace's code again, looks at the base
 * branch again, and re-analyses every open prompt — for changes the watchers cannot see (a file changed outside the editor on a
 * file system without events, a network drive).
 */
export function registerRefreshCommand(services: Services): vscode.Disposable {
  return vscode.commands.registerCommand('promptcost.refresh', (): void => {
    services.project.refresh();
    services.codeFiles.refresh();
    // A checkout, commit or fetch git's file events did not report: the base may have moved.
    services.comparison.refresh();
  });
}
