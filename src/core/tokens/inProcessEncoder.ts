import { Tiktoken } from 'js-tiktoken/lite';
import { loadRanks } from './ranks';
import type { EncodingName } from './tokenizerChoice';

/** Counts tokens with a BPE encoding. Implementations may count on another thread. */
export interface TokenEncoder {
  /** Token count of each text; special-token strings such as `<|endoftext|>` count as plain text. */
  count(encoding: EncodingName, texts: readonly string[]): Promise<number[]>;
  /** Encodings whose tables have been built so far (building one costs ~0.7 s and ~100 MB). */
  loadedEncodings(): EncodingName[];
  dispose(): void;
}

/** Builds each encoding on first use in the calling thread: for the CLI, tests and the worker itself. */
export class InProcessEncoder implements TokenEncoder {
  private readonly encoders = new Map<EncodingName, Tiktoken>();

  countSync(encoding: EncodingName, texts: readonly string[]): number[] {
    const encoder = this.encoderFor(encoding);
    // Empty allowed and disallowed special-token sets: text that spells `<|endoftext|>` is user
    // text, so it is split like any other text instead of throwing or becoming one special token.
    return texts.map((text) => (text.length === 0 ? 0 : encoder.encode(text, [], []).length));
  }

  count(encoding: EncodingName, texts: readonly string[]): Promise<number[]> {
    try {
      return Promise.resolve(this.countSync(encoding, texts));
    } catch (error) {
      return Promise.reject(error);
    }
  }

  loadedEncodings(): EncodingName[] {
    return [...this.encoders.keys()];
  }

  dispose(): void {
    this.encoders.clear();
  }

  private encoderFor(encoding: EncodingName): Tiktoken {
    let encoder = this.encoders.get(encoding);
    if (!encoder) {
      encoder = new Tiktoken(loadRanks(encoding));
      this.encoders.set(encoding, encoder);
    }
    return encoder;
  }
}
