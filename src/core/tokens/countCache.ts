import type { EncodingName } from './tokenizerChoice';

/**
 * Least-recently-used token counts by text, each text's counts by encoding, bounded both in texts
 * and in the characters of text it keeps alive, so that recounting an unchanged selection or
 * message is free and a large file cannot make the cache hold megabytes of stale text.
 *
 * The text itself is the key. A key of encoding + text was a new string per lookup, which the Map
 * flattened (a copy of the whole text) and hashed anew every time: 0.24 s of the 11,000-file bench
 * tree's cold scan, and a copy of every text held. A text string keeps its hash once computed.
 */
export class CountCache<Count> {
  private readonly entries = new Map<string, Partial<Record<EncodingName, Count>>>();
  private heldChars = 0;

  constructor(
    private readonly maxTexts = 2_000,
    private readonly maxChars = 4_000_000,
    /** Longer texts are counted every time rather than evicting everything else. */
    private readonly maxCharsPerText = 1_000_000,
  ) {}

  get(encoding: EncodingName, text: string): Count | undefined {
    const counts = this.entries.get(text);
    const count = counts?.[encoding];
    if (count !== undefined) {
      // Re-insert to mark as most recently used (Map iterates in insertion order).
      this.entries.delete(text);
      this.entries.set(text, counts!);
    }
    return count;
  }

  set(encoding: EncodingName, text: string, count: Count): void {
    if (text.length > this.maxCharsPerText) return;
    let counts = this.entries.get(text);
    if (counts) this.entries.delete(text);
    else {
      counts = {};
      this.heldChars += text.length;
    }
    counts[encoding] = count;
    this.entries.set(text, counts);
    for (const oldest of this.entries.keys()) {
      if (this.entries.size <= this.maxTexts && this.heldChars <= this.maxChars) break;
      this.entries.delete(oldest);
      this.heldChars -= oldest.length;
    }
  }

  /** How many texts are held (each with the counts of one or more encodings). */
  get size(): number {
    return this.entries.size;
  }
}
