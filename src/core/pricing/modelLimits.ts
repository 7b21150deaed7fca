import { parseModelId } from '../models/modelId';

/**
 * Maximum output tokens and context windows, which the price data lacks or has only in part
 * (the LiteLLM model map, snapshot of 2026-07-24). Used for the worst-case
 * output when a call has no cap, and for context checks. First matching pattern wins.
 */
const LIMITS: ReadonlyArray<readonly [pattern: RegExp, maxOutput: number, contextWindow: number]> = [
  [/^gpt-5\.[4-9]/, 128_000, 1_050_000],
  [/^gpt-5/, 128_000, 272_000],
  [/^gpt-4\.1/, 32_768, 1_047_576],
  [/^(chatgpt-)?gpt-4o/, 16_384, 128_000],
  [/^o[34]/, 100_000, 200_000],
  [/^o1/, 100_000, 200_000],
  [/^gpt-4-turbo|^gpt-4-\d{4}-preview/, 4_096, 128_000],
  [/^gpt-4/, 8_192, 8_192],
  [/^gpt-3\.5|^gpt-35/, 4_096, 16_385],
  [/claude-opus-4-[6-9]|claude-opus-5|claude-sonnet-5/, 128_000, 1_000_000],
  [/claude-opus-4-5/, 64_000, 200_000],
  [/claude-opus-4/, 32_000, 200_000],
  [/claude-sonnet-4-6/, 64_000, 1_000_000],
  [/claude-(sonnet-4|haiku-4|3-7-sonnet)/, 64_000, 200_000],
  [/claude-3-5/, 8_192, 200_000],
  [/claude/, 4_096, 200_000],
  [/gemini-(2\.5|3)/, 65_536, 1_048_576],
  [/deepseek-v4/, 8_192, 1_000_000],
  [/deepseek/, 8_192, 131_072],
];

export interface ModelLimits {
  maxOutput?: number;
  contextWindow?: number;
}

export function modelLimits(modelId: string): ModelLimits {
  const name = parseModelId(modelId).name.toLowerCase();
  const match = LIMITS.find(([pattern]) => pattern.test(name));
  return match ? { maxOutput: match[1], contextWindow: match[2] } : {};
}
