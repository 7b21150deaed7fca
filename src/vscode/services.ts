import { availableParallelism } from 'os';
import * as path from 'path';
import * as vscode from 'vscode';
import { chooseTokenizer, createEngine, mergeEnv, type AnalysisSettings, type Engine, type Logger, type TokenCount } from '../core';
import { TextToCount } from './activeText';
import { AnalysisCache, workspaceRoot } from './analysisCache';
import { BaseComparison } from './baseComparison';
import { Settings } from './config';
import { CodeFilesWatcher } from './codeFilesWatcher';
import { EnvFilesStore } from './envFilesStore';
import { PricesFileStore } from './pricesFileStore';
import { ProjectConfigStore } from './projectConfigStore';
import { WorkspaceReports } from './workspaceReports';
import { findCostFiles } from './costFiles';

/**
 * What providers and commands share: settings, promptcost.yaml, the engine (whose worker starts on
 * first use), the per-document analysis cache and the log.
 */
export class Services implements vscode.Disposable {
  readonly settings: Settings;
  readonly project: ProjectConfigStore;
  readonly envFiles: EnvFilesStore;
  /** `promptcost.pricesFile`, checked, and its date. */
  readonly pricesFile: PricesFileStore;
  /** Code files created, saved or deleted: other files' callers and factories may have changed. */
  readonly codeFiles: CodeFilesWatcher;
  /** Counts tokens and analyses files off the main thread. */
  readonly engine: Engine;
  readonly analyses: AnalysisCache;
  /** The last workspace scan, shared by the report and the sites view. */
  readonly workspaceReports = new WorkspaceReports();
  /** The working tree against the base branch (promptcost.compareTo), analysed in the worker on first use. */
  readonly comparison: BaseComparison;

  constructor(
    readonly extensionUri: vscode.Uri,
    readonly logger: Logger,
    /** The extension's storage (the workspace's, else the global one): where the workspace scan keeps its cache. */
    readonly storageUri?: vscode.Uri,
    /** The extension's global storage: where the engine worker's compiled code is kept between starts. */
    codeCacheUri?: vscode.Uri,
  ) {
    this.settings = new Settings(logger);
    this.project = new ProjectConfigStore(logger);
    this.envFiles = new EnvFilesStore(logger);
    this.pricesFile = new PricesFileStore(this.settings, logger);
    this.codeFiles = new CodeFilesWatcher();
    // Unlike the CLI, the editor keeps a second worker from two cores: the workspace scan and the
    // base branch's analysis then run apart from the file being edited, whose CodeLens must not wait
    // behind them. The second starts only with the first scan.
    const scanWorkers = Math.min(2, availableParallelism());
    // The worker's compiled code, kept across windows and workspaces (the bundle is the extension's).
    const codeCacheDir = codeCacheUri?.scheme === 'file' ? path.join(codeCacheUri.fsPath, 'code-cache') : undefined;
    this.engine = createEngine({ workerScript: path.join(extensionUri.fsPath, 'dist', 'engineWorker.js'), logger, scanWorkers, codeCacheDir });
    this.analyses = new AnalysisCache(
      this.engine,
      () => this.analysisSettings(),
      [this.settings.onDidChange, this.project.onDidChange, this.envFiles.onDidChange, this.codeFiles.onDidChange, this.pricesFile.onDidChange],
      logger,
    );
    this.comparison = new BaseComparison({
      engine: this.engine,
      settings: this.settings,
      analysisSettings: () => this.analysisSettings(),
      costFiles: async () => (await findCostFiles(this.settings)).map((uri) => vscode.workspace.asRelativePath(uri, false)),
      logger,
    });
  }

  /** Counts the selections (summed) or the document for a model. */
  async count(target: TextToCount, model: string): Promise<TokenCount> {
    const counts = await Promise.all(target.texts.map((text) => this.engine.countText(text, model)));
    const tokens = counts.reduce((sum, count) => sum + count.tokens, 0);
    const longestSplitRun = counts.reduce((longest, count) => Math.max(longest, count.longestSplitRun), 0);
    const tokenizer = counts[0]?.tokenizer ?? chooseTokenizer(model);
    const range: [number, number] = [counts.reduce((sum, count) => sum + count.range[0], 0), counts.reduce((sum, count) => sum + count.range[1], 0)];
    return { tokens, exact: tokenizer.exact && longestSplitRun === 0, longestSplitRun, tokenizer, range };
  }

  /** Where the workspace scan keeps its analyses between scans; none when promptcost.scanCache is off or there is no local storage. */
  scanCacheDir(): string | undefined {
    if (!this.settings.value.scanCache || this.storageUri?.scheme !== 'file') return undefined;
    return path.join(this.storageUri.fsPath, 'scan-cache');
  }

  /** What an analysis needs besides a file's text: promptcost.yaml and the settings that change numbers and findings. */
  async analysisSettings(): Promise<AnalysisSettings> {
    const { defaultModel, monthlyCalls, monthlyCallsAssumed, ruleSeverities, readDotEnv, cheaperModelMinSaving } = this.settings.value;
    const config = await this.project.config();
    // promptcost.yaml `env:` first, then the env files at the root.
    const project = { ...config, env: mergeEnv(config.env, await this.envFiles.files(readDotEnv)) };
    const settings: AnalysisSettings = {
      project,
      defaultModel,
      monthlyCalls,
      monthlyCallsAssumed,
      ruleSeverities,
      workspaceRoot: workspaceRoot(),
      workspaceVersion: this.codeFiles.version,
    };
    if (cheaperModelMinSaving !== undefined) settings.ruleThresholds = { cheaperModelMonthly: cheaperModelMinSaving };
    const pricesFile = this.pricesFile.current();
    if (pricesFile) settings.pricesFile = pricesFile;
    return settings;
  }

  dispose(): void {
    this.comparison.dispose();
    this.analyses.dispose();
    this.workspaceReports.dispose();
    this.engine.dispose();
    this.project.dispose();
    this.envFiles.dispose();
    this.pricesFile.dispose();
    this.codeFiles.dispose();
    this.settings.dispose();
  }
}
