import * as assert from 'assert';
import { PriceBook } from '../../src/core/pricing/priceBook';
import { PRICE_DATA } from '../../src/core/pricing/priceData';

describe('PriceBook (@pydantic/genai-prices)', () => {
  const prices = new PriceBook({ 'my-finetune': { input: 3, output: 12, cacheRead: 1.5 } });

  it('records the date of the installed price data', () => {
    // Upgrading the package must come with the new release date in src/core/pricing/priceData.ts.
    const installed = require('fs').readFileSync(require.resolve('@pydantic/genai-prices').replace(/dist[\\/]index\.cjs$/, 'package.json'), 'utf8');
    assert.strictEqual(JSON.parse(installed).version, PRICE_DATA.version);
    assert.strictEqual(PRICE_DATA.asOf, '2026-09-23');
  });

  it('finds models in any spelling', () => {
    const cases: Array<[string, string, string, number, number]> = [
      ['gpt-4o-mini', 'openai', 'gpt-4o-mini', 0.15, 0.6],
      ['openai/gpt-4o-mini', 'openai', 'gpt-4o-mini', 0.15, 0.6],
      ['claude-sonnet-4-5', 'anthropic', 'claude-sonnet-4-5', 3, 15],
      ['googleai/gemini-2.5-flash', 'google', 'gemini-2.5-flash', 0.3, 2.5],
      ['us.anthropic.claude-sonnet-4-5-20250929-v1:0', 'aws', 'regional.anthropic.claude-sonnet-4-5-20250929-v1:0', 3.3, 16.5],
      ['my-finetune', 'promptcost-yaml', 'my-finetune', 3, 12],
    ];
    for (const [id, provider, pricedAs, input, output] of cases) {
      const found = prices.lookup(id)!;
      assert.deepStrictEqual([found.providerId, found.pricedAs, found.rates.input, found.rates.output], [provider, pricedAs, input, output], id);
    }
  });

  it('has no price for unknown models (never $0)', () => {
    assert.strictEqual(prices.lookup('acme-llm-9000'), undefined);
    assert.strictEqual(prices.quote('acme-llm-9000', { input: 100, cacheRead: 0, cacheWrite: 0, output: 100 }), undefined);
  });

  it('prices input, cache reads, cache writes and output separately', () => {
    // claude-sonnet-4-5: $3 in, $0.30 cache read, $3.75 cache write, $15 out per million.
    const quote = prices.quote('claude-sonnet-4-5', { input: 2000, cacheRead: 500, cacheWrite: 1000, output: 100 })!;
    assert.strictEqual(quote.uncachedInput.toFixed(7), '0.0015000');
    assert.strictEqual(quote.cacheRead.toFixed(7), '0.0001500');
    assert.strictEqual(quote.cacheWrite.toFixed(7), '0.0037500');
    assert.strictEqual(quote.output.toFixed(7), '0.0015000');
    assert.strictEqual(quote.total.toFixed(7), '0.0069000');
    assert.strictEqual(prices.lookup('claude-sonnet-4-5')!.chargesCacheWrites, true);
    assert.strictEqual(prices.lookup('gpt-4o-mini')!.chargesCacheWrites, false);
  });

  it('applies long-context tiers to the whole request', () => {
    // Above 200k input tokens Sonnet 4.5 costs $6 in / $22.50 out per million.
    const quote = prices.quote('claude-sonnet-4-5', { input: 300_000, cacheRead: 0, cacheWrite: 0, output: 100 })!;
    assert.strictEqual(quote.uncachedInput.toFixed(4), '1.8000');
    assert.strictEqual(quote.output.toFixed(5), '0.00225');
  });

  it('prices one-hour cache writes at their own rate (2× input), below and above the long-context threshold', () => {
    // claude-sonnet-4-5: writes $3.75 (five minutes) or $6 (one hour) per million; above 200k input $12 for one hour.
    const write = (input: number, cacheWriteOneHour: boolean) =>
      prices.quote('claude-sonnet-4-5', { input, cacheRead: 0, cacheWrite: 10_000, output: 0, cacheWriteOneHour })!.cacheWrite.toFixed(4);
    assert.deepStrictEqual([write(10_000, false), write(10_000, true), write(210_000, true)], ['0.0375', '0.0600', '0.1200']);
    // A promptcost.yaml price has no one-hour rate: its writes stay at the rate it gives.
    const own = new PriceBook({ 'my-claude': { input: 3, output: 15, cacheWrite: 3.75 } });
    assert.strictEqual(
      own.quote('my-claude', { input: 10_000, cacheRead: 0, cacheWrite: 10_000, output: 0, cacheWriteOneHour: true })!.cacheWrite.toFixed(4),
      '0.0375',
    );
  });

  it('prices Bedrock global inference profiles at global rates, regional and geo ones at +10%', () => {
    const rates = (id: string) => [prices.lookup(id)!.pricedAs, prices.lookup(id)!.rates.input, prices.lookup(id)!.rates.output];
    assert.deepStrictEqual(rates('global.anthropic.claude-sonnet-4-5-20250929-v1:0'), ['global.anthropic.claude-sonnet-4-5-20250929-v1:0', 3, 15]);
    assert.deepStrictEqual(rates('us.anthropic.claude-sonnet-4-5-20250929-v1:0'), ['regional.anthropic.claude-sonnet-4-5-20250929-v1:0', 3.3, 16.5]);
    assert.deepStrictEqual(rates('anthropic.claude-sonnet-4-5-20250929-v1:0'), ['regional.anthropic.claude-sonnet-4-5-20250929-v1:0', 3.3, 16.5]);
  });

  it('uses promptcost.yaml prices, cache reads included', () => {
    const quote = prices.quote('my-finetune', { input: 1_000_000, cacheRead: 500_000, cacheWrite: 0, output: 1_000_000 })!;
    assert.strictEqual(quote.total, 1.5 + 0.75 + 12);
  });

  it('quotes a usage once, per book: the same figures again, and another book keeps its own prices', () => {
    const usage = { input: 2000, cacheRead: 500, cacheWrite: 1000, output: 100 };
    const book = new PriceBook();
    const first = book.quote('claude-sonnet-4-5', usage)!;
    assert.strictEqual(book.quote('claude-sonnet-4-5', { ...usage }), first);
    assert.deepStrictEqual(new PriceBook().quote('claude-sonnet-4-5', usage), first);
    // promptcost.yaml prices of another project are not served from this book's quotes.
    const overridden = new PriceBook({ 'claude-sonnet-4-5': { input: 1, output: 1 } }).quote('claude-sonnet-4-5', usage)!;
    assert.strictEqual(overridden.total, (2000 + 100) / 1_000_000);
    assert.strictEqual(book.quote('claude-sonnet-4-5', usage)!.total.toFixed(7), '0.0069000');
  });

  it("quotes a model found through a provider's fallback, a tier and a Bedrock profile as the library does", () => {
    // The book prices a model again through its provider narrowed to that one model: the figures
    // must be the library's own, found among every model of the provider.
    const { calcPrice } = require('@pydantic/genai-prices') as typeof import('@pydantic/genai-prices');
    const cases: Array<[string, string, string | undefined, number]> = [
      // Azure lists no gpt-4o of its own: OpenAI's, through Azure's fallback providers.
      ['azure/gpt-4o', 'gpt-4o', 'azure', 2000],
      // Google's Vertex falls back to Anthropic's models.
      ['vertex_ai/claude-sonnet-4-5', 'claude-sonnet-4-5', 'google', 2000],
      // Past the long-context threshold.
      ['claude-sonnet-4-5', 'claude-sonnet-4-5', 'anthropic', 300_000],
      ['us.anthropic.claude-sonnet-4-5-20250929-v1:0', 'us.anthropic.claude-sonnet-4-5-20250929-v1:0', 'aws', 2000],
    ];
    for (const [id, libraryId, providerId, input] of cases) {
      const quote = new PriceBook().quote(id, { input, cacheRead: 500, cacheWrite: 1000, output: 100 })!;
      const library = calcPrice(
        { input_tokens: input, cache_read_tokens: 500, cache_write_tokens: 1000, output_tokens: 100 },
        libraryId,
        providerId ? { providerId } : {},
      )!;
      assert.strictEqual(quote.total, library.total_price, id);
      assert.strictEqual(quote.output, library.output_price, id);
    }
    assert.strictEqual(new PriceBook().quote('azure/gpt-4o', { input: 2000, cacheRead: 0, cacheWrite: 0, output: 100 })!.total.toFixed(4), '0.0060');
  });

  it('holds the model catalog until the next dated price starts', () => {
    const book = new PriceBook();
    // gemini-3.6-flash's introductory price ($0.75 in) ends on 2027-01-01 ($1.50 from then).
    const december = book.catalog(new Date('2026-12-30T00:00:00Z'));
    assert.strictEqual(book.catalog(new Date('2026-12-31T23:59:59Z')), december);
    const january = book.catalog(new Date('2027-01-01T00:00:00Z'));
    const flashInput = (catalog: typeof december) =>
      catalog.find((provider) => provider.id === 'google')!.models.find((model) => model.id === 'gemini-3.6-flash')!.inputPerMTok;
    assert.deepStrictEqual([flashInput(december), flashInput(january)], [0.75, 1.5]);
  });
});
