import { BytePairCounter, type EncoderCount } from './bytePairCounter';
import { loadRanks } from './ranks';
import type { EncodingName } from './tokenizerChoice';

/** Counts tokens with a BPE encoding. Implementations may count on another thread. */
export interface TokenEncoder {
  /** Token count of each text; special-token strings such as `<|endoftext|>` count as plain text. */
  count(encoding: EncodingName, texts: readonly string[]): Promise<EncoderCount[]>;
  /** Encodings whose tables have been built so far (o200k_base costs ~0.2 s and ~15 MB). */
  loadedEncodings(): EncodingName[];
  dispose(): void;
}

/** Builds each encoding on first use in the calling thread: for the CLI, tests and the worker itself. */
export class InProcessEncoder implements TokenEncoder {
  private readonly counters = new Map<EncodingName, BytePairCounter>();

  countSync(encoding: EncodingName, texts: readonly string[]): EncoderCount[] {
    const counter = this.counterFor(encoding);
    return texts.map((text) => counter.count(text));
  }

  count(encoding: EncodingName, texts: readonly string[]): Promise<EncoderCount[]> {
    try {
      return Promise.resolve(this.countSync(encoding, texts));
    } catch (error) {
      return Promise.reject(error);
    }
  }

  loadedEncodings(): EncodingName[] {
    return [...this.counters.keys()];
  }

  dispose(): void {
    this.counters.clear();
  }

  private counterFor(encoding: EncodingName): BytePairCounter {
    let counter = this.counters.get(encoding);
    if (!counter) {
      counter = new BytePairCounter(loadRanks(encoding));
      this.counters.set(encoding, counter);
    }
    return counter;
  }
}
