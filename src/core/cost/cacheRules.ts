import { parseModelId } from '../models/modelId';
import { CACHING_PROVIDERS, PROVIDERS, type CacheFacts, type ProviderFacts, type ProviderId } from '../providers/providers';

/**
 * How the prompt cache of a model works, from the provider registry.
 * automatic: the provider caches the longest repeated prefix by itself (OpenAI, Gemini implicit, DeepSeek);
 * explicit: only up to a `cache_control` breakpoint the caller sets (Anthropic);
 * none: no prompt caching is modelled.
 */
export interface CacheRules {
  mode: 'automatic' | 'explicit' | 'none';
  /** Whose cache rules these are; absent when no provider's apply. */
  provider?: ProviderId;
  /** Shorter prefixes are never cached, silently. */
  minTokens: number;
  /** Cached lengths come in steps of this many tokens above the minimum (OpenAI 128, DeepSeek 64). */
  increment?: number;
  /** How long an unused entry lives; with the call rate it decides the hit rate. */
  ttlSeconds: number;
  /** Writes are of the one-hour kind (Anthropic `ttl: '1h'`), priced at their own rate (2× input, not 1.25×). */
  oneHourWrites?: boolean;
}

const NO_CACHE = { mode: 'none', minTokens: 0, ttlSeconds: 0 } as const;

/** The cache rules for a model at a provider (`cacheTtl` is Anthropic's `ttl: '1h'` on a breakpoint). */
export function cacheRulesFor(providerId: string | undefined, modelId: string, cacheTtl?: '5m' | '1h'): CacheRules {
  const parsed = parseModelId(modelId);
  const name = parsed.name.toLowerCase();
  const provider = providerId ?? parsed.provider;
  for (const id of CACHING_PROVIDERS) {
    const facts: ProviderFacts = PROVIDERS[id];
    const cache: CacheFacts | undefined = facts.cache;
    if (!cache || !(cache.appliesTo.names?.test(name) || cache.appliesTo.providers.includes(provider ?? ''))) continue;
    const minTokens = cache.minimums.find(([pattern]) => pattern.test(name))?.[1];
    // A model of a caching family that predates its cache (Gemini before 2.5) caches nothing.
    if (minTokens === undefined) return { ...NO_CACHE, provider: id };
    const oneHour = cache.mode === 'explicit' && cacheTtl === '1h';
    const rules: CacheRules = { mode: cache.mode, provider: id, minTokens, increment: cache.increment, ttlSeconds: oneHour ? 3_600 : cache.ttlSeconds };
    if (oneHour) rules.oneHourWrites = true;
    return rules;
  }
  return { ...NO_CACHE };
}

/** Seconds in the 30-day month that monthly volumes are spread over. */
const SECONDS_PER_MONTH = 30 * 24 * 3_600;

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
