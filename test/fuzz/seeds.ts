import * as fs from 'fs';
import * as path from 'path';
import { grammarForFile } from '../../src/core/extract/code/treeSitter';
import { promptFileFormat } from '../../src/core/extract/promptFiles';
import { PROJECT_CONFIG_FILE } from '../../src/core/volume/projectConfig';

/** What a case mutates: prompt files, TypeScript/JavaScript, Python, or promptcost.yaml. */
export const FUZZ_GROUPS = ['prompt-files', 'typescript', 'python', 'config'] as const;
export type FuzzGroup = (typeof FUZZ_GROUPS)[number];

export function isFuzzGroup(name: string): name is FuzzGroup {
  return (FUZZ_GROUPS as readonly string[]).includes(name);
}

export const FIXTURES = path.join(__dirname, '..', 'fixtures');

/**
 * The fixture folders that play a workspace root, most specific first: a seed's path relative to
 * its root is the name it is analysed under, and its root is where imports and linked prompt
 * files are read from (as the unit tests of each folder do).
 */
const WORKSPACE_ROOTS = ['workspace', 'code/ts', 'code/py', 'sdks', 'promptFiles'];

/** A fixture file the fuzzer starts from. */
export interface Seed {
  group: FuzzGroup;
  /** Relative to test/fixtures, `/` separators: how reproducers name their origin. */
  fixture: string;
  /** The workspace-root folder, relative to test/fixtures. */
  root: string;
  /** Relative to the root: the name the file is analysed under. */
  file: string;
  bytes: Uint8Array;
}

export function groupOf(file: string): FuzzGroup | undefined {
  if (path.posix.basename(file) === PROJECT_CONFIG_FILE) return 'config';
  if (promptFileFormat(file)) return 'prompt-files';
  const grammar = grammarForFile(file);
  if (grammar === 'python') return 'python';
  return grammar ? 'typescript' : undefined;
}

/** Every seed of every group, sorted by fixture path so that case generation is the same on every machine. */
export function loadSeeds(fixtures: string = FIXTURES): Seed[] {
  const seeds: Seed[] = [];
  for (const fixture of listFiles(fixtures)) {
    const group = groupOf(fixture);
    const root = WORKSPACE_ROOTS.find((candidate) => fixture.startsWith(`${candidate}/`));
    if (!group || !root) continue;
    seeds.push({ group, fixture, root, file: fixture.slice(root.length + 1), bytes: fs.readFileSync(path.join(fixtures, fixture)) });
  }
  return seeds;
}

function listFiles(folder: string, prefix = ''): string[] {
  const entries = fs.readdirSync(path.join(folder, prefix), { withFileTypes: true });
  const names = entries.map((entry) => ({ relative: prefix ? `${prefix}/${entry.name}` : entry.name, folder: entry.isDirectory() }));
  return names.flatMap(({ relative, folder: isFolder }) => (isFolder ? listFiles(folder, relative) : [relative])).sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
}
