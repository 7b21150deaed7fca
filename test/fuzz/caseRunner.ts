import { Worker } from 'worker_threads';
import * as path from 'path';
import { inputKind, type FuzzCase } from './fuzzCase';
import type { CaseOutcome } from './pipeline';
import { blankNumbers, SLOW_MS, violation, type Violation } from './violations';

export interface CaseResult extends CaseOutcome {
  /** Wall time of the whole case in the worker: the analysis, the renderers and every fix check. */
  ms: number;
}

/** A worker may use this much heap: a case that allocates without end is a `crash`, not the machine's memory. */
const WORKER_HEAP_MB = 2048;

/**
 * The watchdog: runs cases one at a time in a worker thread, each under a deadline. A case past
 * its deadline is a `hang`; a worker that dies (out of memory, a native crash) is a `crash`. Either
 * way the worker is replaced and the next case runs in a fresh one.
 */
export class CaseRunner {
  private worker: Worker | undefined;
  private ready: Promise<Worker> | undefined;
  private nextId = 0;
  /** Time spent starting workers so far (rank tables, grammars): after a hang or crash, what the fresh worker cost. */
  startupMs = 0;

  constructor(private readonly deadlineMs: number) {}

  async run(fuzzCase: FuzzCase, deadlineMs = this.deadlineMs): Promise<CaseResult> {
    let worker: Worker;
    try {
      worker = await this.started();
    } catch (error) {
      this.stop();
      return crashed(error, 0);
    }
    return new Promise((resolve) => {
      const id = ++this.nextId;
      const started = performance.now();
      const clock = new PhaseClock();
      const finish = (result: CaseResult, stop: boolean) => {
        clearTimeout(timer);
        worker.off('message', onMessage).off('error', onError).off('exit', onExit);
        if (stop) this.stop();
        resolve(result);
      };
      const onMessage = (message: { id?: number; outcome?: CaseOutcome; phase?: string }) => {
        if (message.id !== id) return;
        if (message.phase) clock.enter(message.phase);
        if (message.outcome) finish({ ...message.outcome, ms: performance.now() - started }, false);
      };
      const onError = (error: unknown) => finish(crashed(error, performance.now() - started), true);
      const onExit = (code: number) => finish(crashed(new Error(`the worker exited with code ${code}`), performance.now() - started), true);
      const timer = setTimeout(() => {
        const ms = performance.now() - started;
        finish({ violations: [clock.overrun(deadlineMs, inputKind(fuzzCase))], analyseMs: ms, ms }, true);
      }, deadlineMs);
      worker.on('message', onMessage).on('error', onError).on('exit', onExit);
      worker.postMessage({ id, fuzzCase });
    });
  }

  /** Ends the worker; the next case starts a fresh one. */
  stop(): void {
    void this.worker?.terminate();
    this.worker = undefined;
    this.ready = undefined;
  }

  /** A worker that has warmed up (rank tables, grammars), so that no case's time includes that. */
  private started(): Promise<Worker> {
    if (this.ready) return this.ready;
    const worker = new Worker(bootstrap(path.join(__dirname, 'caseWorker.ts')), { eval: true, resourceLimits: { maxOldGenerationSizeMb: WORKER_HEAP_MB } });
    this.worker = worker;
    // Errors between cases (none are expected) must not take the fuzzer down: a case's own listener reports them.
    worker.on('error', () => undefined);
    const starting = performance.now();
    this.ready = new Promise((resolve, reject) => {
      const onMessage = (message: { ready?: boolean }) => {
        if (!message.ready) return;
        worker.off('message', onMessage).off('error', reject);
        this.startupMs += performance.now() - starting;
        resolve(worker);
      };
      worker.on('message', onMessage).on('error', reject);
    });
    return this.ready;
  }
}

/** Worker threads do not inherit tsx's loader: the thread registers it before loading the TypeScript worker. */
function bootstrap(script: string): string {
  return `require(${JSON.stringify(require.resolve('tsx/cjs'))}); require(${JSON.stringify(script)});`;
}

function crashed(error: unknown, ms: number): CaseResult {
  const message = error instanceof Error ? error.message : String(error);
  return { violations: [violation('crash', blankNumbers(message), `The worker died: ${message}`)], analyseMs: ms, ms };
}

/** The steps a case has been through (the worker names each as it starts) and how long each took. */
class PhaseClock {
  private phase = 'starting';
  private phaseStarted = performance.now();
  private longest = { phase: '', ms: 0 };
  private steps = 0;

  enter(phase: string): void {
    this.finishPhase();
    this.phase = phase;
    this.phaseStarted = performance.now();
  }

  /**
   * What a case past its deadline is: a `hang` of the step it was in when that step has run for
   * longer than a slow analysis; otherwise many steps, none stuck, adding up (`slow`).
   */
  overrun(deadlineMs: number, kind: string): Violation {
    const inPhase = Math.round(performance.now() - this.phaseStarted);
    if (inPhase >= SLOW_MS)
      return violation('hang', `in ${this.phase} (${kind})`, `The case ran past its ${deadlineMs} ms deadline, the last ${inPhase} ms in ${this.phase}`);
    this.finishPhase();
    const { phase, ms } = this.longest;
    return violation(
      'slow',
      `its steps together past the deadline (${kind})`,
      `The case ran past its ${deadlineMs} ms deadline in ${this.steps} steps, none stuck: the longest took ${Math.round(ms)} ms, ${phase}`,
    );
  }

  private finishPhase(): void {
    const ms = performance.now() - this.phaseStarted;
    if (ms > this.longest.ms) this.longest = { phase: this.phase, ms };
    this.steps++;
  }
}
