import { tierRule } from '../../src/core/pricing/priceModifiers';
import * as assert from 'assert';
import { priceLibrary } from '../../src/core/pricing/priceData';
import { listModelCatalog } from '../../src/core/pricing/modelCatalog';
import {
  CACHING_PROVIDERS,
  CATALOG_PROVIDER_IDS,
  PROVIDERS,
  isProviderId,
  providerFacts,
  providerOfAlias,
  providerOfModelName,
  sdkDefaultCap,
  type ProviderId,
} from '../../src/core/providers/providers';
import { ESTIMATE_RATIOS } from '../../src/core/providers/estimateRatios';
import { chooseTokenizer } from '../../src/core/tokens/tokenizerChoice';

const IDS = Object.keys(PROVIDERS) as ProviderId[];

describe('the provider registry', () => {
  it('every provider with a batch tier links a batch guide, and only those', () => {
    assert.deepStrictEqual(
      IDS.filter((id) => tierRule(id, 'batch') !== undefined),
      IDS.filter((id) => providerFacts(id).batchGuide !== undefined),
    );
    assert.deepStrictEqual(
      IDS.filter((id) => tierRule(id, 'batch')),
      ['openai', 'anthropic', 'google', 'aws', 'azure'],
    );
  });

  it('each alias names one provider, and each provider is its own alias', () => {
    const aliases = IDS.flatMap((id) => providerFacts(id).aliases);
    assert.strictEqual(new Set(aliases).size, aliases.length);
    for (const id of IDS) assert.strictEqual(providerOfAlias(id), id);
    assert.deepStrictEqual(['googleai', 'vertex_ai', 'bedrock', 'xai', 'azure_ai', 'together_ai', 'OpenAI'].map(providerOfAlias), [
      'google',
      'google',
      'aws',
      'x-ai',
      'azure',
      'together',
      'openai',
    ]);
    assert.strictEqual(providerOfAlias('foundry'), undefined);
  });

  it('every provider but Ollama (local, no prices) is one the price data knows, and pickers list all but the aggregators and Ollama', () => {
    const { findProvider } = priceLibrary();
    assert.deepStrictEqual(
      IDS.filter((id) => !findProvider({ providerId: id })),
      ['ollama'],
    );
    assert.deepStrictEqual(
      IDS.filter((id) => !CATALOG_PROVIDER_IDS.includes(id)),
      ['openrouter', 'ollama'],
    );
  });

  it('the providers whose caches are modelled have cache rules, and the others have none', () => {
    assert.deepStrictEqual(
      IDS.filter((id) => providerFacts(id).cache !== undefined),
      ['openai', 'anthropic', 'google', 'deepseek', 'azure'],
    );
    for (const id of CACHING_PROVIDERS) {
      const cache = providerFacts(id).cache!;
      assert.ok(cache.appliesTo.providers.every(isProviderId), id);
    }
  });

  it('every chat-model pattern matches current models of its provider', () => {
    const catalog = listModelCatalog();
    for (const id of IDS) {
      const pattern = providerFacts(id).chatModels;
      if (!pattern) continue;
      const models = catalog.find((provider) => provider.id === id)?.models.filter((model) => pattern.test(model.id)) ?? [];
      assert.ok(models.length >= 3, `${id}: ${models.map((model) => model.id).join(', ')}`);
    }
  });

  it('tells a provider from a model name where the name alone tells', () => {
    assert.deepStrictEqual(
      ['gpt-4o', 'o4-mini', 'claude-haiku-4-5', 'gemini-2.5-flash', 'grok-4', 'deepseek-chat', 'command-r', 'llama-3.1-8b'].map(providerOfModelName),
      ['openai', 'openai', 'anthropic', 'google', 'x-ai', 'deepseek', 'cohere', undefined],
    );
  });

  it("counts an unrecognised model of a known provider with that provider's tokenizer estimate", () => {
    assert.ok(IDS.every((id) => providerFacts(id).tokenizer in ESTIMATE_RATIOS));
    const family = (id: string) => {
      const choice = chooseTokenizer(id);
      return choice.exact ? choice.encoding : `${choice.family} × ${choice.ratio}`;
    };
    assert.deepStrictEqual(
      ['anthropic:house-model', 'googleai/custom-tuned', 'mistral/new-thing', 'groq/new-thing', 'openai/ft-unknown', 'house-model'].map(family),
      ['claude × 1.16', 'gemini × 1.05', 'mistral × 1', 'unknown × 1', 'unknown × 1', 'unknown × 1'],
    );
  });

  it('knows what the wrapper SDKs send to Anthropic as the output cap, and that they send none to other providers', () => {
    assert.deepStrictEqual(
      (['ai-sdk', 'langchain-js', 'langchain-python', 'litellm'] as const).map((sdk) => sdkDefaultCap('anthropic', sdk, 'claude-sonnet-4-5-20250929')),
      [
        { value: 64_000, source: "the AI SDK's Anthropic provider sends max_tokens 64,000 (the model's maximum output) when maxOutputTokens is not set" },
        { value: 16_384, source: "@langchain/anthropic's ChatAnthropic sends max_tokens 16,384 for this model when maxTokens is not set" },
        { value: 64_000, source: "langchain_anthropic's ChatAnthropic sends max_tokens 64,000 for this model when max_tokens is not set" },
        { value: 4_096, source: 'LiteLLM sends max_tokens 4,096 (DEFAULT_ANTHROPIC_CHAT_MAX_TOKENS) to Claude when the call sets none' },
      ],
    );
    assert.deepStrictEqual(
      IDS.filter((id) => providerFacts(id).sdkDefaultCaps !== undefined),
      ['anthropic'],
    );
    assert.strictEqual(sdkDefaultCap('openai', 'ai-sdk', 'gpt-4o'), undefined);
  });
});
