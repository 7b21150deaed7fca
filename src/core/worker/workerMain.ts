/**
 * Worker-thread entry (bundled as dist/engineWorker.js). Building a BPE table takes ~0.7 s of CPU,
 * and parsing and resolving a 5,000-line source file ~0.3 s; here neither blocks the extension
 * host's main thread. The worker keeps its tokenizer tables and grammars between requests.
 */
import { parentPort } from 'worker_threads';
import { InProcessEncoder } from '../tokens/inProcessEncoder';
import { TokenCounter } from '../tokens/tokenCounter';
import { PriceBook } from '../pricing/priceBook';
import { NO_OTHER_FILES } from '../codeModel/sourceReader';
import { analyzeFile } from '../workspace/analyzeFile';
import { fileSourceReader } from '../workspace/fileSourceReader';
import type { WorkerRequest, WorkerResponse } from './workerProtocol';

const encoder = new InProcessEncoder();
const counter = new TokenCounter(encoder);
/** One price book per set of promptcost.yaml prices (a book caches its look-ups). */
let prices: { key: string; book: PriceBook } | undefined;

async function handle(request: WorkerRequest): Promise<WorkerResponse> {
  if (request.type === 'count') {
    return { id: request.id, ok: true, counts: encoder.countSync(request.encoding, request.texts), loadedEncodings: encoder.loadedEncodings() };
  }
  const key = JSON.stringify(request.project.prices);
  if (prices?.key !== key) prices = { key, book: new PriceBook(request.project.prices) };
  const reader = request.workspaceRoot ? fileSourceReader(request.workspaceRoot) : NO_OTHER_FILES;
  const analysis = await analyzeFile(
    request.text,
    request.file,
    {
      counter,
      prices: prices.book,
      project: request.project,
      defaultModel: request.defaultModel,
      monthlyCalls: request.monthlyCalls,
      ruleSeverities: request.ruleSeverities,
    },
    reader,
  );
  return { id: request.id, ok: true, analysis: analysis ?? null, loadedEncodings: encoder.loadedEncodings() };
}

parentPort?.on('message', (request: WorkerRequest) => {
  handle(request).then(
    (response) => parentPort?.postMessage(response),
    (error: unknown) =>
      parentPort?.postMessage({ id: request.id, ok: false, error: error instanceof Error ? error.message : String(error) } satisfies WorkerResponse),
  );
});
