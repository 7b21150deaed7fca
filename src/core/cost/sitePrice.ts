import type { ModelPricing, PriceBook } from '../pricing/priceBook';
import type { ServiceTier } from '../providers/providers';
import { tierRule, type PriceModifier } from '../pricing/priceModifiers';
import type { Estimate } from '../types';
import type { CacheEstimate } from './siteCache';

/** The usage one call is priced at. */
export interface PricedUsage {
  input: number;
  outputExpected: number;
  outputMax?: number;
  cache: CacheEstimate;
  monthlyCalls: number;
  tier: ServiceTier;
  /** A surcharge for where the call runs (Anthropic US-only inference), on top of the tier. */
  residency?: PriceModifier;
}

export interface SitePrice {
  cost: Required<Pick<Estimate['cost'], 'perCall' | 'monthly' | 'breakdown' | 'rates'>> & Pick<Estimate['cost'], 'perCallWorstCase' | 'monthlyWorstCase'>;
  /** The tier's multiplier and its source; undefined when the provider has no such tier (standard rates apply). */
  tierRule?: PriceModifier;
}

/**
 * What a call costs at the expected output and cache hit rate, and at worst (no cache hits, the
 * output at its longest), at the tier's multiplier. Misses pay cache writes where the provider
 * charges for them.
 */
export function priceSite(prices: PriceBook, priceId: string, pricing: ModelPricing, usage: PricedUsage): SitePrice {
  const rule = tierRule(pricing.providerId, usage.tier);
  const multiplier = (rule?.multiplier ?? 1) * (usage.residency?.multiplier ?? 1);
  const { cached, hitRate } = usage.cache;
  const reads = hitRate * cached;
  const writes = pricing.chargesCacheWrites ? (1 - hitRate) * cached : 0;
  const cacheWriteOneHour = usage.cache.rules.oneHourWrites === true;
  const expected = prices.quote(priceId, { input: usage.input, cacheRead: reads, cacheWrite: writes, output: usage.outputExpected, cacheWriteOneHour })!;
  const worst =
    usage.outputMax === undefined
      ? undefined
      : prices.quote(priceId, {
          input: usage.input,
          cacheRead: 0,
          cacheWrite: pricing.chargesCacheWrites ? cached : 0,
          output: usage.outputMax,
          cacheWriteOneHour,
        });
  const scale = (usd: number) => usd * multiplier;
  return {
    tierRule: rule,
    cost: {
      perCall: scale(expected.total),
      perCallWorstCase: worst ? scale(worst.total) : undefined,
      monthly: scale(expected.total) * usage.monthlyCalls,
      monthlyWorstCase: worst ? scale(worst.total) * usage.monthlyCalls : undefined,
      breakdown: {
        uncachedInput: scale(expected.uncachedInput),
        cacheRead: scale(expected.cacheRead),
        cacheWrite: scale(expected.cacheWrite),
        output: scale(expected.output),
      },
      rates: pricing.rates,
    },
  };
}
