import * as fs from 'fs';
import * as path from 'path';
import { isCodeFile, mayContainLlmCalls } from '../extract/code/extractCode';
import type { HeldCodeFile, ImportedModules, LlmModules } from '../codeModel/sourceReader';
import { ImporterIndex, importedModules, importsOneOf, llmModulesOf } from '../resolve/importedModules';
import { discoverCostFiles } from './discover';
import { unreadableReason } from './fileLimits';
import { sharedString } from '../text/sharedStrings';

/**
 * The TS/JS/Python files of a workspace indexed for a while, so that the calls of an exported function
 * can be looked for in the files that may import it without reading the workspace again for every
 * parameter. Not their texts: a large tree's code held whole was most of the worker's heap (about
 * 50 MB of 170 on the 11,000-file bench tree). Each file keeps its distinct words (the runs of
 * letters, digits, `_` and `$`), which answer every question the searches ask exactly, whether its
 * text passes the pre-filter, and its imports. One index per root, shared by the analyses of a scan
 * and of the edits that follow one another; checked again after `FRESH_FOR_MS` (files listed again,
 * and read again only when their size or time changed), so edits to other files are seen within
 * that time.
 */
export interface CodeIndex {
  files: readonly IndexedCodeFile[];
}

/** How long a copy of the workspace's code is searched before it is read again. */
const FRESH_FOR_MS = 30_000;
/** Larger workspaces are not searched: holding them would cost more memory than their callers are worth. */
const MAX_FILES = 10_000;
const MAX_TOTAL_BYTES = 64 * 1024 * 1024;

/**
 * What the index keeps of one code file. Its words are the file's distinct runs of `[A-Za-z0-9_$]`,
 * each on a line of its own: a name occurs in the text as a whole word exactly when it is one of
 * them, and a fragment of those characters occurs in the text exactly when it occurs in one of them
 * (it cannot span another character). Deduplicated, they are about a third of the text.
 */
export class IndexedCodeFile implements HeldCodeFile {
  private readonly words: string;
  /** Whether the text passes the pre-filter (`mayContainLlmCalls`). */
  readonly callsLlm: boolean;
  readonly imports: ImportedModules;

  constructor(
    readonly path: string,
    text: string,
    /** What the file's stat said when it was read: a file whose size and time are unchanged is not read again. */
    readonly stamp = '',
    /** Its size on disk, counted against MAX_TOTAL_BYTES. */
    readonly bytes = text.length,
  ) {
    const words = new Set(text.split(NOT_WORD));
    words.delete('');
    this.words = `\n${[...words].join('\n')}\n`;
    this.callsLlm = mayContainLlmCalls(text);
    this.imports = heldImports(importedModules(text, path));
  }

  /** Whether the text has `name` as a whole word: not inside `rename` or `name_2`. */
  mentions(name: string): boolean {
    return this.words.includes(`\n${name}\n`);
  }

  contains(fragment: string): boolean | undefined {
    return WORD.test(fragment) ? this.words.includes(fragment) : undefined;
  }
}

/**
 * A file's imports as the index holds them. Copied, since parts of the text cut out of it (V8's
 * sliced strings) would keep the whole text alive; and sharing their strings with the files held
 * before: the files of a folder import the same modules, and each Python import lists a path in
 * every folder above the file (3.5 MB of the index on the 11,000-file bench tree).
 */
function heldImports(imports: ImportedModules): ImportedModules {
  const copy = structuredClone(imports);
  return { paths: copy.paths.map(sharedString), others: copy.others.map((parts) => parts.map(sharedString)) };
}

const NOT_WORD = /[^\w$]+/;
const WORD = /^[\w$]+$/;

const indexes = new Map<string, { readAt: number; index: Promise<CodeIndex | undefined> }>();

/** The workspace's code files under `root` (absolute), checked at most once per `FRESH_FOR_MS`; undefined when too large. */
export function workspaceCodeIndex(root: string, now: () => number = Date.now): Promise<CodeIndex | undefined> {
  const held = indexes.get(root);
  if (held && now() - held.readAt < FRESH_FOR_MS) return held.index;
  const index = (held?.index ?? Promise.resolve(undefined)).then((before) => indexCode(root, before));
  indexes.set(root, { readAt: now(), index });
  return index;
}

/** Drops the index held for `root` (absolute): the next search reads the workspace again. */
export function forgetCodeIndex(root: string): void {
  indexes.delete(root);
}

const LLM_MODULES = new WeakMap<CodeIndex, LlmModules>();

/**
 * How many import steps from a module that calls an LLM a file may be and still be read: a task's
 * entry (`server.ts` → `pipeline.ts` → `classify.ts`) is only seen by reading the files in between.
 */
const IMPORT_STEPS = 3;

/**
 * The files passing the pre-filter, and the files importing them, up to IMPORT_STEPS away; once per
 * index. Files `notRead` rejects (an SDK's own source) are neither.
 */
export function llmModules(index: CodeIndex, notRead: (file: string) => boolean = () => false): LlmModules {
  let modules = LLM_MODULES.get(index);
  if (modules) return modules;
  const found: string[] = [];
  let rest: IndexedCodeFile[] = [];
  for (const file of index.files) {
    if (notRead(file.path)) continue;
    if (file.callsLlm) found.push(file.path);
    else rest.push(file);
  }
  modules = llmModulesOf(found);
  for (let step = 0; step < IMPORT_STEPS && rest.length > 0; step++) {
    const known = modules;
    const reached = new Set(rest.filter((file) => importsOneOf(file.imports, known)));
    if (reached.size === 0) break;
    for (const file of reached) found.push(file.path);
    modules = llmModulesOf(found);
    rest = rest.filter((file) => !reached.has(file));
  }
  LLM_MODULES.set(index, modules);
  return modules;
}

const FILES_BY_PATH = new WeakMap<CodeIndex, ReadonlyMap<string, IndexedCodeFile>>();

/** An indexed file by its path, the map built once per index. */
export function indexedFile(index: CodeIndex, file: string): IndexedCodeFile | undefined {
  let byPath = FILES_BY_PATH.get(index);
  if (!byPath) FILES_BY_PATH.set(index, (byPath = new Map(index.files.map((indexed) => [indexed.path, indexed]))));
  return byPath.get(file);
}

const MENTIONS = new WeakMap<CodeIndex, Map<string, string[]>>();

/**
 * Files whose text has `name` as a whole word (not `name` inside `rename` or `name_2`), in path
 * order (JavaScript's default sort of their paths).
 * Kept per index and name: every analysis of a scan asks for the names of the functions it follows,
 * and a pass over every file per question made a scan quadratic in the workspace's size.
 */
export function filesMentioning(index: CodeIndex, name: string): string[] {
  let byName = MENTIONS.get(index);
  if (!byName) MENTIONS.set(index, (byName = new Map()));
  let files = byName.get(name);
  if (!files) {
    files = /^[A-Za-z_$][\w$]*$/.test(name) ? index.files.filter((file) => file.mentions(name)).map((file) => file.path) : [];
    // Sorted once here: the search for callers walks them in this order.
    byName.set(name, files.sort());
  }
  // A copy: callers may sort or extend the list they get.
  return [...files];
}

const CONTAINING = new WeakMap<CodeIndex, Map<string, ReadonlySet<string>>>();
/** Fragments whose files are kept per index: the module stems a scan's caller searches look for. */
const MAX_KEPT_FRAGMENTS = 256;

/**
 * The files whose text contains `fragment` (as `IndexedCodeFile.contains` answers for each), by
 * path; undefined when the index cannot tell (a fragment with characters other than letters,
 * digits, `_` and `$`). Kept per index and fragment: the search for an exported function's callers
 * asks whether each file naming the function names its module too, and where hundreds of files
 * share a function's name (copies of an app, generated clients) the same few module names were
 * checked against the same files about 1.7 million times on the 11,000-file bench tree (1.3 s).
 */
export function filesContaining(index: CodeIndex, fragment: string): ReadonlySet<string> | undefined {
  if (!WORD.test(fragment)) return undefined;
  let byFragment = CONTAINING.get(index);
  if (!byFragment) CONTAINING.set(index, (byFragment = new Map()));
  let files = byFragment.get(fragment);
  if (!files) {
    files = new Set(index.files.filter((file) => file.contains(fragment)).map((file) => file.path));
    if (byFragment.size >= MAX_KEPT_FRAGMENTS) byFragment.clear();
    byFragment.set(fragment, files);
  }
  return files;
}

const IMPORTERS = new WeakMap<CodeIndex, ImporterIndex>();

/** The indexed files whose imports may load `target` (`mayLoad`), from an index of their imports made once per index. */
export function filesImporting(index: CodeIndex, target: string): ReadonlySet<string> {
  let importers = IMPORTERS.get(index);
  if (!importers) IMPORTERS.set(index, (importers = new ImporterIndex(index.files)));
  return importers.importersOf(target);
}

async function indexCode(root: string, before: CodeIndex | undefined): Promise<CodeIndex | undefined> {
  const previous = new Map(before?.files.map((file) => [file.path, file]));
  let listed;
  try {
    listed = discoverCostFiles(root).filter((file) => isCodeFile(file.path));
  } catch {
    // A workspace that cannot be listed has no callers to follow; the analysis goes on without them.
    return undefined;
  }
  if (listed.length > MAX_FILES) return undefined;
  const files: IndexedCodeFile[] = [];
  let total = 0;
  for (const file of listed) {
    const stamp = await stampOf(path.join(root, file.path));
    const known = previous.get(file.path);
    if (known && stamp !== undefined && known.stamp === stamp) {
      total += known.bytes;
      if (total > MAX_TOTAL_BYTES) return undefined;
      files.push(known);
      continue;
    }
    let bytes;
    try {
      bytes = await file.read();
    } catch {
      // An unreadable file calls nothing that can be seen.
      continue;
    }
    if (!ArrayBuffer.isView(bytes) || unreadableReason(bytes, file.path)) continue;
    total += bytes.byteLength;
    if (total > MAX_TOTAL_BYTES) return undefined;
    files.push(new IndexedCodeFile(file.path, new TextDecoder('utf-8').decode(bytes), stamp ?? '', bytes.byteLength));
  }
  // Nothing changed: the same index, so that what was worked out from it (the LLM modules, the files
  // naming each function) is kept. A new index every FRESH_FOR_MS made all of it be worked out again
  // twice a minute, and a long scan of a large tree quadratic in its size.
  if (before && files.length === before.files.length && files.every((file, i) => file === before.files[i])) return before;
  return { files };
}

/** Size and modification time, or undefined when the file cannot be stat'ed (it is then read again). */
async function stampOf(full: string): Promise<string | undefined> {
  try {
    const stats = await fs.promises.stat(full);
    return `${stats.size}:${stats.mtimeMs}`;
  } catch {
    return undefined;
  }
}
