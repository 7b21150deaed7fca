import { ESTIMATE_RATIOS, type ClassRatio } from '../providers/estimateRatios';
import { tokenizerId, type EncodingName, type TokenizerChoice } from './tokenizerChoice';

/** The open-weight vocabularies by name, for the sentence below. */
const OPEN_VOCABULARIES: Partial<Record<EncodingName, string>> = {
  llama3: "Meta's Llama 3 vocabulary",
  qwen3: 'the Qwen2/2.5/3 vocabulary',
  deepseek_v3: "DeepSeek V3's vocabulary",
};

/** One sentence saying how a model's tokens are counted, for tooltips and CLI footers. */
export function describeTokenizer(tokenizer: TokenizerChoice): string {
  if (tokenizer.exact) {
    if (tokenizer.encoding === 'gemma3') {
      return `Exact: counted with the Gemma 3 vocabulary (gemma3), which Google's own SDKs count ${tokenizer.model} with offline.`;
    }
    const vocabulary = OPEN_VOCABULARIES[tokenizer.encoding];
    if (vocabulary) return `Exact: counted with ${vocabulary} (${tokenizer.encoding}), the tokenizer ${tokenizer.model} uses.`;
    return `Exact: counted with ${tokenizer.encoding}, the tokenizer ${tokenizer.model} uses.`;
  }
  const { label } = ESTIMATE_RATIOS[tokenizer.family];
  const subject = tokenizer.family === 'unknown' ? `${tokenizer.model} is not a recognised model` : `${label} has no public tokenizer`;
  if (tokenizer.classRatios) {
    const { prose, code, json, cjk } = tokenizer.classRatios;
    const factor = ({ point, low, high }: ClassRatio) => `${point.toFixed(2)} (${low.toFixed(2)}–${high.toFixed(2)})`;
    const factors = `prose ${factor(prose)}, code ${factor(code)}, JSON ${factor(json)}, CJK ${factor(cjk)}`;
    return `Estimated (≈, ${tokenizerId(tokenizer)}): ${subject}, so the o200k_base count is multiplied by a factor for the kind of text, the range in brackets — ${factors}; ${tokenizer.source}.`;
  }
  return `Estimated (≈, ${tokenizerId(tokenizer)}): ${subject}, so the o200k_base count is multiplied by ${tokenizer.ratio} — ${tokenizer.source}.`;
}

/** One sentence saying why a count with a run counted in pieces is approximate. */
export function describeSplitRun(longestSplitRun: number): string {
  return `Approximate (≈): a run of ${longestSplitRun.toLocaleString('en-US')} characters without a break (a minified line or encoded data) is counted in pieces, so its count may differ slightly from the tokenizer's.`;
}
