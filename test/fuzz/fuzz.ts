/**
 * `npm run fuzz -- [--cases 1000] [--seed 1] [--group typescript]… [--out out/fuzz] [--deadline 10000]
 *   [--minimise-tries 200] [--minimise-seconds 30] [--no-minimise]`: the mutation fuzzer's long form.
 * Runs the cases of each group, minimises each distinct failure, writes reproducers with a
 * failure.json each, prints a summary and exits 1 if anything failed.
 *
 * `npm run fuzz -- --replay <reproducer folder>` runs one reproducer again and prints what it breaks.
 */
import * as path from 'path';
import { parseArgs } from 'util';
import { preview } from './bytes';
import { CaseRunner } from './caseRunner';
import { mutatedBytes } from './fuzzCase';
import { runFuzz, type FuzzOptions } from './fuzzRun';
import { readReproducer, writeReproducers } from './reproducers';
import { FUZZ_GROUPS, isFuzzGroup, type FuzzGroup } from './seeds';
import { formatSummary } from './summary';

const USAGE =
  'usage: npm run fuzz -- [--cases N] [--seed N] [--group NAME]… [--out DIR] [--deadline MS] [--minimise-tries N] [--minimise-seconds S] [--no-minimise] | --replay DIR';

function options() {
  return parseArgs({
    options: {
      cases: { type: 'string', default: '1000' },
      seed: { type: 'string', default: '1' },
      group: { type: 'string', multiple: true },
      out: { type: 'string', default: path.join('out', 'fuzz') },
      deadline: { type: 'string', default: '10000' },
      'minimise-tries': { type: 'string', default: '200' },
      'minimise-seconds': { type: 'string', default: '30' },
      'no-minimise': { type: 'boolean', default: false },
      replay: { type: 'string' },
      help: { type: 'boolean', default: false },
    },
  }).values;
}

function wholeNumber(name: string, text: string): number {
  const value = Number(text);
  if (!Number.isSafeInteger(value) || value < 0) throw new Error(`--${name} must be a whole number, not '${text}'\n${USAGE}`);
  return value;
}

function groupsOf(names: string[] | undefined): FuzzGroup[] {
  const groups = (names ?? [...FUZZ_GROUPS]).flatMap((name) => name.split(','));
  const unknown = groups.filter((name) => !isFuzzGroup(name));
  if (unknown.length > 0) throw new Error(`unknown group ${unknown.join(', ')}: the groups are ${FUZZ_GROUPS.join(', ')}`);
  return groups as FuzzGroup[];
}

async function replay(folder: string, deadlineMs: number): Promise<number> {
  const { record, fuzzCase } = readReproducer(folder);
  const runner = new CaseRunner(deadlineMs);
  try {
    const result = await runner.run(fuzzCase);
    console.log(`${record.group} case from ${record.seed}, analysed as ${record.file}: ${Math.round(result.ms)} ms\n\n${preview(mutatedBytes(fuzzCase))}`);
    for (const found of result.violations) console.log(`\n[${found.kind}] ${found.signature}\n${found.message}`);
    return result.violations.length > 0 ? 1 : 0;
  } finally {
    runner.stop();
  }
}

async function main(): Promise<number> {
  const values = options();
  if (values.help) {
    console.log(USAGE);
    return 0;
  }
  const deadlineMs = wholeNumber('deadline', values.deadline);
  if (values.replay) return replay(values.replay, deadlineMs);
  const cases = wholeNumber('cases', values.cases);
  const fuzz: FuzzOptions = {
    seed: wholeNumber('seed', values.seed),
    cases: groupsOf(values.group).map((group) => [group, cases] as const),
    deadlineMs,
    minimise: values['no-minimise']
      ? undefined
      : { maxTries: wholeNumber('minimise-tries', values['minimise-tries']), seconds: wholeNumber('minimise-seconds', values['minimise-seconds']) },
    progress: (line) => console.error(line),
  };
  const summary = await runFuzz(fuzz);
  const folders = writeReproducers(values.out, summary.failures);
  console.log(formatSummary(summary, folders));
  return summary.failures.length > 0 ? 1 : 0;
}

main().then(
  (code) => process.exit(code),
  (error) => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(2);
  },
);
