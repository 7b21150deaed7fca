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

/**
 * The catalog at `now` and the moment it may next change (when a dated price of one of its
 * providers' models starts; never, when none is ahead), so it can be held until then.
 */
export function catalogUntil(now: Date): { providers: CatalogProvider[]; validUntil: number } {
  const { findProvider } = priceLibrary();
  let validUntil = Infinity;
  for (const providerId of CATALOG_PROVIDER_IDS) {
    for (const model of findProvider({ providerId })?.models ?? []) {
      if (!Array.isArray(model.prices)) continue;
      for (const { constraint } of model.prices) {
        const starts = constraint?.type === 'start_date' ? new Date(constraint.start_date).getTime() : Infinity;
        if (starts > now.getTime() && starts < validUntil) validUntil = starts;
      }
    }
  }
  return { providers: listModelCatalog(now), validUntil };
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

/**
 * Kinds of priced ids a model picker leaves out: models that do not answer a text prompt with text
 * (speech, images, embeddings, moderation, realtime audio), and Bedrock ids bound to a region or
 * routed across regions (`us.`, `eu.`, `apac.`, `global.`, `regional.`: inference profiles of a model
 * the picker already lists by its own id), and the price data's patterns for fine-tuned models
 * (`ft:gpt-4o`, `gpt-4o-mini-2024-07-18.ft-`), which are no id anyone writes.
 */
export type PickerExcludedFamily = 'speech' | 'image' | 'embedding' | 'moderation' | 'realtime' | 'region' | 'fine-tune';

const EXCLUDED_FAMILIES: ReadonlyArray<[PickerExcludedFamily, RegExp]> = [
  ['region', /^(?:us|eu|apac|ap|jp|au|ca|us-gov|global|regional)\./],
  ['realtime', /realtime|audio|(?:^|[-.])live(?:[-.]|$)/],
  ['speech', /(?:^|[-.])(?:tts|transcribe|whisper|sonic|speech)(?:[-.:]|$)|voxtral/],
  ['image', /(?:^|[-.])image(?:[-.]|$)|^gpt-image|dall-e|imagen/],
  ['embedding', /embed/],
  ['moderation', /moderation|(?:^|[-./])(?:llama-)?guard(?:[-.]|$)|safeguard/],
  ['fine-tune', /^ft:|\.ft-|:ft-/],
];

/** Which family a picker leaves out this id for, if any. */
export function excludedFamily(modelId: string): PickerExcludedFamily | undefined {
  const id = modelId.toLowerCase();
  return EXCLUDED_FAMILIES.find(([, pattern]) => pattern.test(id))?.[0];
}

/** The model a listed id is priced as: the price data's provider and id for it. */
export interface CanonicalModel {
  providerId: string;
  id: string;
}

/**
 * The catalog as a model picker offers it (pure: `canonicalOf` is the price data's look-up):
 * - without the families `excludedFamily` names, except those of the models in `keepFamiliesOf`
 *   (a site that already uses a speech model or a Bedrock inference profile keeps that family);
 * - each canonical model once: ids the price data prices as the same model (a `provider/` prefix,
 *   a dated or `-latest` alias, the same model listed by two providers) keep one entry — the one
 *   listed under the provider that prices it, else the shortest id — shown under the shortest of
 *   those ids that its own id starts with (`claude-3-5-haiku`, not `claude-3-5-haiku-latest`).
 * Providers left with no model are dropped; the order is otherwise kept.
 */
export function pickerCatalog(
  catalog: readonly CatalogProvider[],
  canonicalOf: (modelId: string) => CanonicalModel | undefined,
  keepFamiliesOf: readonly string[] = [],
): CatalogProvider[] {
  const kept = new Set(keepFamiliesOf.map(excludedFamily).filter((family) => family !== undefined));
  const groups = new Map<string, { pricedBy?: string; entries: CatalogModel[] }>();
  for (const provider of catalog) {
    for (const model of provider.models) {
      const family = excludedFamily(model.id);
      if (family && !kept.has(family)) continue;
      const canonical = canonicalOf(model.id);
      const key = canonical ? `${canonical.providerId}/${canonical.id}` : `${provider.id}/${model.id}`;
      const group = groups.get(key) ?? { pricedBy: canonical?.providerId, entries: [] };
      group.entries.push(model);
      groups.set(key, group);
    }
  }
  const shown = new Map<CatalogModel, CatalogModel>();
  for (const { pricedBy, entries } of groups.values()) {
    const home = (model: CatalogModel) => (model.providerId === pricedBy ? 0 : 1);
    const [winner] = [...entries].sort((a, b) => home(a) - home(b) || a.id.length - b.id.length);
    const alias = entries.filter((entry) => winner.id.startsWith(entry.id)).sort((a, b) => a.id.length - b.id.length)[0];
    shown.set(winner, { ...winner, id: alias.id });
  }
  return catalog
    .map((provider) => ({ ...provider, models: provider.models.flatMap((model) => shown.get(model) ?? []) }))
    .filter((provider) => provider.models.length > 0);
}
