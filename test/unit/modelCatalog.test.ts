import * as assert from 'assert';
import { listModelCatalog } from '../../src/core/pricing/modelCatalog';
import { CATALOG_PROVIDER_IDS } from '../../src/core/providers/providers';

describe('listModelCatalog (from @pydantic/genai-prices)', () => {
  const catalog = listModelCatalog(new Date('2026-11-23T00:00:00Z'));

  it('groups models by provider in picker order, OpenAI and Anthropic first', () => {
    assert.deepStrictEqual(
      catalog.slice(0, 3).map((provider) => [provider.id, provider.name]),
      [
        ['openai', 'OpenAI'],
        ['anthropic', 'Anthropic'],
        ['google', 'Google'],
      ],
    );
    for (const provider of catalog) assert.ok((CATALOG_PROVIDER_IDS as readonly string[]).includes(provider.id));
  });

  it('carries per-million prices and context windows', () => {
    const openai = catalog.find((provider) => provider.id === 'openai')!;
    assert.deepStrictEqual(
      openai.models.find((model) => model.id === 'gpt-4o-mini'),
      {
        id: 'gpt-4o-mini',
        name: 'gpt 4o mini',
        providerId: 'openai',
        inputPerMTok: 0.15,
        outputPerMTok: 0.6,
        contextWindow: 128000,
      },
    );
    const anthropic = catalog.find((provider) => provider.id === 'anthropic')!;
    const sonnet = anthropic.models.find((model) => model.id === 'claude-sonnet-4-5')!;
    assert.strictEqual(sonnet.inputPerMTok, 3);
    assert.strictEqual(sonnet.outputPerMTok, 15);
  });

  it('lists only models with both an input and an output price', () => {
    for (const provider of catalog) {
      for (const model of provider.models) {
        assert.ok(Number.isFinite(model.inputPerMTok) && Number.isFinite(model.outputPerMTok), `${provider.id}/${model.id}`);
      }
    }
  });
});
