/**
 * Model ids arrive in many spellings: `gpt-4o`, `openai/gpt-4o-mini` (GitHub Models, gateways),
 * `googleai/gemini-2.5-flash` (Genkit), `anthropic:claude-sonnet-4-5` (LangChain), Bedrock's
 * `us.anthropic.claude-sonnet-4-5-20250929-v1:0`. This module separates the provider prefix from
 * the model name so that every later step (tokenizer choice, price lookup) sees one spelling.
 */
import { providerOfAlias, type ProviderId } from '../providers/providers';

/** A model id split into the provider it names (when it names one) and the model's own name. */
export interface ModelRef {
  /** The id exactly as written. */
  raw: string;
  /** The provider the id names, when it names one (the prefixes are in the provider registry). */
  provider?: ProviderId;
  /** The model's own name, without provider prefix or Bedrock version suffix. */
  name: string;
}

/** Bedrock model ids: optional geo prefix, vendor, model, version suffix (`-v1:0`). */
const BEDROCK_ID = /^(?:(?:us|eu|apac|global|jp|au|us-gov)\.)?(anthropic|meta|mistral|amazon|cohere|ai21|deepseek|qwen|openai)\.(.+?)(?:-v\d+(?::\d+)?)?$/;

/** Splits a model id into provider and name; never throws, an empty id gives an empty name. */
export function parseModelId(raw: string): ModelRef {
  const trimmed = raw.trim();
  const prefixed = /^([A-Za-z][\w-]*)[/:](.+)$/.exec(trimmed);
  if (prefixed) {
    const provider = providerOfAlias(prefixed[1]);
    if (provider) {
      const inner = parseModelId(prefixed[2]);
      return { raw, provider, name: inner.name };
    }
  }
  const bedrock = BEDROCK_ID.exec(trimmed);
  if (bedrock) {
    return { raw, provider: 'aws', name: bedrock[2] };
  }
  return { raw, name: trimmed };
}
