import { isProviderId, type PaidTier, type ProviderId, type ServiceTier } from '../providers/providers';

/**
 * A multiplier on the price data's rates that the data itself lacks: a service tier, or where the
 * request is allowed to run. Each says where it comes from and when that page was read.
 */
export interface PriceModifier {
  multiplier: number;
  /** What the provider says, in a few words: shown in the hover's assumptions and findings. */
  source: string;
  url: string;
  /** The day (UTC) the page was last read for this figure. */
  checked: string;
}

/**
 * Every modifier Prompt Cost applies on top of @pydantic/genai-prices, which has no batch, flex or
 * priority prices and no data-residency surcharge (its data keeps Bedrock's regional and global
 * endpoints apart, and one-hour cache writes, so neither is here). promptcost.yaml `tier:` (or
 * `batch: true`) picks a tier; a call's `inference_geo: "us"` picks US-only inference.
 */
const TIERS: Readonly<Partial<Record<ProviderId, Partial<Record<PaidTier, PriceModifier>>>>> = {
  openai: {
    batch: {
      multiplier: 0.5,
      source: 'OpenAI Batch API: 50% off input and output',
      url: 'https://platform.openai.com/docs/guides/batch',
      checked: '2026-12-01',
    },
    flex: {
      multiplier: 0.5,
      source: 'OpenAI Flex processing: ≈50% of standard rates',
      url: 'https://platform.openai.com/docs/guides/flex-processing',
      checked: '2026-12-01',
    },
    // GPT-5 priority rates are 2× standard in the LiteLLM map; other models run 1.7–2×, so this is the upper end.
    priority: {
      multiplier: 2,
      source: 'OpenAI Priority processing: 1.7–2× standard rates (2× used)',
      url: 'https://platform.openai.com/docs/guides/priority-processing',
      checked: '2026-12-01',
    },
  },
  anthropic: {
    batch: {
      multiplier: 0.5,
      source: 'Anthropic Message Batches: 50% of standard prices, cache multipliers stack',
      url: 'https://docs.anthropic.com/en/docs/build-with-claude/batch-processing',
      checked: '2026-12-01',
    },
  },
  google: {
    batch: {
      multiplier: 0.5,
      source: 'Gemini Batch Mode: 50% of standard prices',
      url: 'https://ai.google.dev/gemini-api/docs/batch-mode',
      checked: '2026-12-01',
    },
    flex: { multiplier: 0.5, source: 'Gemini Flex: 50% of standard prices', url: 'https://ai.google.dev/gemini-api/docs/pricing', checked: '2026-12-01' },
    priority: {
      multiplier: 1.8,
      source: 'Gemini Priority: 75–100% more (1.8× in the LiteLLM map)',
      url: 'https://ai.google.dev/gemini-api/docs/pricing',
      checked: '2026-12-01',
    },
  },
  aws: {
    batch: {
      multiplier: 0.5,
      source: 'Amazon Bedrock batch inference: 50% of on-demand prices on the models that offer it',
      url: 'https://aws.amazon.com/bedrock/pricing/',
      checked: '2026-12-02',
    },
  },
  azure: {
    batch: {
      multiplier: 0.5,
      source: 'Azure OpenAI Global Batch: 50% off standard',
      url: 'https://learn.microsoft.com/azure/ai-services/openai/how-to/batch',
      checked: '2026-12-01',
    },
  },
};

/**
 * Anthropic's US-only inference (`inference_geo: "us"`, Claude Opus 4.6 and later): 1.1× every
 * token price, stacking with batch and cache multipliers. Older models reject the parameter.
 */
const US_ONLY_INFERENCE: PriceModifier & { models: RegExp } = {
  multiplier: 1.1,
  source: 'Anthropic US-only inference (inference_geo: "us"): 1.1× standard prices on Claude Opus 4.6 and later',
  url: 'https://platform.claude.com/docs/en/build-with-claude/data-residency',
  checked: '2026-12-02',
  models: /claude-(?:opus-4[-.][6-9]|(?:opus|sonnet|haiku|fable|mythos)-(?:[5-9]|[1-9]\d)|sonnet-4[-.]6)/,
};

/** The multiplier for a tier at a provider, or undefined when the provider has no such tier. */
export function tierRule(provider: string | undefined, tier: ServiceTier): PriceModifier | undefined {
  if (tier === 'standard') return { multiplier: 1, source: 'standard rates', url: '', checked: '' };
  if (provider === undefined || !isProviderId(provider)) return undefined;
  return TIERS[provider]?.[tier];
}

/** The surcharge for where a call asks to run, or undefined when none applies (the default, global, or a model without it). */
export function residencyRule(provider: string | undefined, modelId: string, inferenceGeo: string | undefined): PriceModifier | undefined {
  if (inferenceGeo?.toLowerCase() !== 'us' || provider !== 'anthropic' || !US_ONLY_INFERENCE.models.test(modelId.toLowerCase())) return undefined;
  const { models: _models, ...rule } = US_ONLY_INFERENCE;
  return rule;
}
