import { Worker } from 'worker_threads';
import type { TokenEncoder } from '../tokens/inProcessEncoder';
import type { EncodingName } from '../tokens/tokenizerChoice';
import type { ProjectConfig, RuleSeveritySetting } from '../volume/projectConfig';
import type { FileAnalysis } from '../workspace/analyzeFile';
import type { WorkerRequest, WorkerResponse } from './workerProtocol';

type Success = Extract<WorkerResponse, { ok: true }>;

interface Pending {
  resolve(response: Success): void;
  reject(error: Error): void;
}

/** What the worker needs to analyse a file besides its text. */
export interface AnalyzeOptions {
  project: ProjectConfig;
  defaultModel: string;
  monthlyCalls: number;
  workspaceRoot?: string;
  /** Editor settings `promptcost.rules.<id>`; they win over promptcost.yaml `rules:`. */
  ruleSeverities?: Readonly<Record<string, RuleSeveritySetting>>;
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

  /** @param workerScript absolute path of the bundled engineWorker.js */
  constructor(private readonly workerScript: string) {}

  async count(encoding: EncodingName, texts: readonly string[]): Promise<number[]> {
    const response = await this.request((id) => ({ id, type: 'count', encoding, texts: [...texts] }));
    return response.counts ?? [];
  }

  /** Extracts and estimates one file in the worker; undefined when it holds no prompt sites. */
  async analyze(text: string, file: string, options: AnalyzeOptions): Promise<FileAnalysis | undefined> {
    const response = await this.request((id) => ({ id, type: 'analyze', text, file, ...options }));
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
    worker.on('message', (response: WorkerResponse) => this.settle(response));
    worker.on('error', (error) => this.onWorkerGone(worker, error));
    worker.on('exit', (code) => this.onWorkerGone(worker, new Error(`The tokenizer worker stopped (exit code ${code}).`)));
    this.worker = worker;
    return worker;
  }

  private settle(response: WorkerResponse): void {
    const pending = this.pending.get(response.id);
    if (!pending) return;
    this.pending.delete(response.id);
    if (this.pending.size === 0) this.worker?.unref();
    if (response.ok) {
      this.loaded = response.loadedEncodings;
      pending.resolve(response);
    } else {
      pending.reject(new Error(response.error));
    }
  }

  private onWorkerGone(worker: Worker, error: Error): void {
    if (this.worker !== worker) return;
    this.worker = undefined;
    this.loaded = [];
    this.failPending(error);
  }

  private failPending(error: Error): void {
    for (const pending of this.pending.values()) pending.reject(error);
    this.pending.clear();
  }
}
