import { rmSync } from 'fs';
import { Worker, type WorkerOptions } from 'worker_threads';
import { problem } from '../findings/problem';
import { errorMessage, SILENT_LOGGER, type Logger } from '../log/logger';
import { lineIndexOf } from '../text/lineIndex';
import type { SiteModelCost } from '../pricing/alternatives';
import type { CatalogModel, CatalogProvider } from '../pricing/modelCatalog';
import type { EncoderCount } from '../tokens/bytePairCounter';
import type { TokenEncoder } from '../tokens/inProcessEncoder';
import type { EncodingName } from '../tokens/tokenizerChoice';
import type { FileAnalysis } from '../workspace/analyzeFile';
import type { AnalysisSettings } from '../workspace/fileAnalyzer';
import type { BaseReportAnswer, BaseReportRequest } from '../workspace/baseReports';
import type { SiteOutline } from '../workspace/siteOutline';
import type { WorkerMessage, WorkerRequest, WorkerResponse } from './workerProtocol';
import { packAnalysis, unpackAnalysis } from './analysisPayload';
import { WORKER_LOADER, type CodeCacheWorkerData } from './workerCodeCache';

type Success = Extract<WorkerResponse, { ok: true }>;

interface Pending {
  request: WorkerRequest;
  resolve(response: Success): void;
  reject(error: Error): void;
  /** Running while the worker analyses this request's file. */
  deadline?: ReturnType<typeof setTimeout>;
  /** The worker took it up and has not answered yet: if the worker dies now, this request is why. */
  started?: boolean;
  /** Sent again once already, after a worker stopped while working on it. */
  resent?: boolean;
  /** Workers that stopped while this request was pending: a bound, whatever the worker managed to say before it stopped. */
  outlived?: number;
}

/** Workers a request may see stop before it fails: a worker that dies before it can say which file killed it must not loop. */
const MAX_WORKERS_OUTLIVED = 3;

/** How long one file may take in the worker before it is given up (and the worker restarted for the others). */
export const DEFAULT_FILE_TIME_BUDGET_MS = 20_000;

/**
 * The worker's heap (V8's old generation) starts capped at this: uncapped, V8 let it fill with
 * garbage to three times what it held live (430 MB for 125 MB on an 11,000-file scan), since
 * collecting less often is faster and nothing told it memory mattered. Near the cap it collects
 * sooner; the scan's time did not change measurably.
 */
export const DEFAULT_WORKER_HEAP_MB = 192;
/**
 * The worker's young generation: two 4 MB semi-spaces and 4 MB for new large objects. V8's default
 * is 48 MB, which a scan fills and keeps resident: on the 11,000-file tree the CLI's peak was about
 * 20 MB lower with this cap, its CPU within the run-to-run spread. At 6 MB the worker collected so
 * often that the same scan took a third more CPU.
 */
export const WORKER_YOUNG_GENERATION_MB = 12;
/** A worker that runs out of its heap is started again with twice the cap, up to this; past it, uncapped. */
const MAX_WORKER_HEAP_MB = 1_536;

/**
 * The engine in a worker thread started on the first request, so that activation costs nothing
 * and the caller's thread never builds a tokenizer table or parses code: it counts tokens and
 * analyses whole files. A crashed worker fails its pending requests and is started again by the next one.
 */
export class EngineWorker implements TokenEncoder {
  private worker: Worker | undefined;
  private nextId = 1;
  private readonly pending = new Map<number, Pending>();
  private loaded: EncodingName[] = [];
  private disposed = false;
  /** Whether the running worker has answered a request yet (one that stops before it may have started from a bad code cache). */
  private answered = false;

  /**
   * @param workerScript absolute path of the bundled engineWorker.js
   * @param logger where the worker's log lines go
   * @param fileTimeBudgetMs how long one file's analysis may take before it is given up
   * @param heapLimitMb the worker's heap cap to start with (doubled each time the worker runs out of it); undefined for none
   * @param codeCacheFile where V8's code cache for the bundle is kept (workerCodeCache.ts); undefined: compiled from source at each start
   */
  constructor(
    private readonly workerScript: string,
    private readonly logger: Logger = SILENT_LOGGER,
    private readonly fileTimeBudgetMs = DEFAULT_FILE_TIME_BUDGET_MS,
    private heapLimitMb: number | undefined = DEFAULT_WORKER_HEAP_MB,
    private readonly codeCacheFile?: string,
  ) {}

  /** The heap cap the next worker starts with (undefined: none). */
  get heapLimit(): number | undefined {
    return this.heapLimitMb;
  }

  async count(encoding: EncodingName, texts: readonly string[]): Promise<EncoderCount[]> {
    const response = await this.request((id) => ({ id, type: 'count', encoding, texts: [...texts] }));
    return response.counts ?? [];
  }

  /**
   * Extracts and estimates one file in the worker; undefined when it holds no prompt sites. A file
   * that takes longer than the time budget is given up: its analysis is an `analysis-timeout`
   * finding, and the worker is restarted so the files after it are analysed as usual.
   * @param background a scan's file: the worker takes it after the analyses the editor asked for.
   */
  async analyze(text: string, file: string, settings: AnalysisSettings, background = false): Promise<FileAnalysis | undefined> {
    const response = await this.request((id) => ({ id, type: 'analyze', text, file, settings, ...(background ? { background } : {}) }));
    return response.analysis ? unpackAnalysis(response.analysis) : undefined;
  }

  /** The models a picker offers (the price data loads here, in the worker). */
  async models(uses: readonly string[]): Promise<CatalogProvider[]> {
    const response = await this.request((id) => ({ id, type: 'models', uses: [...uses] }));
    return response.models ?? [];
  }

  /** The priced model an id is priced as, if any (looked up in the worker). */
  async lookupModel(modelId: string): Promise<CatalogModel | undefined> {
    const response = await this.request((id) => ({ id, type: 'lookupModel', modelId }));
    return response.model ?? undefined;
  }

  /** One site of a file priced with each model, in the worker; undefined when the file has no such site. */
  async priceSiteWith(text: string, file: string, siteId: string, models: readonly string[], settings: AnalysisSettings): Promise<SiteModelCost[] | undefined> {
    const response = await this.request((id) => ({ id, type: 'priceSite', text, file, siteId, models: [...models], settings }));
    return response.siteCosts ?? undefined;
  }

  /** Builds in the worker what analysing `file` with `model` will need, before it is asked for. */
  async warmUp(file: string, model: string): Promise<void> {
    await this.request((id) => ({ id, type: 'warmUp', file, model }));
  }

  /** Where the file's sites are, found in the worker without counting or pricing them. */
  async outline(text: string, file: string, workspaceRoot?: string): Promise<SiteOutline[] | undefined> {
    const response = await this.request((id) => ({ id, type: 'outline', text, file, workspaceRoot }));
    return response.outline ?? undefined;
  }

  /** The base branch's report (or why there is none), computed in the worker and cached there per base commit. */
  async baseReport(request: BaseReportRequest): Promise<BaseReportAnswer> {
    const response = await this.request((id) => ({ id, type: 'baseReport', request }));
    if (!response.base) throw new Error('The engine worker sent no base report.');
    return response.base;
  }

  private request(build: (id: number) => WorkerRequest): Promise<Success> {
    if (this.disposed) return Promise.reject(new Error('The token counter has been shut down.'));
    const id = this.nextId++;
    return new Promise<Success>((resolve, reject) => {
      const request = build(id);
      this.pending.set(id, { request, resolve, reject });
      this.post(request);
    });
  }

  private post(request: WorkerRequest): void {
    const worker = this.ensureWorker();
    // Referenced only while a request is outstanding: an idle worker must not keep a process alive.
    worker.ref();
    worker.postMessage(request);
  }

  loadedEncodings(): EncodingName[] {
    return [...this.loaded];
  }

  /** Requests sent and not answered yet: a scan gives its next file to the worker with the fewest. */
  waiting(): number {
    return this.pending.size;
  }

  /** Whether a worker thread is running (tests use this to check that activation starts none). */
  isRunning(): boolean {
    return this.worker !== undefined;
  }

  dispose(): void {
    void this.stop();
  }

  /** Shuts the worker down, as `dispose`; resolves once its thread has exited (its memory freed). */
  async stop(): Promise<void> {
    this.disposed = true;
    this.failPending(new Error('The token counter has been shut down.'));
    const worker = this.worker;
    this.worker = undefined;
    await worker?.terminate();
  }

  private ensureWorker(): Worker {
    if (this.worker) return this.worker;
    const limit = this.heapLimitMb;
    const options: WorkerOptions = {
      resourceLimits: { maxYoungGenerationSizeMb: WORKER_YOUNG_GENERATION_MB, ...(limit === undefined ? {} : { maxOldGenerationSizeMb: limit }) },
    };
    const worker =
      this.codeCacheFile === undefined
        ? new Worker(this.workerScript, options)
        : new Worker(WORKER_LOADER, {
            ...options,
            eval: true,
            workerData: { promptcostCodeCache: { script: this.workerScript, cacheFile: this.codeCacheFile } } satisfies CodeCacheWorkerData,
          });
    // What V8 applied, as the thread reports it once running: a user's memory report starts here.
    worker.once('online', () => {
      const { maxYoungGenerationSizeMb: young, maxOldGenerationSizeMb: old } = worker.resourceLimits ?? {};
      this.logger.debug(`Engine worker heap: young generation ${young} MB, old generation ${old} MB.`);
    });
    worker.on('message', (message: WorkerMessage) => this.receive(message));
    worker.on('error', (error) => {
      if ((error as NodeJS.ErrnoException).code === 'ERR_WORKER_OUT_OF_MEMORY' && limit !== undefined && this.worker === worker)
        this.onHeapExhausted(worker, limit);
      else this.onWorkerGone(worker, error);
    });
    worker.on('exit', (code) => this.onWorkerGone(worker, new Error(`The engine worker stopped (exit code ${code}).`)));
    this.worker = worker;
    this.answered = false;
    this.logger.info('Engine worker started.');
    return worker;
  }

  private receive(message: WorkerMessage): void {
    if ('type' in message) {
      if (message.type === 'log') this.logger[message.level](message.message);
      else this.startDeadline(message.id);
      return;
    }
    this.answered = true;
    const pending = this.pending.get(message.id);
    if (!pending) return;
    clearTimeout(pending.deadline);
    this.pending.delete(message.id);
    if (this.pending.size === 0) this.worker?.unref();
    if (message.ok) {
      this.loaded = message.loadedEncodings;
      pending.resolve(message);
    } else {
      const error = new Error(message.error);
      if (message.stack) error.stack = message.stack;
      pending.reject(error);
    }
  }

  private startDeadline(id: number): void {
    const pending = this.pending.get(id);
    if (!pending) return;
    pending.started = true;
    pending.deadline = setTimeout(() => this.giveUp(id), this.fileTimeBudgetMs);
    // A pending deadline must not keep a process alive on its own (the worker's ref does that).
    pending.deadline.unref();
  }

  /**
   * The worker has spent the whole budget on one file and is still busy: its code cannot be
   * interrupted, so the worker is stopped, that file answered with a finding, and every other request
   * sent again to a new worker.
   */
  private giveUp(id: number): void {
    const pending = this.pending.get(id);
    if (!pending || pending.request.type !== 'analyze') return;
    const { file, text } = pending.request;
    this.pending.delete(id);
    const seconds = Math.round(this.fileTimeBudgetMs / 1000);
    this.logger.warn(`Gave up analysing ${file} after ${seconds} s; the engine worker is restarted for the other files.`);
    const stuck = this.worker;
    this.worker = undefined;
    void stuck?.terminate();
    pending.resolve({ id, ok: true, analysis: packAnalysis(timedOut(text, seconds)), loadedEncodings: this.loaded });
    for (const other of this.pending.values()) {
      clearTimeout(other.deadline);
      other.deadline = undefined;
      this.post(other.request);
    }
  }

  /**
   * The worker filled the heap cap it was given: what it holds for this workspace needs more. The
   * next worker gets twice as much (uncapped past MAX_WORKER_HEAP_MB), and every request waiting is
   * sent to it as it is: no file is to blame, so none counts this against its retries.
   */
  private onHeapExhausted(worker: Worker, limit: number): void {
    const next = limit * 2 > MAX_WORKER_HEAP_MB ? undefined : limit * 2;
    this.heapLimitMb = next;
    this.worker = undefined;
    this.loaded = [];
    if (this.disposed) return;
    this.logger.info(`The engine worker used all of its ${limit} MB heap; started again with ${next === undefined ? 'no cap' : `${next} MB`}.`);
    for (const pending of this.pending.values()) {
      clearTimeout(pending.deadline);
      pending.deadline = undefined;
      pending.started = false;
      this.post(pending.request);
    }
    void worker.terminate();
  }

  /**
   * The worker crashed or stopped itself (after its parser's memory was corrupted). Requests it left
   * unanswered go to a new worker, so one bad file costs only itself: the one it was working on is
   * sent again once (a crash may be chance) and fails the second time; those still waiting are sent
   * again as they are.
   */
  private onWorkerGone(worker: Worker, error: Error): void {
    if (this.worker !== worker) return;
    this.worker = undefined;
    this.loaded = [];
    if (this.disposed) return;
    this.logger.error('The engine worker stopped', error);
    if (this.codeCacheFile !== undefined && !this.answered) this.forgetCodeCache(this.codeCacheFile);
    for (const [id, pending] of [...this.pending]) {
      clearTimeout(pending.deadline);
      pending.deadline = undefined;
      const culprit = pending.started === true;
      pending.started = false;
      pending.outlived = (pending.outlived ?? 0) + 1;
      if ((culprit && pending.resent) || pending.outlived > MAX_WORKERS_OUTLIVED) {
        this.pending.delete(id);
        pending.reject(error);
        continue;
      }
      if (culprit) pending.resent = true;
      this.post(pending.request);
    }
  }

  /**
   * V8 checks a code cache's version, flags and source, but not every byte of it: a worker that
   * stops before its first answer may have started from a damaged one. Removed, the next worker
   * compiles from source (and writes it again); if the cache was not the cause, that costs one compile.
   */
  private forgetCodeCache(file: string): void {
    try {
      rmSync(file, { force: true });
      this.logger.info(
        "The engine worker stopped before its first answer: its code cache is removed, and the next one compiles the engine's code from source.",
      );
    } catch (error) {
      this.logger.warn(`Could not remove the engine worker's code cache ${file}: ${errorMessage(error)}`);
    }
  }

  private failPending(error: Error): void {
    for (const pending of this.pending.values()) {
      clearTimeout(pending.deadline);
      pending.reject(error);
    }
    this.pending.clear();
  }
}

/** The analysis of a file that took too long: no sites, one finding on its first line. */
function timedOut(text: string, seconds: number): FileAnalysis {
  const firstLine = { start: { line: 0, character: 0 }, end: { line: 0, character: lineIndexOf(text).lineText(0).length } };
  return {
    sites: [],
    findings: [
      problem(
        'analysis-timeout',
        `Prompt Cost gave up on this file after ${seconds} s, so its prompts are not estimated. This is a bug in Prompt Cost; the log has the file's name.`,
        firstLine,
      ),
    ],
  };
}
