import * as assert from 'assert';
import { readFileSync } from 'fs';
import * as path from 'path';
import { SILENT_LOGGER } from '../../src/core/log/logger';
import { PriceBook } from '../../src/core/pricing/priceBook';
import { TokenCounter } from '../../src/core/tokens/tokenCounter';
import { mergeEnv, ENV_EXAMPLE_FILES } from '../../src/core/volume/envValues';
import { parseProjectConfig } from '../../src/core/volume/projectConfig';
import { analyzeFile } from '../../src/core/workspace/analyzeFile';
import { discoverCostFiles } from '../../src/core/workspace/discover';
import { fileSourceReader } from '../../src/core/workspace/fileSourceReader';
import { sharedEncoder } from './sharedEncoder';

/**
 * The recall harness: test/fixtures/realworld/ is code written in the shapes real applications use,
 * and expected.json lists every text-generation call in it. Each expected site must be found with its
 * model, provider, cap and model source; each "missed" call (a shape not read yet) must not be, so
 * that the list stays true when a shape starts to work; nothing else may be a site. Prints recall
 * (found / all calls) and precision (right / found).
 */
const ROOT = path.join(__dirname, '..', 'fixtures', 'realworld');

interface ExpectedSite {
  at: string;
  model: string | null;
  provider: string | null;
  cap: number | null;
  modelSource: string;
}
interface Expected {
  sites: ExpectedSite[];
  missed: Array<{ at: string; shape: string }>;
  notSites: Array<{ at: string; shape: string }>;
}

async function foundSites(): Promise<{ found: ExpectedSite[]; unread: string[] }> {
  const { config } = parseProjectConfig(readFileSync(path.join(ROOT, 'promptcost.yaml'), 'utf8'));
  const envFiles = ENV_EXAMPLE_FILES.flatMap((name) => {
    try {
      return [{ name, text: readFileSync(path.join(ROOT, name), 'utf8') }];
    } catch {
      return [];
    }
  });
  const project = { ...config, env: mergeEnv(config.env, envFiles) };
  const context = {
    counter: new TokenCounter(sharedEncoder),
    prices: new PriceBook(project.prices),
    project,
    defaultModel: 'gpt-4o-mini',
    monthlyCalls: 10_000,
    offerFixes: false,
    logger: SILENT_LOGGER,
  };
  const found: ExpectedSite[] = [];
  const unread: string[] = [];
  for (const { path: file } of discoverCostFiles(ROOT)) {
    const analysis = await analyzeFile(readFileSync(path.join(ROOT, file), 'utf8'), file, context, fileSourceReader(ROOT));
    for (const call of analysis?.unreadCalls ?? []) unread.push(`${file}:${call.range.start.line + 1}`);
    for (const { site, estimate } of analysis?.sites ?? []) {
      found.push({
        at: `${file}:${site.range.start.line + 1}`,
        model: estimate.model.canonical ?? null,
        provider: estimate.model.provider ?? null,
        cap: estimate.tokens.outputMax ?? null,
        modelSource: estimate.model.origin,
      });
    }
  }
  return { found, unread };
}

describe('Recall on real-application shapes (test/fixtures/realworld)', () => {
  it('finds every listed call with its model, provider and cap, and nothing else', async () => {
    const expected = JSON.parse(readFileSync(path.join(ROOT, 'expected.json'), 'utf8')) as Expected;
    const { found, unread } = await foundSites();
    const foundAt = new Set(found.map((site) => site.at));
    const right = found.filter((site) => expected.sites.some((want) => JSON.stringify(want) === JSON.stringify(site)));
    const calls = expected.sites.length + expected.missed.length;
    const known = found.filter((site) => site.modelSource !== 'unknown').length;
    console.log(
      `      recall ${right.length}/${calls} calls (${Math.round((100 * right.length) / calls)}%), precision ${right.length}/${found.length}, ` +
        `known or assumed model ${known}/${found.length}; missed shapes: ${expected.missed.map((miss) => miss.shape).join('; ')}`,
    );
    assert.deepStrictEqual(found, expected.sites);
    assert.deepStrictEqual(
      expected.missed.filter((miss) => foundAt.has(miss.at)),
      [],
      'a shape listed as missed is now found: move it to sites',
    );
    assert.deepStrictEqual(
      expected.notSites.filter((not) => foundAt.has(not.at)),
      [],
    );
    // What --explain-misses lists is exactly the calls missed: a user can report each one.
    assert.deepStrictEqual(
      unread,
      expected.missed.map((miss) => miss.at),
    );
  });
});
