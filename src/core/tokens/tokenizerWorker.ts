/**
 * Worker-thread entry (bundled as dist/tokenizerWorker.js). Building a BPE table takes ~0.7 s of
 * CPU and encoding a large file takes longer; here neither blocks the extension host's main thread.
 */
import { parentPort } from 'worker_threads';
import { InProcessEncoder } from './inProcessEncoder';
import type { CountRequest, CountResponse } from './workerProtocol';

const encoder = new InProcessEncoder();

parentPort?.on('message', (request: CountRequest) => {
  let response: CountResponse;
  try {
    const counts = encoder.countSync(request.encoding, request.texts);
    response = { id: request.id, ok: true, counts, loadedEncodings: encoder.loadedEncodings() };
  } catch (error) {
    response = { id: request.id, ok: false, error: error instanceof Error ? error.message : String(error) };
  }
  parentPort?.postMessage(response);
});
