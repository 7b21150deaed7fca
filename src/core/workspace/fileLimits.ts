import { promptFileFormat } from '../extract/promptFiles';
import type { SkipCause } from './report';

/** Prompt files larger than this are not parsed: a prompt that big is data, not a prompt. */
export const MAX_PROMPT_FILE_BYTES = 1_000_000;

/**
 * Source files larger than this are not parsed: at that size a file is a bundle, minified or
 * generated code, where nobody writes prompts, and parsing and resolving it would cost seconds and
 * memory for nothing.
 */
export const MAX_CODE_FILE_BYTES = 1_000_000;

/** Why a file was not read, or not parsed: listed in the report's skipped files. */
export interface NotRead {
  cause: SkipCause;
  reason: string;
}

/** The largest file of this name the scan parses. */
export function maxBytesFor(file: string): number {
  return promptFileFormat(file) ? MAX_PROMPT_FILE_BYTES : MAX_CODE_FILE_BYTES;
}

export function tooLarge(maxBytes: number): NotRead {
  return { cause: 'too-large', reason: `larger than ${maxBytes.toLocaleString('en-US')} bytes; not parsed` };
}

/**
 * A NUL byte is how git and most editors tell binary from text. The whole file is searched, not the
 * first 8 KB: a text header followed by binary data must not reach a parser (files are at most 1 MB).
 */
export function looksBinary(bytes: Uint8Array): boolean {
  return bytes.includes(0);
}

/** Why bytes cannot be parsed as the named file, or undefined when they can. */
export function unreadableReason(bytes: Uint8Array, file: string): NotRead | undefined {
  const maxBytes = maxBytesFor(file);
  if (bytes.byteLength > maxBytes) return tooLarge(maxBytes);
  if (looksBinary(bytes)) return { cause: 'binary', reason: 'looks binary; not parsed' };
  return undefined;
}
