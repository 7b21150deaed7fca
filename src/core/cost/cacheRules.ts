import { parseModelId } from '../models/modelId';

/**
 * How each provider's prompt cache works, from shared/reference/domain-facts.md §2.
 * automatic: the provider caches the longest repeated prefix by itself (OpenAI, Gemini implicit, DeepSeek);
 * explicit: only up to a `cache_control` breakpoint the caller sets (Anthropic);
 * none: no prompt caching is modelled.
 */
export interface CacheRules {
  mode: 'automatic' | 'explicit' | 'none';
  /** Shorter prefixes are never cached, silently. */
  minTokens: number;
  /** Cached lengths come in steps of this many tokens above the minimum (OpenAI 128, DeepSeek 64). */
  increment?: number;
  /** How long an unused entry lives; with the call rate it decides the hit rate. */
  ttlSeconds: number;
  /** One line for the assumptions list. */
  description: string;
}

/** Anthropic minimum cacheable prompt by model (latest doc list, ~2026-09; LiteLLM prompt_cache_min_tokens agrees). */
const ANTHROPIC_MINIMUMS: ReadonlyArray<readonly [RegExp, number]> = [
  [/claude-(opus-5|fable|mythos-5)/, 512],
  [/claude-opus-4-[56]|claude-haiku-4/, 4_096],
  [/claude-opus-4-7|claude-(3-5-)?haiku|claude-haiku-3|claude-mythos/, 2_048],
  [/claude/, 1_024],
];

/** Gemini implicit caching minimums (ai.google.dev caching doc, current table; later 3.x Flash from a 2026-07 survey). */
const GEMINI_MINIMUMS: ReadonlyArray<readonly [RegExp, number]> = [
  [/gemini-2\.5-pro|gemini-3(\.\d)?-pro/, 4_096],
  [/gemini-3\.[5-9]-flash/, 2_048],
  [/gemini-(2\.5|3)(\.\d)?-flash/, 1_024],
];

export function cacheRulesFor(providerId: string | undefined, modelId: string, cacheTtl?: '5m' | '1h'): CacheRules {
  const name = parseModelId(modelId).name.toLowerCase();
  const provider = providerId ?? parseModelId(modelId).provider;
  if (/claude/.test(name) || provider === 'anthropic') {
    const minTokens = ANTHROPIC_MINIMUMS.find(([pattern]) => pattern.test(name))?.[1] ?? 1_024;
    const ttlSeconds = cacheTtl === '1h' ? 3_600 : 300;
    return {
      mode: 'explicit',
      minTokens,
      ttlSeconds,
      description: `Anthropic caches only up to a cache_control breakpoint, from ${minTokens.toLocaleString('en-US')} tokens for this model; entries live ${cacheTtl === '1h' ? '1 hour' : '5 minutes'} after last use.`,
    };
  }
  if (provider === 'openai' || provider === 'azure' || /^(gpt-|o[134]|chatgpt-)/.test(name)) {
    return {
      mode: 'automatic',
      minTokens: 1_024,
      increment: 128,
      ttlSeconds: 300,
      description:
        'OpenAI caches repeated prefixes of 1,024+ tokens automatically, in steps of 128; entries assumed to live 5 minutes (in-memory retention, the documented minimum).',
    };
  }
  if (/gemini/.test(name)) {
    const minTokens = GEMINI_MINIMUMS.find(([pattern]) => pattern.test(name))?.[1];
    if (minTokens === undefined) {
      return { mode: 'none', minTokens: 0, ttlSeconds: 0, description: 'No implicit caching is modelled for this Gemini model (Gemini 2.5 and later only).' };
    }
    return {
      mode: 'automatic',
      minTokens,
      ttlSeconds: 300,
      description: `Gemini caches repeated prefixes of ${minTokens.toLocaleString('en-US')}+ tokens implicitly, without a guarantee; entries assumed to live 5 minutes.`,
    };
  }
  if (/deepseek/.test(name) || provider === 'deepseek') {
    return {
      mode: 'automatic',
      minTokens: 64,
      increment: 64,
      ttlSeconds: 3_600,
      description: 'DeepSeek caches repeated prefixes on disk in 64-token units; entries assumed to live 1 hour (documented: hours to days).',
    };
  }
  return { mode: 'none', minTokens: 0, ttlSeconds: 0, description: 'No prompt caching is modelled for this provider.' };
}

/** Seconds in the 30-day month that monthly volumes are spread over. */
export const SECONDS_PER_MONTH = 30 * 24 * 3_600;

/**
 * Chance that the cache entry is still alive when a call arrives, for calls arriving at random
 * (Poisson) at `monthlyCalls` a month: P(hit) = 1 − e^(−λ·TTL), λ = calls per second.
 */
export function cacheHitRate(monthlyCalls: number, ttlSeconds: number): number {
  if (monthlyCalls <= 0 || ttlSeconds <= 0) return 0;
  const callsPerSecond = monthlyCalls / SECONDS_PER_MONTH;
  return 1 - Math.exp(-callsPerSecond * ttlSeconds);
}

/** The part of a prefix the provider would actually cache: nothing below the minimum, whole steps above it. */
export function cachedLength(prefixTokens: number, rules: CacheRules): number {
  if (rules.mode === 'none' || prefixTokens < rules.minTokens) return 0;
  if (!rules.increment) return prefixTokens;
  const base = Math.max(rules.minTokens, rules.increment);
  return base + Math.floor((prefixTokens - base) / rules.increment) * rules.increment;
}
