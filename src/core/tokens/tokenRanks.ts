/** What `TokenRanks.rank` answers for bytes that are no token. */
export const NO_RANK = -1;

/**
 * A byte-pair vocabulary: each token's bytes to its rank. Looked up by a range of a string of one
 * character per byte (latin1), so that the merge asks for a pair of parts without making a string
 * of it.
 *
 * Why not a `Map` of strings: o200k's 200,000 tokens as strings in a Map took 0.3 s to build (half
 * of it decoding each token's base64 through a Buffer) and 12.6 MB of the worker's heap; cl100k's
 * another 7 MB. Here the tokens' bytes lie end to end in one array, found through an open-addressed
 * table of their indexes: built in a fraction of the time, in about a third of the memory, and
 * nothing in it for the collector to trace.
 */
export class TokenRanks {
  /** The tokens' bytes, one after another. */
  private readonly bytes: Uint8Array;
  /** Where each token's bytes start in `bytes`; one more entry marks the end of the last. */
  private readonly starts: Uint32Array;
  private readonly ranks: Int32Array;
  /** Per slot, a token's index + 1, or 0 for an empty slot; the table is at most half full. */
  private readonly slots: Int32Array;
  private readonly mask: number;

  private constructor(bytes: Uint8Array, starts: Uint32Array, ranks: Int32Array) {
    this.bytes = bytes;
    this.starts = starts;
    this.ranks = ranks;
    let capacity = 1;
    while (capacity < ranks.length * 2) capacity *= 2;
    this.slots = new Int32Array(capacity);
    this.mask = capacity - 1;
    for (let token = 0; token < ranks.length; token++) {
      const start = starts[token];
      const end = starts[token + 1];
      let slot = hashBytes(bytes, start, end) & this.mask;
      while (this.slots[slot] !== 0 && !this.sameBytes(this.slots[slot] - 1, bytes, start, end)) slot = (slot + 1) & this.mask;
      // A token listed twice keeps its last rank, as a Map filled in order would.
      this.slots[slot] = token + 1;
    }
  }

  /**
   * js-tiktoken's rank format: lines of a name, the first rank, then the base64 of tokens of
   * consecutive ranks, separated by spaces.
   */
  static fromBase64Lines(bpeRanks: string): TokenRanks {
    // One pass over the characters (splitting made a string of every token first). Base64 holds
    // three bytes per four characters, and every token takes at least two characters with its
    // separator: upper bounds for the bytes and the tokens.
    const bytes = new Uint8Array(Math.ceil((bpeRanks.length * 3) / 4));
    const starts = new Uint32Array((bpeRanks.length >> 1) + 2);
    const ranks = new Int32Array((bpeRanks.length >> 1) + 1);
    let tokens = 0;
    let written = 0;
    let at = 0;
    while (at < bpeRanks.length) {
      let lineEnd = bpeRanks.indexOf('\n', at);
      if (lineEnd < 0) lineEnd = bpeRanks.length;
      // A line: a name, the first rank, then the tokens.
      const nameEnd = bpeRanks.indexOf(' ', at);
      if (nameEnd < 0 || nameEnd > lineEnd) {
        at = lineEnd + 1;
        continue;
      }
      let field = bpeRanks.indexOf(' ', nameEnd + 1);
      if (field < 0 || field > lineEnd) field = lineEnd;
      let rank = Number.parseInt(bpeRanks.slice(nameEnd + 1, field), 10);
      while (field < lineEnd) {
        let tokenEnd = bpeRanks.indexOf(' ', field + 1);
        if (tokenEnd < 0 || tokenEnd > lineEnd) tokenEnd = lineEnd;
        starts[tokens] = written;
        ranks[tokens++] = rank++;
        written = decodeBase64(bpeRanks, field + 1, tokenEnd, bytes, written);
        field = tokenEnd;
      }
      at = lineEnd + 1;
    }
    starts[tokens] = written;
    return new TokenRanks(bytes.slice(0, written), starts.slice(0, tokens + 1), ranks.slice(0, tokens));
  }

  get size(): number {
    return this.ranks.length;
  }

  /** The rank of the token whose bytes are `text`'s characters from `start` to `end`, or NO_RANK. */
  rank(text: string, start: number, end: number): number {
    let hash = FNV_OFFSET;
    for (let at = start; at < end; at++) hash = Math.imul(hash ^ text.charCodeAt(at), FNV_PRIME);
    for (let slot = hash & this.mask; ; slot = (slot + 1) & this.mask) {
      const entry = this.slots[slot];
      if (entry === 0) return NO_RANK;
      if (this.sameText(entry - 1, text, start, end)) return this.ranks[entry - 1];
    }
  }

  private sameText(token: number, text: string, start: number, end: number): boolean {
    const from = this.starts[token];
    if (this.starts[token + 1] - from !== end - start) return false;
    for (let at = 0; at < end - start; at++) if (this.bytes[from + at] !== text.charCodeAt(start + at)) return false;
    return true;
  }

  private sameBytes(token: number, bytes: Uint8Array, start: number, end: number): boolean {
    const from = this.starts[token];
    if (this.starts[token + 1] - from !== end - start) return false;
    for (let at = 0; at < end - start; at++) if (this.bytes[from + at] !== bytes[start + at]) return false;
    return true;
  }
}

/** 32-bit FNV-1a, over bytes or over characters of one byte each: the same value for the same bytes. */
const FNV_OFFSET = 0x811c9dc5 | 0;
const FNV_PRIME = 0x01000193;

function hashBytes(bytes: Uint8Array, start: number, end: number): number {
  let hash = FNV_OFFSET;
  for (let at = start; at < end; at++) hash = Math.imul(hash ^ bytes[at], FNV_PRIME);
  return hash;
}

const BASE64_VALUES = (() => {
  const values = new Int8Array(128).fill(-1);
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
  for (let index = 0; index < alphabet.length; index++) values[alphabet.charCodeAt(index)] = index;
  return values;
})();

/** Writes the bytes that `text` from `start` to `end` encodes in base64 into `into` from `at`; returns where they end. */
function decodeBase64(text: string, start: number, end: number, into: Uint8Array, at: number): number {
  let bits = 0;
  let value = 0;
  for (let index = start; index < end; index++) {
    const code = text.charCodeAt(index);
    if (code === 61 /* = */) break;
    const digit = code < 128 ? BASE64_VALUES[code] : -1;
    if (digit < 0) throw new Error(`Not base64: ${JSON.stringify(text.slice(start, end))}`);
    value = ((value << 6) | digit) & 0xffffff;
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      into[at++] = (value >> bits) & 0xff;
    }
  }
  return at;
}
