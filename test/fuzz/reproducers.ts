import * as fs from 'fs';
import * as path from 'path';
import { PROJECT_CONFIG_FILE } from '../../src/core/volume/projectConfig';
import { preview } from './bytes';
import { withMutatedBytes, type FuzzCase } from './fuzzCase';
import type { Failure } from './fuzzRun';
import { hashSeed } from './random';
import { FIXTURES, isFuzzGroup } from './seeds';

/** The sidecar written next to each reproducer: enough to rebuild the case and to know where it came from. */
export interface FailureRecord {
  class: string;
  signature: string;
  message: string;
  group: string;
  runSeed: number;
  caseIndex: number;
  /** The fixture the case was made from, relative to test/fixtures. */
  seed: string;
  /** The workspace-root folder the case ran in, relative to test/fixtures. */
  root: string;
  /** The name the file was analysed under, relative to the root (in the config group: the file analysed with the mutated promptcost.yaml). */
  file: string;
  mutators: string[];
  /** Cases of the run that failed the same way. */
  cases: number;
  /** The reproducer, next to this file. */
  reproducer: string;
  originalBytes: number;
  reproducerBytes: number;
  minimiseTries: number;
  reproduces?: boolean;
  /** The reproducer as readable text (see `preview`): enough to read most failures without opening the file. */
  preview: string;
}

export const SIDECAR = 'failure.json';

/** Writes each failure's reproducer and sidecar into `<out>/<class>/<signature slug>/`; returns those folders. */
export function writeReproducers(out: string, failures: readonly Failure[]): string[] {
  return failures.map((failure) => {
    const folder = path.join(out, failure.violation.kind, folderName(failure.violation.signature));
    fs.mkdirSync(folder, { recursive: true });
    const record = recordOf(failure);
    fs.writeFileSync(path.join(folder, record.reproducer), failure.reproducer);
    fs.writeFileSync(path.join(folder, SIDECAR), `${JSON.stringify(record, null, 2)}\n`);
    return folder;
  });
}

/** Stable per signature, so that the same bug lands in the same folder run after run. */
function folderName(signature: string): string {
  const slug = signature
    .slice(signature.indexOf(':') + 1)
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '')
    .slice(0, 48);
  return `${slug}-${hashSeed(signature).toString(16).padStart(8, '0')}`;
}

function recordOf({ violation, fuzzCase, cases, reproducer, minimiseTries, reproduces }: Failure): FailureRecord {
  return {
    class: violation.kind,
    signature: violation.signature,
    message: violation.message,
    group: fuzzCase.group,
    runSeed: fuzzCase.runSeed,
    caseIndex: fuzzCase.index,
    seed: fuzzCase.seed,
    root: fuzzCase.root,
    file: fuzzCase.file,
    mutators: fuzzCase.mutators,
    cases,
    reproducer: fuzzCase.group === 'config' ? PROJECT_CONFIG_FILE : path.posix.basename(fuzzCase.file),
    originalBytes: (fuzzCase.group === 'config' ? fuzzCase.config : fuzzCase.bytes)?.length ?? 0,
    reproducerBytes: reproducer.length,
    minimiseTries,
    ...(reproduces === undefined ? {} : { reproduces }),
    preview: preview(reproducer),
  };
}

/**
 * The case a reproducer folder (or its sidecar) stands for: the reproducer in place of the
 * mutated file, the rest (the analysed file of a config case, the root's promptcost.yaml) read
 * from the fixtures again.
 */
export function readReproducer(folderOrSidecar: string): { record: FailureRecord; fuzzCase: FuzzCase } {
  const sidecar = folderOrSidecar.endsWith('.json') ? folderOrSidecar : path.join(folderOrSidecar, SIDECAR);
  const record = JSON.parse(fs.readFileSync(sidecar, 'utf8')) as FailureRecord;
  if (!isFuzzGroup(record.group)) throw new Error(`${sidecar}: unknown group ${record.group}`);
  const root = path.join(FIXTURES, record.root);
  const fixtureConfig = path.join(root, PROJECT_CONFIG_FILE);
  const base: FuzzCase = {
    group: record.group,
    runSeed: record.runSeed,
    index: record.caseIndex,
    seed: record.seed,
    root: record.root,
    file: record.file,
    bytes: record.group === 'config' ? fs.readFileSync(path.join(root, record.file)) : new Uint8Array(),
    config: fs.existsSync(fixtureConfig) ? fs.readFileSync(fixtureConfig) : undefined,
    mutators: record.mutators,
  };
  return { record, fuzzCase: withMutatedBytes(base, fs.readFileSync(path.join(path.dirname(sidecar), record.reproducer))) };
}
