import { NO_OTHER_FILES } from '../codeModel/sourceReader';
import type { Logger } from '../log/logger';
import { priceSiteWithModels, type SiteModelCost } from '../pricing/alternatives';
import { PriceBook } from '../pricing/priceBook';
import { readPricesFile, type PricesFileRef } from '../pricing/pricesFile';
import type { RuleSeverities } from '../rules/runRules';
import type { RuleThresholds } from '../rules/rule';
import type { TokenCounter } from '../tokens/tokenCounter';
import type { ProjectConfig } from '../volume/projectConfig';
import type { DefaultModelFrom } from '../cost/siteModel';
import { analyzeFile, type AnalysisContext, type FileAnalysis } from './analyzeFile';
import { WorkspaceTasks } from './workspaceTasks';
import { isCodeFile } from '../extract/code/extractCode';
import { ParserUnavailableError } from '../extract/code/treeSitter';
import type { SourceReader } from '../codeModel/sourceReader';
import { fileSourceReader, forgetWorkspaceFiles } from './fileSourceReader';
import { IncrementalAnalyses } from './incrementalAnalysis';

/** What changes the numbers and findings of an analysis, besides the file itself. */
export interface AnalysisSettings {
  /** promptcost.yaml, parsed. */
  project: ProjectConfig;
  /** `promptcost.defaultModel` (the editor setting, or the CLI's --model). */
  defaultModel: string;
  /** Where `defaultModel` was set, for the assumptions (the setting unless told). */
  defaultModelFrom?: DefaultModelFrom;
  /** `promptcost.monthlyCalls` (the editor setting, or the CLI's --calls). */
  monthlyCalls: number;
  /**
   * `monthlyCalls` is Prompt Cost's own default: nobody set the setting or passed --calls. A saving
   * at that volume would be about no real traffic, so the cheaper-model rule stays quiet there.
   */
  monthlyCallsAssumed?: boolean;
  /** `promptcost.rules.<id>` editor settings; they win over promptcost.yaml `rules:`. */
  ruleSeverities?: RuleSeverities;
  /**
   * Rule thresholds the editor or the CLI set (`promptcost.cheaperModel.minMonthlySaving` →
   * `cheaperModelMonthly`); each wins over promptcost.yaml `thresholds:`, an unset one leaves it.
   */
  ruleThresholds?: Partial<RuleThresholds>;
  /**
   * A price file the user gave (`--prices`, `promptcost.pricesFile`), already checked by the
   * adapter: its prices win over the price data's for the models it lists.
   */
  pricesFile?: PricesFileRef;
  /** Whether findings carry fixes (the default): each is checked by analysing the edited file again, which a scan for a report can skip. */
  offerFixes?: boolean;
  /** Absolute path of the workspace root on disk, for imports and files read by code; none in virtual workspaces. */
  workspaceRoot?: string;
  /**
   * Changes whenever a code file of the workspace is created, saved or deleted (the editor counts
   * them): what is held of other files — the callers of a function — is then read again.
   */
  workspaceVersion?: number;
}

/**
 * Analyses files with one token counter, keeping one price book per set of promptcost.yaml prices
 * and price file (a book caches its look-ups). Used in the engine worker and, in process, by the CLI.
 */
export class FileAnalyzer {
  private prices: { key: string; book: PriceBook } | undefined;
  private readonly tasks = new WorkspaceTasks();
  /** Each code file's last analysis, for re-analysing only what an edit changes (the editor's edits). */
  private readonly incremental: IncrementalAnalyses;
  /** The workspace version each root was last analysed at. */
  private readonly workspaceVersions = new Map<string, number>();
  /** What the log already says about a code parser that did not load (once each, not once per file). */
  private readonly toldParserUnavailable = new Set<string>();

  constructor(
    private readonly counter: TokenCounter,
    private readonly logger: Logger,
  ) {
    this.incremental = new IncrementalAnalyses(logger);
  }

  analyze(text: string, file: string, settings: AnalysisSettings): Promise<FileAnalysis | undefined> {
    const { workspaceRoot, workspaceVersion } = settings;
    if (workspaceRoot && workspaceVersion !== undefined && this.workspaceVersions.get(workspaceRoot) !== workspaceVersion) {
      forgetWorkspaceFiles(workspaceRoot);
      this.tasks.forget();
      this.incremental.forget();
      this.workspaceVersions.set(workspaceRoot, workspaceVersion);
    }
    const reader = workspaceRoot ? fileSourceReader(workspaceRoot) : NO_OTHER_FILES;
    const context: AnalysisContext = {
      counter: this.counter,
      prices: this.priceBook(settings.project, settings.pricesFile),
      project: settings.project,
      defaultModel: settings.defaultModel,
      defaultModelFrom: settings.defaultModelFrom,
      monthlyCalls: settings.monthlyCalls,
      monthlyCallsAssumed: settings.monthlyCallsAssumed,
      ruleSeverities: settings.ruleSeverities,
      ruleThresholds: settings.ruleThresholds,
      offerFixes: settings.offerFixes,
      logger: this.logger,
    };
    return this.analyzeWithTasks(text, file, context, reader, settings);
  }

  /**
   * What one site of the file would cost a month with each of `modelIds` (`priceSiteWithModels` on
   * the site's estimate, as the file's analysis has it); undefined when the file has no such site.
   */
  async priceSiteWith(
    text: string,
    file: string,
    siteId: string,
    modelIds: readonly string[],
    settings: AnalysisSettings,
  ): Promise<SiteModelCost[] | undefined> {
    // Only the estimate is needed: no fix is checked.
    const analysis = await this.analyze(text, file, { ...settings, offerFixes: false });
    const estimate = analysis?.sites.find((entry) => entry.site.id === siteId)?.estimate;
    return estimate && priceSiteWithModels(estimate, this.priceBook(settings.project, settings.pricesFile), modelIds);
  }

  /**
   * The file's analysis with the volumes promptcost.yaml's tasks give its sites and the tasks whose
   * entry is in it. A code file's extraction is held by its text, so the call graph other analyses
   * follow into it costs no second parse.
   */
  private async analyzeWithTasks(
    text: string,
    file: string,
    context: AnalysisContext,
    reader: SourceReader,
    settings: AnalysisSettings,
  ): Promise<FileAnalysis | undefined> {
    // promptcost.yaml's tasks follow calls through the whole workspace: their volumes need the full
    // analysis. A scan (no fixes) analyses each file once: nothing to hold for an edit.
    const incremental = isCodeFile(file) && Object.keys(context.project.tasks).length === 0 && settings.offerFixes !== false;
    const key = incremental ? JSON.stringify({ ...settings, workspaceVersion: undefined }) : '';
    if (incremental) {
      const quick = await this.incremental.reanalyse(file, text, key, context, reader);
      if (quick) return quick;
    }
    const tasks = this.tasks.session(file, text, context, reader);
    try {
      if (Object.keys(context.project.tasks).length > 0) context.taskVolumes = await tasks.taskVolumes(context.project);
      if (isCodeFile(file)) context.extracted = await tasks.extraction();
    } catch (error) {
      // Tasks are an addition: the file is still analysed on its own, and the failure is a bug to
      // report. A parser that did not load fails every file's tasks the same way: said once, and
      // each code file says it in its own finding.
      if (!(error instanceof ParserUnavailableError)) this.logger.error(`Following the tasks of ${file} failed`, error);
      else if (!this.toldParserUnavailable.has(error.message)) {
        this.toldParserUnavailable.add(error.message);
        this.logger.error(`Tasks are not followed through code the parser cannot read: ${error.message}`);
      }
    }
    const analysis = await analyzeFile(text, file, context, reader);
    if (!analysis || analysis.findings.some((finding) => finding.rule === 'internal-error' && analysis.sites.length === 0)) return analysis;
    this.tasks.holdEstimate(file, text, context, tasks.volumesKey(), analysis);
    try {
      const found = await tasks.tasksHere(analysis);
      if (found.length > 0) analysis.tasks = found;
    } catch (error) {
      this.logger.error(`Finding the tasks of ${file} failed`, error);
    }
    // The graph served the tasks; what goes back to the editor's main thread stays small.
    delete analysis.graph;
    if (incremental) await this.incremental.hold(file, text, key, analysis);
    return analysis;
  }

  private priceBook(project: ProjectConfig, pricesFile: PricesFileRef | undefined): PriceBook {
    const key = JSON.stringify([project.prices, pricesFile ?? null]);
    if (this.prices?.key !== key) this.prices = { key, book: new PriceBook(project.prices, this.loadPricesFile(pricesFile)) };
    return this.prices.book;
  }

  /**
   * The price file the adapter checked, read here again (the worker has its own memory). Should it
   * have broken since, its sites fall back to the price data, each saying so in its price source.
   */
  private loadPricesFile(ref: PricesFileRef | undefined) {
    if (!ref) return undefined;
    const read = readPricesFile(ref.path, ref.shownAs);
    if ('problem' in read) {
      this.logger.error(`Price file ${read.problem}; using the bundled price data`);
      return undefined;
    }
    return read.file;
  }
}
