import * as assert from 'assert';
import { cacheHitRate, cachedLength, cacheRulesFor } from '../../src/core/cost/cacheRules';
import { estimateSite } from '../../src/core/cost/estimateSite';
import { PriceBook } from '../../src/core/pricing/priceBook';
import { TokenCounter } from '../../src/core/tokens/tokenCounter';
import { parseProjectConfig } from '../../src/core/volume/projectConfig';
import { extractFixture } from './sdkHelpers';
import { sharedEncoder } from './sharedEncoder';

describe('cache rules', () => {
  it('OpenAI: automatic from 1,024 tokens in 128-token steps, 5-minute lifetime', () => {
    const rules = cacheRulesFor('openai', 'gpt-4o-mini');
    assert.deepStrictEqual([rules.mode, rules.minTokens, rules.increment, rules.ttlSeconds], ['automatic', 1024, 128, 300]);
    assert.strictEqual(cachedLength(1023, rules), 0);
    assert.strictEqual(cachedLength(1024, rules), 1024);
    assert.strictEqual(cachedLength(1151, rules), 1024);
    assert.strictEqual(cachedLength(1152, rules), 1152);
    assert.strictEqual(cachedLength(5000, rules), 4992);
  });

  it('Anthropic: explicit breakpoints, minimum by model, 1-hour lifetime on request', () => {
    const cases: Array<[string, number]> = [
      ['claude-sonnet-4-5', 1024],
      ['claude-opus-4-8', 1024],
      ['claude-opus-4-7', 2048],
      ['claude-haiku-4-5', 4096],
      ['claude-opus-4-5', 4096],
      ['claude-opus-5', 512],
      ['claude-3-5-haiku-latest', 2048],
    ];
    for (const [model, minimum] of cases) {
      const rules = cacheRulesFor('anthropic', model);
      assert.deepStrictEqual([model, rules.mode, rules.minTokens, rules.ttlSeconds], [model, 'explicit', minimum, 300]);
    }
    assert.strictEqual(cacheRulesFor('anthropic', 'claude-sonnet-4-5', '1h').ttlSeconds, 3600);
    // Bedrock's Claude follows the same rules.
    assert.strictEqual(cacheRulesFor('aws', 'us.anthropic.claude-sonnet-4-5-20250929-v1:0').mode, 'explicit');
    assert.strictEqual(cachedLength(1500, cacheRulesFor('anthropic', 'claude-sonnet-4-5')), 1500);
  });

  it('Gemini: implicit from 1,024 (Flash) or 4,096 (Pro); none before 2.5', () => {
    assert.strictEqual(cacheRulesFor('google', 'gemini-2.5-flash').minTokens, 1024);
    assert.strictEqual(cacheRulesFor('google', 'gemini-2.5-pro').minTokens, 4096);
    assert.strictEqual(cacheRulesFor('google', 'gemini-3-pro-preview').minTokens, 4096);
    assert.strictEqual(cacheRulesFor('google', 'gemini-2.0-flash').mode, 'none');
  });

  it('DeepSeek: 64-token units; others: none', () => {
    const deepseek = cacheRulesFor('deepseek', 'deepseek-chat');
    assert.strictEqual(cachedLength(200, deepseek), 192);
    assert.strictEqual(cachedLength(63, deepseek), 0);
    assert.strictEqual(cacheRulesFor('mistral', 'mistral-large-latest').mode, 'none');
  });

  it('hit rate P = 1 − e^(−λ·TTL), λ = monthly calls / seconds in 30 days', () => {
    // 30,000 calls a month = 0.011574 calls/s; × 300 s = 3.472 → 1 − e^−3.472 = 0.96895.
    assert.strictEqual(cacheHitRate(30_000, 300).toFixed(5), '0.96895');
    // 1,000 calls a month: λ·TTL = 0.11574 → 0.10929.
    assert.strictEqual(cacheHitRate(1_000, 300).toFixed(5), '0.10929');
    assert.strictEqual(cacheHitRate(0, 300), 0);
    assert.strictEqual(cacheHitRate(1_000, 0), 0);
  });
});

describe('one-hour cache writes, as a call writes them', () => {
  it("prices a `ttl: '1h'` breakpoint's writes at the one-hour rate, a plain one's at the five-minute rate", async () => {
    // A system prompt of 1,200 words is well past claude-sonnet-4-5's 1,024-token minimum.
    const system = 'Answer the support question from the policy below. '.repeat(150);
    const call = (ttl: string) =>
      [
        "import Anthropic from '@anthropic-ai/sdk';",
        'const client = new Anthropic();',
        'export async function answer(question: string) {',
        '  return client.messages.create({',
        "    model: 'claude-sonnet-4-5',",
        '    max_tokens: 400,',
        `    system: [{ type: 'text', text: ${JSON.stringify(system)}, cache_control: { type: 'ephemeral'${ttl} } }],`,
        "    messages: [{ role: 'user', content: question }],",
        '  });',
        '}',
      ].join('\n');
    const writes = async (ttl: string) => {
      const { sites } = await extractFixture('src/answer.ts', call(ttl));
      const { config } = parseProjectConfig('');
      const { estimate } = await estimateSite(sites[0], {
        counter: new TokenCounter(sharedEncoder),
        prices: new PriceBook(config.prices),
        project: config,
        defaultModel: 'gpt-4o-mini',
        monthlyCalls: 100,
      });
      return [estimate.tokens.cached, estimate.cache.ttlSeconds, estimate.cost.breakdown?.cacheWrite.toFixed(6)];
    };
    // 1,571 cached tokens at 100 calls a month: a five-minute entry is found warm by 1.15% of calls, a one-hour one by
    // 12.97%; each miss writes it, at $3.75/M or $6/M: 0.9885 × 1,571 × $3.75/M and 0.8703 × 1,571 × $6/M (not $3.75/M,
    // which gave $0.005127).
    assert.deepStrictEqual(await writes(''), [1571, 300, '0.005823']);
    assert.deepStrictEqual(await writes(", ttl: '1h'"), [1571, 3600, '0.008204']);
  });
});
