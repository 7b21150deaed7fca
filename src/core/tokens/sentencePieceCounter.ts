import type { EncoderCount } from './bytePairCounter';
import type { SentencePieceVocabulary } from './gemmaVocabulary';
import { KeyHeap } from './keyHeap';
import { countRun } from './longRuns';
import { UserDefinedTokens } from './userDefinedTokens';

/**
 * Words longer than this many characters are counted in chunks (and the count marked approximate).
 * Words end only at spaces, so one is a run without a space: a line of Chinese or Japanese prose,
 * minified code, encoded data. The bound keeps the merge's buffers near 2 MB.
 */
export const LONGEST_EXACT_WORD = 65_536;

/** What a space becomes before merging: SentencePiece's visible space, U+2581. */
const SPACE_MARK = '▁';

/** Words this short have their counts remembered: most words of a prompt recur. */
const LONGEST_REMEMBERED_WORD = 256;
const REMEMBERED_WORDS = 50_000;

/**
 * Counts tokens the way a SentencePiece byte-pair model encodes text (Gemma 3, which Gemini uses),
 * without building the tokens, and the same as Hugging Face's tokenizers on the model's
 * tokenizer.json:
 * 1. user-defined tokens (runs of newlines or tabs, HTML tags…) are cut out of the raw text first,
 *    longest first, and count one each; control tokens such as `<bos>` are plain text, as the API
 *    treats a prompt's text;
 * 2. spaces become `▁` (no prefix space, no other normalisation);
 * 3. each piece between them is split into characters, characters the vocabulary lacks count one
 *    token per UTF-8 byte, and adjacent pairs merge by the merges' rank, the lowest first and the
 *    leftmost of equals, until no pair merges.
 * Step 3 runs word by word: no piece spans a space that follows another character (the vocabulary
 * is checked for this when it is built, `spaceJoiners` lists the exceptions), so cutting there
 * changes no count, and a word's count can be remembered.
 */
export class SentencePieceCounter {
  private readonly pairs: PairRanks;
  private readonly userDefined: UserDefinedTokens;
  private readonly merger: RankedMerger;
  private readonly spaceJoiners: Set<string>;
  private readonly wordCounts = new Map<string, number>();

  constructor(private readonly vocabulary: SentencePieceVocabulary) {
    this.pairs = new PairRanks(vocabulary.mergeLeft, vocabulary.mergeRight);
    this.userDefined = new UserDefinedTokens(vocabulary.userDefined);
    this.merger = new RankedMerger(this.pairs, vocabulary.mergeResult);
    this.spaceJoiners = new Set(vocabulary.spaceJoiners);
  }

  count(text: string): EncoderCount {
    let tokens = 0;
    let longestSplitRun = 0;
    for (const section of this.userDefined.split(text)) {
      if (section.isToken) {
        tokens++;
        continue;
      }
      const normalized = section.text.replaceAll(' ', SPACE_MARK);
      // Spaces alone can spell a user-defined token once they are marks (`▁▁`): one token, as in Hugging Face's tokenizers.
      if (this.userDefined.has(normalized)) {
        tokens++;
        continue;
      }
      for (const word of this.words(normalized)) {
        const counted = countRun(word, LONGEST_EXACT_WORD, (part) => this.countWord(part));
        tokens += counted.tokens;
        longestSplitRun = Math.max(longestSplitRun, counted.longestSplitRun);
      }
    }
    return { tokens, longestSplitRun };
  }

  /** Cuts before each `▁` that follows a character other than `▁` or a space joiner. */
  private *words(normalized: string): Generator<string> {
    let start = 0;
    for (let i = 1; i < normalized.length; i++) {
      if (normalized[i] !== SPACE_MARK) continue;
      const before = normalized[i - 1];
      if (before === SPACE_MARK || this.spaceJoiners.has(before)) continue;
      yield normalized.slice(start, i);
      start = i;
    }
    if (start < normalized.length) yield normalized.slice(start);
  }

  private countWord(word: string): number {
    const remembered = this.wordCounts.get(word);
    if (remembered !== undefined) return remembered;
    const counted = this.merger.countParts(word, this.vocabulary);
    if (word.length <= LONGEST_REMEMBERED_WORD) {
      if (this.wordCounts.size >= REMEMBERED_WORDS) this.wordCounts.clear();
      this.wordCounts.set(word, counted);
    }
    return counted;
  }
}

/**
 * Each merge's rank by its pair of piece ids: open addressing over the merge columns themselves.
 * A slot holds a rank + 1 (0: empty), and the pair is read back from `mergeLeft`/`mergeRight` at
 * that rank: 4 MB for Gemma 3's 514,906 merges, where slots holding each pair's ids and rank took 12.6 MB.
 */
class PairRanks {
  private readonly slots: Int32Array;
  private readonly mask: number;

  constructor(
    private readonly mergeLeft: Int32Array,
    private readonly mergeRight: Int32Array,
  ) {
    let size = 1;
    while (size < mergeLeft.length * 2) size *= 2;
    this.mask = size - 1;
    this.slots = new Int32Array(size);
    for (let rank = 0; rank < mergeLeft.length; rank++) {
      let slot = this.slotOf(mergeLeft[rank], mergeRight[rank]);
      while (this.slots[slot] !== 0 && !this.holds(slot, mergeLeft[rank], mergeRight[rank])) slot = (slot + 1) & this.mask;
      // A pair listed twice keeps its last rank, as a map built from the list would.
      this.slots[slot] = rank + 1;
    }
  }

  /** The pair's rank, or -1 when the two pieces do not merge. */
  get(left: number, right: number): number {
    for (let slot = this.slotOf(left, right); ; slot = (slot + 1) & this.mask) {
      const stored = this.slots[slot];
      if (stored === 0) return -1;
      if (this.mergeLeft[stored - 1] === left && this.mergeRight[stored - 1] === right) return stored - 1;
    }
  }

  private holds(slot: number, left: number, right: number): boolean {
    const rank = this.slots[slot] - 1;
    return this.mergeLeft[rank] === left && this.mergeRight[rank] === right;
  }

  private slotOf(left: number, right: number): number {
    let hash = Math.imul(left, 0x9e3779b1) ^ Math.imul(right + 0x7f4a7c15, 0x85ebca77);
    hash ^= hash >>> 15;
    return hash & this.mask;
  }
}

/** Marks a symbol merged into its left neighbour. */
const MERGED = -2;
/** A character the vocabulary lacks: it merges with nothing and counts one token per UTF-8 byte. */
const UNKNOWN = -1;
/** Heap keys are rank × POSITIONS + position: more than a word's symbols, small enough for exact doubles. */
const POSITIONS = 2 ** 17;

/**
 * Merges one word's symbols by rank with a binary heap of candidate pairs: O(n log n) in the
 * word's length. Buffers grow to the longest word seen and are reused.
 */
class RankedMerger {
  private ids = new Int32Array(64);
  private next = new Int32Array(64);
  private prev = new Int32Array(64);
  private readonly heap = new KeyHeap();

  constructor(
    private readonly pairs: PairRanks,
    private readonly mergeResult: Int32Array,
  ) {}

  countParts(word: string, vocabulary: SentencePieceVocabulary): number {
    this.reserve(word.length);
    let symbols = 0;
    let extraBytes = 0;
    for (const char of word) {
      const codePoint = char.codePointAt(0)!;
      const id = vocabulary.charIds.get(codePoint);
      this.ids[symbols] = id ?? UNKNOWN;
      // A lone surrogate encodes as U+FFFD's three bytes, as TextEncoder writes it.
      if (id === undefined) extraBytes += utf8Length(char.length === 1 && codePoint >= 0xd800 && codePoint <= 0xdfff ? 0xfffd : codePoint) - 1;
      this.prev[symbols] = symbols - 1;
      this.next[symbols] = symbols + 1;
      symbols++;
    }
    this.next[symbols - 1] = -1;
    if (symbols === 1) return 1 + extraBytes;
    // Every merge pops one entry and pushes at most two: the heap never holds more than 2n.
    this.heap.reset(2 * symbols);
    for (let position = 0; position + 1 < symbols; position++) this.pushPair(position, position + 1);
    let remaining = symbols;
    while (this.heap.size > 0) {
      const key = this.heap.popMin();
      const rank = Math.floor(key / POSITIONS);
      const position = key - rank * POSITIONS;
      const right = this.next[position];
      if (this.ids[position] === MERGED || right === -1) continue;
      // Stale: one side has merged since this pair was queued.
      if (this.pairs.get(this.ids[position], this.ids[right]) !== rank) continue;
      this.ids[position] = this.mergeResult[rank];
      this.ids[right] = MERGED;
      const after = this.next[right];
      this.next[position] = after;
      if (after !== -1) this.prev[after] = position;
      remaining--;
      const before = this.prev[position];
      if (before !== -1) this.pushPair(before, position);
      if (after !== -1) this.pushPair(position, after);
    }
    return remaining + extraBytes;
  }

  private pushPair(left: number, right: number): void {
    const rank = this.pairs.get(this.ids[left], this.ids[right]);
    if (rank >= 0) this.heap.push(rank * POSITIONS + left);
  }

  /** Room for a word of `length` UTF-16 units: at most that many symbols. */
  private reserve(length: number): void {
    if (length <= this.ids.length) return;
    let size = this.ids.length;
    while (size < length) size *= 2;
    this.ids = new Int32Array(size);
    this.next = new Int32Array(size);
    this.prev = new Int32Array(size);
  }
}

function utf8Length(codePoint: number): number {
  if (codePoint < 0x80) return 1;
  if (codePoint < 0x800) return 2;
  if (codePoint < 0x10000) return 3;
  return 4;
}
