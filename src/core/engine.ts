import { errorMessage, SILENT_LOGGER, type Logger } from './log/logger';
import { InProcessEncoder, type TokenEncoder } from './tokens/inProcessEncoder';
import { TokenCounter, type TokenCount } from './tokens/tokenCounter';
import type { EncodingName } from './tokens/tokenizerChoice';
import { EngineWorker } from './worker/engineWorker';
import { workerCodeCacheFile } from './worker/workerCodeCache';
import type { FileAnalysis } from './workspace/analyzeFile';
import type { SiteModelCost } from './pricing/alternatives';
import type { CatalogModel, CatalogProvider } from './pricing/modelCatalog';
import { listPickerModels, pricedModel } from './pricing/modelChoices';
import { FileAnalyzer, type AnalysisSettings } from './workspace/fileAnalyzer';
import type { Report } from './workspace/report';
import { withUnfoundTasks } from './tasks/findTasks';
import { scanFiles, type WorkspaceFile } from './workspace/scan';
import { outlineFile, type SiteOutline } from './workspace/siteOutline';
import { warmUp } from './workspace/warmUp';
import { ScanCache, type CacheEntryCodec } from './workspace/scanCache';
import { packedForm, unpackAnalysis } from './worker/analysisPayload';
import { siteSummary } from './workspace/sitesOnRead';
import { BaseReports, type BaseReportAnswer, type BaseReportRequest } from './workspace/baseReports';
import { availableParallelism } from 'os';
import { statSync } from 'fs';

/**
 * The scan cache keeps each analysis as the worker sent it, packed: a warm re-scan then decodes only
 * what its report reads (a table reads no prompt text), and the main thread holds bytes, not objects.
 */
const PACKED_ENTRIES: CacheEntryCodec = { store: packedForm, restore: unpackAnalysis };

export interface EngineOptions {
  /**
   * The bundled engine worker (dist/engineWorker.js): counting and analysis then run in a worker
   * thread started on first use, never on the caller's thread (the editor). In process when absent
   * (the CLI, tests).
   */
  workerScript?: string;
  /** Where the engine says what it did and what failed; nowhere by default. */
  logger?: Logger;
  /** With a worker: how long one file may take before it is given up with an `analysis-timeout` finding (20 s by default). */
  fileTimeBudgetMs?: number;
  /**
   * With a worker: how many worker threads a scan spreads its files over (DEFAULT_SCAN_WORKERS:
   * 2 from 4 cores, else 1). The editor's per-file analysis, counting and pricing always use the
   * first; the others start with the first scan that needs them.
   */
  scanWorkers?: number;
  /**
   * With a worker: a folder where V8's code cache for the worker's bundle is kept
   * (`worker/workerCodeCache.ts`), so that a worker started later loads it compiled. Compiled from
   * source at each start when absent.
   */
  codeCacheDir?: string;
}

/** How a scan reports progress and is cancelled. */
export interface ScanControl {
  signal?: AbortSignal;
  onProgress?(done: number, total: number, file: string): void;
  /** Files read at once. */
  concurrency?: number;
  /**
   * A folder where analyses are kept between scans (`workspace/scanCache.ts`): a re-scan of an
   * unchanged tree with the same settings reads and hashes each file instead of analysing it.
   */
  cacheDir?: string;
  /**
   * The engine is disposed after this scan (the CLI): its workers stop as soon as every file is
   * analysed, so their heaps are not held beside the writing of the scan cache. On the
   * 11,000-file bench tree the writing came at the peak of memory, and stopping first lowered the
   * CLI's peak RSS by 20 MB. The report's sites are built only once the workers' threads have
   * exited (`ScanOptions.beforeReport`), so that they are not held beside the workers' heaps either.
   */
  lastUse?: boolean;
}

/** Prompt Cost's engine: counts tokens, analyses files, scans workspaces. */
export interface Engine {
  /** Tokens of a text for a model: exact where the tokenizer is public, estimated (≈) otherwise. */
  countText(text: string, model: string): Promise<TokenCount>;
  /**
   * The prompt sites of one file, estimated, with the cost rules' findings; undefined for a file that
   * is neither a prompt file nor TS/JS/Python. Never rejects on bad input: problems are findings.
   */
  analyze(text: string, file: string, settings: AnalysisSettings): Promise<FileAnalysis | undefined>;
  /**
   * Builds ahead what analysing `file` with `model` needs — the parser and grammar, the price data,
   * the tokenizer table (the slowest: a second or two) — so that the first analysis does not wait
   * for them. For the editor, when a cost file is first shown; activation must not call it.
   */
  warmUp(file: string, model: string): Promise<void>;
  /**
   * Where the file's sites are, without counting or pricing them (no other workspace file is read,
   * but for the package manifests saying whether the file is an SDK's own source): what the editor
   * shows "counting…" on while the first analysis waits for the tokenizer. Undefined for a file
   * that is neither a prompt file nor TS/JS/Python.
   */
  outline(text: string, file: string, workspaceRoot?: string): Promise<SiteOutline[] | undefined>;
  /**
   * The models a picker offers, grouped by provider: priced chat models, each canonical model once,
   * without speech, image, embedding, moderation, realtime or region-bound ids unless one of `uses`
   * (the model a site already runs) is of that family. The price data loads in the worker.
   */
  listModels(uses?: readonly string[]): Promise<CatalogProvider[]>;
  /** The priced model an id is priced as by the price data (its canonical id, provider and base rates); undefined when unpriced. */
  lookupModel(modelId: string): Promise<CatalogModel | undefined>;
  /**
   * What the site `siteId` of the file would cost a month with each of `modelIds`, at its token
   * counts, cache and calls (`monthly` undefined: unpriced). Undefined when the file has no such site.
   */
  priceSiteWith(text: string, file: string, siteId: string, modelIds: readonly string[], settings: AnalysisSettings): Promise<SiteModelCost[] | undefined>;
  /** Every site in the files, with totals; a cancelled scan returns what it finished, marked `cancelled`. */
  scan(files: readonly WorkspaceFile[], settings: AnalysisSettings, control?: ScanControl): Promise<Report>;
  /**
   * The report of the base branch `request.compareTo` names (promptcost.compareTo), or why there is
   * none (not a repository, no git, a ref that names no commit). Read from git's object store and
   * analysed in the worker, never on the caller's thread; kept per base commit and settings, so
   * asking again costs a few git queries until the base commit changes.
   */
  baseReport(request: BaseReportRequest): Promise<BaseReportAnswer>;
  /** Whether a worker thread is running (activation must start none). */
  isRunning(): boolean;
  /** Tokenizer tables built so far (o200k_base costs ~0.05 s and ~5 MB). */
  loadedEncodings(): EncodingName[];
  dispose(): void;
}

/** The worker bundle's size and time: a rebuilt engine does not take the cached figures of the one before. */
function buildStamp(workerScript: string | undefined): string {
  if (!workerScript) return 'in-process';
  try {
    const stats = statSync(workerScript);
    return `${stats.size}:${stats.mtimeMs}`;
  } catch {
    // The worker will fail to start and say so; the cache only needs a key that matches no other build.
    return `unknown:${Date.now()}`;
  }
}

const count = (n: number, noun: string) => `${n} ${noun}${n === 1 ? '' : 's'}`;

export function createEngine(options: EngineOptions = {}): Engine {
  const logger = options.logger ?? SILENT_LOGGER;
  let encoder: TokenEncoder;
  let analyzeText: (text: string, file: string, settings: AnalysisSettings) => Promise<FileAnalysis | undefined>;
  let listModels: Engine['listModels'];
  let priceSiteWith: Engine['priceSiteWith'];
  let lookupModel: Engine['lookupModel'];
  let warmUpFor: Engine['warmUp'];
  let outline: Engine['outline'];
  let scanText: typeof analyzeText;
  let baseReport: Engine['baseReport'];
  const workers: EngineWorker[] = [];
  if (options.workerScript) {
    const script = options.workerScript;
    const size = Math.max(1, options.scanWorkers ?? defaultScanWorkers(availableParallelism()));
    const codeCache = options.codeCacheDir === undefined ? undefined : workerCodeCacheFile(options.codeCacheDir, buildStamp(script));
    for (let i = 0; i < size; i++) workers.push(new EngineWorker(script, logger, options.fileTimeBudgetMs, undefined, codeCache));
    const worker = workers[0];
    encoder = worker;
    analyzeText = (text, file, settings) => worker.analyze(text, file, settings);
    // Each file to the worker with the fewest waiting (each worker's thread starts on its first file).
    // Every worker holds its own copy of what analyses share (the index of the workspace's code, call graphs,
    // other files' estimates for tasks): a file's figures do not depend on which worker had it.
    scanText = (text, file, settings) =>
      workers.reduce((least, other) => (other.waiting() < least.waiting() ? other : least)).analyze(text, file, settings, true);
    listModels = (uses = []) => worker.models(uses);
    priceSiteWith = (...args) => worker.priceSiteWith(...args);
    lookupModel = (modelId) => worker.lookupModel(modelId);
    warmUpFor = (file, model) => worker.warmUp(file, model);
    outline = (text, file, workspaceRoot) => worker.outline(text, file, workspaceRoot);
    // The last worker: with more than one, the base's scan leaves the first to the editor's files.
    baseReport = (request) => workers[workers.length - 1].baseReport(request);
  } else {
    const inProcess = new InProcessEncoder();
    encoder = inProcess;
    warmUpFor = (file, model) => warmUp(inProcess, file, model);
    outline = outlineFile;
    const analyzer = new FileAnalyzer(new TokenCounter(encoder), logger);
    analyzeText = (text, file, settings) => analyzer.analyze(text, file, settings);
    scanText = analyzeText;
    listModels = (uses = []) => Promise.resolve(listPickerModels(uses));
    priceSiteWith = (...args) => analyzer.priceSiteWith(...args);
    lookupModel = (modelId) => Promise.resolve(pricedModel(modelId));
    const baseReports = new BaseReports(() => {
      // An analyzer of the base's own: what `analyzer` holds of the workspace stays the working tree's.
      const baseAnalyzer = new FileAnalyzer(new TokenCounter(inProcess), logger);
      return (text, file, settings) => baseAnalyzer.analyze(text, file, settings);
    }, logger);
    baseReport = (request) => baseReports.report(request);
  }
  const counter = new TokenCounter(encoder);

  /** Stops the workers (or the in-process encoder); resolves once their threads have exited and their memory is freed. */
  const shutDown = async () => {
    try {
      if (workers.length > 0) await Promise.all(workers.map((worker) => worker.stop()));
      else encoder.dispose();
    } catch (error) {
      // Shutting down must not fail the caller's own shutdown; it is only worth a line in the log.
      logger.warn(`Stopping the engine failed: ${errorMessage(error)}`);
    }
  };

  const analyze = async (text: string, file: string, settings: AnalysisSettings, run = analyzeText) => {
    const started = performance.now();
    const analysis = await run(text, file, settings);
    if (analysis) {
      // From the sites' summary: a scan's sites are built only when its report is (sitesOnRead.ts).
      const sites = siteSummary(analysis);
      const findings = analysis.findings.length + sites.findings;
      const unread = analysis.unreadCalls ?? [];
      const misses = unread.length > 0 ? `; not read: ${unread.map(({ callee, range }) => `${callee} at line ${range.start.line + 1}`).join(', ')}` : '';
      const line = `Analysed ${file}: ${count(sites.sites, 'site')}, ${count(findings, 'finding')} in ${Math.round(performance.now() - started)} ms${misses}.`;
      // Most source files have no LLM call: worth a line only when the log is turned up.
      if (sites.sites === 0 && findings === 0 && unread.length === 0) logger.debug(line);
      else logger.info(line);
    }
    return analysis;
  };

  return {
    countText: (text, model) => counter.countText(text, model),
    analyze,
    listModels,
    lookupModel,
    priceSiteWith,
    warmUp: warmUpFor,
    outline,
    baseReport,
    async scan(files, settings, control = {}) {
      const started = performance.now();
      // A report shows no fixes: checking them would cost a parse of each file per batch of fixes.
      const scanSettings = { ...settings, offerFixes: false };
      const cache =
        control.cacheDir === undefined
          ? undefined
          : await ScanCache.open(control.cacheDir, scanSettings, logger, buildStamp(options.workerScript), new Date(), PACKED_ENTRIES);
      const fresh = (text: string, file: string) => analyze(text, file, scanSettings, scanText);
      const report = await scanFiles(files, {
        ...control,
        logger,
        analyze: cache ? (text, file, diskPath) => cache.analyze(file, text, () => fresh(text, file), diskPath) : fresh,
        known: cache ? (file, diskPath) => cache.known(file, diskPath) : undefined,
        // The last use: the report's sites are built once the workers' memory is given back.
        beforeReport: control.lastUse ? shutDown : undefined,
      });
      if (cache) {
        await cache.save();
        logger.info(`Scan cache: ${count(cache.hits, 'file')} of ${files.length} unchanged since the last scan.`);
      }
      if (!report.cancelled) report.tasks = withUnfoundTasks(report.tasks ?? [], settings.project.tasks, new Set(files.map((file) => file.path)));
      const seconds = ((performance.now() - started) / 1000).toFixed(1);
      logger.info(
        `Scanned ${count(files.length, 'file')} in ${seconds} s: ${count(report.totals.sites, 'site')}, ${report.skipped.length} skipped${report.cancelled ? ', cancelled' : ''}.`,
      );
      return report;
    },
    isRunning: () => workers.some((worker) => worker.isRunning()),
    loadedEncodings: () => encoder.loadedEncodings(),
    dispose: () => void shutDown(),
  };
}

/**
 * Scan workers for a machine with `cores`: two only from four cores. Every worker holds its own copy
 * of what analyses share (the index of the workspace's code, imported modules, the tokenizer's table), and the
 * main thread reads, hashes and totals beside them; on two cores a second worker cost a 1,600-file
 * scan of the replicated sample app 60% more CPU, 40% more memory and 15–25% more wall-clock time
 * than one (measured idle: 14.4 vs 9.2 s CPU, 408–440 vs 302–305 MB, 8.4–9.6 vs 6.5–7.9 s).
 */
export function defaultScanWorkers(cores: number): number {
  return cores >= 4 ? 2 : 1;
}
