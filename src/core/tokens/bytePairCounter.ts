import type { TiktokenBPE } from 'js-tiktoken/lite';
import { KeyHeap } from './keyHeap';
import { countRun } from './longRuns';
import { NO_RANK, TokenRanks } from './tokenRanks';
import { UserDefinedTokens } from './userDefinedTokens';

/**
 * A rank table and what its vocabulary does before the pattern: open-weight tables
 * (scripts/byteLevelRanks.cjs) may normalise to NFC (Qwen) and match user-defined tokens whole
 * (`<think>`). OpenAI's tables do neither.
 */
export interface RankTable extends TiktokenBPE {
  normalization?: 'NFC';
  user_defined?: string[];
  /**
   * Patterns that split the text before `pat_str`, each applied to the pieces of the one before
   * (DeepSeek V3: digit runs, then CJK runs). With them, text between matches is kept as pieces, as
   * Hugging Face's `Split` with `Isolated` keeps it; tiktoken's patterns match every character anyway.
   */
  pre_splits?: string[];
}

/**
 * Pre-tokens longer than this many characters are counted in chunks of this size. The merge below
 * is exact at any length and about as fast with or without the bound; the bound keeps its buffers
 * under half a megabyte (a 5 MB run of kana counted whole would need ~400 MB). Merges that would
 * have crossed a chunk boundary are lost, which is negligible at this size: 1 MB of random kana
 * counts 3 tokens more than whole, of 1.13 million. A pre-token this long is a run without a
 * single break — a minified line, encoded data, a row of one character — never prose or code.
 */
export const LONGEST_EXACT_RUN = 4_096;

/** What counting one text found. */
export interface EncoderCount {
  tokens: number;
  /**
   * Characters in the longest pre-token that was longer than LONGEST_EXACT_RUN and so counted in
   * chunks; 0 when there was none. Byte-pair merges can cross a chunk boundary, so a count with a
   * split run may differ slightly from the tokenizer's: it is approximate.
   */
  longestSplitRun: number;
}

/**
 * Counts tokens the way tiktoken encodes text, without building the tokens. The encoding's own
 * regex splits the text into pre-tokens; a pre-token that is a token counts 1, any other is
 * byte-pair merged. js-tiktoken merges by rescanning every pair after each merge, quadratic in the
 * pre-token, and a run of letters, spaces, one punctuation character or kana is one pre-token
 * (8,000 kana took 40 s). This merge is O(n log n) in a pre-token and at most LONGEST_EXACT_RUN
 * long, so counting is linear in the text. The table is a `TokenRanks` (bytes and a hash table, not
 * a Map of strings): o200k's is built in 0.05 s and holds 5 MB. Special-token strings such as
 * `<|endoftext|>` are plain text here.
 */
export class BytePairCounter {
  private readonly ranks: TokenRanks;
  private readonly pattern: RegExp;
  private readonly merger = new PairMerger();
  private readonly userDefined?: UserDefinedTokens;
  private readonly normalization?: 'NFC';
  private readonly preSplits?: RegExp[];

  constructor(table: RankTable) {
    this.ranks = TokenRanks.fromBase64Lines(table.bpe_ranks);
    // The flags js-tiktoken compiles the pattern with: the pieces must be the same.
    this.pattern = new RegExp(table.pat_str, 'ug');
    if (table.user_defined?.length) this.userDefined = new UserDefinedTokens(table.user_defined);
    this.normalization = table.normalization;
    if (table.pre_splits) this.preSplits = table.pre_splits.map((pattern) => new RegExp(pattern, 'ug'));
  }

  count(text: string): EncoderCount {
    if (!this.userDefined) return this.countSection(this.normalization ? text.normalize(this.normalization) : text);
    let tokens = 0;
    let longestSplitRun = 0;
    for (const section of this.userDefined.split(text)) {
      const normalized = this.normalization ? section.text.normalize(this.normalization) : section.text;
      // A section that is, or normalises to, a user-defined token is that token (as Hugging Face's tokenizers read it).
      if (section.isToken || this.userDefined.has(normalized)) {
        tokens++;
        continue;
      }
      const counted = this.countSection(normalized);
      tokens += counted.tokens;
      longestSplitRun = Math.max(longestSplitRun, counted.longestSplitRun);
    }
    return { tokens, longestSplitRun };
  }

  private countSection(text: string): EncoderCount {
    let tokens = 0;
    let longestSplitRun = 0;
    for (const piece of this.preTokens(text)) {
      const counted = countRun(piece, LONGEST_EXACT_RUN, (part) => this.countPiece(part));
      tokens += counted.tokens;
      longestSplitRun = Math.max(longestSplitRun, counted.longestSplitRun);
    }
    return { tokens, longestSplitRun };
  }

  private *preTokens(text: string): Generator<string> {
    if (!this.preSplits) {
      for (const [piece] of text.matchAll(this.pattern)) yield piece;
      return;
    }
    let pieces: Iterable<string> = [text];
    for (const pattern of [...this.preSplits, this.pattern]) pieces = isolated(pieces, pattern);
    yield* pieces;
  }

  private countPiece(piece: string): number {
    const bytes = utf8Bytes(piece);
    if (bytes.length === 1 || this.ranks.rank(bytes, 0, bytes.length) !== NO_RANK) return 1;
    return this.merger.countParts(bytes, this.ranks);
  }
}

/** Each piece cut at the pattern's matches: the matches and the text between them, in order. */
function* isolated(pieces: Iterable<string>, pattern: RegExp): Generator<string> {
  for (const piece of pieces) {
    let end = 0;
    for (const match of piece.matchAll(pattern)) {
      if (match.index > end) yield piece.slice(end, match.index);
      if (match[0].length > 0) yield match[0];
      end = match.index + match[0].length;
    }
    if (end < piece.length) yield piece.slice(end);
  }
}

/** The piece's UTF-8 bytes, one character per byte; a lone surrogate becomes U+FFFD as TextEncoder makes it. */
function utf8Bytes(piece: string): string {
  // Most pieces are ASCII, whose UTF-8 bytes are its own characters.
  return Buffer.byteLength(piece, 'utf8') === piece.length ? piece : Buffer.from(piece, 'utf8').toString('latin1');
}

/** Marks a part with no mergeable pair to its right, and a part merged into its left neighbour. */
const NO_PAIR = NO_RANK;
/** Heap keys are rank × POSITIONS + position: larger than any chunk's byte count, small enough for exact doubles. */
const POSITIONS = 2 ** 24;

/**
 * Byte-pair merging as tiktoken does it — merge the adjacent pair of parts whose concatenation has
 * the lowest rank, the leftmost on a tie, until no pair is a token — with the candidate pairs in a
 * binary heap keyed by (rank, position) instead of rescanned after every merge. A merged part keeps
 * its left position, so the heap's order is tiktoken's order; an entry whose pair has changed since
 * it was pushed no longer matches `pairRank` and is skipped. Buffers are kept between pieces.
 */
class PairMerger {
  /** Start of the next part, per part start; parts form a linked list over byte positions. */
  private next = new Int32Array(0);
  private prev = new Int32Array(0);
  /** Rank of the token a part and its right neighbour would merge into, or NO_PAIR. */
  private pairRank = new Int32Array(0);
  private readonly heap = new KeyHeap();

  /** How many tokens the byte string (one character per byte) merges into. */
  countParts(bytes: string, ranks: TokenRanks): number {
    const n = bytes.length;
    this.reserve(n);
    const { next, prev, pairRank, heap } = this;
    for (let i = 0; i < n; i++) {
      next[i] = i + 1;
      prev[i] = i - 1;
      pairRank[i] = i + 1 < n ? ranks.rank(bytes, i, i + 2) : NO_PAIR;
      if (pairRank[i] !== NO_PAIR) heap.append(pairRank[i] * POSITIONS + i);
    }
    heap.heapify();

    let parts = n;
    while (heap.size > 0) {
      const key = heap.popMin();
      const start = key % POSITIONS;
      if (pairRank[start] !== (key - start) / POSITIONS) continue;
      const merged = next[start];
      const end = next[merged];
      next[start] = end;
      if (end < n) prev[end] = start;
      pairRank[merged] = NO_PAIR;
      parts--;
      this.setPair(start, end < n ? next[end] : -1, bytes, ranks);
      if (prev[start] >= 0) this.setPair(prev[start], end, bytes, ranks);
    }
    return parts;
  }

  /** Records the pair of parts that starts at `from` and ends at `to` (-1: no right neighbour). */
  private setPair(from: number, to: number, bytes: string, ranks: TokenRanks): void {
    const rank = to < 0 ? NO_PAIR : ranks.rank(bytes, from, to);
    this.pairRank[from] = rank;
    if (rank !== NO_PAIR) this.heap.push(rank * POSITIONS + from);
  }

  private reserve(n: number): void {
    if (this.next.length < n) {
      this.next = new Int32Array(n);
      this.prev = new Int32Array(n);
      this.pairRank = new Int32Array(n);
    }
    // Every merge pops one entry and pushes at most two: the heap never holds more than 2n.
    this.heap.reset(2 * n);
  }
}
