import { Worker } from 'worker_threads';
import type { TokenEncoder } from './inProcessEncoder';
import type { EncodingName } from './tokenizerChoice';
import type { CountRequest, CountResponse } from './workerProtocol';

interface Pending {
  resolve(counts: number[]): void;
  reject(error: Error): void;
}

/**
 * Counts in a worker thread started on the first request, so that activation costs nothing and
 * the caller's thread never builds a table. A crashed worker fails its pending requests and is
 * started again by the next one.
 */
export class WorkerEncoder implements TokenEncoder {
  private worker: Worker | undefined;
  private nextId = 1;
  private readonly pending = new Map<number, Pending>();
  private loaded: EncodingName[] = [];
  private disposed = false;

  /** @param workerScript absolute path of the bundled tokenizerWorker.js */
  constructor(private readonly workerScript: string) {}

  count(encoding: EncodingName, texts: readonly string[]): Promise<number[]> {
    if (this.disposed) return Promise.reject(new Error('The token counter has been shut down.'));
    const id = this.nextId++;
    return new Promise<number[]>((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      const request: CountRequest = { id, encoding, texts: [...texts] };
      const worker = this.ensureWorker();
      // Referenced only while a count is outstanding: an idle worker must not keep a process alive.
      worker.ref();
      worker.postMessage(request);
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
    worker.on('message', (response: CountResponse) => this.settle(response));
    worker.on('error', (error) => this.onWorkerGone(worker, error));
    worker.on('exit', (code) => this.onWorkerGone(worker, new Error(`The tokenizer worker stopped (exit code ${code}).`)));
    this.worker = worker;
    return worker;
  }

  private settle(response: CountResponse): void {
    const pending = this.pending.get(response.id);
    if (!pending) return;
    this.pending.delete(response.id);
    if (this.pending.size === 0) this.worker?.unref();
    if (response.ok) {
      this.loaded = response.loadedEncodings;
      pending.resolve(response.counts);
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
