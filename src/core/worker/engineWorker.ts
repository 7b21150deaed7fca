import { Worker } from 'worker_threads';
import { SILENT_LOGGER, type Logger } from '../log/logger';
import type { EncoderCount } from '../tokens/bytePairCounter';
import type { TokenEncoder } from '../tokens/inProcessEncoder';
import type { EncodingName } from '../tokens/tokenizerChoice';
import type { FileAnalysis } from '../workspace/analyzeFile';
import type { AnalysisSettings } from '../workspace/fileAnalyzer';
import type { WorkerMessage, WorkerRequest, WorkerResponse } from './workerProtocol';

type Success = Extract<WorkerResponse, { ok: true }>;

interface Pending {
  resolve(response: Success): void;
  reject(error: Error): void;
}

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

  /**
   * @param workerScript absolute path of the bundled engineWorker.js
   * @param logger where the worker's log lines go
   */
  constructor(
    private readonly workerScript: string,
    private readonly logger: Logger = SILENT_LOGGER,
  ) {}

  async count(encoding: EncodingName, texts: readonly string[]): Promise<EncoderCount[]> {
    const response = await this.request((id) => ({ id, type: 'count', encoding, texts: [...texts] }));
    return response.counts ?? [];
  }

  /** Extracts and estimates one file in the worker; undefined when it holds no prompt sites. */
  async analyze(text: string, file: string, settings: AnalysisSettings): Promise<FileAnalysis | undefined> {
    const response = await this.request((id) => ({ id, type: 'analyze', text, file, settings }));
    return response.analysis ?? undefined;
  }

  private request(build: (id: number) => WorkerRequest): Promise<Success> {
    if (this.disposed) return Promise.reject(new Error('The token counter has been shut down.'));
    const id = this.nextId++;
    return new Promise<Success>((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      const worker = this.ensureWorker();
      // Referenced only while a request is outstanding: an idle worker must not keep a process alive.
      worker.ref();
      worker.postMessage(build(id));
    });
  }

  loadedEncodings(): EncodingName[] {
    return [...this.loaded];
  }

  /** Whether a worker thread is running (tests use this to check that activation starts none). */
  isRunning(): boolean {
    return this.worker !== undefined;
  }

  dispose(): void {
    this.disposed = true;
    this.failPending(new Error('The token counter has been shut down.'));
    void this.worker?.terminate();
    this.worker = undefined;
  }

  private ensureWorker(): Worker {
    if (this.worker) return this.worker;
    const worker = new Worker(this.workerScript);
    worker.on('message', (message: WorkerMessage) => this.receive(message));
    worker.on('error', (error) => this.onWorkerGone(worker, error));
    worker.on('exit', (code) => this.onWorkerGone(worker, new Error(`The engine worker stopped (exit code ${code}).`)));
    this.worker = worker;
    this.logger.info('Engine worker started.');
    return worker;
  }

  private receive(message: WorkerMessage): void {
    if ('type' in message) {
      this.logger[message.level](message.message);
      return;
    }
    const pending = this.pending.get(message.id);
    if (!pending) return;
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

  private onWorkerGone(worker: Worker, error: Error): void {
    if (this.worker !== worker) return;
    this.worker = undefined;
    this.loaded = [];
    if (!this.disposed) this.logger.error('The engine worker stopped', error);
    this.failPending(error);
  }

  private failPending(error: Error): void {
    for (const pending of this.pending.values()) pending.reject(error);
    this.pending.clear();
  }
}
