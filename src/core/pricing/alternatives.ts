import { isOpenAiReasoningModel } from '../models/reasoningModels';
import type { Estimate } from '../types';
import { modelLimits } from './modelLimits';
import type { PriceBook } from './priceBook';
import { chatModelPattern } from '../providers/providers';
import { residencyRule, tierRule } from './priceModifiers';

export interface Alternative {
  model: string;
  monthly: number;
  /** Fraction saved against the current monthly cost, 0–1. */
  saving: number;
}

/**
 * Up to `limit` cheaper models of the same provider for the same token counts, closest in price
 * first (the likeliest drop-in swaps). Never a model without a price, one whose context window
 * is smaller than the prompt plus its output needs, a reasoning model for one that does not reason,
 * or one without US-only inference for a call that asks for it (priced with its surcharge otherwise).
 */
export function cheaperAlternatives(estimate: Estimate, prices: PriceBook, limit = 3, minSaving = 0.1): Alternative[] {
  let held = pricedCandidates.get(prices);
  if (!held) pricedCandidates.set(prices, (held = new WeakMap()));
  let candidates = held.get(estimate);
  if (!candidates) held.set(estimate, (candidates = candidatesOf(estimate, prices)));
  return candidates.filter((candidate) => candidate.saving >= minSaving).slice(0, limit);
}

/**
 * Each estimate's candidates, priced, most expensive first, per price book: the hover and the
 * cheaper-model rule ask for those of the same estimate, each with its own minimum saving.
 */
const pricedCandidates = new WeakMap<PriceBook, WeakMap<Estimate, Alternative[]>>();

function candidatesOf(estimate: Estimate, prices: PriceBook): Alternative[] {
  const provider = estimate.model.provider;
  const current = estimate.cost.monthly;
  const pattern = chatModelPattern(provider);
  if (!pattern || current === undefined || current <= 0) return [];
  const currentModel = estimate.model.pricedAs ?? estimate.model.id;
  const catalog = prices.catalog().find((entry) => entry.id === provider);
  if (!catalog) return [];
  const needed = estimate.tokens.input + (estimate.tokens.outputMax ?? estimate.tokens.outputExpected);
  // A reasoning model bills hidden reasoning tokens as output, which this estimate does not hold:
  // it is no like-for-like swap for a model that does not reason.
  const reasons = isOpenAiReasoningModel(currentModel);
  // A call that asks for US-only inference (for data residency) is no like-for-like swap for a model that cannot run that way.
  const usOnly = asksUsOnly(estimate);
  const alternatives: Alternative[] = [];
  for (const candidate of catalog.models) {
    if (!pattern.test(candidate.id) || candidate.id === currentModel || candidate.id === estimate.model.id) continue;
    if (!reasons && isOpenAiReasoningModel(candidate.id)) continue;
    if (usOnly && !residencyRule(provider, candidate.id, 'us')) continue;
    const contextWindow = candidate.contextWindow ?? modelLimits(candidate.id).contextWindow;
    if (contextWindow !== undefined && contextWindow < needed) continue;
    const pricing = prices.lookup(`${provider}/${candidate.id}`);
    if (!pricing) continue;
    const perCall = priceAt(estimate, prices, `${provider}/${candidate.id}`, pricing.chargesCacheWrites);
    if (perCall === undefined) continue;
    const monthly = perCall * sameProviderMultiplier(estimate, candidate.id) * estimate.monthlyCalls;
    alternatives.push({ model: candidate.id, monthly, saving: 1 - monthly / current });
  }
  // A stable sort: filtering the sorted list keeps the order filtering first would give.
  return alternatives.sort((a, b) => b.monthly - a.monthly);
}

/** What one site would cost a month with a given model; `monthly` is undefined when that model has no price. */
export interface SiteModelCost {
  model: string;
  monthly?: number;
}

/**
 * The site's usage — the same token counts, cache reads and calls a month — priced with each of
 * `modelIds`, as `cheaperAlternatives` prices a candidate: a model of the site's own provider is
 * priced under that provider, at the site's service tier; another provider's model as its id is
 * priced wherever it is written. The site's own model keeps the estimate's figure. A model without
 * a price (or a site with no monthly figure) is `monthly: undefined` — unpriced, never $0.
 */
export function priceSiteWithModels(estimate: Estimate, prices: PriceBook, modelIds: readonly string[]): SiteModelCost[] {
  const provider = estimate.model.provider;
  const own = new Set([estimate.model.id, estimate.model.pricedAs, estimate.model.canonical].filter((id) => id !== undefined));
  return modelIds.map((model) => {
    if (own.has(model) && estimate.cost.priced && estimate.cost.monthly !== undefined) return { model, monthly: estimate.cost.monthly };
    const sameProvider = provider !== undefined && prices.lookup(`${provider}/${model}`)?.providerId === provider;
    const priceId = sameProvider ? `${provider}/${model}` : model;
    const pricing = prices.lookup(priceId);
    if (!pricing) return { model };
    const perCall = priceAt(estimate, prices, priceId, pricing.chargesCacheWrites);
    if (perCall === undefined) return { model };
    const multiplier = sameProvider ? sameProviderMultiplier(estimate, model) : 1;
    return { model, monthly: perCall * multiplier * estimate.monthlyCalls };
  });
}

/**
 * The modifiers the site's call would keep with another model of its provider: its service tier,
 * and US-only inference where the call asks for it (its own figure carries the surcharge) and that
 * model has it. A call that asks for US-only inference on a model without it cannot be told apart
 * here; the API refuses that parameter on such models anyway.
 */
function sameProviderMultiplier(estimate: Estimate, model: string): number {
  const provider = estimate.model.provider;
  const tier = tierRule(provider, estimate.cost.tier)?.multiplier ?? 1;
  const usOnly = asksUsOnly(estimate) ? residencyRule(provider, model, 'us') : undefined;
  return tier * (usOnly?.multiplier ?? 1);
}

function asksUsOnly(estimate: Estimate): boolean {
  return estimate.cost.modifiers?.some((modifier) => modifier.id === 'us-only-inference') ?? false;
}

/** Whether the provider sells a model of this id today (a priced, non-deprecated model of the catalog). */
export function soldModel(prices: PriceBook, provider: string | undefined, id: string): boolean {
  return prices.catalog().some((entry) => entry.id === provider && entry.models.some((model) => model.id === id));
}

/**
 * What the site's usage costs at another model's prices: one call, or for an agent site one run —
 * its turns as estimated, each with the input, cache reads and output it has (monthly calls count runs).
 */
function priceAt(estimate: Estimate, prices: PriceBook, priceId: string, chargesCacheWrites: boolean): number | undefined {
  const usages = estimate.agent
    ? estimate.agent.turns.map((turn) => ({
        input: turn.input,
        cacheRead: turn.cacheRead,
        cacheWrite: chargesCacheWrites ? turn.cacheWrite : 0,
        output: turn.output,
      }))
    : [
        {
          input: estimate.tokens.input,
          cacheRead: estimate.tokens.cached * estimate.cache.hitRate,
          cacheWrite: chargesCacheWrites ? estimate.tokens.cached * (1 - estimate.cache.hitRate) : 0,
          output: estimate.tokens.outputExpected,
        },
      ];
  let total = 0;
  for (const usage of usages) {
    const quote = prices.quote(priceId, usage);
    if (!quote) return undefined;
    total += quote.total;
  }
  return total;
}
