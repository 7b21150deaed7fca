import * as fs from 'fs';
import * as path from 'path';
import type { SourceReader } from '../codeModel/sourceReader';
import { isInside, readRegularFile } from './diskFile';
import { looksBinary } from './fileLimits';
import { importsLlmModule, mayContainLlmCalls } from '../extract/code/extractCode';
import { filesMentioning, forgetCodeTexts, heldText, llmModuleNames, workspaceCodeTexts } from './workspaceCodeTexts';

/** Largest file read while resolving imports and prompt files read by code. */
const MAX_BYTES = 1_000_000;

/**
 * Reads workspace files from disk, relative to the scanned root; never outside it, links included:
 * the path is checked as written and again once every link in it is resolved. Only regular text
 * files up to 1 MB are read, so an import of a named pipe or a device cannot hang the analysis.
 * The calls of an exported function are looked for in a copy of the workspace's code held for a while.
 */
export function fileSourceReader(root: string): SourceReader {
  const base = path.resolve(root);
  // One reader per root, so that what it holds (callers found in other files) serves every analysis.
  const known = readers.get(base);
  if (known) return known;
  const reader = newFileSourceReader(base);
  readers.set(base, reader);
  return reader;
}

const readers = new Map<string, SourceReader>();

/**
 * Forgets what is held of the workspace under `root` — its code and what other files pass to its
 * functions — once a file of it changed (the editor says so): the next analysis reads them again.
 */
export function forgetWorkspaceFiles(root: string): void {
  const base = path.resolve(root);
  readers.delete(base);
  forgetCodeTexts(base);
}

function newFileSourceReader(base: string): SourceReader {
  let realBase: Promise<string> | undefined;
  return {
    async read(relativePath) {
      const full = path.resolve(base, relativePath);
      if (!isInside(base, full)) return undefined;
      try {
        realBase ??= fs.promises.realpath(base);
        const [realRoot, real] = await Promise.all([realBase, fs.promises.realpath(full)]);
        // A link inside the workspace may lead out of it: what would be read is where it leads.
        if (!isInside(realRoot, real)) return undefined;
        const bytes = await readRegularFile(real, MAX_BYTES);
        if (!ArrayBuffer.isView(bytes) || looksBinary(bytes)) return undefined;
        return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('utf8');
      } catch {
        // A file that cannot be read is what `undefined` means to a SourceReader: its value stays unknown.
        return undefined;
      }
    },
    async filesMentioning(name) {
      const texts = await workspaceCodeTexts(base);
      return texts && filesMentioning(texts, name);
    },
    async llmModuleNames() {
      const texts = await workspaceCodeTexts(base);
      return texts && llmModuleNames(texts, mayContainLlmCalls, importsLlmModule);
    },
    async heldCodeText(relativePath) {
      const texts = await workspaceCodeTexts(base);
      if (!texts) return undefined;
      const text = heldText(texts, relativePath);
      return text === undefined ? {} : { text };
    },
  };
}
