/**
 * Service tiers as price multipliers on standard rates: our own provider rules, since the price
 * data has no structured tier prices (shared/reference/domain-facts.md §3).
 */
export type ServiceTier = 'standard' | 'batch' | 'flex' | 'priority';

interface TierRule {
  multiplier: number;
  source: string;
}

const TIER_RULES: Readonly<Record<string, Partial<Record<Exclude<ServiceTier, 'standard'>, TierRule>>>> = {
  openai: {
    batch: { multiplier: 0.5, source: 'OpenAI Batch API: 50% off input and output' },
    flex: { multiplier: 0.5, source: 'OpenAI Flex processing: ≈50% of standard rates' },
    // GPT-5 priority rates are 2× standard in the LiteLLM map; other models run 1.7–2×, so this is the upper end.
    priority: { multiplier: 2, source: 'OpenAI Priority processing: 1.7–2× standard rates (2× used)' },
  },
  azure: {
    batch: { multiplier: 0.5, source: 'Azure OpenAI Global Batch: 50% off standard' },
  },
  anthropic: {
    batch: { multiplier: 0.5, source: 'Anthropic Message Batches: 50% of standard prices, cache multipliers stack' },
  },
  google: {
    batch: { multiplier: 0.5, source: 'Gemini Batch Mode: 50% of standard prices' },
    flex: { multiplier: 0.5, source: 'Gemini Flex: 50% of standard prices' },
    priority: { multiplier: 1.8, source: 'Gemini Priority: 75–100% more (1.8× in the LiteLLM map)' },
  },
};

/** The multiplier for a tier at a provider, or undefined when the provider has no such tier. */
export function tierRule(provider: string | undefined, tier: ServiceTier): TierRule | undefined {
  if (tier === 'standard') return { multiplier: 1, source: 'standard rates' };
  return provider ? TIER_RULES[provider]?.[tier] : undefined;
}
