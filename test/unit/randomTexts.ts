import { Random } from '../fuzz/random';

/**
 * What the tokenizer comparisons build random texts from: runs of spaces, line breaks and tabs,
 * words and code, digit runs, several scripts, emoji, combining marks and odd characters (a lone
 * surrogate, private use, a ligature). Each vocabulary's test adds the tokens it treats specially.
 */
export const TEXT_PARTS: readonly string[] = [
  ' ',
  '  ',
  '   ',
  '\n',
  '\n\n',
  '\t',
  '\r\n',
  'the',
  'The',
  "'s",
  "'LL",
  "don't",
  'refund',
  'naïve',
  'e\u0301',
  'Äpfel',
  'countTokens',
  'max_tokens',
  '=>',
  '{"',
  '"}',
  '<',
  '>',
  '</',
  '42',
  '123',
  '4567',
  '3.14',
  '0x1F',
  '你好',
  '世界',
  'こんにちは',
  'カタ',
  'Привет',
  'مرحبا',
  '😀',
  '👍🏽',
  '…',
  '—',
  '\u0301',
  '\u00a0',
  '\u3000',
  '\uE000',
  '\uD83D',
  '\uDC00',
  '𓀀',
  'ﬁ',
];

/** `count` texts of up to 39 parts each, from TEXT_PARTS and `extraParts`, the same for the same seed. */
export function randomTexts(seed: number, extraParts: readonly string[], count: number): string[] {
  const random = new Random(seed);
  const parts = [...TEXT_PARTS, ...extraParts];
  return Array.from({ length: count }, () => Array.from({ length: random.below(40) }, () => random.pick(parts)).join(''));
}
