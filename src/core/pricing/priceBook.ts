import type { ConditionalPrice, ModelInfo, ModelPrice, Provider, Usage } from '@pydantic/genai-prices';
import { own } from '../records';
import { parseModelId } from '../models/modelId';
import { baseRate, catalogUntil, type CatalogProvider } from './modelCatalog';
import { priceDataHasProvider, priceLibrary } from './priceData';
import type { PriceSource } from '../types';
import { BUNDLED_PRICE_SOURCE, OVERRIDE_PRICE_SOURCE } from './priceSource';
import type { LoadedPricesFile } from './pricesFile';

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
  source: 'promptcost.yaml' | 'price data' | 'prices file';
  /** The same, as the CLI's JSON and the hover show it (package and date, or the file). */
  priceSource: PriceSource;
  rates: { input: number; output: number; cacheRead?: number; cacheWrite?: number; cacheWriteOneHour?: number };
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
  /** The writes are one-hour cache entries (Anthropic `ttl: '1h'`): priced at the data's one-hour rate where it has one. */
  cacheWriteOneHour?: boolean;
}

/** USD for one call, split the way hovers show it. */
export interface PriceQuote {
  uncachedInput: number;
  cacheRead: number;
  cacheWrite: number;
  output: number;
  total: number;
}

/** A model id resolved to the price data's model, and what its price depends on besides usage. */
interface Resolved {
  pricing: ModelPricing;
  options: { providerId?: string; provider?: Provider };
  modelId: string;
  /** The model's dated and time-of-day prices: which of them apply changes with the clock. */
  constraints: ReadonlyArray<NonNullable<ConditionalPrice['constraint']>>;
}

/** Quotes a price book holds at most (a scan of a large monorepo needs a few thousand). */
const MAX_HELD_QUOTES = 20_000;

/**
 * Prices from @pydantic/genai-prices (long-context tiers included), with promptcost.yaml overrides
 * taking precedence, then a price file the user gave (in the package's own data format) for the
 * models it lists. An unknown model has no price — never a price of zero.
 */
export class PriceBook {
  private readonly overrideProvider: Provider | undefined;
  private readonly lookups = new Map<string, Resolved | null>();
  /**
   * Quotes by model, price period and usage: the cheaper-model rule and the hover's alternatives
   * quote every model of a provider for each site, and a scan meets the same usage many times.
   */
  private readonly quotes = new Map<string, Readonly<PriceQuote> | null>();
  private catalogHeld: { providers: CatalogProvider[]; validUntil: number } | undefined;

  private readonly fileSource: PriceSource | undefined;

  constructor(
    private readonly overrides: Readonly<Record<string, PriceOverride>> = {},
    private readonly pricesFile?: LoadedPricesFile,
  ) {
    this.fileSource = pricesFile && { kind: 'prices-file', file: pricesFile.ref.shownAs, asOf: pricesFile.ref.asOf };
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

  /**
   * The catalog of current chat models (`listModelCatalog`), built once and held until the next
   * dated price in the data starts.
   */
  catalog(now: Date = new Date()): readonly CatalogProvider[] {
    if (!this.catalogHeld || now.getTime() >= this.catalogHeld.validUntil) this.catalogHeld = catalogUntil(now);
    return this.catalogHeld.providers;
  }

  quote(modelId: string, usage: CallUsage): Readonly<PriceQuote> | undefined {
    const resolved = this.resolve(modelId);
    if (!resolved) return undefined;
    const key = `${modelId}\u0000${pricePeriod(resolved.constraints, new Date())}\u0000${usage.input}\u0000${usage.cacheRead}\u0000${usage.cacheWrite}\u0000${usage.output}\u0000${usage.cacheWriteOneHour === true}`;
    const held = this.quotes.get(key);
    if (held !== undefined) return held ?? undefined;
    // A long editor session types through many usages: start again rather than grow without bound.
    if (this.quotes.size >= MAX_HELD_QUOTES) this.quotes.clear();
    const quote = quoteOf(resolved, usage);
    this.quotes.set(key, quote ? Object.freeze(quote) : null);
    return quote;
  }

  private resolve(modelId: string): Resolved | undefined {
    if (!this.lookups.has(modelId)) this.lookups.set(modelId, this.find(modelId) ?? null);
    return this.lookups.get(modelId) ?? undefined;
  }

  private find(modelId: string): Resolved | undefined {
    const { calcPrice } = priceLibrary();
    const probe: Usage = { input_tokens: 1_000_000, output_tokens: 1_000_000 };
    // An override is keyed by the id as written or by the bare name (an SDK call adds its provider: `openai/my-model`).
    const overrideKey = [modelId, parseModelId(modelId).name].find((key) => own(this.overrides, key) !== undefined);
    if (this.overrideProvider && overrideKey) {
      const options = { provider: this.overrideProvider };
      const result = calcPrice(probe, overrideKey, options);
      if (result)
        return {
          pricing: toPricing(overrideKey, result, 'promptcost.yaml', OVERRIDE_PRICE_SOURCE),
          options: pricingAgain(result),
          modelId: overrideKey,
          constraints: [],
        };
    }
    const { provider, name } = parseModelId(modelId);
    const fromFile = this.findInFile(modelId, provider, name);
    if (fromFile) return fromFile;
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
          pricing: toPricing(modelId, result, 'price data', BUNDLED_PRICE_SOURCE),
          options: pricingAgain(result),
          modelId: id,
          constraints: constraintsOf(result.model),
        };
    }
    return undefined;
  }

  /**
   * The user's price file, for the models it lists: the provider the id names, else the one the
   * bundled data would take for the model, else any provider of the file that lists it. The same
   * ids as the bundled look-up are tried, in the same order.
   */
  private findInFile(modelId: string, provider: string | undefined, name: string): Resolved | undefined {
    if (!this.pricesFile || !this.fileSource) return undefined;
    const { calcPrice, findProvider } = priceLibrary();
    const providers = this.pricesFile.providers;
    const byId = (id: string | undefined) => (id === undefined ? [] : providers.filter((p) => p.id.toLowerCase() === id.toLowerCase()));
    const probe: Usage = { input_tokens: 1_000_000, output_tokens: 1_000_000 };
    const attempts: Array<[string, Provider[]]> = provider
      ? [
          [modelId.trim(), byId(provider)],
          [name, byId(provider)],
        ]
      : [[name, byId(findProvider({ modelId: name })?.id).concat(providers)]];
    for (const [id, candidates] of attempts) {
      for (const candidate of candidates) {
        const options = { provider: candidate };
        const result = calcPrice(probe, id, options);
        if (result)
          return {
            pricing: toPricing(modelId, result, 'prices file', this.fileSource),
            options: pricingAgain(result),
            modelId: id,
            constraints: constraintsOf(result.model),
          };
      }
    }
    return undefined;
  }
}

/**
 * The options that price a found model again: its provider with that one model. Given a provider id,
 * the library tests the provider's models one by one (lower-casing both ids for each); given a
 * provider, it copies every model of it first; and a quote asks it up to four times, for every
 * usage a scan meets (the model look-ups were a third of pricing's time on a scan of vercel/ai).
 * The model found once is the model found again, so the prices are the same.
 */
function pricingAgain(result: { provider: Provider; model: ModelInfo }): Resolved['options'] {
  return { provider: { ...result.provider, models: [result.model], fallback_model_providers: undefined } };
}

function toPricing(
  requestedId: string,
  result: { provider: Provider; model: ModelInfo; model_price: ModelPrice },
  source: ModelPricing['source'],
  priceSource: PriceSource,
): ModelPricing {
  const { provider, model_price: modelPrice } = result;
  const input = baseRate(modelPrice.input_mtok) ?? 0;
  const cacheWrite = baseRate(modelPrice.cache_write_mtok);
  const cacheWriteOneHour = baseRate(modelPrice.cache_write_1h_mtok);
  return {
    requestedId,
    providerId: provider.id,
    providerName: provider.name,
    pricedAs: result.model.id,
    source,
    priceSource,
    rates: {
      input,
      output: baseRate(modelPrice.output_mtok) ?? 0,
      cacheRead: baseRate(modelPrice.cache_read_mtok),
      cacheWrite,
      ...(cacheWriteOneHour !== undefined ? { cacheWriteOneHour } : {}),
    },
    chargesCacheWrites: cacheWrite !== undefined && cacheWrite > input,
    contextWindow: result.model.context_window,
  };
}

/** The price data's quote for one call: the total and its parts. */
function quoteOf(resolved: Resolved, usage: CallUsage): PriceQuote | undefined {
  const { calcPrice } = priceLibrary();
  const price = (u: Usage) => calcPrice(u, resolved.modelId, resolved.options);
  const input = Math.max(usage.input, 0);
  // One-hour writes are a part of the writes the library prices at `cache_write_1h_mtok`; a price
  // without that rate (a promptcost.yaml override) prices them as other writes.
  const oneHour = usage.cacheWriteOneHour === true && resolved.pricing.rates.cacheWriteOneHour !== undefined;
  const writes = (tokens: number): Usage => (oneHour ? { cache_write_tokens: tokens, cache_write_1h_tokens: tokens } : { cache_write_tokens: tokens });
  const full = price({ input_tokens: input, cache_read_tokens: usage.cacheRead, ...writes(usage.cacheWrite), output_tokens: usage.output });
  if (!full) return undefined;
  // Per-token rates at the tier this request falls in (tiers depend on the total input), so the
  // parts add up to the library's total.
  const rate = (u: Usage) => (input > 0 ? (price(u)?.input_price ?? 0) / input : 0);
  const inputRate = rate({ input_tokens: input, output_tokens: 0 });
  const readRate = usage.cacheRead > 0 ? rate({ input_tokens: input, cache_read_tokens: input, output_tokens: 0 }) : 0;
  const writeRate = usage.cacheWrite > 0 ? rate({ input_tokens: input, ...writes(input), output_tokens: 0 }) : 0;
  return {
    uncachedInput: (input - usage.cacheRead - usage.cacheWrite) * inputRate,
    cacheRead: usage.cacheRead * readRate,
    cacheWrite: usage.cacheWrite * writeRate,
    output: full.output_price,
    total: full.total_price,
  };
}

function constraintsOf(model: ModelInfo): Resolved['constraints'] {
  return Array.isArray(model.prices) ? model.prices.flatMap((conditional) => (conditional.constraint ? [conditional.constraint] : [])) : [];
}

/**
 * Which of a model's prices apply at `now`, as a key: the dated prices that have started and, for a
 * model priced by the time of day, the UTC minute (its periods start and end on whole minutes). A
 * quote held under one key is the price data's quote for as long as the key stays the same.
 */
function pricePeriod(constraints: Resolved['constraints'], now: Date): string {
  if (constraints.length === 0) return '';
  let key = '';
  for (const constraint of constraints)
    key += constraint.type === 'start_date' ? (new Date(constraint.start_date) <= now ? '1' : '0') : `@${now.getUTCHours() * 60 + now.getUTCMinutes()}`;
  return key;
}
