import type { MessageEstimate, PromptSite } from '../types';
import { cachedLength, cacheHitRate, type CacheRules } from './cacheRules';
import type { PromptTokens } from './promptTokens';

export interface CacheEstimate {
  rules: CacheRules;
  /** The part of the prefix the provider would cache (minimums and steps applied). */
  cached: number;
  /** Chance a call finds that part still cached, at the site's volume. */
  hitRate: number;
  /** Whether the prompt sets a cache breakpoint at all (explicit caching caches nothing without one). */
  hasBreakpoint: boolean;
}

/** What the provider would cache of a site's prompt, and how often a call would find it there. */
export function estimateCache(site: PromptSite, prompt: PromptTokens, rules: CacheRules, monthlyCalls: number): CacheEstimate {
  let cached = 0;
  if (rules.mode === 'automatic') {
    cached = cachedLength(prompt.prefix, rules);
  } else if (rules.mode === 'explicit') {
    const breakpoint = explicitPrefix(site, prompt.messages, prompt.tools);
    cached = breakpoint === undefined ? 0 : cachedLength(breakpoint, rules);
  }
  const hitRate = cached > 0 ? cacheHitRate(monthlyCalls, rules.ttlSeconds) : 0;
  return { rules, cached, hitRate, hasBreakpoint: site.messages.some((message) => message.cacheBreakpoint) };
}

/**
 * Tokens up to and including the furthest cache breakpoint that nothing variable precedes (a
 * breakpoint after variable content caches a prefix that changes every call, so it never hits).
 */
function explicitPrefix(site: PromptSite, messages: MessageEstimate[], toolTokens: number): number | undefined {
  let best: number | undefined;
  for (let i = 0; i < site.messages.length; i++) {
    if (site.messages[i].segments.some((segment) => segment.kind === 'dynamic')) break;
    if (site.messages[i].cacheBreakpoint) best = i;
  }
  if (best === undefined) return undefined;
  return toolTokens + messages.slice(0, best + 1).reduce((sum, message) => sum + message.tokens, 0);
}
