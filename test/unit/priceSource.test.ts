import * as assert from 'assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { SILENT_LOGGER } from '../../src/core/log/logger';
import { PriceBook } from '../../src/core/pricing/priceBook';
import { pricesAreStale, priceSourceText, stalePricesNote, stalePricesWarning } from '../../src/core/pricing/priceSource';
import { parsePricesFile, readPricesFile } from '../../src/core/pricing/pricesFile';
import { toJsonReport } from '../../src/core/report/jsonReport';
import { toMarkdownReport } from '../../src/core/report/markdownReport';
import { footnote } from '../../src/core/report/rows';
import { siteBreakdownMarkdown } from '../../src/core/report/siteBreakdown';
import { TokenCounter } from '../../src/core/tokens/tokenCounter';
import { EMPTY_PROJECT_CONFIG } from '../../src/core/volume/projectConfig';
import { FileAnalyzer, type AnalysisSettings } from '../../src/core/workspace/fileAnalyzer';
import { scanFiles } from '../../src/core/workspace/scan';
import { openaiCall } from './scanInMemory';
import { sharedEncoder } from './sharedEncoder';

/** A price file in @pydantic/genai-prices' data.json shape: gpt-4o-mini at $1 in / $2 out, and a provider the package lacks. */
const PRICES = [
  {
    id: 'openai',
    name: 'OpenAI',
    api_pattern: 'https://api\\.openai\\.com',
    models: [{ id: 'gpt-4o-mini', match: { starts_with: 'gpt-4o-mini' }, prices: { input_mtok: 1, output_mtok: 2 } }],
  },
  {
    id: 'acme',
    name: 'Acme',
    api_pattern: 'https://api\\.acme\\.test',
    model_match: { starts_with: 'acme-' },
    models: [
      {
        id: 'acme-1',
        match: { equals: 'acme-1' },
        prices: [{ prices: { input_mtok: 4, output_mtok: 8 } }, { constraint: { start_date: '2030-01-01' }, prices: { input_mtok: 40, output_mtok: 80 } }],
      },
    ],
  },
];

/** The temporary folders `priceFile` made, removed after the suite. */
const priceFolders: string[] = [];
after(() => priceFolders.splice(0).forEach((folder) => fs.rmSync(folder, { recursive: true, force: true })));

/** Writes `text` to a new temporary file dated `day` (its modification time, the date it shows). */
function priceFile(text: string, day = '2026-11-30'): string {
  const folder = fs.mkdtempSync(path.join(os.tmpdir(), 'promptcost-prices-'));
  priceFolders.push(folder);
  const file = path.join(folder, 'prices.json');
  fs.writeFileSync(file, text);
  const when = new Date(`${day}T12:00:00Z`);
  fs.utimesSync(file, when, when);
  return file;
}

describe('prices: where each comes from, and how old', () => {
  it('calls price data of 2026-09-23 stale from 2026-12-23, not on 2026-12-22 (90 days)', () => {
    assert.strictEqual(pricesAreStale('2026-09-23', new Date('2026-12-22T23:59:59Z')), false);
    assert.strictEqual(pricesAreStale('2026-09-23', new Date('2026-12-23T00:00:00Z')), true);
    assert.strictEqual(pricesAreStale('2026-09-23', new Date('2026-09-23T00:00:00Z')), false);
    assert.strictEqual(pricesAreStale('not a date', new Date('2030-01-01T00:00:00Z')), false);
    assert.strictEqual(stalePricesWarning('2026-09-23', new Date('2026-12-22T12:00:00Z')), undefined);
    assert.strictEqual(
      stalePricesWarning('2026-09-23', new Date('2026-12-23T12:00:00Z')),
      'promptcost: warning: prices are of 2026-09-23, more than 90 days old; load newer ones with --prices FILE (a @pydantic/genai-prices data.json)',
    );
  });

  it('gives the editor a label and a sentence for stale prices, from day 91 only', () => {
    assert.strictEqual(stalePricesNote('2026-09-23', new Date('2026-12-22T12:00:00Z')), undefined);
    assert.deepStrictEqual(stalePricesNote('2026-09-23', new Date('2026-12-23T00:00:00Z')), {
      label: 'Prices of 2026-09-23',
      sentence:
        'The prices in use are of 2026-09-23, more than 90 days old: providers may have changed them since. Load newer ones from a price file (the data.json of @pydantic/genai-prices) with "Prompt Cost: Use a Price File…".',
    });
  });

  it('words each source in a few words', () => {
    assert.deepStrictEqual(
      [
        priceSourceText({ kind: 'price-data', package: '@pydantic/genai-prices', version: '0.1.8', asOf: '2026-09-23' }),
        priceSourceText({ kind: 'override', file: 'promptcost.yaml' }),
        priceSourceText({ kind: 'prices-file', file: 'config/prices.json', asOf: '2026-11-30' }),
      ],
      ['@pydantic/genai-prices 0.1.8, 2026-09-23', 'promptcost.yaml prices', 'config/prices.json (2026-11-30)'],
    );
  });
});

describe('a price file', () => {
  it('says in one line what is wrong with broken JSON or a wrong shape', () => {
    const problem = (text: string) => {
      const parsed = parsePricesFile(text);
      return 'problem' in parsed ? parsed.problem : 'no problem';
    };
    assert.strictEqual(problem('[{"id": "openai",'), 'is not valid JSON (Expected double-quoted property name in JSON at position 17)');
    assert.strictEqual(problem('{"openai": {}}'), 'must be a list of providers, as in @pydantic/genai-prices data.json');
    assert.strictEqual(problem('[]'), 'has no providers');
    assert.strictEqual(problem('[{"id": "openai", "name": "OpenAI", "api_pattern": "x"}]'), '[0].models: must be a list of models');
    const negative = structuredClone(PRICES);
    (negative[0].models[0].prices as Record<string, number>).input_mtok = -1;
    assert.strictEqual(problem(JSON.stringify(negative)), '[0].models[0].prices.input_mtok: cannot be negative');
    const badMatch = structuredClone(PRICES);
    (badMatch[0].models[0] as { match: unknown }).match = { like: 'gpt' };
    assert.strictEqual(problem(JSON.stringify(badMatch)), '[0].models[0].match: must be one of equals, starts_with, ends_with, contains, regex, or, and');
    assert.strictEqual(problem(JSON.stringify(PRICES)), 'no problem');
  });

  it('names the file as given when it is missing, a folder or broken, and dates a good one by its last change', () => {
    const missing = readPricesFile(path.join(os.tmpdir(), 'promptcost-no-such-prices.json'), 'no-such.json');
    assert.deepStrictEqual(missing, { problem: 'no-such.json: no such file' });
    assert.deepStrictEqual(readPricesFile(os.tmpdir(), 'tmp'), { problem: 'tmp: is a folder, not a price file' });
    assert.deepStrictEqual(readPricesFile(priceFile('nope'), 'prices.json'), {
      problem: `prices.json: is not valid JSON (Unexpected token 'o', "nope" is not valid JSON)`,
    });
    const good = readPricesFile(priceFile(JSON.stringify(PRICES)), 'config/prices.json');
    assert.ok('file' in good);
    assert.deepStrictEqual(
      [good.file.ref.shownAs, good.file.ref.asOf, good.file.ref.digest.length, good.file.providers.length],
      ['config/prices.json', '2026-11-30', 64, 2],
    );
  });

  it('prices the models it lists, the price data the rest, and promptcost.yaml prices win over both', () => {
    const read = readPricesFile(priceFile(JSON.stringify(PRICES)), 'prices.json');
    assert.ok('file' in read);
    const book = new PriceBook({ 'gpt-4.1': { input: 9, output: 9 } }, read.file);
    const seen = (id: string) => {
      const pricing = book.lookup(id);
      return pricing && [pricing.providerId, pricing.pricedAs, pricing.rates.input, pricing.rates.output, pricing.source, priceSourceText(pricing.priceSource)];
    };
    assert.deepStrictEqual(seen('gpt-4o-mini'), ['openai', 'gpt-4o-mini', 1, 2, 'prices file', 'prices.json (2026-11-30)']);
    assert.deepStrictEqual(seen('openai/gpt-4o-mini'), ['openai', 'gpt-4o-mini', 1, 2, 'prices file', 'prices.json (2026-11-30)']);
    // A provider the bundled data lacks, found by its model_match, at its first price until 2030.
    assert.deepStrictEqual(seen('acme-1'), ['acme', 'acme-1', 4, 8, 'prices file', 'prices.json (2026-11-30)']);
    assert.deepStrictEqual(seen('gpt-4o'), ['openai', 'gpt-4o', 2.5, 10, 'price data', '@pydantic/genai-prices 0.1.8, 2026-09-23']);
    assert.deepStrictEqual(seen('gpt-4.1'), ['promptcost-yaml', 'gpt-4.1', 9, 9, 'promptcost.yaml', 'promptcost.yaml prices']);
    // 1,000 in at $1/M + 500 out at $2/M.
    assert.strictEqual(book.quote('gpt-4o-mini', { input: 1000, cacheRead: 0, cacheWrite: 0, output: 500 })!.total.toFixed(6), '0.002000');
    assert.strictEqual(new PriceBook().quote('gpt-4o-mini', { input: 1000, cacheRead: 0, cacheWrite: 0, output: 500 })!.total.toFixed(6), '0.000450');
    assert.strictEqual(book.lookup('acme-2'), undefined);
  });

  it('gives each priced site its source in the JSON, one line in the hover and one in the report', async () => {
    const file = priceFile(JSON.stringify(PRICES));
    const analyzer = new FileAnalyzer(new TokenCounter(sharedEncoder), SILENT_LOGGER);
    const read = readPricesFile(file, 'prices.json');
    assert.ok('file' in read);
    const settings: AnalysisSettings = {
      project: { ...EMPTY_PROJECT_CONFIG, prices: { 'gpt-4.1': { input: 9, output: 9 } } },
      defaultModel: 'gpt-4o-mini',
      monthlyCalls: 10_000,
      offerFixes: false,
      pricesFile: read.file.ref,
    };
    const files: Record<string, string> = {
      'a.ts': openaiCall('fromFile', 'gpt-4o-mini', 'Answer briefly.', 100),
      'b.ts': openaiCall('fromData', 'gpt-4o', 'Answer briefly.', 100),
      'c.ts': openaiCall('fromYaml', 'gpt-4.1', 'Answer briefly.', 100),
      'd.ts': openaiCall('unknown', 'acme-9', 'Answer briefly.', 100),
    };
    const report = await scanFiles(
      Object.entries(files).map(([name, text]) => ({ path: name, read: async () => new TextEncoder().encode(text) })),
      { analyze: (text, name) => analyzer.analyze(text, name, settings) },
    );
    const json = toJsonReport(report) as {
      sites: Array<{ id: string; priced: boolean; priceSource?: unknown; cost: { perCall: number | null; monthly: number | null } }>;
    };
    assert.deepStrictEqual(
      json.sites.map((site) => [site.id, site.priced, site.priceSource, site.cost.monthly]),
      [
        // Each call: 114 tokens in, 50 out expected (half its cap), 10,000 calls a month.
        // The file's $1 / $2 per million: (114 × 1 + 50 × 2) / 1M × 10,000 = $2.14.
        ['a.ts#fromFile', true, { kind: 'prices-file', file: 'prices.json', asOf: '2026-11-30' }, 2.14],
        // The price data's gpt-4o, $2.50 / $10: (285 + 500) / 1M × 10,000 = $7.85.
        ['b.ts#fromData', true, { kind: 'price-data', package: '@pydantic/genai-prices', version: '0.1.8', asOf: '2026-09-23' }, 7.85],
        // promptcost.yaml's $9 / $9: 164 × 9 / 1M × 10,000 = $14.76.
        ['c.ts#fromYaml', true, { kind: 'override', file: 'promptcost.yaml' }, 14.76],
        ['d.ts#unknown', false, undefined, null],
      ],
    );
    assert.ok(!('priceSource' in json.sites[3]), 'an unpriced site has no priceSource');
    const hoverLast = (index: number) => siteBreakdownMarkdown(report.sites[index], []).split('\n').at(-1);
    assert.deepStrictEqual([0, 1, 2, 3].map(hoverLast), [
      '_Prices: prices.json (2026-11-30)._',
      '_Prices: @pydantic/genai-prices 0.1.8, 2026-09-23._',
      '_Prices: promptcost.yaml prices._',
      '_Prices as of 2026-09-23._',
    ]);
    assert.strictEqual(
      footnote(report),
      'Prices: @pydantic/genai-prices 0.1.8, 2026-09-23; 1 site from prices.json (2026-11-30); 1 site from promptcost.yaml prices. ≈ marks estimated token counts (no public tokenizer).',
    );
    assert.ok(toMarkdownReport(report).endsWith(`_${footnote(report)}_`));
    assert.ok(report.sites[0].estimate.assumptions.includes('Prices: OpenAI gpt-4o-mini from prices.json (2026-11-30) — $1 in / $2 out per million tokens.'));
  });
});
