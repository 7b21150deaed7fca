import type { ModelInfo, ModelPrice } from '@pydantic/genai-prices';
import { CATALOG_PROVIDER_IDS } from '../providers/providers';
import { priceLibrary } from './priceData';

/** A chat model with a known text price, as offered in model pickers. */
export interface CatalogModel {
  id: string;
  name: string;
  providerId: string;
  /** USD per million input tokens at today's base rate. */
  inputPerMTok: number;
  /** USD per million output tokens at today's base rate. */
  outputPerMTok: number;
  contextWindow?: number;
}

export interface CatalogProvider {
  id: string;
  name: string;
  models: CatalogModel[];
}

/**
 * Non-deprecated models with a text input and output price, grouped by provider in picker order.
 * @pydantic/genai-prices has no "list all" call, so the providers come from the provider registry
 * (those offered in pickers) and everything else from the price data.
 */
export function listModelCatalog(now: Date = new Date()): CatalogProvider[] {
  const { findProvider } = priceLibrary();
  const providers: CatalogProvider[] = [];
  for (const providerId of CATALOG_PROVIDER_IDS) {
    const provider = findProvider({ providerId });
    if (!provider) continue;
    const models = provider.models
      .filter((model) => !model.deprecated)
      .map((model) => toCatalogModel(model, provider.id, now))
      .filter((model): model is CatalogModel => model !== undefined);
    if (models.length > 0) providers.push({ id: provider.id, name: provider.name, models });
  }
  return providers;
}

function toCatalogModel(model: ModelInfo, providerId: string, now: Date): CatalogModel | undefined {
  const prices = currentPrices(model, now);
  const inputPerMTok = baseRate(prices?.input_mtok);
  const outputPerMTok = baseRate(prices?.output_mtok);
  if (inputPerMTok === undefined || outputPerMTok === undefined) return undefined;
  return { id: model.id, name: model.name ?? model.id, providerId, inputPerMTok, outputPerMTok, contextWindow: model.context_window };
}

/** The price set in force at `now`: the latest start-date constraint that has begun, else the unconstrained one. */
export function currentPrices(model: ModelInfo, now: Date): ModelPrice | undefined {
  if (!Array.isArray(model.prices)) return model.prices;
  let chosen: ModelPrice | undefined;
  for (const conditional of model.prices) {
    const constraint = conditional.constraint;
    if (!constraint) {
      chosen ??= conditional.prices;
    } else if (constraint.type === 'start_date' && new Date(constraint.start_date) <= now) {
      chosen = conditional.prices;
    }
  }
  return chosen;
}

/** A flat price, or the base of a tiered one (long-context tiers apply above a prompt size). */
export function baseRate(price: ModelPrice[string]): number | undefined {
  if (typeof price === 'number') return price;
  if (price && typeof price === 'object' && typeof price.base === 'number') return price.base;
  return undefined;
}
