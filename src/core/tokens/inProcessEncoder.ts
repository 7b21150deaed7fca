import { BrokenInstallError } from '../log/brokenInstallError';
import { BytePairCounter, type EncoderCount } from './bytePairCounter';
import { loadGemma3Vocabulary } from './gemmaVocabulary';
import { loadRanks } from './ranks';
import { SentencePieceCounter } from './sentencePieceCounter';
import type { EncodingName } from './tokenizerChoice';

/** Counts tokens with a BPE encoding. Implementations may count on another thread. */
export interface TokenEncoder {
  /** Token count of each text; special-token strings such as `<|endoftext|>` count as plain text. */
  count(encoding: EncodingName, texts: readonly string[]): Promise<EncoderCount[]>;
  /** Encodings whose tables have been built so far (o200k_base costs ~0.05 s and ~5 MB, gemma3 ~0.15 s and ~20 MB). */
  loadedEncodings(): EncodingName[];
  dispose(): void;
}

/** Builds each encoding on first use in the calling thread: for the CLI, tests and the worker itself. */
export class InProcessEncoder implements TokenEncoder {
  private readonly counters = new Map<EncodingName, { count(text: string): EncoderCount }>();
  /** Tables that did not load, kept so that a damaged file is not read and parsed again for every count. */
  private readonly unavailable = new Map<EncodingName, TokenTableUnavailableError>();

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

  private counterFor(encoding: EncodingName): { count(text: string): EncoderCount } {
    let counter = this.counters.get(encoding);
    if (!counter) {
      const failed = this.unavailable.get(encoding);
      if (failed) throw failed;
      try {
        counter = encoding === 'gemma3' ? new SentencePieceCounter(loadGemma3Vocabulary()) : new BytePairCounter(loadRanks(encoding));
      } catch (error) {
        const unavailable = new TokenTableUnavailableError(`The ${encoding} token table could not load`, error);
        if (!unavailable.mayPass) this.unavailable.set(encoding, unavailable);
        throw unavailable;
      }
      this.counters.set(encoding, counter);
    }
    return counter;
  }
}

/** A tokenizer's table (dist/ranks/, dist/vocab/) is missing or damaged: counts with it fail until Prompt Cost is reinstalled. */
export class TokenTableUnavailableError extends BrokenInstallError {}
