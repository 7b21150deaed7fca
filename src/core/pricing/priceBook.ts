import type { ModelPrice, Provider, Usage } from '@pydantic/genai-prices';
import { own } from '../records';
import { parseModelId } from '../models/modelId';
import { baseRate } from './modelCatalog';
import { priceDataHasProvider, priceLibrary } from './priceData';

/** A price the user declares in promptcost.yaml, USD per million tokens. */
export interface PriceOverride {
  input: number;
  output: number;
  cacheRead?: number;
  cacheWrite?: number;
}

/** Which price applies to a model id, and its base rates (USD per million tokens) for display. */
export interface ModelPricing {
  /** The id as asked for. */
  requestedId: string;
  providerId: string;
  providerName: string;
  /** The model id the price data matched (may differ from the request: aliases, dated ids). */
  pricedAs: string;
  source: 'promptcost.yaml' | 'price data';
  rates: { input: number; output: number; cacheRead?: number; cacheWrite?: number };
  /** Whether cache writes cost more than plain input (Anthropic, OpenAI GPT-5.6+). */
  chargesCacheWrites: boolean;
  contextWindow?: number;
}

/** Token counts of one call; the cache counts are parts of `input`. Fractions are fine (expected values). */
export interface CallUsage {
  input: number;
  cacheRead: number;
  cacheWrite: number;
  output: number;
}

/** USD for one call, split the way hovers show it. */
export interface PriceQuote {
  uncachedInput: number;
  cacheRead: number;
  cacheWrite: number;
  output: number;
  total: number;
}

/**
 * Prices from @pydantic/genai-prices (long-context tiers included), with promptcost.yaml overrides
 * taking precedence. An unknown model has no price — never a price of zero.
 */
export class PriceBook {
  private readonly overrideProvider: Provider | undefined;
  private readonly lookups = new Map<string, { pricing: ModelPricing; options: { providerId?: string; provider?: Provider }; modelId: string } | null>();

  constructor(private readonly overrides: Readonly<Record<string, PriceOverride>> = {}) {
    const entries = Object.entries(overrides);
    this.overrideProvider =
      entries.length === 0
        ? undefined
        : {
            id: 'promptcost-yaml',
            name: 'promptcost.yaml',
            api_pattern: '^$',
            models: entries.map(([id, price]) => ({
              id,
              match: { equals: id },
              prices: {
                input_mtok: price.input,
                output_mtok: price.output,
                ...(price.cacheRead !== undefined ? { cache_read_mtok: price.cacheRead } : {}),
                ...(price.cacheWrite !== undefined ? { cache_write_mtok: price.cacheWrite } : {}),
              },
            })),
          };
  }

  lookup(modelId: string): ModelPricing | undefined {
    return this.resolve(modelId)?.pricing;
  }

  quote(modelId: string, usage: CallUsage): PriceQuote | undefined {
    const resolved = this.resolve(modelId);
    if (!resolved) return undefined;
    const { calcPrice } = priceLibrary();
    const price = (u: Usage) => calcPrice(u, resolved.modelId, resolved.options);
    const input = Math.max(usage.input, 0);
    const full = price({ input_tokens: input, cache_read_tokens: usage.cacheRead, cache_write_tokens: usage.cacheWrite, output_tokens: usage.output });
    if (!full) return undefined;
    // Per-token rates at the tier this request falls in (tiers depend on the total input), so the
    // parts add up to the library's total.
    const rate = (u: Usage) => (input > 0 ? (price(u)?.input_price ?? 0) / input : 0);
    const inputRate = rate({ input_tokens: input, output_tokens: 0 });
    const readRate = usage.cacheRead > 0 ? rate({ input_tokens: input, cache_read_tokens: input, output_tokens: 0 }) : 0;
    const writeRate = usage.cacheWrite > 0 ? rate({ input_tokens: input, cache_write_tokens: input, output_tokens: 0 }) : 0;
    return {
      uncachedInput: (input - usage.cacheRead - usage.cacheWrite) * inputRate,
      cacheRead: usage.cacheRead * readRate,
      cacheWrite: usage.cacheWrite * writeRate,
      output: full.output_price,
      total: full.total_price,
    };
  }

  private resolve(modelId: string) {
    if (!this.lookups.has(modelId)) this.lookups.set(modelId, this.find(modelId) ?? null);
    return this.lookups.get(modelId) ?? undefined;
  }

  private find(modelId: string) {
    const { calcPrice } = priceLibrary();
    const probe: Usage = { input_tokens: 1_000_000, output_tokens: 1_000_000 };
    // An override is keyed by the id as written or by the bare name (an SDK call adds its provider: `openai/my-model`).
    const overrideKey = [modelId, parseModelId(modelId).name].find((key) => own(this.overrides, key) !== undefined);
    if (this.overrideProvider && overrideKey) {
      const options = { provider: this.overrideProvider };
      const result = calcPrice(probe, overrideKey, options);
      if (result)
        return {
          pricing: toPricing(overrideKey, result.provider, result.model.id, result.model_price, result.model.context_window, 'promptcost.yaml'),
          options,
          modelId: overrideKey,
        };
    }
    const { provider, name } = parseModelId(modelId);
    // A provider the price data does not carry (Ollama, on the user's machine) has no price: the
    // same model name at another provider is not what the call costs.
    if (provider && !priceDataHasProvider(provider)) return undefined;
    // Bedrock and Azure ids are matched as written first (regional Bedrock ids carry their own prices),
    // then the bare name at the named provider, then the bare name anywhere.
    const attempts: Array<[string, string | undefined]> = [
      [modelId.trim(), provider],
      [name, provider],
      [name, undefined],
    ];
    for (const [id, providerId] of attempts) {
      const options = providerId ? { providerId } : {};
      const result = calcPrice(probe, id, options);
      if (result)
        return {
          pricing: toPricing(modelId, result.provider, result.model.id, result.model_price, result.model.context_window, 'price data'),
          options,
          modelId: id,
        };
    }
    return undefined;
  }
}

function toPricing(
  requestedId: string,
  provider: Provider,
  pricedAs: string,
  modelPrice: ModelPrice,
  contextWindow: number | undefined,
  source: ModelPricing['source'],
): ModelPricing {
  const input = baseRate(modelPrice.input_mtok) ?? 0;
  const cacheWrite = baseRate(modelPrice.cache_write_mtok);
  return {
    requestedId,
    providerId: provider.id,
    providerName: provider.name,
    pricedAs,
    source,
    rates: { input, output: baseRate(modelPrice.output_mtok) ?? 0, cacheRead: baseRate(modelPrice.cache_read_mtok), cacheWrite },
    chargesCacheWrites: cacheWrite !== undefined && cacheWrite > input,
    contextWindow,
  };
}
