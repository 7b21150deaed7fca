import * as assert from 'assert';
import { excludedFamily, listModelCatalog, pickerCatalog, type CatalogModel, type CatalogProvider } from '../../src/core/pricing/modelCatalog';
import { listPickerModels } from '../../src/core/pricing/modelChoices';
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

describe('excludedFamily (what model pickers leave out)', () => {
  it('names speech, image, embedding, moderation, realtime/audio, region-bound and fine-tune ids, and nothing else', () => {
    const cases: Array<[string, string | undefined]> = [
      ['gpt-4o-mini-tts', 'speech'],
      ['gpt-4o-transcribe', 'speech'],
      ['amazon.nova-sonic-v1:0', 'speech'],
      ['voxtral-small-24b-2507', 'speech'],
      ['gpt-image-1', 'image'],
      ['gemini-2.5-flash-image', 'image'],
      ['mistral-embed', 'embedding'],
      ['text-embedding-3-small', 'embedding'],
      ['omni-moderation-latest', 'moderation'],
      ['llama-guard-3-8b', 'moderation'],
      ['meta-llama/llama-guard-4-12b', 'moderation'],
      ['gpt-oss-safeguard-20b', 'moderation'],
      ['gpt-realtime-mini', 'realtime'],
      ['gpt-4o-audio-preview', 'realtime'],
      ['gemini-live-2.5-flash', 'realtime'],
      ['us.anthropic.claude-haiku-4-5-20251001-v1:0', 'region'],
      ['eu.anthropic.claude-sonnet-4-5-20250929-v1:0', 'region'],
      ['apac.amazon.nova-pro-v1:0', 'region'],
      ['global.anthropic.claude-opus-4-5-v1:0', 'region'],
      ['ft:gpt-4o', 'fine-tune'],
      ['gpt-4o-mini', undefined],
      ['claude-haiku-4-5', undefined],
      ['gpt-4-vision-preview', undefined],
      ['amazon.nova-pro-v1:0', undefined],
      ['llama-3.1-sonar-large-128k-online', undefined],
    ];
    assert.deepStrictEqual(
      cases.map(([id]) => [id, excludedFamily(id)]),
      cases,
    );
  });
});

describe('pickerCatalog (pure)', () => {
  const model = (providerId: string, id: string, inputPerMTok = 1): CatalogModel => ({ id, name: id, providerId, inputPerMTok, outputPerMTok: 2 });
  const catalog: CatalogProvider[] = [
    { id: 'openai', name: 'OpenAI', models: [model('openai', 'gpt-oss'), model('openai', 'text-embedding-3'), model('openai', 'gpt-4o-mini-tts')] },
    { id: 'anthropic', name: 'Anthropic', models: [model('anthropic', 'claude-x-latest', 3), model('anthropic', 'claude-y')] },
    { id: 'google', name: 'Google', models: [model('google', 'claude-x', 4), model('google', 'gemini-1'), model('google', 'gemini-1-image')] },
    { id: 'groq', name: 'Groq', models: [model('groq', 'openai/gpt-oss'), model('groq', 'eu.thing')] },
  ];
  const canonical: Record<string, [string, string]> = {
    'gpt-oss': ['openai', 'gpt-oss'],
    'openai/gpt-oss': ['openai', 'gpt-oss'],
    'claude-x-latest': ['anthropic', 'claude-x-latest'],
    'claude-x': ['anthropic', 'claude-x-latest'],
    'claude-y': ['anthropic', 'claude-y'],
    'gemini-1': ['google', 'gemini-1'],
  };
  const canonicalOf = (id: string) => (canonical[id] ? { providerId: canonical[id][0], id: canonical[id][1] } : undefined);
  const ids = (providers: CatalogProvider[]) =>
    providers.map((provider) => [provider.id, provider.models.map((entry) => `${entry.id} $${entry.inputPerMTok}`)]);

  it('lists each canonical model once, under the provider that prices it, by its shortest alias, without the left-out families', () => {
    assert.deepStrictEqual(ids(pickerCatalog(catalog, canonicalOf)), [
      ['openai', ['gpt-oss $1']],
      ['anthropic', ['claude-x $3', 'claude-y $1']],
      ['google', ['gemini-1 $1']],
    ]);
  });

  it('keeps a left-out family when a model in use belongs to it', () => {
    assert.deepStrictEqual(ids(pickerCatalog(catalog, canonicalOf, ['gpt-4o-transcribe', 'us.anthropic.claude-y'])), [
      ['openai', ['gpt-oss $1', 'gpt-4o-mini-tts $1']],
      ['anthropic', ['claude-x $3', 'claude-y $1']],
      ['google', ['gemini-1 $1']],
      ['groq', ['eu.thing $1']],
    ]);
  });
});

describe('listPickerModels (the price data as pickers offer it)', () => {
  const now = new Date('2026-11-23T00:00:00Z');
  const providerIds = (uses: string[], provider: string) =>
    listPickerModels(uses, now)
      .find((entry) => entry.id === provider)
      ?.models.map((entry) => entry.id);

  it('lists Anthropic once per model, by its undated id (Vertex and -latest aliases folded in)', () => {
    assert.deepStrictEqual(providerIds([], 'anthropic'), [
      'claude-2',
      'claude-3-5-haiku',
      'claude-3-5-sonnet',
      'claude-3-7-sonnet',
      'claude-3-haiku',
      'claude-3-opus',
      'claude-3-sonnet',
      'claude-fable-5',
      'claude-fable-5-1',
      'claude-haiku-4-5',
      'claude-opus-4-0',
      'claude-opus-4-1',
      'claude-opus-4-5',
      'claude-opus-4-6',
      'claude-opus-4-7',
      'claude-opus-4-8',
      'claude-opus-5',
      'claude-opus-5-5',
      'claude-sonnet-4-0',
      'claude-sonnet-4-5',
      'claude-sonnet-4-6',
      'claude-sonnet-5',
      'claude-v1',
    ]);
    // Google (Vertex) re-lists Claude models: none of them is offered twice.
    assert.ok(!providerIds([], 'google')!.some((id) => id.startsWith('claude')));
  });

  it('leaves out models another provider already prices (Azure o-series, Fireworks and Cerebras gpt-oss, Groq openai/gpt-oss-120b)', () => {
    assert.deepStrictEqual(providerIds([], 'deepseek'), [
      'deepseek-chat',
      'deepseek-reasoner',
      'deepseek-v3.1-terminus',
      'deepseek-v3.2',
      'deepseek-v3.2-exp',
      'deepseek-v4-flash',
      'deepseek-v4-pro',
    ]);
    assert.deepStrictEqual(providerIds([], 'azure'), [
      'phi-3-medium-128k-instruct',
      'phi-3-mini-128k-instruct',
      'phi-3.5-mini-128k-instruct',
      'phi-4',
      'phi-4-mini-instruct',
      'phi-4-multimodal-instruct',
      'phi-4-reasoning-plus',
      'wizardlm-2-8x22b',
    ]);
    assert.deepStrictEqual(providerIds([], 'cerebras'), ['gemma-4-31b']);
    assert.ok(!providerIds([], 'groq')!.includes('openai/gpt-oss-120b'));
    const all = listPickerModels([], now).flatMap((provider) => provider.models.map((entry) => entry.id));
    assert.deepStrictEqual(
      all.filter((id, i) => all.indexOf(id) !== i),
      [],
    );
  });

  it('leaves out speech, image, realtime and Bedrock inference profiles unless the site uses one', () => {
    const openai = providerIds([], 'openai')!;
    for (const id of ['gpt-4o-mini-tts', 'gpt-4o-transcribe', 'gpt-image-1', 'gpt-realtime', 'gpt-audio', 'ft:gpt-4o']) assert.ok(!openai.includes(id), id);
    assert.ok(openai.includes('gpt-4o-mini') && openai.includes('gpt-4.1-mini'));
    const withSpeech = providerIds(['gpt-4o-mini-tts'], 'openai')!;
    assert.deepStrictEqual(
      withSpeech.filter((id) => !openai.includes(id)),
      ['gpt-4o-mini-transcribe', 'gpt-4o-mini-tts', 'gpt-4o-transcribe'],
    );
    const aws = providerIds([], 'aws')!;
    assert.ok(!aws.some((id) => /^(global|regional)\./.test(id)));
    assert.ok(aws.includes('amazon.nova-pro-v1:0'));
    const withProfiles = providerIds(['us.anthropic.claude-haiku-4-5-20251001-v1:0'], 'aws')!;
    assert.ok(
      withProfiles.includes('regional.anthropic.claude-haiku-4-5-20251001-v1:0') && withProfiles.includes('global.anthropic.claude-haiku-4-5-20251001-v1:0'),
    );
  });
});
