import * as assert from 'assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { SILENT_LOGGER } from '../../src/core/log/logger';
import { PriceBook } from '../../src/core/pricing/priceBook';
import { TokenCounter } from '../../src/core/tokens/tokenCounter';
import { EMPTY_PROJECT_CONFIG } from '../../src/core/volume/projectConfig';
import { packAnalysis, packedForm, unpackAnalysis } from '../../src/core/worker/analysisPayload';
import { analyzeFile, type FileAnalysis } from '../../src/core/workspace/analyzeFile';
import type { AnalysisSettings } from '../../src/core/workspace/fileAnalyzer';
import { ScanCache, type CacheEntryCodec } from '../../src/core/workspace/scanCache';
import { sharedEncoder } from './sharedEncoder';

const settings: AnalysisSettings = { project: EMPTY_PROJECT_CONFIG, defaultModel: 'gpt-4o-mini', monthlyCalls: 10_000 };
const PACKED: CacheEntryCodec = { store: packedForm, restore: unpackAnalysis };
const FILE = 'prompts/two.prompty';
const TEXT = '---\nname: Two\nmodel: gpt-4o\n---\nsystem:\nYou answer in one line.\nuser:\nHello\n';

/** The file's analysis as it arrives from the worker: its sites built when read. */
async function arrived(change: (analysis: FileAnalysis) => void = () => {}): Promise<FileAnalysis> {
  const context = { counter: new TokenCounter(sharedEncoder), prices: new PriceBook(), ...settings, logger: SILENT_LOGGER };
  const analysis = (await analyzeFile(TEXT, FILE, context))!;
  change(analysis);
  return unpackAnalysis(packAnalysis(analysis));
}

const built = (analysis: FileAnalysis) => Object.getOwnPropertyDescriptor(analysis, 'sites')?.get === undefined;

describe('the scan cache and analyses whose sites are built when read', () => {
  let dir: string;
  beforeEach(() => (dir = fs.mkdtempSync(path.join(os.tmpdir(), 'promptcost-sites-'))));
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  /** Analyses the file through a cache opened afresh from `dir`, then saves it; how many analyses ran. */
  async function scanOnce(compute: () => Promise<FileAnalysis>): Promise<{ analysis: FileAnalysis | undefined; computed: number }> {
    const cache = await ScanCache.open(dir, settings, SILENT_LOGGER, 'test', new Date('2026-12-04T12:00:00Z'), PACKED);
    let computed = 0;
    const analysis = await cache.analyze(FILE, TEXT, () => (computed++, compute()));
    await cache.save();
    return { analysis, computed };
  }

  it('keeps and stores one without building its sites, and hands it out again whole', async () => {
    const fresh = await arrived();
    const first = await scanOnce(() => Promise.resolve(fresh));
    assert.strictEqual(first.computed, 1);
    assert.strictEqual(built(fresh), false, 'kept and written without building a site');
    const again = await scanOnce(() => arrived());
    assert.strictEqual(again.computed, 0);
    assert.deepStrictEqual(
      again.analysis?.sites.map(({ site, estimate }) => [site.id, estimate.model.id, estimate.tokens.input]),
      [['prompts/two.prompty#Two', 'gpt-4o', 18]],
    );
  });

  it('makes one again next time whose site a bug of ours broke, seen from its summary alone', async () => {
    const broken = await arrived((analysis) =>
      analysis.sites[0].findings.push({
        rule: 'internal-error',
        severity: 'warning',
        message: 'a rule failed',
        range: analysis.sites[0].site.range,
        fixes: [],
      }),
    );
    assert.strictEqual((await scanOnce(() => Promise.resolve(broken))).computed, 1);
    assert.strictEqual(built(broken), false);
    assert.strictEqual((await scanOnce(() => arrived())).computed, 1, 'not kept: analysed again');
    assert.strictEqual((await scanOnce(() => arrived())).computed, 0, 'the sound analysis is kept');
  });
});
