import { CaseRunner, type CaseResult } from './caseRunner';
import { generateCase, mutatedBytes, withMutatedBytes, type FuzzCase } from './fuzzCase';
import { minimiseBudget, minimiseBytes } from './minimise';
import { loadSeeds, type FuzzGroup, type Seed } from './seeds';
import type { FailureClass, Violation } from './violations';

export interface FuzzOptions {
  seed: number;
  /** Cases to run in each group, in this order. */
  cases: ReadonlyArray<readonly [FuzzGroup, number]>;
  /** A case running longer than this is a `hang`. */
  deadlineMs: number;
  /** Per distinct failure; none = keep the failing case as it was generated. */
  minimise?: { maxTries: number; seconds: number };
  /** Where progress goes (stderr in the command). */
  progress(line: string): void;
}

/** One distinct failure: the first case that showed it, how many cases did, and its reproducer. */
export interface Failure {
  violation: Violation;
  fuzzCase: FuzzCase;
  cases: number;
  /** The mutated bytes, minimised when minimisation ran. */
  reproducer: Uint8Array;
  minimiseTries: number;
  /** Whether the reproducer, run once more on its own, still fails the same way (false: flaky, or it needs earlier cases). */
  reproduces?: boolean;
}

export interface GroupStats {
  group: FuzzGroup;
  cases: number;
  failingCases: number;
  seconds: number;
  /** Of `seconds`, what cases that hung took (each a whole deadline). */
  hangSeconds: number;
  /** Of `seconds`, what starting workers took: the first, and a fresh one after each hang or crash. */
  startSeconds: number;
  slowest?: { ms: number; fuzzCase: FuzzCase };
}

export interface FuzzSummary {
  groups: GroupStats[];
  /** Cases that showed each class (a case with two classes counts in both). */
  classCounts: Map<FailureClass, number>;
  failures: Failure[];
}

/** Runs the cases of each group under the watchdog, collects distinct failures, then minimises each. */
export async function runFuzz(options: FuzzOptions): Promise<FuzzSummary> {
  const seeds = loadSeeds();
  const runner = new CaseRunner(options.deadlineMs);
  const failures = new Map<string, Failure>();
  const classCounts = new Map<FailureClass, number>();
  const groups: GroupStats[] = [];
  try {
    for (const [group, count] of options.cases) {
      groups.push(await runGroup(runner, seeds, group, count, options, (fuzzCase, violations) => record(fuzzCase, violations, failures, classCounts)));
    }
    if (options.minimise) await minimiseAll([...failures.values()], runner, options.minimise, options.progress);
  } finally {
    runner.stop();
  }
  return { groups, classCounts, failures: [...failures.values()] };
}

async function runGroup(
  runner: CaseRunner,
  seeds: readonly Seed[],
  group: FuzzGroup,
  count: number,
  options: FuzzOptions,
  onFailing: (fuzzCase: FuzzCase, violations: Violation[]) => void,
): Promise<GroupStats> {
  const stats: GroupStats = { group, cases: 0, failingCases: 0, seconds: 0, hangSeconds: 0, startSeconds: 0 };
  const startupBefore = runner.startupMs;
  const started = performance.now();
  for (let index = 0; index < count; index++) {
    const fuzzCase = generateCase(seeds, options.seed, group, index);
    const caseStarted = performance.now();
    const result = await confirmSlow(runner, fuzzCase, await runner.run(fuzzCase));
    stats.cases++;
    if (result.violations.some((found) => found.kind === 'hang')) stats.hangSeconds += (performance.now() - caseStarted) / 1000;
    if (!stats.slowest || result.ms > stats.slowest.ms) stats.slowest = { ms: result.ms, fuzzCase };
    if (result.violations.length > 0) {
      stats.failingCases++;
      onFailing(fuzzCase, result.violations);
    }
    if ((index + 1) % 100 === 0 || index + 1 === count) {
      options.progress(`${group}: ${index + 1}/${count} cases, ${stats.failingCases} failing, ${((performance.now() - started) / 1000).toFixed(0)} s`);
    }
  }
  stats.seconds = (performance.now() - started) / 1000;
  stats.startSeconds = (runner.startupMs - startupBefore) / 1000;
  return stats;
}

/**
 * The machine is shared, so one slow run may be someone else's build: a `slow` case counts only
 * when a second run is slow too.
 */
async function confirmSlow(runner: CaseRunner, fuzzCase: FuzzCase, result: CaseResult): Promise<CaseResult> {
  if (!result.violations.some((found) => found.kind === 'slow')) return result;
  const again = await runner.run(fuzzCase);
  if (again.violations.some((found) => found.kind === 'slow' || found.kind === 'hang')) return result;
  return { ...result, violations: result.violations.filter((found) => found.kind !== 'slow') };
}

function record(fuzzCase: FuzzCase, violations: readonly Violation[], failures: Map<string, Failure>, classCounts: Map<FailureClass, number>): void {
  const signatures = new Set<string>();
  for (const found of violations) {
    if (signatures.has(found.signature)) continue;
    signatures.add(found.signature);
    const known = failures.get(found.signature);
    if (known) known.cases++;
    else failures.set(found.signature, { violation: found, fuzzCase, cases: 1, reproducer: mutatedBytes(fuzzCase), minimiseTries: 0 });
  }
  for (const kind of new Set(violations.map((found) => found.kind))) classCounts.set(kind, (classCounts.get(kind) ?? 0) + 1);
}

async function minimiseAll(failures: Failure[], runner: CaseRunner, limits: NonNullable<FuzzOptions['minimise']>, progress: (line: string) => void) {
  for (const [i, failure] of failures.entries()) {
    const stats = { tries: 0 };
    const rerun = async (bytes: Uint8Array) =>
      (await runner.run(withMutatedBytes(failure.fuzzCase, bytes))).violations.find((found) => found.signature === failure.violation.signature);
    // A hang or slow case costs seconds per try: it gets more time for as many tries.
    const seconds = failure.violation.kind === 'hang' || failure.violation.kind === 'slow' ? limits.seconds * 3 : limits.seconds;
    failure.reproducer = await minimiseBytes(
      failure.reproducer,
      async (bytes) => (await rerun(bytes)) !== undefined,
      minimiseBudget(limits.maxTries, seconds),
      stats,
    );
    failure.minimiseTries = stats.tries;
    // Run once more on its own: the message then describes the reproducer, not the case it came from.
    let again = await rerun(failure.reproducer);
    // Shrinking a hang or a slow case walks it to the edge of the deadline, where it may pass on the next run: keep what failed for sure.
    if (!again && failure.reproducer !== mutatedBytes(failure.fuzzCase)) {
      failure.reproducer = mutatedBytes(failure.fuzzCase);
      again = await rerun(failure.reproducer);
    }
    failure.reproduces = again !== undefined;
    if (again) failure.violation = again;
    progress(
      `minimised ${i + 1}/${failures.length}: ${failure.violation.kind}, ${mutatedBytes(failure.fuzzCase).length} → ${failure.reproducer.length} bytes in ${stats.tries} runs`,
    );
  }
}
