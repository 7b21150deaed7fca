import * as fs from 'fs';
import * as path from 'path';
import { isCodeFile } from '../extract/code/extractCode';
import type { LlmModules } from '../codeModel/sourceReader';
import { importedModules, importsOneOf, llmModulesOf, type ImportedModules } from '../resolve/importedModules';
import { discoverCostFiles } from './discover';
import { unreadableReason } from './fileLimits';

/**
 * The TS/JS/Python files of a workspace held in memory for a while, so that the calls of an exported
 * function can be looked for in the files that may import it without reading the workspace again
 * for every parameter. One copy per root, shared by the analyses of a scan and of the edits that
 * follow one another; checked again after `FRESH_FOR_MS` (files listed again, and read again only
 * when their size or time changed), so edits to other files are seen within that time.
 */
export interface CodeTexts {
  files: ReadonlyArray<{ path: string; text: string }>;
}

/** How long a copy of the workspace's code is searched before it is read again. */
const FRESH_FOR_MS = 30_000;
/** Larger workspaces are not searched: holding them would cost more memory than their callers are worth. */
const MAX_FILES = 10_000;
const MAX_TOTAL_BYTES = 64 * 1024 * 1024;

interface HeldFile {
  path: string;
  text: string;
  /** What the file's stat said when it was read: a file whose size and time are unchanged is not read again. */
  stamp: string;
}

const copies = new Map<string, { readAt: number; texts: Promise<HeldTexts | undefined> }>();

interface HeldTexts extends CodeTexts {
  files: HeldFile[];
}

/** The workspace's code files under `root` (absolute), checked at most once per `FRESH_FOR_MS`; undefined when too large. */
export function workspaceCodeTexts(root: string, now: () => number = Date.now): Promise<CodeTexts | undefined> {
  const held = copies.get(root);
  if (held && now() - held.readAt < FRESH_FOR_MS) return held.texts;
  const texts = (held?.texts ?? Promise.resolve(undefined)).then((before) => readCodeTexts(root, before));
  copies.set(root, { readAt: now(), texts });
  return texts;
}

/** Drops the copy held for `root` (absolute): the next search reads the workspace again. */
export function forgetCodeTexts(root: string): void {
  copies.delete(root);
}

const LLM_MODULES = new WeakMap<CodeTexts, LlmModules>();

/**
 * How many import steps from a module that calls an LLM a file may be and still be read: a task's
 * entry (`server.ts` → `pipeline.ts` → `classify.ts`) is only seen by reading the files in between.
 */
const IMPORT_STEPS = 3;

/**
 * The files passing `callsLlm`, and the files importing them, up to IMPORT_STEPS away; once per copy.
 * Files `notRead` rejects (an SDK's own source) are neither.
 */
export function llmModules(texts: CodeTexts, callsLlm: (text: string) => boolean, notRead: (file: string) => boolean = () => false): LlmModules {
  let modules = LLM_MODULES.get(texts);
  if (modules) return modules;
  const found: string[] = [];
  let rest: Array<{ path: string; imports: ImportedModules }> = [];
  for (const file of texts.files) {
    if (notRead(file.path)) continue;
    if (callsLlm(file.text)) found.push(file.path);
    else rest.push({ path: file.path, imports: importedModules(file.text, file.path) });
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
  LLM_MODULES.set(texts, modules);
  return modules;
}

const TEXTS_BY_PATH = new WeakMap<CodeTexts, ReadonlyMap<string, string>>();

/** A held file's text by its path, the map built once per copy. */
export function heldText(texts: CodeTexts, file: string): string | undefined {
  let byPath = TEXTS_BY_PATH.get(texts);
  if (!byPath) TEXTS_BY_PATH.set(texts, (byPath = new Map(texts.files.map((held) => [held.path, held.text]))));
  return byPath.get(file);
}

const MENTIONS = new WeakMap<CodeTexts, Map<string, string[]>>();

/**
 * Files whose text has `name` as a whole word (not `name` inside `rename` or `name_2`), in path order.
 * Kept per copy and name: every analysis of a scan asks for the names of the functions it follows,
 * and a pass over every held text per question made a scan quadratic in the workspace's size.
 */
export function filesMentioning(texts: CodeTexts, name: string): string[] {
  let byName = MENTIONS.get(texts);
  if (!byName) MENTIONS.set(texts, (byName = new Map()));
  let files = byName.get(name);
  if (!files) byName.set(name, (files = searchMentions(texts, name)));
  // A copy: callers may sort or extend the list they get.
  return [...files];
}

function searchMentions(texts: CodeTexts, name: string): string[] {
  if (!/^[A-Za-z_$][\w$]*$/.test(name)) return [];
  const word = new RegExp(`(?<![\\w$])${name.replace(/\$/g, '\\$')}(?![\\w$])`);
  return texts.files.filter((file) => file.text.includes(name) && word.test(file.text)).map((file) => file.path);
}

async function readCodeTexts(root: string, before: HeldTexts | undefined): Promise<HeldTexts | undefined> {
  const previous = new Map(before?.files.map((file) => [file.path, file]));
  let listed;
  try {
    listed = discoverCostFiles(root).filter((file) => isCodeFile(file.path));
  } catch {
    // A workspace that cannot be listed has no callers to follow; the analysis goes on without them.
    return undefined;
  }
  if (listed.length > MAX_FILES) return undefined;
  const files: HeldFile[] = [];
  let total = 0;
  for (const file of listed) {
    const stamp = await stampOf(path.join(root, file.path));
    const known = previous.get(file.path);
    if (known && stamp !== undefined && known.stamp === stamp) {
      total += Buffer.byteLength(known.text);
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
    files.push({ path: file.path, text: new TextDecoder('utf-8').decode(bytes), stamp: stamp ?? '' });
  }
  // Nothing changed: the same copy, so that what was worked out from it (the LLM modules, the files
  // naming each function) is kept. A new copy every FRESH_FOR_MS made all of it be worked out again
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
