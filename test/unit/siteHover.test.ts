import * as assert from 'assert';
import { readFileSync } from 'fs';
import * as path from 'path';
import { createEngine, type Engine } from '../../src/core/engine';
import { siteBreakdownMarkdown, siteHeadline } from '../../src/core/report/siteBreakdown';
import { parseProjectConfig } from '../../src/core/volume/projectConfig';
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
      '**$1,029.78/mo** · $0.011/call · ≈2,414 tok · claude-sonnet-4-5',
    ]);
    assert.deepStrictEqual((await sitesOf('agents/research_agent.py')).map(siteHeadline), ['**$64.40/mo** · $0.011/run · ≈1,378 tok · claude-haiku-4-5']);
    assert.deepStrictEqual((await sitesOf('jobs/weekly_insights.py')).map(siteHeadline), [
      '**$0.29/mo** · $0.073/call · 60,051 tok · o4-mini',
      '**$1.38/mo** · $0.35/call · 126,024 tok · gpt-4o',
      '**$0.0015/mo** · $0.00038/call · 122 tok · gpt-4o-mini',
      '**unpriced** · ≈114 tok · ollama/llama3.1',
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
