/**
 * `npm run fuzz:ci`: the fuzzer on a fixed budget for CI — seed 1, a fixed number of cases per
 * group (about a minute in all on a two-core machine), no minimisation. Prints the summary and
 * exits 1 when any case fails; each failing case is written to out/fuzz-ci/, where
 * `npm run fuzz -- --replay <folder>` runs it again. A step of `npm test`.
 */
import * as path from 'path';
import { runFuzz } from './fuzzRun';
import { writeReproducers } from './reproducers';
import { formatSummary } from './summary';

const SEED = 1;
const DEADLINE_MS = 10_000;
/**
 * Sized by each group's time per case when nothing hangs on a two-core machine (about 0.07 s for
 * prompt files and 0.1 s for Python, whose fixes are each analysed again; 0.035 s for TypeScript,
 * where many seeds have no call; 0.02 s for promptcost.yaml), for about a minute in all. Each hang
 * adds its deadline and a worker start.
 */
const CASES = [
  ['prompt-files', 250],
  ['typescript', 400],
  ['python', 160],
  ['config', 400],
] as const;

async function main(): Promise<number> {
  const summary = await runFuzz({ seed: SEED, cases: CASES, deadlineMs: DEADLINE_MS, progress: (line) => console.error(line) });
  console.log(formatSummary(summary, writeReproducers(path.join('out', 'fuzz-ci'), summary.failures)));
  return summary.failures.length > 0 ? 1 : 0;
}

main().then(
  (code) => process.exit(code),
  (error) => {
    console.error(error);
    process.exit(2);
  },
);
