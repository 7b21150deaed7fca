/**
 * Families whose tokenizer is not public. Their counts are estimated as
 * `o200k_base count × ratio`, marked `exact: false` and shown with "≈"; for Claude the ratio
 * depends on the kind of text and comes with a range (CLASS_RATIOS).
 * Every ratio lives here, with where it comes from, so that a better measurement changes one line.
 */

export type EstimatedFamily = 'claude' | 'claude-5' | 'gemini' | 'mistral' | 'llama' | 'deepseek' | 'qwen' | 'grok' | 'cohere' | 'unknown';

export interface EstimateRatio {
  /** Multiplier applied to the o200k_base count. */
  ratio: number;
  /** Who makes the models, for messages ("Anthropic publishes no tokenizer for …"). */
  label: string;
  /** Where the ratio comes from, shown in tooltips and hovers. */
  source: string;
}

export const ESTIMATE_RATIOS: Readonly<Record<EstimatedFamily, EstimateRatio>> = {
  // VentureBeat (L. Gupta, May 2025), Claude 3.5 Sonnet vs GPT-4o on the same inputs: +16% tokens on
  // English articles (+21% math, +30% Python). English prose is the common case for prompts.
  // ctok's reverse-engineered counters put Opus 5 / Sonnet 5 back on the Claude 3 vocabulary.
  claude: {
    ratio: 1.16,
    label: 'Claude (Anthropic)',
    source:
      'Claude 3+ produces more tokens than o200k_base: ~16% on English prose, ~30% on code (VentureBeat, May 2025; Anthropic: 15–20% on typical text, more on code and non-English)',
  },
  // Anthropic release notes 2026-04-16: Opus 4.7's new tokenizer yields "roughly 1× to 1.35×" the
  // tokens of earlier Claude models; Anthropic lists it for Opus 4.7 and later Opus, Sonnet 5 and
  // the other 5-family models. The prose figure here; by kind of text in CLASS_RATIOS.
  'claude-5': {
    ratio: 1.68,
    label: "Claude Opus 4.7+ and the Claude 5 family (Anthropic's newer tokenizer)",
    source: "the Claude 3 ratios × the newer tokenizer's factor for the kind of text (Anthropic release notes 2026-04-16; count_tokens probes 2026-04-17)",
  },
  // ai.google.dev/gemini-api/docs/tokens: "a token is equivalent to about 4 characters"; o200k_base
  // averages 4.20 characters per token on English prose (measured on this project's README), so
  // Gemini produces 4.20 / 4 = 1.05 tokens per o200k token.
  gemini: {
    ratio: 1.05,
    label: 'Gemini (Google)',
    source: 'Google documents ~4 characters per Gemini token; o200k_base averages 4.2 on English prose',
  },
  // No published comparison for these families: the o200k count is used as is, still marked "≈".
  mistral: { ratio: 1, label: 'Mistral', source: 'no published comparison; o200k_base count used unchanged' },
  llama: { ratio: 1, label: 'Llama (Meta)', source: 'no published comparison; o200k_base count used unchanged' },
  deepseek: { ratio: 1, label: 'DeepSeek', source: 'no published comparison; o200k_base count used unchanged' },
  qwen: { ratio: 1, label: 'Qwen (Alibaba)', source: 'no published comparison; o200k_base count used unchanged' },
  grok: { ratio: 1, label: 'Grok (xAI)', source: 'no published comparison; o200k_base count used unchanged' },
  cohere: { ratio: 1, label: 'Command (Cohere)', source: 'no published comparison; o200k_base count used unchanged' },
  unknown: { ratio: 1, label: 'an unrecognised model', source: 'model not recognised; o200k_base count used unchanged' },
};

/** The kinds of text the published comparisons tell apart (tokens/contentClass.ts says which a text is). */
export type ContentClass = 'prose' | 'code' | 'json' | 'cjk';

/** A factor for one kind of text: the point estimate and the range the published figures allow. */
export interface ClassRatio {
  point: number;
  low: number;
  high: number;
}

/**
 * Claude's factors over o200k_base by kind of text, each bound from a published figure:
 *
 * Claude 3 to Opus 4.6 (`claude`):
 * - prose: 1.16, range 1.15–1.20. Anthropic: tiktoken undercounts Claude by about 15–20% on
 *   typical text; VentureBeat (L. Gupta, May 2025, Claude 3.5 Sonnet vs GPT-4o): +16% on English articles.
 * - code: 1.30, range 1.20–1.30. VentureBeat: +30% on Python; Anthropic: more than on typical text.
 * - json: 1.21, range 1.16–1.30. No measurement of JSON: VentureBeat's +21% on math notation (the
 *   structured text measured), within the prose and code figures.
 * - cjk: 1.30, range 1.20–1.40. Anthropic says the undercount is larger on non-English text and gives
 *   no figure: from the top of the typical 15–20% to twice it, the point between. Not measured.
 *
 * The newer tokenizer (`claude-5`: Opus 4.7 and later, the 5 family) is the above × its factor for the
 * kind of text, from count_tokens probes of Opus 4.7 against earlier models (sol.ava.dev, 2026-04-17)
 * and Anthropic's "roughly 1× to 1.35×":
 * - prose: × 1.45 (English prose), range × 1.24 (Spanish) – × 1.47 (technical docs, a second study);
 * - code: × 1.18 (the middle of TypeScript 1.13, C/Rust 1.15, Ruby 1.17, Go 1.19, Python 1.20,
 *   Haskell 1.33), range × 1.13 – × 1.33;
 * - json: × 1.31 (a JSON log), range × 1.06 (ids and timestamps) – × 1.31;
 * - cjk: × 1.00 (CJK text counted the same by both), so the same as above.
 * The products are rounded to two decimals.
 */
export const CLASS_RATIOS: Readonly<Partial<Record<EstimatedFamily, Readonly<Record<ContentClass, ClassRatio>>>>> = {
  claude: {
    prose: { point: 1.16, low: 1.15, high: 1.2 },
    code: { point: 1.3, low: 1.2, high: 1.3 },
    json: { point: 1.21, low: 1.16, high: 1.3 },
    cjk: { point: 1.3, low: 1.2, high: 1.4 },
  },
  'claude-5': {
    // 1.16 × 1.45, 1.15 × 1.24, 1.20 × 1.47
    prose: { point: 1.68, low: 1.43, high: 1.76 },
    // 1.30 × 1.18, 1.20 × 1.13, 1.30 × 1.33
    code: { point: 1.53, low: 1.36, high: 1.73 },
    // 1.21 × 1.31, 1.16 × 1.06, 1.30 × 1.31
    json: { point: 1.59, low: 1.23, high: 1.7 },
    cjk: { point: 1.3, low: 1.2, high: 1.4 },
  },
};
