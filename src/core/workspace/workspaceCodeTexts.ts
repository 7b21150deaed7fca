import { isCodeFile } from '../extract/code/extractCode';
import { discoverCostFiles } from './discover';
import { unreadableReason } from './fileLimits';

/**
 * The TS/JS/Python files of a workspace held in memory for a while, so that the calls of an exported
 * function can be looked for in the files that may import it without reading the workspace again
 * for every parameter. One copy per root, shared by the analyses of a scan and of the edits that
 * follow one another; dropped after `FRESH_FOR_MS`, so edits to other files are seen within that time.
 */
export interface CodeTexts {
  files: ReadonlyArray<{ path: string; text: string }>;
}

/** How long a copy of the workspace's code is searched before it is read again. */
const FRESH_FOR_MS = 30_000;
/** Larger workspaces are not searched: holding them would cost more memory than their callers are worth. */
const MAX_FILES = 10_000;
const MAX_TOTAL_BYTES = 64 * 1024 * 1024;

const copies = new Map<string, { readAt: number; texts: Promise<CodeTexts | undefined> }>();

/** The workspace's code files under `root` (absolute), read at most once per `FRESH_FOR_MS`; undefined when too large. */
export function workspaceCodeTexts(root: string, now: () => number = Date.now): Promise<CodeTexts | undefined> {
  const held = copies.get(root);
  if (held && now() - held.readAt < FRESH_FOR_MS) return held.texts;
  const texts = readCodeTexts(root);
  copies.set(root, { readAt: now(), texts });
  return texts;
}

/** Files whose text has `name` as a whole word (not `name` inside `rename` or `name_2`), in path order. */
export function filesMentioning(texts: CodeTexts, name: string): string[] {
  if (!/^[A-Za-z_$][\w$]*$/.test(name)) return [];
  const word = new RegExp(`(?<![\\w$])${name.replace(/\$/g, '\\$')}(?![\\w$])`);
  return texts.files.filter((file) => file.text.includes(name) && word.test(file.text)).map((file) => file.path);
}

async function readCodeTexts(root: string): Promise<CodeTexts | undefined> {
  let listed;
  try {
    listed = discoverCostFiles(root).filter((file) => isCodeFile(file.path));
  } catch {
    // A workspace that cannot be listed has no callers to follow; the analysis goes on without them.
    return undefined;
  }
  if (listed.length > MAX_FILES) return undefined;
  const files: Array<{ path: string; text: string }> = [];
  let total = 0;
  for (const file of listed) {
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
    files.push({ path: file.path, text: new TextDecoder('utf-8').decode(bytes) });
  }
  return { files };
}
