import * as assert from 'assert';
import { readFileSync } from 'fs';
import * as path from 'path';
import { createEngine } from '../../src/core/engine';
import { formatMonthly } from '../../src/core/format';
import { priceSiteWithModels } from '../../src/core/pricing/alternatives';
import { PriceBook } from '../../src/core/pricing/priceBook';
import { parseProjectConfig } from '../../src/core/volume/projectConfig';
import type { AnalysisSettings } from '../../src/core/workspace/fileAnalyzer';

const ROOT = path.join(__dirname, '..', 'fixtures', 'workspace');
const { config } = parseProjectConfig(readFileSync(path.join(ROOT, 'promptcost.yaml'), 'utf8'));
const settings: AnalysisSettings = { project: config, defaultModel: 'gpt-4o-mini', monthlyCalls: 10_000, workspaceRoot: ROOT };
const FILE = 'src/supportBot/draftReply.ts';
const SITE = `${FILE}#draftReply`;
const text = readFileSync(path.join(ROOT, FILE), 'utf8');
const cents = (monthly: number | undefined) => (monthly === undefined ? 'unpriced' : formatMonthly(monthly));

describe('pricing one site with other models (the "Change model" picker)', function () {
  this.timeout(20_000);
  const engine = createEngine();
  after(() => engine.dispose());

  it('prices the sample app’s draftReply (claude-sonnet-4-5, 90,000 calls) with each model, to the cent', async () => {
    const costs = await engine.priceSiteWith(
      text,
      FILE,
      SITE,
      ['claude-haiku-4-5', 'gpt-4o-mini', 'claude-sonnet-4-5', 'claude-opus-4-1', 'no-such-model-1'],
      settings,
    );
    assert.deepStrictEqual(
      costs?.map((cost) => [cost.model, cents(cost.monthly)]),
      [
        ['claude-haiku-4-5', '$343.26'],
        ['gpt-4o-mini', '$47.71'],
        // The site's own model keeps its estimate's figure.
        ['claude-sonnet-4-5', '$1,029.78'],
        ['claude-opus-4-1', '$5,148.90'],
        // Unpriced, never $0.
        ['no-such-model-1', 'unpriced'],
      ],
    );
  });

  it('gives the same figure as the cheaper-model finding, from the estimate the analysis holds', async () => {
    const analysis = await engine.analyze(text, FILE, settings);
    const site = analysis!.sites.find((entry) => entry.site.id === SITE)!;
    const finding = site.findings.find((entry) => entry.rule === 'cheaper-model')!;
    assert.match(finding.message, /^claude-haiku-4-5 would cost \$343\.26\/month here/);
    const [haiku] = priceSiteWithModels(site.estimate, new PriceBook(config.prices), ['claude-haiku-4-5']);
    assert.strictEqual(cents(haiku.monthly), '$343.26');
    assert.strictEqual(cents(site.alternatives.find((alternative) => alternative.model === 'claude-haiku-4-5')?.monthly), '$343.26');
  });

  it('answers undefined for a site the file does not have', async () => {
    assert.strictEqual(await engine.priceSiteWith(text, FILE, `${FILE}#nothing`, ['gpt-4o-mini'], settings), undefined);
  });
});
