/**
 * Worker-thread entry (bundled as dist/engineWorker.js). Building a BPE table takes ~0.2 s of CPU,
 * and parsing and resolving a 5,000-line source file ~0.3 s; here neither blocks the extension
 * host's main thread. The worker keeps its tokenizer tables and grammars between requests.
 */
import { parentPort } from 'worker_threads';
import { errorDetail, errorMessage, type Logger, type LogLevel } from '../log/logger';
import { InProcessEncoder } from '../tokens/inProcessEncoder';
import { TokenCounter } from '../tokens/tokenCounter';
import { parserIsBroken } from '../extract/code/treeSitter';
import { FileAnalyzer } from '../workspace/fileAnalyzer';
import { listPickerModels, pricedModel } from '../pricing/modelChoices';
import { outlineFile } from '../workspace/siteOutline';
import { warmUp } from '../workspace/warmUp';
import { saveWorkerCodeCache, workerCodeCacheState, type CodeCacheState } from './workerCodeCache';
import type { WorkerMessage, WorkerRequest, WorkerResponse } from './workerProtocol';
import { packAnalysis, payloadBuffers } from './analysisPayload';
import { BaseReports } from '../workspace/baseReports';

/**
 * An analysis's payload buffers are handed over, not copied: the worker made them for this message
 * alone, and copying them cost 0.2 ms a file (1.8 s of an 11,000-file scan, four fifths of its posting).
 */
const post = (message: WorkerMessage) => parentPort?.postMessage(message, 'analysis' in message && message.analysis ? payloadBuffers(message.analysis) : []);
const log = (level: LogLevel) => (message: string) => post({ type: 'log', level, message });

/** Log lines go to the thread that started the worker, which writes them where its own go. */
const logger: Logger = {
  debug: log('debug'),
  info: log('info'),
  warn: log('warn'),
  error: (message, error) => post({ type: 'log', level: 'error', message: error === undefined ? message : `${message}: ${errorDetail(error)}` }),
};

const CODE_CACHE_STATES: Record<CodeCacheState, string> = {
  used: 'Engine worker: its code came compiled from the code cache.',
  none: 'Engine worker: no code cache yet; it is written after the first analysis.',
  rejected: 'Engine worker: V8 did not take the code cache (another build or Node); it is written again after the first analysis.',
};
const codeCacheState = workerCodeCacheState();
if (codeCacheState) logger.debug(CODE_CACHE_STATES[codeCacheState]);

const encoder = new InProcessEncoder();
const analyzer = new FileAnalyzer(new TokenCounter(encoder), logger);
/** Each base scan gets an analyzer of its own: what `analyzer` holds of the workspace stays the working tree's. */
const baseReports = new BaseReports(() => {
  const baseAnalyzer = new FileAnalyzer(new TokenCounter(encoder), logger);
  return (text, file, settings) => baseAnalyzer.analyze(text, file, settings);
}, logger);

/**
 * Outlines being made. An outline needs only the parser and is what the editor's first "counting…"
 * lenses wait for; the warm-up and the first analysis build the tokenizer table, a second or more
 * of synchronous work that would hold up an outline's next step on this thread. So they start once
 * the outlines asked for before them are done.
 */
const outlinesUnderWay = new Set<Promise<unknown>>();
async function afterOutlines(): Promise<void> {
  // First the messages already waiting on this thread's port: an outline sent just after an
  // analysis (as the CodeLens provider sends them) then counts among those under way.
  await new Promise((resolve) => setImmediate(resolve));
  if (outlinesUnderWay.size > 0) await Promise.allSettled([...outlinesUnderWay]);
}

async function handle(request: WorkerRequest): Promise<WorkerResponse> {
  if (request.type === 'warmUp' || request.type === 'analyze') await afterOutlines();
  if (request.type === 'count') {
    return { id: request.id, ok: true, counts: encoder.countSync(request.encoding, request.texts), loadedEncodings: encoder.loadedEncodings() };
  }
  if (request.type === 'models') return { id: request.id, ok: true, models: listPickerModels(request.uses), loadedEncodings: encoder.loadedEncodings() };
  if (request.type === 'lookupModel')
    return { id: request.id, ok: true, model: pricedModel(request.modelId) ?? null, loadedEncodings: encoder.loadedEncodings() };
  if (request.type === 'warmUp') {
    await warmUp(encoder, request.file, request.model);
    return { id: request.id, ok: true, loadedEncodings: encoder.loadedEncodings() };
  }
  if (request.type === 'outline') {
    const making = outlineFile(request.text, request.file, request.workspaceRoot);
    outlinesUnderWay.add(making);
    const outline = await making.finally(() => outlinesUnderWay.delete(making));
    return { id: request.id, ok: true, outline: outline ?? null, loadedEncodings: encoder.loadedEncodings() };
  }
  if (request.type === 'priceSite') {
    const { text, file, siteId, models, settings } = request;
    const siteCosts = await analyzer.priceSiteWith(text, file, siteId, models, settings);
    return { id: request.id, ok: true, siteCosts: siteCosts ?? null, loadedEncodings: encoder.loadedEncodings() };
  }
  if (request.type === 'baseReport') {
    return { id: request.id, ok: true, base: await baseReports.report(request.request), loadedEncodings: encoder.loadedEncodings() };
  }
  const analysis = await analyzer.analyze(request.text, request.file, request.settings);
  // A scan's analyses are held by the main thread until its report is gone: their details cross deflated.
  const packed = analysis ? packAnalysis(analysis, { compressDetails: request.background === true }) : null;
  return { id: request.id, ok: true, analysis: packed, loadedEncodings: encoder.loadedEncodings() };
}

/**
 * Analyses run one at a time, each announced (`started`) as it begins: the caller's time budget
 * for a file then measures that file. Run side by side, eight files of a scan shared the thread and
 * each one's budget ran while the others worked: on a large tree a file whose first analysis builds
 * what later ones reuse was given up, the worker restarted without what it had built, and the next
 * file given up in turn. A scan's files (`background`) wait behind the editor's, so the file being
 * edited is not queued behind the scan.
 */
const waitingAnalyses = { editor: [] as Array<() => void>, scan: [] as Array<() => void> };
let analysing = false;

function inTurn(request: Extract<WorkerRequest, { type: 'analyze' }>): Promise<WorkerResponse> {
  return new Promise((resolve, reject) => {
    (request.background ? waitingAnalyses.scan : waitingAnalyses.editor).push(() => {
      analysing = true;
      post({ type: 'started', id: request.id });
      handle(request)
        .then(withCodeCacheSaved)
        .then(resolve, reject)
        .finally(() => {
          analysing = false;
          startNextAnalysis();
        });
    });
    startNextAnalysis();
  });
}

function startNextAnalysis(): void {
  if (!analysing) (waitingAnalyses.editor.shift() ?? waitingAnalyses.scan.shift())?.();
}

parentPort?.on('message', (request: WorkerRequest) => {
  (request.type === 'analyze' ? inTurn(request) : handle(request))
    .then(post, (error: unknown) => post({ id: request.id, ok: false, error: errorMessage(error), stack: error instanceof Error ? error.stack : undefined }))
    .finally(stopIfParserBroken);
});

/**
 * Once an analysis has run, what a start needs is compiled: it goes into the code cache with the
 * rest (once per worker, and only without a usable cache). Before the answer is sent, since a
 * caller may stop the worker as soon as it has it (the CLI after its last file).
 */
function withCodeCacheSaved(response: WorkerResponse): WorkerResponse {
  saveWorkerCodeCache();
  return response;
}

/**
 * After a WebAssembly fault the parser's memory is corrupt and every later parse in this thread
 * would fail: the answer for the file that caused it is already posted, so the thread ends, and
 * EngineWorker sends the requests still pending to a new one.
 */
function stopIfParserBroken(): void {
  if (!parserIsBroken()) return;
  logger.error('The code parser failed inside its WebAssembly runtime; the engine worker restarts with a fresh one.');
  process.exit(70);
}
