import * as assert from 'assert';
import { readFileSync } from 'fs';
import * as path from 'path';
import { createEngine, type Engine } from '../../src/core/engine';
import { siteBreakdownMarkdown, siteHeadline } from '../../src/core/report/siteBreakdown';
import { EMPTY_PROJECT_CONFIG, parseProjectConfig } from '../../src/core/volume/projectConfig';
import { siteSummary } from '../../src/vscode/siteText';
import type { ReportSite } from '../../src/core/workspace/report';

const ROOT = path.join(__dirname, '..', 'fixtures', 'workspace');

describe("a site's hover", () => {
  let engine: Engine;
  before(() => {
    engine = createEngine({});
  });
  after(() => engine.dispose());

  async function sitesOf(file: string): Promise<ReportSite[]> {
    const { config } = parseProjectConfig(readFileSync(path.join(ROOT, 'promptcost.yaml'), 'utf8'));
    const analysis = await engine.analyze(readFileSync(path.join(ROOT, file), 'utf8'), file, {
      project: config,
      defaultModel: 'gpt-4o-mini',
      monthlyCalls: 30_000,
      workspaceRoot: ROOT,
      offerFixes: false,
    });
    assert.ok(analysis);
    return analysis.sites;
  }

  it('opens with the answer: the month, the call (or the run), the tokens and the model; unpriced says so', async () => {
    assert.deepStrictEqual((await sitesOf('src/supportBot/draftReply.ts')).map(siteHeadline), [
      '**$1,029.78/mo** · $0.011/call · ≈2,414 tok (2,401–2,465) · claude-sonnet-4-5',
    ]);
    assert.deepStrictEqual((await sitesOf('agents/research_agent.py')).map(siteHeadline), [
      '**$64.73/mo** · $0.011/run · ≈1,396 tok (1,374–1,444) · claude-haiku-4-5',
    ]);
    assert.deepStrictEqual((await sitesOf('jobs/weekly_insights.py')).map(siteHeadline), [
      '**$0.34/mo** · $0.086/call · 60,051 tok · o4-mini',
      '**$1.38/mo** · $0.35/call · 126,024 tok · gpt-4o',
      '**$0.0015/mo** · $0.00038/call · 122 tok · gpt-4o-mini',
      '**unpriced** · 114 tok · ollama/llama3.1',
    ]);
  });

  it('leaves out cache rows of $0 and names the variables one default sizes in one line', async () => {
    const [draft] = await sitesOf('src/supportBot/draftReply.ts');
    const breakdown = siteBreakdownMarkdown({ ...draft, findings: [] }, []).split('\n');
    const perCall = breakdown.indexOf('| per call | |');
    assert.deepStrictEqual(breakdown.slice(perCall, perCall + 7), [
      '| per call | |',
      '|---|---:|',
      '| input | $0.0072 |',
      '| output | $0.0042 |',
      '| **total** | **$0.011** |',
      '| worst case | $0.023 |',
      '',
    ]);
    assert.deepStrictEqual(
      draft.estimate.assumptions.filter((line) => line.includes('assumed (a template variable')),
      [
        '${formatArticles(articles)}, ${ticket.id}, ${classification.queue}, ${classification.priority}, ${ticket.customerName}, ${ticket.plan}, ${ticket.region}, ${ticket.subject}, ${ticket.body} (9 parts): 100 tokens each assumed (a template variable: about a paragraph); declare their sizes under sites: "src/supportBot/draftReply.ts": variables: in promptcost.yaml.',
      ],
    );
  });
});

describe('a broken promptcost.yaml is never silent', () => {
  it('finds the parts of the file its errors make unusable', () => {
    const parts = (text: string) => parseProjectConfig(text).config.invalid;
    assert.deepStrictEqual(parts('sites:\n  a.prompty: { monthlyCalls: lots }\n'), { sites: ['a.prompty'], defaults: false, all: false });
    assert.deepStrictEqual(parts('defaults:\n  montlyCalls: 5\n'), { sites: [], defaults: true, all: false });
    assert.deepStrictEqual(parts('sites: ['), { sites: [], defaults: false, all: true });
    // An unknown rule or a bad price changes no site's volume or model: nothing falls back because of it.
    assert.strictEqual(parts('rules: { nope: off }\n'), undefined);
    assert.strictEqual(parts('sites:\n  a.prompty: { monthlyCalls: 5 }\n'), undefined);
  });

  it("says so in the site's assumptions and CodeLens when its own entry is broken, not when another's is", async () => {
    const engine = createEngine({});
    try {
      const text = readFileSync(path.join(ROOT, 'promptcost.yaml'), 'utf8').replace('monthlyCalls: 90000', 'monthlyCalls: lots');
      const { config } = parseProjectConfig(text);
      const file = 'prompts/support-reply.prompty';
      const analyze = async (name: string) => {
        const analysis = await engine.analyze(readFileSync(path.join(ROOT, name), 'utf8'), name, {
          project: config,
          defaultModel: 'gpt-4o-mini',
          monthlyCalls: 30_000,
          workspaceRoot: ROOT,
          offerFixes: false,
        });
        return analysis!.sites[0];
      };
      const broken = await analyze(file);
      assert.strictEqual(broken.estimate.configErrors, 'site');
      assert.strictEqual(
        broken.estimate.assumptions[0],
        "promptcost.yaml has errors in this prompt's entry under sites: — using defaults for what it could not read until they are fixed.",
      );
      assert.strictEqual(siteSummary(broken), '2,043 tok · $0.00046/call · $13.69/mo @ 30k calls · gpt-4o-mini · ⚠ promptcost.yaml errors');
      const other = await analyze('prompts/kb-answer.prompty');
      assert.strictEqual(other.estimate.configErrors, undefined);
    } finally {
      engine.dispose();
    }
  });

  it('marks a volume nobody set as the default in the CodeLens', async () => {
    const engine = createEngine({});
    try {
      const file = 'src/supportBot/classify.ts';
      const analysis = await engine.analyze(readFileSync(path.join(ROOT, file), 'utf8'), file, {
        project: EMPTY_PROJECT_CONFIG,
        defaultModel: 'gpt-4o-mini',
        monthlyCalls: 10_000,
        workspaceRoot: ROOT,
        offerFixes: false,
      });
      assert.strictEqual(siteSummary(analysis!.sites[0]), '1,844 tok · $0.00029/call · $2.92/mo @ 10k calls (default) · gpt-4o-mini');
    } finally {
      engine.dispose();
    }
  });
});
