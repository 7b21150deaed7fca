import * as vscode from 'vscode';
import { registerApplyFixCommand } from './vscode/commands/applyFix';
import { registerCountTokensCommand } from './vscode/commands/countTokens';
import { registerEstimateWorkspaceCommand } from './vscode/commands/estimateWorkspace';
import { registerSelectModelCommand } from './vscode/commands/selectModel';
import { registerSiteActionCommands } from './vscode/commands/siteActions';
import { registerToggleInlineCostsCommand } from './vscode/commands/toggleInlineCosts';
import { registerOpenProjectConfigCommand } from './vscode/commands/openProjectConfig';
import { registerShowReportCommand } from './vscode/commands/showReport';
import { registerRefreshCommand } from './vscode/commands/refresh';
import { registerUsePricesFileCommand } from './vscode/commands/usePricesFile';
import { registerPromptCodeActions } from './vscode/providers/promptCodeActions';
import { registerPromptCodeLens } from './vscode/providers/promptCodeLens';
import { PromptDiagnostics } from './vscode/providers/promptDiagnostics';
import { registerPromptHover } from './vscode/providers/promptHover';
import { registerPromptInlayHints } from './vscode/providers/promptInlayHints';
import { TokenCountStatusBar, type StatusBarView } from './vscode/providers/tokenCountStatusBar';
import { ConfigStatusBar } from './vscode/providers/configStatusBar';
import { StalePricesStatusBar } from './vscode/providers/stalePricesStatusBar';
import { BaseDeltaStatusBar } from './vscode/providers/baseDeltaStatusBar';
import { ReportPanel } from './vscode/report/reportPanel';
import { SitesView, type SitesViewSnapshot } from './vscode/views/sitesView';
import { registerSitesViewCommands } from './vscode/views/sitesViewCommands';
import { createLog } from './vscode/log';
import { Services } from './vscode/services';
import { registerWarmUp } from './vscode/warmUp';
import type { ReportViewModel } from './core';
import { modelPickerView, type ModelPickerView } from './vscode/modelPicker';

/** What the extension exports, for integration tests and other extensions. */
export interface PromptCostApi {
  statusBar(): StatusBarView;
  /** The workspace total against the base branch (`$(git-compare) $2,373.07/mo (+$41.00 vs main)`); hidden without both. */
  baseDeltaStatusBar(): StatusBarView;
  /** The promptcost.yaml warning in the status bar (`$(warning) promptcost.yaml: 1 error`); undefined when hidden. */
  configStatusBar(): string | undefined;
  /** The stale-prices warning in the status bar (`$(warning) Prices of 2026-09-23`); undefined when hidden. */
  stalePricesStatusBar(): string | undefined;
  /** Whether the tokenizer worker has been started (it must not be at activation). */
  tokenizerStarted(): boolean;
  loadedEncodings(): string[];
  /** What the report panel shows, once its page has loaded; undefined without a panel. */
  reportViewModel(): ReportViewModel | undefined;
  /** Writes the open report as JSON, CSV or Markdown (what its Export buttons do, without the dialog). */
  exportReport(format: 'json' | 'csv' | 'markdown', uri: vscode.Uri): Promise<boolean>;
  /** What the open model picker ("Select Model", a site's "Change model") shows; undefined when none is open. */
  modelPicker(): ModelPickerView | undefined;
  /** What the "Prompt Cost" sites view shows: its message, grouping, and lines. */
  sitesView(): SitesViewSnapshot;
  /** The last lines written to the "Prompt Cost" output channel, `[level] message`. */
  recentLog(): string[];
}

export function activate(context: vscode.ExtensionContext): PromptCostApi {
  const log = createLog();
  const services = new Services(context.extensionUri, log.logger, context.storageUri ?? context.globalStorageUri, context.globalStorageUri);
  const statusBar = new TokenCountStatusBar(services);
  const configStatusBar = new ConfigStatusBar(services);
  const stalePricesStatusBar = new StalePricesStatusBar(services);
  const baseDeltaStatusBar = new BaseDeltaStatusBar(services);
  const sitesView = new SitesView(services, context.workspaceState);
  context.subscriptions.push(
    sitesView,
    registerSitesViewCommands(sitesView),
    log.channel,
    services,
    statusBar,
    configStatusBar,
    stalePricesStatusBar,
    baseDeltaStatusBar,
    new PromptDiagnostics(services),
    registerWarmUp(services),
    registerPromptCodeLens(services),
    registerPromptInlayHints(services),
    registerPromptHover(services),
    registerPromptCodeActions(services),
    registerApplyFixCommand(),
    registerCountTokensCommand(services),
    registerSelectModelCommand(services),
    registerSiteActionCommands(services),
    registerEstimateWorkspaceCommand(services),
    registerToggleInlineCostsCommand(),
    registerOpenProjectConfigCommand(services),
    registerShowReportCommand(),
    registerRefreshCommand(services),
    registerUsePricesFileCommand(),
    // The open report follows the base: its "vs main" column and Changes section appear once the base is analysed.
    services.comparison.onDidChange(() => ReportPanel.current?.recompare()),
  );
  const version = (context.extension.packageJSON as { version?: string }).version ?? 'unknown';
  log.logger.info(`Prompt Cost ${version} activated in VS Code ${vscode.version}.`);
  return {
    statusBar: () => statusBar.current(),
    baseDeltaStatusBar: () => baseDeltaStatusBar.current(),
    configStatusBar: () => configStatusBar.text(),
    stalePricesStatusBar: () => stalePricesStatusBar.text(),
    tokenizerStarted: () => services.engine.isRunning(),
    loadedEncodings: () => services.engine.loadedEncodings(),
    reportViewModel: () => ReportPanel.current?.viewModel(),
    recentLog: () => log.recent(),
    sitesView: () => sitesView.snapshot(),
    modelPicker: () => modelPickerView(),
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
