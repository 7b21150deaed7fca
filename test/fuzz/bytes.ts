/**
 * Cases are bytes, not strings: invalid UTF-8, a BOM and NUL have to survive until the file is
 * decoded the way the scan decodes it. These helpers edit bytes without splitting a UTF-8 sequence
 * (unless a mutator means to).
 */

const encoder = new TextEncoder();

export function utf8(text: string): Uint8Array {
  return encoder.encode(text);
}

/** How `scanFiles` turns a file's bytes into text: invalid sequences become U+FFFD, a leading BOM is dropped. */
export function decodeLikeScan(bytes: Uint8Array): string {
  return new TextDecoder('utf-8').decode(bytes);
}

/**
 * One char per byte, so that ASCII patterns can be searched with regular expressions and the
 * match offsets are byte offsets.
 */
export function asLatin1(bytes: Uint8Array): string {
  return Buffer.from(bytes).toString('latin1');
}

export function concatBytes(parts: readonly Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((sum, part) => sum + part.length, 0));
  let at = 0;
  for (const part of parts) {
    out.set(part, at);
    at += part.length;
  }
  return out;
}

/** The bytes with [start, end) replaced by `insert`. */
export function replaceSpan(bytes: Uint8Array, start: number, end: number, insert: Uint8Array = new Uint8Array()): Uint8Array {
  return concatBytes([bytes.subarray(0, start), insert, bytes.subarray(end)]);
}

const isContinuation = (byte: number) => (byte & 0xc0) === 0x80;

/** The first offset at or after `offset` that does not fall inside a UTF-8 sequence. */
export function charBoundary(bytes: Uint8Array, offset: number): number {
  let at = Math.max(0, Math.min(offset, bytes.length));
  while (at < bytes.length && isContinuation(bytes[at])) at++;
  return at;
}

/** Offsets where a line starts (after `\n`, and 0), end of text excluded. */
export function lineStarts(bytes: Uint8Array): number[] {
  const starts = [0];
  for (let i = 0; i < bytes.length - 1; i++) if (bytes[i] === 0x0a) starts.push(i + 1);
  return starts;
}

/** The bytes cut into lines, each keeping its `\n`: the units the minimiser removes first. */
export function splitLines(bytes: Uint8Array): Uint8Array[] {
  const starts = lineStarts(bytes);
  return starts.map((start, i) => bytes.subarray(start, i + 1 < starts.length ? starts[i + 1] : bytes.length));
}

/** The bytes cut into UTF-8 chars (a stray continuation byte is a char of its own): the minimiser's second units. */
export function splitChars(bytes: Uint8Array): Uint8Array[] {
  const chars: Uint8Array[] = [];
  let start = 0;
  for (let i = 1; i <= bytes.length; i++) {
    if (i === bytes.length || !isContinuation(bytes[i]) || i - start >= 4) {
      chars.push(bytes.subarray(start, i));
      start = i;
    }
  }
  return chars;
}

/** Runs of one char this long or longer are shown as a count. */
const SHOWN_RUN = 12;

const VISIBLE: Readonly<Record<string, string>> = { '\r': '\\r', '\t': '\\t', '\0': '\\0', '\ufeff': '<BOM>', '\ufffd': '<U+FFFD>' };

/**
 * A reproducer as readable text: decoded as the scan decodes it, control chars and the BOM
 * spelled out, long runs of one char as `«"#" × 28590»`, `\n` kept as line breaks.
 */
export function preview(bytes: Uint8Array, maxLength = 4000): string {
  const chars = [...decodeLikeScan(bytes)];
  let out = '';
  for (let start = 0; start < chars.length && out.length < maxLength;) {
    let end = start + 1;
    while (end < chars.length && chars[end] === chars[start]) end++;
    const shown = VISIBLE[chars[start]] ?? chars[start];
    out += end - start >= SHOWN_RUN ? `«${JSON.stringify(chars[start])} × ${end - start}»` : shown.repeat(end - start);
    start = end;
  }
  return out.length < maxLength ? out : `${out.slice(0, maxLength)}…`;
}
