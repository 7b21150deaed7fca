import type { EncodingName } from './tokenizerChoice';

/**
 * Least-recently-used token counts keyed by (encoding, text), bounded both in entries and in the
 * characters of text it keeps alive, so that recounting an unchanged selection or message is free
 * and a large file cannot make the cache hold megabytes of stale text.
 */
export class CountCache<Count> {
  private readonly entries = new Map<string, Count>();
  private heldChars = 0;

  constructor(
    private readonly maxEntries = 2_000,
    private readonly maxChars = 4_000_000,
    /** Longer texts are counted every time rather than evicting everything else. */
    private readonly maxCharsPerEntry = 1_000_000,
  ) {}

  get(encoding: EncodingName, text: string): Count | undefined {
    const key = cacheKey(encoding, text);
    const count = this.entries.get(key);
    if (count !== undefined) {
      // Re-insert to mark as most recently used (Map iterates in insertion order).
      this.entries.delete(key);
      this.entries.set(key, count);
    }
    return count;
  }

  set(encoding: EncodingName, text: string, count: Count): void {
    if (text.length > this.maxCharsPerEntry) return;
    const key = cacheKey(encoding, text);
    if (this.entries.has(key)) {
      this.entries.delete(key);
      this.heldChars -= key.length;
    }
    this.entries.set(key, count);
    this.heldChars += key.length;
    for (const oldest of this.entries.keys()) {
      if (this.entries.size <= this.maxEntries && this.heldChars <= this.maxChars) break;
      this.entries.delete(oldest);
      this.heldChars -= oldest.length;
    }
  }

  get size(): number {
    return this.entries.size;
  }
}

function cacheKey(encoding: EncodingName, text: string): string {
  return `${encoding}\u0000${text}`;
}
