import type { EncoderCount } from './bytePairCounter';
import { REPLY_PRIMING_TOKENS, TOKENS_PER_MESSAGE, TOKENS_PER_NAME } from './chatFraming';
import { CountCache } from './countCache';
import type { TokenEncoder } from './inProcessEncoder';
import { chooseTokenizer, ratioFor, type EncodingName, type TokenizerChoice } from './tokenizerChoice';
import type { ContentClass } from '../providers/estimateRatios';

/** One chat message as text: the values the API tokenizes. */
export interface ChatMessageText {
  role: string;
  content: string;
  name?: string;
}

export interface TokenCount {
  tokens: number;
  /**
   * False when the count is an estimate ("≈"): the model's tokenizer is not public, or a run
   * without a break too long to count exactly was counted in pieces (`longestSplitRun`).
   */
  exact: boolean;
  /** Characters in the longest run counted in pieces; 0 when there was none. */
  longestSplitRun: number;
  tokenizer: TokenizerChoice;
  /**
   * The lowest and highest count the published figures allow: `[tokens, tokens]` for an exact count
   * or a family with one ratio; wider for Claude, whose factor depends on the kind of text.
   */
  range: [low: number, high: number];
  /** The kind of text the estimate's factor was chosen for (families with factors by kind only). */
  contentClass?: ContentClass;
}

export interface ChatTokenCount extends TokenCount {
  /** Tokens of each message, its framing included; the reply priming is in `framing` only. */
  perMessage: number[];
  /** Tokens the chat format adds (per message, per name, reply priming), included in `tokens`. */
  framing: number;
}

/** Texts above this size are refused rather than tying up the tokenizer for many seconds. */
export const MAX_COUNTABLE_CHARS = 5_000_000;

export class TextTooLargeError extends Error {
  constructor(readonly length: number) {
    super(`${length.toLocaleString('en-US')} characters is more than the ${MAX_COUNTABLE_CHARS.toLocaleString('en-US')} Prompt Cost counts at once.`);
    this.name = 'TextTooLargeError';
  }
}

/** Counts tokens for any model id: exact where the tokenizer is public, estimated otherwise. */
export class TokenCounter {
  constructor(
    private readonly encoder: TokenEncoder,
    private readonly cache = new CountCache<EncoderCount>(),
  ) {}

  async countText(text: string, modelId: string): Promise<TokenCount> {
    assertCountable(text.length);
    const tokenizer = chooseTokenizer(modelId);
    const [raw] = await this.rawCounts(tokenizer.encoding, [text]);
    const exact = tokenizer.exact && raw.longestSplitRun === 0;
    if (tokenizer.exact) return { tokens: raw.tokens, exact, longestSplitRun: raw.longestSplitRun, tokenizer, range: [raw.tokens, raw.tokens] };
    const ratio = ratioFor(tokenizer, text);
    const counted: TokenCount = {
      tokens: Math.round(raw.tokens * ratio.point),
      exact,
      longestSplitRun: raw.longestSplitRun,
      tokenizer,
      range: [Math.round(raw.tokens * ratio.low), Math.round(raw.tokens * ratio.high)],
    };
    if (ratio.contentClass) counted.contentClass = ratio.contentClass;
    return counted;
  }

  /** Counts a conversation the way OpenAI's cookbook does: framing per message, per name and for the reply. */
  async countChat(messages: readonly ChatMessageText[], modelId: string): Promise<ChatTokenCount> {
    assertCountable(messages.reduce((sum, m) => sum + m.role.length + m.content.length + (m.name?.length ?? 0), 0));
    const tokenizer = chooseTokenizer(modelId);
    const texts = messages.flatMap((m) => (m.name === undefined ? [m.role, m.content] : [m.role, m.content, m.name]));
    const raw = await this.rawCounts(tokenizer.encoding, texts);
    // Each value (role, content, name) scaled by the factor for its own kind of text.
    const ratios = texts.map((text) => (tokenizer.exact ? { point: 1, low: 1, high: 1 } : ratioFor(tokenizer, text)));
    let cursor = 0;
    let framing = REPLY_PRIMING_TOKENS;
    let low = REPLY_PRIMING_TOKENS;
    let high = REPLY_PRIMING_TOKENS;
    const perMessage = messages.map((message) => {
      const valueCount = message.name === undefined ? 2 : 3;
      const values = raw.slice(cursor, cursor + valueCount).map((count, i) => ({ tokens: count.tokens, ratio: ratios[cursor + i] }));
      cursor += valueCount;
      const messageFraming = TOKENS_PER_MESSAGE + (message.name === undefined ? 0 : TOKENS_PER_NAME);
      framing += messageFraming;
      const scaled = (factor: 'point' | 'low' | 'high') => Math.round(values.reduce((sum, value) => sum + value.tokens * value.ratio[factor], 0));
      low += messageFraming + scaled('low');
      high += messageFraming + scaled('high');
      return scaled('point') + messageFraming;
    });
    const tokens = perMessage.reduce((a, b) => a + b, 0) + REPLY_PRIMING_TOKENS;
    const longestSplitRun = raw.reduce((longest, count) => Math.max(longest, count.longestSplitRun), 0);
    return { tokens, exact: tokenizer.exact && longestSplitRun === 0, longestSplitRun, tokenizer, perMessage, framing, range: [low, high] };
  }

  /** Encoder counts with the cache in front; each distinct uncached text is sent once. */
  private async rawCounts(encoding: EncodingName, texts: readonly string[]): Promise<EncoderCount[]> {
    const counts = texts.map((text) => (text.length === 0 ? EMPTY_TEXT : this.cache.get(encoding, text)));
    const missing = [...new Set(texts.filter((_, i) => counts[i] === undefined))];
    if (missing.length > 0) {
      const fresh = await this.encoder.count(encoding, missing);
      missing.forEach((text, i) => this.cache.set(encoding, text, fresh[i]));
      const byText = new Map(missing.map((text, i) => [text, fresh[i]]));
      texts.forEach((text, i) => {
        if (counts[i] === undefined) counts[i] = byText.get(text);
      });
    }
    return counts as EncoderCount[];
  }
}

const EMPTY_TEXT: EncoderCount = { tokens: 0, longestSplitRun: 0 };

function assertCountable(length: number): void {
  if (length > MAX_COUNTABLE_CHARS) throw new TextTooLargeError(length);
}
