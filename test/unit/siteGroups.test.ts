import * as assert from 'assert';
import { readFileSync } from 'fs';
import * as path from 'path';
import { createEngine, type Engine } from '../../src/core/engine';
import { discoverCostFiles } from '../../src/core/workspace/discover';
import { parseProjectConfig } from '../../src/core/volume/projectConfig';
import { groupSites, NO_TASK } from '../../src/core/report/siteGroups';
import type { Estimate, PromptSite } from '../../src/core/types';
import { computeTotals, type Report, type ReportSite } from '../../src/core/workspace/report';

const SUPPORT = path.join(__dirname, '..', 'fixtures', 'tasks', 'support');

/** label, description, line (1-based) of each site of each group. */
function outline(report: Report, grouping: 'task' | 'file' | 'model') {
  return groupSites(report, grouping).map((group) => ({
    label: group.label,
    description: group.description,
    sites: group.sites.map((site) => `${site.label} | ${site.description} | ${site.file}:${site.range.start.line + 1}`),
  }));
}

describe('sites view groups', () => {
  describe('the support pipeline', () => {
    let engine: Engine;
    let report: Report;
    before(async () => {
      engine = createEngine({});
      const { config } = parseProjectConfig(readFileSync(path.join(SUPPORT, 'promptcost.yaml'), 'utf8'));
      report = await engine.scan(discoverCostFiles(SUPPORT), {
        project: config,
        defaultModel: 'gpt-4o-mini',
        monthlyCalls: 1000,
        workspaceRoot: SUPPORT,
        offerFixes: false,
      });
    });
    after(() => engine.dispose());

    it('groups by task: the task with its month, cost per task and steps, costliest first', () => {
      assert.deepStrictEqual(outline(report, 'task'), [
        {
          label: 'support-ticket',
          description: '$133.60/mo · $0.015/task · 4 sites',
          sites: [
            'reply.ts › draftReply | $118.54/mo | src/steps/reply.ts:15',
            'check.ts › checkReply | $13.05/mo | src/steps/check.ts:6',
            'classify.ts › classify | $1.32/mo | src/steps/classify.ts:6',
            'reply.ts › rewriteQuery | $0.69/mo | src/steps/reply.ts:6',
          ],
        },
      ]);
      const [task] = groupSites(report, 'task');
      assert.deepStrictEqual(task.entry, { file: 'src/ticket.ts', range: { start: { line: 6, character: 7 }, end: { line: 6, character: 67 } } });
    });

    it('groups by file and by model, each group summing its sites to the cent', () => {
      assert.deepStrictEqual(outline(report, 'file'), [
        {
          label: 'reply.ts',
          description: '$119.23/mo · 2 sites · src/steps',
          sites: ['draftReply | $118.54/mo | src/steps/reply.ts:15', 'rewriteQuery | $0.69/mo | src/steps/reply.ts:6'],
        },
        { label: 'check.ts', description: '$13.05/mo · 1 site · src/steps', sites: ['checkReply | $13.05/mo | src/steps/check.ts:6'] },
        { label: 'classify.ts', description: '$1.32/mo · 1 site · src/steps', sites: ['classify | $1.32/mo | src/steps/classify.ts:6'] },
      ]);
      assert.deepStrictEqual(
        groupSites(report, 'model').map((group) => [group.label, group.description, group.monthly]),
        [
          ['gpt-4o', '$131.59/mo · 2 sites', 131.59],
          ['gpt-4o-mini', '$2.01/mo · 2 sites', 2.01],
        ],
      );
    });
  });

  describe('unpriced sites and sites outside tasks', () => {
    const at = (line: number) => ({ start: { line, character: 0 }, end: { line, character: 0 } });
    const site = (id: string, file: string, line: number): PromptSite => ({
      id,
      kind: 'sdk-call',
      sdk: 'openai.chat',
      file,
      range: at(line),
      messages: [],
      options: {},
    });
    const estimate = (model: string | undefined, monthly?: number): Estimate => ({
      model: { id: model, canonical: model, source: 'file', origin: 'literal' },
      tokens: { input: 10, static: 10, dynamic: 0, framing: 0, tools: 0, cacheablePrefix: 0, cached: 0, outputExpected: 100, exact: true },
      messages: [],
      variables: [],
      cache: { mode: 'none', minTokens: 0, hitRate: 0, ttlSeconds: 0 },
      cost: { priced: monthly !== undefined, pricesAsOf: '2025-06-01', tier: 'standard', perCall: monthly === undefined ? undefined : monthly / 1000, monthly },
      monthlyCalls: 1000,
      assumptions: [],
    });
    const finding = { rule: 'missing-max-tokens' as const, severity: 'warning' as const, message: 'm', range: at(3), monthlySavings: 1.234, fixes: [] };
    const sites: ReportSite[] = [
      { site: site('a.ts#local', 'a.ts', 1), estimate: estimate('my-local-model'), findings: [], alternatives: [] },
      { site: site('a.ts#cheap', 'a.ts', 3), estimate: estimate('gpt-4o-mini', 0.004), findings: [finding], alternatives: [] },
      { site: site('b.ts#big', 'b.ts', 0), estimate: estimate(undefined, 12.345), findings: [finding, finding], alternatives: [] },
    ];
    const report: Report = { pricesAsOf: '2025-06-01', sites, fileFindings: [], skipped: [], cancelled: false, totals: computeTotals(sites), tasks: [] };

    it('puts unpriced sites last, never counted as $0, and says how many a group leaves out', () => {
      assert.deepStrictEqual(outline(report, 'file'), [
        { label: 'b.ts', description: '$12.35/mo · 1 site', sites: ['big | $12.35/mo · 2 findings | b.ts:1'] },
        // $0.004 a month is shown as it is, never as $0.00, in the site and in its group.
        { label: 'a.ts', description: '$0.0040/mo + 1 unpriced · 2 sites', sites: ['cheap | $0.0040/mo · 1 finding | a.ts:4', 'local | unpriced | a.ts:2'] },
      ]);
      assert.deepStrictEqual(
        groupSites(report, 'model').map((group) => [group.label, group.description]),
        [
          ['unknown model', '$12.35/mo · 1 site'],
          ['gpt-4o-mini', '$0.0040/mo · 1 site'],
          ['my-local-model', 'unpriced · 1 site'],
        ],
      );
      const [, cheap] = groupSites(report, 'file');
      assert.strictEqual(cheap.sites[0].savings, 1.23);
    });

    it('gathers the sites no task reaches under one group', () => {
      assert.deepStrictEqual(
        groupSites(report, 'task').map((group) => [group.label, group.sites.length]),
        [[NO_TASK, 3]],
      );
    });
  });
});
