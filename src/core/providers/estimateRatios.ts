/**
 * Families whose tokenizer is not public. Their counts are estimated as
 * `o200k_base count × ratio`, marked `exact: false` and shown with "≈".
 * Every ratio lives here, with where it comes from, so that a better measurement changes one line.
 */

export type EstimatedFamily = 'claude' | 'claude-opus-4.7' | 'gemini' | 'mistral' | 'llama' | 'deepseek' | 'qwen' | 'grok' | 'cohere' | 'unknown';

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
    source: 'Claude 3+ produces ~16% more tokens than o200k_base on English text (VentureBeat, May 2025)',
  },
  // Anthropic release notes 2026-04-16: Opus 4.7's new tokenizer yields "roughly 1× to 1.35×" the
  // tokens of earlier Claude models; a weighted measurement on real content found 1.325×.
  // 1.16 × 1.325 = 1.537.
  'claude-opus-4.7': {
    ratio: 1.54,
    label: 'Claude Opus 4.7+ (Anthropic)',
    source: 'Claude 3 ratio 1.16 × 1.325 for the Opus 4.7 tokenizer (Anthropic release notes 2026-04-16; weighted measurement)',
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
