/**
 * The worker thread that runs cases (started by `CaseRunner`): one case at a time, so that a case
 * that never ends can be cut off by terminating the thread without freezing the fuzzer.
 */
import { parentPort } from 'worker_threads';
import type { FuzzCase } from './fuzzCase';
import { CasePipeline, type CaseOutcome } from './pipeline';
import { blankNumbers, exceptionViolation, violation } from './violations';

export interface CaseRequest {
  id: number;
  fuzzCase: FuzzCase;
}

const port = parentPort;
if (!port) throw new Error('caseWorker.ts runs in a worker thread');

/**
 * What reached the console during a case. The engine never writes to the console (ARCHITECTURE.md):
 * a line here, or a Node warning from a library it calls, would land in the CLI's output.
 */
const printed: string[] = [];
// Node's own listener prints warnings to stderr; recording them instead keeps the fuzzer's output readable.
process.removeAllListeners('warning');
process.on('warning', (warning) => printed.push(`Node warning: ${warning.message}`));
for (const method of ['log', 'info', 'warn', 'error', 'debug'] as const) {
  console[method] = (...args: unknown[]) => printed.push(`console.${method}: ${args.map(String).join(' ')}`);
}

const pipeline = new CasePipeline();
const warm = pipeline.warmUp().then(() => port.postMessage({ ready: true }));

async function outcomeOf({ id, fuzzCase }: CaseRequest): Promise<CaseOutcome> {
  try {
    return await pipeline.run(fuzzCase, (phase) => port!.postMessage({ id, phase }));
  } catch (error) {
    // The pipeline catches what the engine throws; this is the engine failing somewhere the pipeline calls it outside analyzeFile.
    return { violations: [exceptionViolation('exception', 'the case pipeline', error)], analyseMs: 0 };
  }
}

port.on('message', async (request: CaseRequest) => {
  await warm;
  printed.length = 0;
  const outcome = await outcomeOf(request);
  // Warnings are emitted on the next tick: let them arrive before the case is reported.
  await new Promise((resolve) => setImmediate(resolve));
  const output = printed.splice(0).map((line) => violation('console-output', blankNumbers(line), line));
  port.postMessage({ id: request.id, outcome: { ...outcome, violations: [...outcome.violations, ...output] } });
});
