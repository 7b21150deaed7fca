import { listModelCatalog, pickerCatalog, type CatalogModel, type CatalogProvider } from './modelCatalog';
import { PriceBook } from './priceBook';

/** The price data alone (no promptcost.yaml prices): what names the canonical model of a listed id. */
let priceData: PriceBook | undefined;

/**
 * The models a picker offers (`pickerCatalog` on today's catalog): chat models, each canonical model
 * once, keeping the left-out families of the models in `uses` (the model a site already runs).
 */
export function listPickerModels(uses: readonly string[] = [], now: Date = new Date()): CatalogProvider[] {
  const prices = (priceData ??= new PriceBook());
  return pickerCatalog(
    listModelCatalog(now),
    (modelId) => {
      const pricing = prices.lookup(modelId);
      return pricing && { providerId: pricing.providerId, id: pricing.pricedAs };
    },
    uses,
  );
}

/** The priced model an id is priced as in the price data (its own id, provider and base rates), or undefined when it has no price. */
export function pricedModel(modelId: string): CatalogModel | undefined {
  const pricing = (priceData ??= new PriceBook()).lookup(modelId);
  if (!pricing) return undefined;
  const { rates, providerId, pricedAs, contextWindow } = pricing;
  return { id: pricedAs, name: pricedAs, providerId, inputPerMTok: rates.input, outputPerMTok: rates.output, contextWindow };
}
