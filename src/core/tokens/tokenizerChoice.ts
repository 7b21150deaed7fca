import { parseModelId } from '../models/modelId';
import { providerTokenizer } from '../providers/providers';
import { CLASS_RATIOS, ESTIMATE_RATIOS, type ClassRatio, type ContentClass, type EstimatedFamily } from '../providers/estimateRatios';
import { contentClass } from './contentClass';

/**
 * Byte-pair encodings in tiktoken's form this project ships (rank tables in dist/ranks/): OpenAI's,
 * from js-tiktoken, and the Llama 3, Qwen and DeepSeek V3 vocabularies (scripts/byteLevelRanks.cjs).
 */
export type BytePairEncodingName = 'o200k_base' | 'cl100k_base' | 'llama3' | 'qwen3' | 'deepseek_v3';

/** Every vocabulary this project counts with: OpenAI's, and Gemma 3's SentencePiece vocabulary (dist/vocab/). */
export type EncodingName = BytePairEncodingName | 'gemma3';

/** How a model's tokens are counted: exactly with its own encoding, or estimated from o200k_base. */
export type TokenizerChoice =
  | { exact: true; model: string; encoding: EncodingName }
  | {
      exact: false;
      model: string;
      encoding: 'o200k_base';
      family: EstimatedFamily;
      ratio: number;
      source: string;
      /** The family's factors by kind of text, with ranges (Claude); absent where one ratio serves every text. */
      classRatios?: Readonly<Record<ContentClass, ClassRatio>>;
    };

/**
 * What counted a site's tokens, as the JSON and the hover name it: the encoding of an exact count
 * (`o200k_base`), or `estimate:` and the family whose tokenizer is not public (`estimate:claude-5`).
 */
export function tokenizerId(tokenizer: TokenizerChoice): string {
  return tokenizer.exact ? tokenizer.encoding : `estimate:${tokenizer.family}`;
}

/** The factor an estimated count of `text` takes: by its kind where the family has factors by kind, else the family's one ratio. */
export function ratioFor(tokenizer: Extract<TokenizerChoice, { exact: false }>, text: string): ClassRatio & { contentClass?: ContentClass } {
  if (!tokenizer.classRatios) return { point: tokenizer.ratio, low: tokenizer.ratio, high: tokenizer.ratio };
  const kind = contentClass(text);
  return { ...tokenizer.classRatios[kind], contentClass: kind };
}

/**
 * OpenAI model prefixes and their encodings, from openai/tiktoken `tiktoken/model.py` (v0.14.0).
 * A prefix matches the name itself or the name followed by `-`, `:` or `.` (`gpt-5.2`, `gpt-4o-mini`);
 * the first match wins, so `gpt-4o` and `gpt-4.1` come before `gpt-4`.
 * gpt-oss uses o200k_harmony, which differs from o200k_base only in special tokens, so plain text counts the same.
 */
const OPENAI_ENCODINGS: ReadonlyArray<readonly [prefix: string, encoding: EncodingName]> = [
  ['gpt-5', 'o200k_base'],
  ['gpt-4.5', 'o200k_base'],
  ['gpt-4.1', 'o200k_base'],
  ['gpt-4o', 'o200k_base'],
  ['chatgpt-4o', 'o200k_base'],
  ['ft:gpt-4o', 'o200k_base'],
  ['ft:gpt-4.1', 'o200k_base'],
  ['gpt-oss', 'o200k_base'],
  ['o1', 'o200k_base'],
  ['o3', 'o200k_base'],
  ['o4', 'o200k_base'],
  ['gpt-4', 'cl100k_base'],
  ['ft:gpt-4', 'cl100k_base'],
  ['gpt-3.5', 'cl100k_base'],
  ['gpt-35', 'cl100k_base'],
  ['ft:gpt-3.5', 'cl100k_base'],
  ['text-embedding-3', 'cl100k_base'],
  ['text-embedding-ada-002', 'cl100k_base'],
];

/**
 * Gemini models that Google's own SDKs count locally with the Gemma 3 vocabulary, from
 * googleapis/python-genai `google/genai/_local_tokenizer_loader.py` (and js-genai
 * `src/cross/tokenizer/_loader.ts`): gemini-2.0-flash(-lite), gemini-2.5-pro/flash/flash-lite,
 * gemini-live-2.5-flash, gemini-3-pro-preview and gemini-3-flash-preview, with their dated and
 * preview variants. Gemma 3's own open-weight models (gemma-3-27b-it…) use it too. Gemini 3.1 and
 * 3.5 map to Gemma 4, whose vocabulary is not shipped: those stay estimates, as does Gemini 1.5.
 * A prefix matches the name itself or the name followed by `-`.
 */
const GEMMA3_PREFIXES = ['gemini-2.0-flash', 'gemini-2.5-pro', 'gemini-2.5-flash', 'gemini-live-2.5-flash', 'gemini-3-pro', 'gemini-3-flash', 'gemma-3'];

/**
 * Llama 3.0 to 3.3 share one vocabulary (128,000 tokens, Meta's tiktoken file): `llama-3.3-70b`,
 * `meta.llama3-1-8b-instruct-v1:0`, `ollama/llama3.1`, `Meta-Llama-3.1-405B-Instruct`. Llama 2 and
 * Llama 4 have other vocabularies and stay estimates.
 */
const LLAMA3_NAME = /llama[-_.]?3(?!\d)/;

/**
 * Qwen2, Qwen2.5, Qwen3 and QwQ share one vocabulary (151,643 tokens): `qwen3-235b-a22b`,
 * `Qwen/Qwen2.5-72B-Instruct`, `qwen/qwen-2.5-coder-32b-instruct`, `qwq-32b`. Alibaba's API models
 * (qwen-max, qwen-plus) do not say which they use, and later versions may change it: estimates.
 */
const QWEN_NAME = /qwen[-_.]?(?:2(?:\.5)?|3)(?![.\d])|qwq/;

/**
 * DeepSeek V3, V3.x and R1 share one vocabulary, the one DeepSeek offers for counting its API's
 * tokens offline (deepseek-chat, deepseek-reasoner): `deepseek-v3.2`, `deepseek-ai/DeepSeek-R1`.
 * The R1 distills are Llama and Qwen models with their own vocabularies, and DeepSeek Coder is older.
 */
const DEEPSEEK_V3_NAME = /deepseek[-_/]?(?:chat|reasoner|v3(?!\d)|r1)(?!.*distill)/;

/** Substrings that identify a family without a public tokenizer; checked in order. */
const ESTIMATED_FAMILIES: ReadonlyArray<readonly [pattern: RegExp, family: EstimatedFamily]> = [
  // Anthropic's newer tokenizer: Opus 4.7 and later Opus, and every model of the 5 family (Sonnet 5, Fable 5, Mythos 5…).
  [/claude-opus-4[-.][789]\b/, 'claude-5'],
  [/claude-(?:opus|sonnet|haiku|fable|mythos)-(?:[5-9]|[1-9]\d)\b/, 'claude-5'],
  [/claude/, 'claude'],
  [/gemini|gemma/, 'gemini'],
  [/mistral|mixtral|codestral|ministral|magistral|pixtral|devstral/, 'mistral'],
  [/llama/, 'llama'],
  [/deepseek/, 'deepseek'],
  [/qwen|qwq/, 'qwen'],
  [/grok/, 'grok'],
  [/^command|cohere/, 'cohere'],
];

/** Picks how to count tokens for a model id in any of its spellings; unknown ids are estimated, never rejected. */
export function chooseTokenizer(modelId: string): TokenizerChoice {
  const { name, provider } = parseModelId(modelId);
  const lower = name.toLowerCase();
  for (const [prefix, encoding] of OPENAI_ENCODINGS) {
    if (lower === prefix || (lower.startsWith(prefix) && /^[-:.]/.test(lower.slice(prefix.length)))) {
      return { exact: true, model: modelId, encoding };
    }
  }
  if (LLAMA3_NAME.test(lower)) return { exact: true, model: modelId, encoding: 'llama3' };
  if (QWEN_NAME.test(lower)) return { exact: true, model: modelId, encoding: 'qwen3' };
  if (DEEPSEEK_V3_NAME.test(lower)) return { exact: true, model: modelId, encoding: 'deepseek_v3' };
  if (GEMMA3_PREFIXES.some((prefix) => lower === prefix || lower.startsWith(`${prefix}-`))) return { exact: true, model: modelId, encoding: 'gemma3' };
  // A name no pattern knows still counts like its provider's models when the id names the provider.
  const family = ESTIMATED_FAMILIES.find(([pattern]) => pattern.test(lower))?.[1] ?? providerTokenizer(provider);
  const { ratio, source } = ESTIMATE_RATIOS[family];
  const classRatios = CLASS_RATIOS[family];
  return classRatios
    ? { exact: false, model: modelId, encoding: 'o200k_base', family, ratio, source, classRatios }
    : { exact: false, model: modelId, encoding: 'o200k_base', family, ratio, source };
}
