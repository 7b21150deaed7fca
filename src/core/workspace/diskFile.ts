import * as fs from 'fs';
import * as path from 'path';
import { maxBytesFor, tooLarge, type NotRead } from './fileLimits';
import type { WorkspaceFile } from './scan';

/**
 * Opening a named pipe for reading waits for a writer, forever if none comes; with O_NONBLOCK the
 * open returns at once and fstat says what it is. The flag changes nothing for regular files.
 * Windows has neither named pipes in the file system nor the flag.
 */
const OPEN_FLAGS = fs.constants.O_RDONLY | (fs.constants.O_NONBLOCK ?? 0);

/** Bytes read at once once the size fstat reported is exceeded (a file that grows while read). */
const CHUNK_BYTES = 64 * 1024;

/**
 * A regular file's bytes, or why they were not read: not a regular file (a named pipe, a device,
 * a socket, a folder), larger than `maxBytes`, or an error. The size and the type are known before
 * anything is read, and never more than `maxBytes + 1` bytes are read, so a named pipe cannot hang
 * the caller and `/dev/zero` or a 50 MB file cannot fill its memory. Never rejects.
 *
 * The calls are synchronous: a scan reads thousands of small files, and each asynchronous call is a
 * round trip to libuv's thread pool (five per file: stat, open, fstat, read, close), which cost a
 * warm re-scan more than reading and hashing the files. None of them can block for long: the open
 * does not wait for a pipe's writer (O_NONBLOCK), and only regular files are read.
 */
export async function readRegularFile(file: string, maxBytes: number): Promise<Uint8Array | NotRead> {
  return readRegularFileNow(file, maxBytes);
}

function readRegularFileNow(file: string, maxBytes: number): Uint8Array | NotRead {
  let descriptor: number | undefined;
  try {
    // stat before open: opening some devices does something (a tape rewinds, a watchdog arms).
    const before = fs.statSync(file);
    if (!before.isFile()) return notRegular(before);
    if (before.size > maxBytes) return tooLarge(maxBytes);
    descriptor = fs.openSync(file, OPEN_FLAGS);
    // The file may have been replaced between stat and open: what counts is what was opened.
    const opened = fs.fstatSync(descriptor);
    if (!opened.isFile()) return notRegular(opened);
    if (opened.size > maxBytes) return tooLarge(maxBytes);
    return readAtMost(descriptor, opened.size, maxBytes);
  } catch (error) {
    return readProblem(error);
  } finally {
    if (descriptor !== undefined) {
      try {
        fs.closeSync(descriptor);
      } catch {
        // A close that fails leaves nothing to do: the bytes, or the reason, are already decided.
      }
    }
  }
}

/** Reads to the end of the file, or until one byte more than the limit shows it is too large. */
function readAtMost(descriptor: number, expectedBytes: number, maxBytes: number): Uint8Array | NotRead {
  const chunks: Buffer[] = [];
  let total = 0;
  // One byte more than fstat said, so that a file read whole ends with a read of 0 bytes.
  let chunkBytes = expectedBytes + 1;
  for (;;) {
    // Not zero-filled: only the bytes read are ever looked at (subarray below).
    const chunk = Buffer.allocUnsafe(Math.min(chunkBytes, maxBytes + 1 - total));
    const bytesRead = fs.readSync(descriptor, chunk, 0, chunk.length, null);
    if (bytesRead === 0) break;
    chunks.push(chunk.subarray(0, bytesRead));
    total += bytesRead;
    if (total > maxBytes) return tooLarge(maxBytes);
    chunkBytes = CHUNK_BYTES;
  }
  return chunks.length === 1 ? chunks[0] : Buffer.concat(chunks, total);
}

/** What a file that is not a regular file is, in words. */
export function notRegular(stats: fs.Stats | fs.Dirent): NotRead {
  const kind = stats.isFIFO()
    ? 'a named pipe'
    : stats.isCharacterDevice()
      ? 'a character device'
      : stats.isBlockDevice()
        ? 'a block device'
        : stats.isSocket()
          ? 'a socket'
          : stats.isDirectory()
            ? 'a folder'
            : 'not a file';
  return { cause: 'not-a-file', reason: `not a regular file (${kind}); skipped` };
}

/** A file system error as a reader wants it: what is wrong with the path, not the errno. */
export function readProblem(error: unknown): NotRead {
  const code = (error as NodeJS.ErrnoException).code;
  if (code === 'ENOENT' || code === 'ENOTDIR') return { cause: 'unreadable', reason: 'no such file or folder' };
  if (code === 'EACCES' || code === 'EPERM') return { cause: 'unreadable', reason: 'permission denied' };
  if (code === 'ELOOP') return LINK_LOOP;
  // open() on a socket in the file system.
  if (code === 'ENXIO') return { cause: 'not-a-file', reason: 'not a regular file (a socket); skipped' };
  return { cause: 'unreadable', reason: `cannot be read (${code ?? String(error)})` };
}

export const OUTSIDE_LINK: NotRead = { cause: 'outside-link', reason: 'a link to a path outside the scanned folder; not followed' };
export const BROKEN_LINK: NotRead = { cause: 'broken-link', reason: 'a link to a path that does not exist; not followed' };
const LINK_LOOP: NotRead = { cause: 'broken-link', reason: 'a link that leads back to itself (a loop); not followed' };

/** Whether `target` is `folder` or inside it (both absolute; compare real paths to see through links). */
export function isInside(folder: string, target: string): boolean {
  const relative = path.relative(folder, target);
  return relative === '' || (relative !== '..' && !relative.startsWith(`..${path.sep}`) && !path.isAbsolute(relative));
}

/**
 * Why a file found under `root` is not read: its real path lies outside the root's (it was reached
 * through a link, or a linked folder), so reading it would read outside the folder the user chose.
 * Undefined when it is inside, or when either path cannot be resolved (reading it then says why).
 */
export async function outsideLink(root: string, file: string): Promise<NotRead | undefined> {
  let realRoot: string;
  let realFile: string;
  try {
    [realRoot, realFile] = await Promise.all([fs.promises.realpath(root), fs.promises.realpath(file)]);
  } catch {
    return undefined;
  }
  return isInside(realRoot, realFile) ? undefined : OUTSIDE_LINK;
}

/** A file on disk to scan, read when the scan gets to it, within the size limit for its kind. */
export function diskWorkspaceFile(full: string, relativePath: string): WorkspaceFile {
  return new DiskWorkspaceFile(relativePath, full);
}

/** A class, not an object of two closures: a scan lists tens of thousands of them. */
class DiskWorkspaceFile implements WorkspaceFile {
  constructor(
    readonly path: string,
    private readonly full: string,
  ) {}

  read(): Promise<Uint8Array | NotRead> {
    return readRegularFile(this.full, maxBytesFor(this.path));
  }

  diskPath(): string {
    return this.full;
  }
}

/** An input the scan lists as skipped without reading anything: why was decided when it was found. */
export function notReadFile(relativePath: string, notRead: NotRead): WorkspaceFile {
  return { path: relativePath, read: () => Promise.resolve(notRead) };
}
