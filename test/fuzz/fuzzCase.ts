import { grammarForFile } from '../../src/core/extract/code/treeSitter';
import { promptFileFormat } from '../../src/core/extract/promptFiles';
import { MUTATORS } from './mutators';
import { caseRandom } from './random';
import type { FuzzGroup, Seed } from './seeds';

/** One input to run through the pipeline: what the worker receives, and what a reproducer records. */
export interface FuzzCase {
  group: FuzzGroup;
  /** The run's seed and the case's index in its group: together with the fixtures they rebuild the case. */
  runSeed: number;
  index: number;
  /** The fixture the case was made from (relative to test/fixtures). */
  seed: string;
  /** The workspace-root folder, relative to test/fixtures. */
  root: string;
  /** The analysed file, relative to the root. */
  file: string;
  /** The analysed file's bytes: mutated, except in the `config` group. */
  bytes: Uint8Array;
  /** promptcost.yaml's bytes: the root's own, mutated in the `config` group; absent when the root has none. */
  config?: Uint8Array;
  /** Names of the mutators applied, in order. */
  mutators: string[];
}

/**
 * Case `index` of a group for a run seed: a seed of the group, one to three mutators applied in
 * order. In the `config` group the mutated file is promptcost.yaml and the analysed file is another
 * seed of the same root, unmutated.
 */
export function generateCase(seeds: readonly Seed[], runSeed: number, group: FuzzGroup, index: number): FuzzCase {
  const random = caseRandom(runSeed, group, index);
  const pool = seeds.filter((seed) => seed.group === group);
  if (pool.length === 0) throw new Error(`No seeds in group ${group}`);
  const seed = random.pick(pool);
  const donors = pool.filter((other) => other !== seed).map((other) => other.bytes);
  let mutated = seed.bytes;
  const mutators: string[] = [];
  for (let count = random.between(1, 3); count > 0; count--) {
    const mutator = random.pick(MUTATORS);
    mutated = mutator.apply(mutated, { random, donors });
    mutators.push(mutator.name);
  }
  const config = seeds.find((candidate) => candidate.group === 'config' && candidate.root === seed.root);
  const base = { group, runSeed, index, seed: seed.fixture, root: seed.root, mutators };
  if (group !== 'config') return { ...base, file: seed.file, bytes: mutated, config: config?.bytes };
  const analysed = random.pick(seeds.filter((candidate) => candidate.group !== 'config' && candidate.root === seed.root));
  return { ...base, file: analysed.file, bytes: analysed.bytes, config: mutated };
}

/** The bytes the case mutated: what the minimiser shrinks. */
export function mutatedBytes(fuzzCase: FuzzCase): Uint8Array {
  return fuzzCase.group === 'config' ? (fuzzCase.config ?? new Uint8Array()) : fuzzCase.bytes;
}

/** The case with other bytes in place of its mutated ones. */
export function withMutatedBytes(fuzzCase: FuzzCase, bytes: Uint8Array): FuzzCase {
  return fuzzCase.group === 'config' ? { ...fuzzCase, config: bytes } : { ...fuzzCase, bytes };
}

/** What kind of file the case analyses (`prompty`, `python`, …), or promptcost.yaml in the config group: hangs and slow cases are told apart by it. */
export function inputKind(fuzzCase: FuzzCase): string {
  if (fuzzCase.group === 'config') return 'promptcost.yaml';
  return promptFileFormat(fuzzCase.file) ?? grammarForFile(fuzzCase.file) ?? fuzzCase.file;
}
