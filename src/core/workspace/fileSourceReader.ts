import * as fs from 'fs';
import * as path from 'path';
import type { SourceReader } from '../codeModel/sourceReader';
import { isInside, readRegularFile } from './diskFile';
import { looksBinary } from './fileLimits';
import { filesContaining, filesImporting, filesMentioning, forgetCodeIndex, indexedFile, llmModules, workspaceCodeIndex } from './workspaceCodeIndex';
import { SdkPackageSources } from './sdkPackageSources';

/** Largest file read while resolving imports and prompt files read by code. */
const MAX_BYTES = 1_000_000;

/**
 * Reads workspace files from disk, relative to the scanned root; never outside it, links included:
 * the path is checked as written and again once every link in it is resolved. Only regular text
 * files up to 1 MB are read, so an import of a named pipe or a device cannot hang the analysis.
 * The calls of an exported function are looked for in an index of the workspace's code held for a while.
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
  forgetCodeIndex(base);
}

/**
 * How long a file read here is reused by later analyses: as long as the index of the workspace's code
 * (workspaceCodeIndex.ts). A scan analyses each file in a session of its own, and every session reads
 * the modules its file imports — and probes each import's candidate paths (`./x.ts`, `./x/index.ts`,
 * `x/__init__.py`…), most of which do not exist. Without this, a scan of a large tree spent about a
 * seventh of its CPU in those repeated reads. The editor forgets the reader when a file changes.
 */
const READ_FRESH_MS = 30_000;
/** Reads held at most, so that a scan of a huge tree does not keep a second copy of it. */
const MAX_HELD_READS = 2_000;

function newFileSourceReader(base: string): SourceReader {
  let realBase: Promise<string> | undefined;
  const reads = new Map<string, { at: number; text: Promise<string | undefined> }>();
  const readFromDisk = async (full: string): Promise<string | undefined> => {
    // Most probes name no file: asking first costs no thrown error (creating one is what made them slow).
    if (!fs.existsSync(full)) return undefined;
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
  };
  const sdkSources = new SdkPackageSources((relativePath) => readManifest(base, relativePath));
  const sdkPackageOwning = (relativePath: string) => sdkSources.owner(relativePath);
  return {
    read(relativePath) {
      const full = path.resolve(base, relativePath);
      if (!isInside(base, full)) return Promise.resolve(undefined);
      const held = reads.get(full);
      if (held && Date.now() - held.at < READ_FRESH_MS) return held.text;
      const text = readFromDisk(full);
      if (reads.size >= MAX_HELD_READS) reads.clear();
      reads.set(full, { at: Date.now(), text });
      return text;
    },
    async filesMentioning(name) {
      const index = await workspaceCodeIndex(base);
      return index && filesMentioning(index, name);
    },
    async llmModules() {
      const index = await workspaceCodeIndex(base);
      // An SDK's own source is not read for calls, so it leads no importer to be read either.
      return index && llmModules(index, (file) => sdkPackageOwning(file) !== undefined);
    },
    async filesContaining(fragment) {
      const index = await workspaceCodeIndex(base);
      return index && filesContaining(index, fragment);
    },
    async heldCodeFile(relativePath) {
      const index = await workspaceCodeIndex(base);
      return index && (indexedFile(index, relativePath) ?? null);
    },
    async filesImporting(target) {
      const index = await workspaceCodeIndex(base);
      return index && filesImporting(index, target);
    },
    sdkPackageOwning,
  };
}

/**
 * A package manifest under the root, read synchronously (the pre-filter asks while it decides
 * whether to parse): a regular file inside the root, links resolved, up to MAX_BYTES.
 */
function readManifest(base: string, relativePath: string): string | undefined {
  const full = path.resolve(base, relativePath);
  try {
    if (!isInside(base, full) || !fs.existsSync(full)) return undefined;
    if (!isInside(fs.realpathSync(base), fs.realpathSync(full))) return undefined;
    const stats = fs.statSync(full);
    if (!stats.isFile() || stats.size > MAX_BYTES) return undefined;
    return fs.readFileSync(full, 'utf8');
  } catch {
    // A manifest that cannot be read names no package: the folder's files are read as any other.
    return undefined;
  }
}
