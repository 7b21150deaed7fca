import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { estimateSite } from '../../src/core/cost/estimateSite';
import { extractPromptFile } from '../../src/core/extract/promptFiles';
import { roundCents } from '../../src/core/format';
import { cheaperAlternatives, priceSiteWithModels } from '../../src/core/pricing/alternatives';
import { PriceBook } from '../../src/core/pricing/priceBook';
import { LONGEST_EXACT_RUN } from '../../src/core/tokens/bytePairCounter';
import { TokenCounter } from '../../src/core/tokens/tokenCounter';
import type { PromptSite } from '../../src/core/types';
import { parseProjectConfig } from '../../src/core/volume/projectConfig';
import { sharedEncoder } from './sharedEncoder';
import { extractFixture } from './sdkHelpers';

const counter = new TokenCounter(sharedEncoder);
const SUPPORT = fs.readFileSync(path.join(__dirname, '../fixtures/workspace/prompts/support-reply.prompty'), 'utf8');
/** 60 policy lines: 1,020 o200k tokens of static system prompt, then a variable user message. */
const POLICY = Array.from({ length: 60 }, (_, i) => `Policy ${i + 1}: refunds over $${(i + 1) * 10} need a second approval from the billing team.`).join('\n');
const LONG_OPENAI = `---\nname: Long\nmodel: gpt-4o-mini\n---\nsystem:\n${POLICY}\n\nuser:\n{{question}}\n`;
const LONG_CLAUDE = `---\nname: C\nmodel:\n  id: claude-sonnet-4-5\n  provider: anthropic\n  options:\n    maxOutputTokens: 1024\n---\nsystem:\n${POLICY}\n\nuser:\n{{question}}\n`;

function site(text: string, file = 'prompts/support-reply.prompty'): PromptSite {
  return extractPromptFile(text, file)!.sites[0];
}

/** The first call of a code file, estimated at 10,000 calls a month unless `yaml` says otherwise; the price book too, for options. */
async function estimateCall(file: string, source: string, yaml: string) {
  const { sites } = await extractFixture(file, source);
  const { config } = parseProjectConfig(yaml);
  const prices = new PriceBook(config.prices);
  const { estimate: e } = await estimateSite(sites[0], { counter, prices, project: config, defaultModel: 'gpt-4o-mini', monthlyCalls: 10_000 });
  return { estimate: e, prices };
}

async function estimate(text: string, yaml = '', file?: string) {
  const { config } = parseProjectConfig(yaml);
  return estimateSite(site(text, file), { counter, prices: new PriceBook(config.prices), project: config, defaultModel: 'gpt-4o-mini', monthlyCalls: 10_000 });
}

describe('estimateSite', () => {
  it('prices the sample support prompt: static + sample-sized variables + framing', async () => {
    const { estimate: e, findings } = await estimate(SUPPORT);
    assert.deepStrictEqual(findings, []);
    assert.deepStrictEqual(e.model, {
      id: 'gpt-4o-mini',
      canonical: 'gpt-4o-mini',
      source: 'file',
      origin: 'literal',
      provider: 'openai',
      pricedAs: undefined,
    });
    // framing: 3 reply priming + (3 + "system" 1) + (3 + "user" 1) = 11.
    assert.deepStrictEqual(e.tokens, {
      input: 143,
      static: 111,
      dynamic: 21,
      framing: 11,
      tools: 0,
      cacheablePrefix: 108,
      cached: 0,
      outputExpected: 200,
      outputMax: 400,
      exact: true,
      tokenizer: 'o200k_base',
    });
    assert.deepStrictEqual(
      e.messages.map((m) => [m.role, m.tokens]),
      [
        ['system', 118],
        ['user', 22],
      ],
    );
    assert.deepStrictEqual(
      e.variables.map((v) => [v.name, v.tokens, v.source]),
      [
        ['articles', 10, 'sample'],
        ['customer_name', 1, 'sample'],
        ['ticket', 10, 'sample'],
      ],
    );
    // 143 × $0.15/M + 200 × $0.60/M = $0.00002145 + $0.00012: half the 400-token cap, as nothing sets the reply's length.
    assert.strictEqual(e.cost.perCall!.toFixed(8), '0.00014145');
    assert.strictEqual(e.cost.perCallWorstCase!.toFixed(8), '0.00026145');
    assert.strictEqual(roundCents(e.cost.monthly!), 1.41);
    assert.strictEqual(e.monthlyCalls, 10_000);
    assert.strictEqual(e.cost.pricesAsOf, '2026-09-23');
    assert.deepStrictEqual(e.assumptions, [
      'Model: gpt-4o-mini (named in the file).',
      'Exact: counted with o200k_base, the tokenizer gpt-4o-mini uses.',
      '{{articles}}: 10 tokens, the size of the example value in the file.',
      '{{customer_name}}: 1 token, the size of the example value in the file.',
      '{{ticket}}: 10 tokens, the size of the example value in the file.',
      'Output: 200 tokens expected (half its 400-token cap, assumed; set outputTokens in promptcost.yaml); worst case 400 (parameters.max_tokens).',
      'Volume: 10,000 calls a month (promptcost.monthlyCalls setting).',
      'OpenAI caches repeated prefixes of 1,024+ tokens automatically, in steps of 128; entries assumed to live 5 minutes (in-memory retention, the documented minimum).',
      'Cache: the static prefix is 108 tokens, below the 1,024-token minimum, so nothing is cached.',
      'Prices: OpenAI gpt-4o-mini — $0.15 in / $0.6 out per million tokens (@pydantic/genai-prices 0.1.8, 2026-09-23).',
    ]);
  });

  it('takes volume, output and variable sizes from promptcost.yaml', async () => {
    const { estimate: e } = await estimate(
      SUPPORT,
      'sites:\n  prompts/support-reply.prompty: { monthlyCalls: 90000, outputTokens: 250, variables: { articles: 1800, ticket: 120 } }\n',
    );
    assert.strictEqual(e.tokens.input, 2043); // 111 + 1800 + 1 + 120 + 11
    assert.strictEqual(e.tokens.outputExpected, 250);
    assert.strictEqual(e.monthlyCalls, 90_000);
    // 2,043 × $0.15/M + 250 × $0.60/M = $0.00045645; × 90,000 = $41.0805.
    assert.strictEqual(e.cost.perCall!.toFixed(8), '0.00045645');
    assert.strictEqual(roundCents(e.cost.monthly!), 41.08);
    assert.deepStrictEqual(
      e.variables.map((v) => [v.name, v.tokens, v.source]),
      [
        ['articles', 1800, 'promptcost.yaml'],
        ['customer_name', 1, 'sample'],
        ['ticket', 120, 'promptcost.yaml'],
      ],
    );
  });

  it('caps the expected output at the output cap', async () => {
    const { estimate: e } = await estimate(SUPPORT, 'defaults: { outputTokens: 1000 }');
    assert.strictEqual(e.tokens.outputExpected, 400);
    assert.ok(
      e.assumptions.includes(
        'Output: 400 tokens expected (promptcost.yaml defaults, capped by parameters.max_tokens); worst case 400 (parameters.max_tokens).',
      ),
    );
  });

  it('OpenAI: caches a 1,024+ token static prefix with the volume-driven hit rate', async () => {
    const { estimate: e } = await estimate(LONG_OPENAI, 'defaults: { monthlyCalls: 30000 }');
    // prefix = (3 + 1) system framing + 1,020 static + (3 + 1) user framing, up to {{question}}.
    assert.deepStrictEqual([e.tokens.input, e.tokens.cacheablePrefix, e.tokens.cached], [1131, 1028, 1024]);
    assert.strictEqual(e.cache.hitRate.toFixed(6), '0.968952');
    // Reads 1,024 × 0.968952 = 992.21 tokens at $0.075/M; the other 138.79 input tokens at $0.15/M.
    assert.strictEqual(e.cost.breakdown!.cacheRead.toFixed(10), '0.0000744155');
    assert.strictEqual(e.cost.breakdown!.uncachedInput.toFixed(10), '0.0000208190');
    assert.strictEqual(e.cost.perCall!.toFixed(10), '0.0002752345');
    assert.strictEqual(roundCents(e.cost.monthly!), 8.26);
    // No cap: the worst case takes gpt-4o-mini's 16,384-token maximum output, uncached.
    assert.strictEqual(e.tokens.outputMax, 16_384);
    assert.strictEqual(e.cost.perCallWorstCase!.toFixed(8), '0.01000005');
  });

  it('at low volume the same prefix is rarely still cached', async () => {
    const { estimate: e } = await estimate(LONG_OPENAI, 'defaults: { monthlyCalls: 1000 }');
    assert.strictEqual(e.cache.hitRate.toFixed(6), '0.109294');
  });

  it('batch tier halves the price', async () => {
    const standard = (await estimate(LONG_OPENAI, 'defaults: { monthlyCalls: 30000 }')).estimate;
    const batch = (await estimate(LONG_OPENAI, 'defaults: { monthlyCalls: 30000, tier: batch }')).estimate;
    assert.strictEqual(batch.cost.tier, 'batch');
    assert.strictEqual(batch.cost.perCall!.toFixed(12), (standard.cost.perCall! / 2).toFixed(12));
    assert.ok(
      batch.assumptions.includes('Tier: batch — OpenAI Batch API: 50% off input and output (https://platform.openai.com/docs/guides/batch, read 2026-12-01).'),
    );
    // The JSON and the hover name the multiplier as Prompt Cost's own rule, with its page and the day it was read.
    assert.deepStrictEqual(batch.cost.modifiers, [
      {
        id: 'batch',
        multiplier: 0.5,
        source: 'OpenAI Batch API: 50% off input and output',
        url: 'https://platform.openai.com/docs/guides/batch',
        checked: '2026-12-01',
      },
    ]);
    assert.strictEqual(standard.cost.modifiers, undefined);
  });

  it('prices Anthropic\'s US-only inference (inference_geo: "us") at 1.1×, stacked with batch, on the models that have it', async () => {
    const call = (model: string, geo: string) =>
      [
        'import anthropic',
        '',
        'client = anthropic.Anthropic()',
        '',
        '',
        'def answer(question):',
        `    return client.messages.create(model="${model}", max_tokens=300, inference_geo="${geo}", messages=[{"role": "user", "content": question}])`,
        '',
      ].join('\n');
    const priced = async (model: string, geo: string, yaml = 'defaults: { monthlyCalls: 10000 }') => {
      const { estimate: e } = await estimateCall('app/answer.py', call(model, geo), yaml);
      return [e.cost.perCall!.toFixed(6), e.cost.monthly!.toFixed(2), (e.cost.modifiers ?? []).map((modifier) => `${modifier.id} ${modifier.multiplier}`)];
    };
    // claude-opus-4-7: $5 in / $25 out per million; 108 input tokens (100 assumed for the question + 8 of framing),
    // 150 out (half the 300 cap): 108 × $5/M + 150 × $25/M = $0.00429; US-only 1.1× = $0.004719.
    assert.deepStrictEqual(await priced('claude-opus-4-7', 'global'), ['0.004290', '42.90', []]);
    assert.deepStrictEqual(await priced('claude-opus-4-7', 'us'), ['0.004719', '47.19', ['us-only-inference 1.1']]);
    assert.deepStrictEqual(await priced('claude-opus-4-7', 'us', 'defaults: { monthlyCalls: 10000, tier: batch }'), [
      // $0.00429 × 0.5 × 1.1 = $0.0023595 a call, $23.595 a month (shown $23.59: the sum is a hair under).
      '0.002360',
      '23.59',
      ['batch 0.5', 'us-only-inference 1.1'],
    ]);
    // Models before Opus 4.6 have no US-only inference (the API refuses the parameter): no surcharge is invented.
    assert.deepStrictEqual(await priced('claude-sonnet-4-5', 'us'), await priced('claude-sonnet-4-5', 'global'));
    assert.deepStrictEqual((await priced('claude-sonnet-4-5', 'us'))[2], []);
  });

  it('keeps US-only inference in the cheaper options: the surcharge where the model has it, no model without it', async () => {
    const optionsFor = async (geo: string) => {
      const source = `import anthropic\n\nclient = anthropic.Anthropic()\n\n\ndef answer(question):\n    return client.messages.create(model="claude-opus-4-7", max_tokens=300, inference_geo="${geo}", messages=[{"role": "user", "content": question}])\n`;
      const { estimate: e, prices } = await estimateCall('app/answer.py', source, 'defaults: { monthlyCalls: 10000 }');
      const round = (monthly: number | undefined) => (monthly === undefined ? undefined : Number(monthly.toFixed(4)));
      return {
        cheaper: cheaperAlternatives(e, prices, 3, 0.01).map((option) => [option.model, round(option.monthly)]),
        picked: priceSiteWithModels(e, prices, ['claude-sonnet-4-6', 'claude-haiku-4-5']).map((option) => [option.model, round(option.monthly)]),
      };
    };
    // Global: $42.90 a month (see above); for the same tokens Opus 5.5 costs $34.32, each Sonnet 4.x $25.74, Haiku 4.5 $8.58.
    assert.deepStrictEqual(await optionsFor('global'), {
      cheaper: [
        ['claude-opus-5-5', 34.32],
        ['claude-sonnet-4-0', 25.74],
        ['claude-sonnet-4-5', 25.74],
      ],
      picked: [
        ['claude-sonnet-4-6', 25.74],
        ['claude-haiku-4-5', 8.58],
      ],
    });
    // US-only: $47.19; the options that have it cost 1.1× too, and Sonnet 4.0 and 4.5 (no US-only inference) are no options.
    assert.deepStrictEqual(await optionsFor('us'), {
      cheaper: [
        ['claude-opus-5-5', 37.752],
        ['claude-sonnet-4-6', 28.314],
        ['claude-sonnet-5', 18.876],
      ],
      picked: [
        ['claude-sonnet-4-6', 28.314],
        ['claude-haiku-4-5', 8.58],
      ],
    });
  });

  it('prices Bedrock batch inference at half the on-demand rate, with its page', async () => {
    const source = [
      'import boto3',
      '',
      'bedrock = boto3.client("bedrock-runtime")',
      '',
      '',
      'def tag(ticket):',
      '    return bedrock.converse(modelId="meta.llama3-3-70b-instruct-v1:0", messages=[{"role": "user", "content": [{"text": ticket}]}], inferenceConfig={"maxTokens": 200})',
      '',
    ].join('\n');
    const priced = async (yaml: string) => {
      const { estimate: e } = await estimateCall('app/tag.py', source, yaml);
      return {
        perCall: e.cost.perCall!.toFixed(8),
        monthly: roundCents(e.cost.monthly!),
        tokens: [e.tokens.input, e.tokens.exact, e.tokens.tokenizer],
        modifiers: e.cost.modifiers,
      };
    };
    // Llama 3.3 70B on Bedrock: $0.72/M in and out. 107 input tokens (exact, Llama 3's vocabulary), 100 out (half the cap).
    assert.deepStrictEqual(await priced('defaults: { monthlyCalls: 10000 }'), {
      perCall: '0.00014904',
      monthly: 1.49,
      tokens: [107, true, 'llama3'],
      modifiers: undefined,
    });
    assert.deepStrictEqual(await priced('defaults: { monthlyCalls: 10000, tier: batch }'), {
      perCall: '0.00007452',
      monthly: 0.75,
      tokens: [107, true, 'llama3'],
      modifiers: [
        {
          id: 'batch',
          multiplier: 0.5,
          source: 'Amazon Bedrock batch inference: 50% of on-demand prices on the models that offer it',
          url: 'https://aws.amazon.com/bedrock/pricing/',
          checked: '2026-12-02',
        },
      ],
    });
  });

  it('Anthropic without a cache_control breakpoint caches nothing; tokens are estimated', async () => {
    const { estimate: e } = await estimate(LONG_CLAUDE);
    // 1,020 o200k static tokens × 1.16 = 1,183.
    assert.deepStrictEqual([e.tokens.static, e.tokens.input, e.tokens.cacheablePrefix, e.tokens.cached, e.tokens.exact], [1183, 1294, 1191, 0, false]);
    assert.strictEqual(e.cache.mode, 'explicit');
    assert.ok(e.assumptions.includes('Cache: no cache_control breakpoint, so nothing is cached (the static prefix is 1,191 tokens).'));
    // 1,294 × $3/M + 300 × $15/M = $0.003882 + $0.0045.
    assert.strictEqual(e.cost.perCall!.toFixed(6), '0.008382');
    assert.strictEqual(e.cost.perCallWorstCase!.toFixed(6), '0.019242'); // output at the 1,024 cap
  });

  it('marks the tokens approximate and says why when a part of the prompt was counted in pieces', async () => {
    const blob = 'A'.repeat(LONGEST_EXACT_RUN + 904);
    const { estimate: e } = await estimate(`---\nname: Blob\nmodel: gpt-4o-mini\n---\nsystem:\nDescribe this image:\n${blob}\n\nuser:\n{{question}}\n`);
    assert.strictEqual(e.tokens.exact, false);
    assert.deepStrictEqual(e.assumptions.slice(1, 3), [
      'Exact: counted with o200k_base, the tokenizer gpt-4o-mini uses.',
      "Approximate (≈): a run of 5,000 characters without a break (a minified line or encoded data) is counted in pieces, so its count may differ slightly from the tokenizer's.",
    ]);
    // The same prompt with the run broken up is exact again, and says nothing about pieces.
    const broken = (
      await estimate(`---\nname: Blob\nmodel: gpt-4o-mini\n---\nsystem:\nDescribe this image:\n${blob.replace(/A{1000}/g, '$& ')}\n\nuser:\n{{question}}\n`)
    ).estimate;
    assert.strictEqual(broken.tokens.exact, true);
    assert.ok(!broken.assumptions.some((line) => line.startsWith('Approximate')));
  });

  it('an unknown model is unpriced — never $0 (the unpriced-model rule says so)', async () => {
    const { estimate: e, findings } = await estimate('---\nmodel: acme-llm-9000\n---\nuser:\nHello {{name}}\n', '', 'prompts/acme.prompty');
    assert.strictEqual(e.cost.priced, false);
    assert.strictEqual(e.cost.perCall, undefined);
    assert.strictEqual(e.cost.monthly, undefined);
    assert.deepStrictEqual(findings, []);
    assert.ok(
      e.assumptions.includes('No price is known for acme-llm-9000: the site is unpriced. Add it under prices: in promptcost.yaml (USD per million tokens).'),
    );
    const priced = await estimate(
      '---\nmodel: acme-llm-9000\n---\nuser:\nHello {{name}}\n',
      'prices: { acme-llm-9000: { input: 1, output: 2 } }',
      'prompts/acme.prompty',
    );
    assert.strictEqual(priced.estimate.cost.priced, true);
  });

  it('an Azure deployment is priced through deployments: in promptcost.yaml, else unpriced', async () => {
    const text =
      '---\nname: Legacy\nmodel:\n  api: chat\n  configuration:\n    type: azure_openai\n    azure_deployment: support-gpt4o\n---\nsystem:\nBe brief.\n';
    const unmapped = await estimate(text, '', 'prompts/legacy.prompty');
    assert.strictEqual(unmapped.estimate.cost.priced, false);
    assert.deepStrictEqual(unmapped.estimate.model, {
      id: undefined,
      canonical: undefined,
      source: 'deployment',
      origin: 'unknown',
      provider: undefined,
      pricedAs: undefined,
    });
    const mapped = await estimate(text, 'deployments: { support-gpt4o: gpt-4o }', 'prompts/legacy.prompty');
    assert.deepStrictEqual(mapped.estimate.model, {
      id: 'gpt-4o',
      canonical: 'gpt-4o',
      source: 'deployment',
      origin: 'promptcost.yaml',
      provider: 'azure',
      pricedAs: undefined,
    });
    assert.strictEqual(mapped.estimate.cost.priced, true);
    assert.deepStrictEqual(mapped.findings, []);
  });

  it('a prompt without a model uses promptcost.yaml defaults, then the setting, and says so', async () => {
    const text = '---\nname: Bare\n---\nuser:\nSummarise {{text}}\n';
    const fromSetting = await estimate(text, '', 'prompts/bare.prompty');
    assert.deepStrictEqual(fromSetting.estimate.model, {
      id: 'gpt-4o-mini',
      canonical: 'gpt-4o-mini',
      source: 'default',
      origin: 'assumed',
      provider: 'openai',
      pricedAs: undefined,
    });
    assert.strictEqual(fromSetting.estimate.assumptions[0], 'Model: none named in the file; assumed gpt-4o-mini (promptcost.defaultModel setting).');
    const fromYaml = await estimate(text, 'defaults: { model: claude-haiku-4-5 }', 'prompts/bare.prompty');
    assert.strictEqual(fromYaml.estimate.model.id, 'claude-haiku-4-5');
  });
});
