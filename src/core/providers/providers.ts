import { ANTHROPIC_DEFAULT_CAPS } from './anthropicDefaultCaps';
import type { CapFillingSdk, DefaultOutputCap, SdkDefaultCaps } from './sdkDefaultCaps';
import type { EstimatedFamily } from './estimateRatios';

/**
 * What Prompt Cost knows about each provider, in one table: how model ids name it, how its tokens
 * are counted, how its prompt cache works, its service tiers and batch API, and what its SDKs send
 * as an output cap when a call sets none. Everything that used to sit in a table of its own
 * (model id prefixes, cache rules, tier multipliers, batch guides, the models worth suggesting, the
 * model picker's providers, the editor's guess at a model's provider) reads it from here.
 *
 * Sources: shared domain facts (provider documentation and the LiteLLM model map, cited where each
 * figure is used); the provider ids are @pydantic/genai-prices' own.
 */

/** How a call can be billed: standard rates, or a tier priced as a multiple of them (promptcost.yaml `tier:`). */
export const SERVICE_TIERS = ['standard', 'batch', 'flex', 'priority'] as const;

export type ServiceTier = (typeof SERVICE_TIERS)[number];

export type PaidTier = Exclude<ServiceTier, 'standard'>;

/**
 * How a provider's prompt cache works. automatic: it caches the longest repeated prefix by itself;
 * explicit: only up to a breakpoint the caller sets (`cache_control`).
 */
export interface CacheFacts {
  mode: 'automatic' | 'explicit';
  /** The shortest cacheable prefix by model name pattern, first match wins; a model matching none is not cached. */
  minimums: ReadonlyArray<readonly [pattern: RegExp, minTokens: number]>;
  /** Cached lengths come in steps of this many tokens above the minimum. */
  increment?: number;
  /** How long an unused entry lives, in seconds (the documented minimum). */
  ttlSeconds: number;
  /** Who caches, as a message says it: "so Gemini can never serve that text from its prompt cache". */
  cacheName: string;
  /** Which models these rules apply to: by name (a Claude model on Bedrock caches as Anthropic does) or by provider. */
  appliesTo: { names?: RegExp; providers: readonly string[] };
}

export interface ProviderFacts {
  /** Prefixes of model ids that name this provider: `openai/gpt-4o`, `googleai/gemini-2.5-flash`, `anthropic:claude-…`. */
  aliases: readonly string[];
  /** Bare model names of this provider's own models, for telling a provider from a name alone. */
  models?: RegExp;
  /**
   * The tokenizer family whose estimate applies to a model of this provider that no name pattern
   * recognises (`anthropic/claude-next` counts as Claude). OpenAI models the tiktoken tables know are
   * counted exactly by name; an unknown one is only estimated, hence `unknown` there too.
   */
  tokenizer: EstimatedFamily;
  cache?: CacheFacts;
  /** The provider's batch API guide, where batch-candidate findings link. */
  batchGuide?: string;
  /** Current general-purpose chat models: the only ones suggested as a cheaper swap. */
  chatModels?: RegExp;
  /**
   * The cheapest tier of a product line, by name: cheaper-model never fires on such a model (see
   * isCheapestTier). `unlessSold`: a name matching `from` is the cheapest only while no model named
   * with `to` in its place is sold (gpt-4o-mini is, no gpt-4o-nano existing; gpt-4.1-mini is not).
   */
  cheapestTier?: { names: RegExp; unlessSold?: { from: RegExp; to: string } };
  /** Offered in model pickers (aggregators that re-list every other provider's models are not). */
  inCatalog: boolean;
  /** What each wrapper SDK sends as the output cap when a call sets none (the provider's API requires one). */
  sdkDefaultCaps?: SdkDefaultCaps;
}

const OPENAI_CACHE: CacheFacts = {
  mode: 'automatic',
  minimums: [[/(?:)/, 1_024]],
  increment: 128,
  ttlSeconds: 300,
  cacheName: 'OpenAI',
  appliesTo: { names: /^(gpt-|o[134]|chatgpt-)/, providers: ['openai', 'azure'] },
};

export const PROVIDERS = {
  openai: {
    aliases: ['openai'],
    models: /^(gpt-|o[134]|chatgpt-)/,
    tokenizer: 'unknown',
    cache: OPENAI_CACHE,
    batchGuide: 'https://platform.openai.com/docs/guides/batch',
    chatModels: /^(gpt-5(\.\d)?(-mini|-nano)?|gpt-4\.1(-mini|-nano)?|gpt-4o(-mini)?|o3|o4-mini)$/,
    cheapestTier: { names: /-(mini|nano)\b/, unlessSold: { from: /-mini\b/, to: '-nano' } },
    inCatalog: true,
  },
  anthropic: {
    aliases: ['anthropic'],
    models: /^claude/,
    tokenizer: 'claude',
    cache: {
      mode: 'explicit',
      // Minimum cacheable prompt by model (Anthropic's list, ~2026-09; LiteLLM prompt_cache_min_tokens agrees).
      minimums: [
        [/claude-(opus-5|fable|mythos-5)/, 512],
        [/claude-opus-4-[56]|claude-haiku-4/, 4_096],
        [/claude-opus-4-7|claude-(3-5-)?haiku|claude-haiku-3|claude-mythos/, 2_048],
        [/(?:)/, 1_024],
      ],
      ttlSeconds: 300,
      cacheName: 'Anthropic',
      appliesTo: { names: /claude/, providers: ['anthropic'] },
    },
    batchGuide: 'https://docs.anthropic.com/en/docs/build-with-claude/batch-processing',
    chatModels: /^claude-(opus|sonnet|haiku)-\d(-\d)?$/,
    cheapestTier: { names: /haiku/ },
    inCatalog: true,
    sdkDefaultCaps: ANTHROPIC_DEFAULT_CAPS,
  },
  google: {
    aliases: ['google', 'googleai', 'google-genai', 'google_genai', 'gemini', 'vertexai', 'vertex_ai', 'vertex'],
    models: /^gemini/,
    tokenizer: 'gemini',
    cache: {
      mode: 'automatic',
      // Implicit caching minimums (ai.google.dev caching doc; later 3.x Flash from a 2026-07 survey). Gemini before 2.5 has none.
      minimums: [
        [/gemini-2\.5-pro|gemini-3(\.\d)?-pro/, 4_096],
        [/gemini-3\.[5-9]-flash/, 2_048],
        [/gemini-(2\.5|3)(\.\d)?-flash/, 1_024],
      ],
      ttlSeconds: 300,
      cacheName: 'Gemini',
      appliesTo: { names: /gemini/, providers: [] },
    },
    batchGuide: 'https://ai.google.dev/gemini-api/docs/batch-mode',
    chatModels: /^gemini-(2\.5|3(\.\d)?)-(pro|flash|flash-lite)(-preview)?$/,
    cheapestTier: { names: /flash-lite/ },
    inCatalog: true,
  },
  mistral: { aliases: ['mistral', 'mistralai'], tokenizer: 'mistral', inCatalog: true },
  deepseek: {
    aliases: ['deepseek'],
    models: /^deepseek/,
    tokenizer: 'deepseek',
    cache: {
      mode: 'automatic',
      minimums: [[/(?:)/, 64]],
      increment: 64,
      // Documented as hours to days; one hour is assumed.
      ttlSeconds: 3_600,
      cacheName: 'DeepSeek',
      appliesTo: { names: /deepseek/, providers: ['deepseek'] },
    },

    inCatalog: true,
  },
  'x-ai': { aliases: ['xai', 'x-ai'], models: /^grok/, tokenizer: 'grok', inCatalog: true },
  aws: {
    aliases: ['bedrock', 'bedrock_converse', 'aws'],
    tokenizer: 'unknown',
    inCatalog: true,
    // Jobs of JSONL records in S3 (CreateModelInvocationJob), results back in S3.
    batchGuide: 'https://docs.aws.amazon.com/bedrock/latest/userguide/batch-inference.html',
  },
  azure: {
    aliases: ['azure', 'azure_ai', 'azureopenai'],
    tokenizer: 'unknown',
    cache: { ...OPENAI_CACHE, cacheName: 'Azure OpenAI' },
    batchGuide: 'https://learn.microsoft.com/azure/ai-services/openai/how-to/batch',
    inCatalog: true,
  },
  groq: { aliases: ['groq'], tokenizer: 'unknown', inCatalog: true },
  together: { aliases: ['together', 'together_ai'], tokenizer: 'unknown', inCatalog: true },
  fireworks: { aliases: ['fireworks', 'fireworks_ai'], tokenizer: 'unknown', inCatalog: true },
  cohere: { aliases: ['cohere'], models: /^command/, tokenizer: 'cohere', inCatalog: true },
  perplexity: { aliases: ['perplexity'], tokenizer: 'unknown', inCatalog: true },
  // Re-lists 700+ models of every other provider: known as a prefix, left out of pickers.
  openrouter: { aliases: ['openrouter'], tokenizer: 'unknown', inCatalog: false },
  cerebras: { aliases: ['cerebras'], tokenizer: 'unknown', inCatalog: true },
  // Runs models on the user's own machine: the price data has no rates for it, and another
  // provider's rate for a model of the same name is not what a call costs, so its calls are unpriced.
  ollama: { aliases: ['ollama', 'ollama_chat'], tokenizer: 'unknown', inCatalog: false },
} as const satisfies Record<string, ProviderFacts>;

/** A provider id, as @pydantic/genai-prices spells it (Ollama, which it does not carry, by its own name). */
export type ProviderId = keyof typeof PROVIDERS;

export const PROVIDER_IDS = Object.keys(PROVIDERS) as ProviderId[];

export function isProviderId(id: string): id is ProviderId {
  return Object.prototype.hasOwnProperty.call(PROVIDERS, id);
}

export function providerFacts(id: ProviderId): ProviderFacts {
  return PROVIDERS[id];
}

/** The estimate family for a provider's unrecognised models; `unknown` when the provider has none. */
export function providerTokenizer(provider: ProviderId | undefined): EstimatedFamily {
  return provider === undefined ? 'unknown' : providerFacts(provider).tokenizer;
}

const BY_ALIAS: ReadonlyMap<string, ProviderId> = new Map(
  PROVIDER_IDS.flatMap((id) => PROVIDERS[id].aliases.map((alias: string): [string, ProviderId] => [alias, id])),
);

/** The provider a model id prefix names (`googleai` → google), case-insensitively; undefined for anything else. */
export function providerOfAlias(prefix: string): ProviderId | undefined {
  return BY_ALIAS.get(prefix.toLowerCase());
}

/** The provider whose own models are named like this (`claude-…` → anthropic), when the name alone tells. */
export function providerOfModelName(name: string): ProviderId | undefined {
  const lower = name.toLowerCase();
  return PROVIDER_IDS.find((id) => {
    const facts: ProviderFacts = PROVIDERS[id];
    return facts.models?.test(lower) ?? false;
  });
}

/** Providers offered in model pickers, in the order they are listed. */
export const CATALOG_PROVIDER_IDS: readonly ProviderId[] = PROVIDER_IDS.filter((id) => PROVIDERS[id].inCatalog);

/** Where a provider's batch API is explained, when it has one. */
export function batchGuide(provider: string | undefined): string | undefined {
  if (provider === undefined || !isProviderId(provider)) return undefined;
  const facts: ProviderFacts = PROVIDERS[provider];
  return facts.batchGuide;
}

/** The provider's current chat models (for cheaper-model suggestions); undefined when none are listed. */
export function chatModelPattern(provider: string | undefined): RegExp | undefined {
  if (provider === undefined || !isProviderId(provider)) return undefined;
  const facts: ProviderFacts = PROVIDERS[provider];
  return facts.chatModels;
}

/**
 * Whether a model is the cheapest tier of its product line: same provider, same line (the id without
 * its tier word), nothing cheaper below it. The exact rule, by the provider table:
 *  - OpenAI: `-nano` (gpt-4.1-nano, gpt-5-nano); `-mini` when its line sells no `-nano` (gpt-4o-mini,
 *    o4-mini; not gpt-4.1-mini or gpt-5-mini, whose `-nano` is `sold`);
 *  - Anthropic: Haiku; Google: Flash-Lite;
 *  - any other provider: none (it lists no chat models to suggest either).
 * Why: the next step down from there is another line (gpt-4o-mini → gpt-4.1-nano, an older Haiku):
 * a different model to re-evaluate for cents, not a cheaper size of the one chosen.
 */
export function isCheapestTier(provider: string | undefined, modelId: string, sold: (id: string) => boolean): boolean {
  if (provider === undefined || !isProviderId(provider)) return false;
  const facts: ProviderFacts = PROVIDERS[provider];
  const tier = facts.cheapestTier;
  const id = modelId.toLowerCase();
  if (!tier?.names.test(id)) return false;
  const below = tier.unlessSold;
  return !(below && below.from.test(id) && sold(id.replace(below.from, below.to)));
}

/** Who caches a provider's prompts, as messages name it ("Gemini", "Azure OpenAI"); undefined when it has no cache. */
export function cacheName(provider: string | undefined): string | undefined {
  if (provider === undefined || !isProviderId(provider)) return undefined;
  const facts: ProviderFacts = PROVIDERS[provider];
  return facts.cache?.cacheName;
}

/** The output cap an SDK sends to a provider for a call that sets none; undefined when it sends none. */
export function sdkDefaultCap(provider: ProviderId, sdk: CapFillingSdk, modelId: string): DefaultOutputCap | undefined {
  return providerFacts(provider).sdkDefaultCaps?.[sdk]?.(modelId);
}

/** The providers whose cache rules are checked for a model, in order: the first that applies wins. */
export const CACHING_PROVIDERS: readonly ProviderId[] = ['anthropic', 'openai', 'google', 'deepseek'];
