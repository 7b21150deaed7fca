import * as fs from 'fs';
import * as path from 'path';
import type { SourceReader } from '../codeModel/sourceReader';

/** Largest file read while resolving imports and prompt files read by code. */
const MAX_BYTES = 1_000_000;

/** Reads workspace files from disk, relative to the scanned root; never outside it. */
export function fileSourceReader(root: string): SourceReader {
  const base = path.resolve(root);
  return {
    async read(relativePath) {
      const full = path.resolve(base, relativePath);
      if (full !== base && !full.startsWith(base + path.sep)) return undefined;
      try {
        const stat = await fs.promises.stat(full);
        if (!stat.isFile() || stat.size > MAX_BYTES) return undefined;
        return await fs.promises.readFile(full, 'utf8');
      } catch {
        // A file that cannot be read is what `undefined` means to a SourceReader: its value stays unknown.
        return undefined;
      }
    },
  };
}
