import * as vscode from 'vscode';
import { registerApplyFixCommand } from './vscode/commands/applyFix';
import { registerCountTokensCommand } from './vscode/commands/countTokens';
import { registerEstimateWorkspaceCommand } from './vscode/commands/estimateWorkspace';
import { registerSelectModelCommand } from './vscode/commands/selectModel';
import { registerSiteActionCommands } from './vscode/commands/siteActions';
import { registerPromptCodeActions } from './vscode/providers/promptCodeActions';
import { registerPromptCodeLens } from './vscode/providers/promptCodeLens';
import { PromptDiagnostics } from './vscode/providers/promptDiagnostics';
import { registerPromptHover } from './vscode/providers/promptHover';
import { registerPromptInlayHints } from './vscode/providers/promptInlayHints';
import { TokenCountStatusBar, type StatusBarView } from './vscode/providers/tokenCountStatusBar';
import { ReportPanel } from './vscode/report/reportPanel';
import { Services } from './vscode/services';
import type { ReportViewModel } from './core';

/** What the extension exports, for integration tests and other extensions. */
export interface PromptCostApi {
  statusBar(): StatusBarView;
  /** Whether the tokenizer worker has been started (it must not be at activation). */
  tokenizerStarted(): boolean;
  loadedEncodings(): string[];
  /** What the report panel shows, once its page has loaded; undefined without a panel. */
  reportViewModel(): ReportViewModel | undefined;
  /** Writes the open report as JSON, CSV or Markdown (what its Export buttons do, without the dialog). */
  exportReport(format: 'json' | 'csv' | 'markdown', uri: vscode.Uri): Promise<boolean>;
}

export function activate(context: vscode.ExtensionContext): PromptCostApi {
  const services = new Services(context.extensionUri);
  const statusBar = new TokenCountStatusBar(services);
  context.subscriptions.push(
    services,
    statusBar,
    new PromptDiagnostics(services),
    registerPromptCodeLens(services),
    registerPromptInlayHints(services),
    registerPromptHover(services),
    registerPromptCodeActions(services),
    registerApplyFixCommand(),
    registerCountTokensCommand(services),
    registerSelectModelCommand(services),
    registerSiteActionCommands(services),
    registerEstimateWorkspaceCommand(services),
  );
  return {
    statusBar: () => statusBar.current(),
    tokenizerStarted: () => services.encoder.isRunning(),
    loadedEncodings: () => services.encoder.loadedEncodings(),
    reportViewModel: () => ReportPanel.current?.viewModel(),
    exportReport: async (format, uri) => {
      if (!ReportPanel.current) return false;
      await ReportPanel.current.exportTo(format, uri);
      return true;
    },
  };
}

export function deactivate(): void {
  // Everything is disposed through context.subscriptions.
}
