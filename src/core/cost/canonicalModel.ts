import { parseModelId } from '../models/modelId';
import type { ModelPricing, PriceBook } from '../pricing/priceBook';
import { priceDataHasProvider } from '../pricing/priceData';

/**
 * The one id a model goes by in reports, whatever the spelling in the file: the price data's id
 * (`openai/gpt-4o-mini` → `gpt-4o-mini`, a dated `claude-sonnet-4-5-20250929` → `claude-sonnet-4-5`).
 * A Bedrock id is priced under a Bedrock key (`regional.anthropic.…`) that names no model anyone
 * writes, so it goes by the model's own name as the price data knows it (`claude-haiku-4-5`). An id
 * the price data does not know keeps its name without a provider prefix, unless the price data does
 * not know the provider either (`ollama/llama3.1`).
 */
export function canonicalModelId(modelId: string, pricing: ModelPricing | undefined, prices: PriceBook): string {
  if (pricing && pricing.providerId !== 'aws') return pricing.pricedAs;
  const { provider, name } = parseModelId(modelId);
  // Unpriced, it keeps its name: the price data's model of that name is another provider's (a model
  // run on Ollama is not DeepSeek's of the same name). A provider the price data does not carry
  // stays in the name, as it is what sets the model apart: `ollama/llama3.1` runs on the user's machine.
  if (!pricing) return provider && !priceDataHasProvider(provider) ? `${provider}/${name}` : name;
  return prices.lookup(name)?.pricedAs ?? name;
}
