/**
 * Tokens a vocabulary defines for its users and matches whole in the raw text, before any other
 * step: Gemma 3's runs of newlines and HTML tags, Qwen's `<think>` and `<tool_call>`. Control
 * tokens (`<bos>`, `<|im_start|>`) are not among them: a prompt's text never spells one.
 */
export interface Section {
  text: string;
  isToken: boolean;
}

/** Finds user-defined tokens in raw text, leftmost first and the longest at a position. */
export class UserDefinedTokens {
  private readonly tokens: Set<string>;
  /** Lengths of the tokens that start with each character, longest first. */
  private readonly lengthsByFirst = new Map<string, number[]>();

  constructor(tokens: readonly string[]) {
    this.tokens = new Set(tokens);
    for (const token of this.tokens) {
      const lengths = this.lengthsByFirst.get(token[0]) ?? [];
      if (!lengths.includes(token.length)) lengths.push(token.length);
      this.lengthsByFirst.set(token[0], lengths);
    }
    for (const lengths of this.lengthsByFirst.values()) lengths.sort((a, b) => b - a);
  }

  has(text: string): boolean {
    return this.tokens.has(text);
  }

  *split(text: string): Generator<Section> {
    let start = 0;
    let i = 0;
    while (i < text.length) {
      const lengths = this.lengthsByFirst.get(text[i]);
      const length = lengths?.find((candidate) => this.tokens.has(text.slice(i, i + candidate)));
      if (length === undefined) {
        i++;
        continue;
      }
      if (i > start) yield { text: text.slice(start, i), isToken: false };
      yield { text: text.slice(i, i + length), isToken: true };
      i += length;
      start = i;
    }
    if (start < text.length) yield { text: text.slice(start), isToken: false };
  }
}
