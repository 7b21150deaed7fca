/**
 * `npm run fuzz:ci`: the fuzzer on a fixed budget for CI — seed 1, a fixed number of cases per
 * group (about a minute in all on a two-core machine), no minimisation. Prints the summary and
 * exits 1 when any case fails; each failing case is written to out/fuzz-ci/, where
 * `npm run fuzz -- --replay <folder>` runs it again. Not in `npm test` until the engine passes it.
 */
import * as path from 'path';
import { runFuzz } from './fuzzRun';
import { writeReproducers } from './reproducers';
import { formatSummary } from './summary';

const SEED = 1;
const DEADLINE_MS = 10_000;
/** Sized by each group's time per case: prompt files run every fix through the YAML parser again, most code seeds have few calls. */
const CASES = [
  ['prompt-files', 150],
  ['typescript', 300],
  ['python', 200],
  ['config', 250],
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
