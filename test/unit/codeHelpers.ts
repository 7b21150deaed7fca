import * as assert from 'assert';
import { readdir, readFile } from 'fs/promises';
import * as path from 'path';
import type { CallSite, CodeFile, CodeValue, InsertionPoint } from '../../src/core/codeModel/codeModel';
import { parseCode } from '../../src/core/extract/code/parseCode';
import { isCodeFile } from '../../src/core/extract/code/extractCode';
import {
  filesContaining,
  filesImporting,
  filesMentioning,
  IndexedCodeFile,
  indexedFile,
  llmModules,
  type CodeIndex,
} from '../../src/core/workspace/workspaceCodeIndex';
import { NO_OTHER_FILES, type SourceReader } from '../../src/core/codeModel/sourceReader';
import { LineIndex } from '../../src/core/text/lineIndex';
import type { Range, Segment } from '../../src/core/types';

export const CODE_FIXTURES = path.join(__dirname, '..', 'fixtures', 'code');

/** The code files of a fixture folder, indexed as the disk reader indexes a workspace's. */
async function codeIndex(root: string): Promise<CodeIndex> {
  const entries = await readdir(root, { recursive: true, withFileTypes: true });
  const files = entries
    .filter((entry) => entry.isFile() && isCodeFile(entry.name))
    .map((entry) => path.relative(root, path.join(entry.parentPath, entry.name)).split(path.sep).join('/'));
  return { files: await Promise.all(files.map(async (file) => new IndexedCodeFile(file, await readFile(path.join(root, file), 'utf8')))) };
}

/** Reads files of one fixture folder, which plays the workspace root, and searches its code as the editor's reader does. */
export function folderReader(folder: string): SourceReader {
  const root = path.join(CODE_FIXTURES, folder);
  return {
    async read(relativePath) {
      try {
        return await readFile(path.join(root, ...relativePath.split('/')), 'utf8');
      } catch {
        return undefined;
      }
    },
    async filesMentioning(name) {
      return filesMentioning(await codeIndex(root), name);
    },
    async llmModules() {
      return llmModules(await codeIndex(root));
    },
  };
}

/**
 * `folderReader` with the disk reader's index questions too: each file's entry, and the files
 * containing a fragment (answered by `containing` when given). `asked` records the fragments asked.
 */
export function indexedFolderReader(folder: string, containing?: (fragment: string) => ReadonlySet<string>): SourceReader & { asked: string[] } {
  const plain = folderReader(folder);
  const index = codeIndex(path.join(CODE_FIXTURES, folder));
  const asked: string[] = [];
  return {
    ...plain,
    asked,
    async heldCodeFile(relativePath) {
      return indexedFile(await index, relativePath) ?? null;
    },
    async filesImporting(target) {
      return filesImporting(await index, target);
    },
    async filesContaining(fragment) {
      asked.push(fragment);
      return containing ? containing(fragment) : filesContaining(await index, fragment);
    },
  };
}

export async function parseFixture(folder: 'ts' | 'py', file: string): Promise<{ source: string; code: CodeFile }> {
  const reader = folderReader(folder);
  const source = (await reader.read(file)) ?? '';
  const code = await parseCode(source, file, reader);
  assert.ok(code, `${file} parses`);
  return { source, code };
}

export async function parseSnippet(source: string, file: string, reader: SourceReader = NO_OTHER_FILES): Promise<CodeFile> {
  const code = await parseCode(source, file, reader);
  assert.ok(code, `${file} parses`);
  return code;
}

export function range(startLine: number, startCharacter: number, endLine: number, endCharacter: number): Range {
  return { start: { line: startLine, character: startCharacter }, end: { line: endLine, character: endCharacter } };
}

/** The range of the `occurrence`-th (0-based) appearance of `needle` in `source`. */
export function locate(source: string, needle: string, occurrence = 0): Range {
  let at = -1;
  for (let i = 0; i <= occurrence; i++) {
    at = source.indexOf(needle, at + 1);
    assert.ok(at >= 0, `${JSON.stringify(needle)} occurs ${occurrence + 1} times`);
  }
  return new LineIndex(source).range(at, at + needle.length);
}

/** The range of `needle` inside the first appearance of `context` (for needles that occur often). */
export function locateIn(source: string, context: string, needle: string): Range {
  const at = source.indexOf(context);
  const inner = context.indexOf(needle);
  assert.ok(at >= 0 && inner >= 0, `${JSON.stringify(needle)} in ${JSON.stringify(context)}`);
  return new LineIndex(source).range(at + inner, at + inner + needle.length);
}

export function text(value: string, at: Range): Segment {
  return { kind: 'static', text: value, range: at };
}

export function dynamic(value: string, name: string, at: Range): Segment {
  return { kind: 'dynamic', text: value, name, dynamicKind: 'variable', range: at };
}

/** A string value. */
export function str(segments: Segment[], at: Range, origin?: Extract<CodeValue, { kind: 'string' }>['origin']): CodeValue {
  const value: CodeValue = { kind: 'string', segments, range: at };
  if (origin) value.origin = origin;
  return value;
}

/** The `occurrence`-th call whose callee reads `callee`. */
export function callTo(code: CodeFile, callee: string, occurrence = 0): CallSite {
  const matches = code.calls.filter((site) => site.call.callee === callee);
  assert.ok(matches.length > occurrence, `a call to ${callee} (have: ${code.calls.map((site) => site.call.callee).join(', ')})`);
  return matches[occurrence];
}

/** The source with `entry` written at an insertion point, as a quick fix would. */
export function applyInsertion(source: string, insertion: InsertionPoint, entry: string): string {
  const offset = new LineIndex(source).offsetAt(insertion.position);
  return source.slice(0, offset) + insertion.before + entry + insertion.after + source.slice(offset);
}

/** An object / keyword-argument value's entry by key. */
export function entry(value: CodeValue | undefined, key: string): CodeValue | undefined {
  assert.ok(value?.kind === 'object', 'an object');
  return value.entries.find((candidate) => candidate.key === key)?.value;
}
