import * as assert from 'assert';
import { readFileSync } from 'fs';
import * as path from 'path';
import { createEngine, type Engine } from '../../src/core/engine';
import { discoverCostFiles } from '../../src/core/workspace/discover';
import { parseProjectConfig } from '../../src/core/volume/projectConfig';
import { TASKS_NOTE } from '../../src/core/report/taskRows';
import { findingCodeInfo } from '../../src/core/findings/findingCodes';
import type { Estimate, Finding, FindingCode, PromptSite } from '../../src/core/types';
import { computeTotals, type Report, type ReportSite } from '../../src/core/workspace/report';
import { toReportViewModel, type ReportViewModel } from '../../src/core/report/viewModel';
import { toTableReport } from '../../src/core/report/tableReport';

const at = (line: number, character: number) => ({ start: { line, character }, end: { line, character } });

function site(id: string, file: string, line: number, character: number): PromptSite {
  const kind = file.endsWith('.prompty') ? 'prompt-file' : 'sdk-call';
  return { id, kind, sdk: kind === 'prompt-file' ? 'prompty' : 'openai.chat', file, range: at(line, character), messages: [], options: {} };
}

interface Figures {
  model?: string;
  input: number;
  exact: boolean;
  calls: number;
  perCall?: number;
  monthly?: number;
}

function estimate({ model, input, exact, calls, perCall, monthly }: Figures): Estimate {
  const priced = perCall !== undefined;
  return {
    model: { id: model, canonical: model, source: 'file', origin: 'literal' },
    tokens: { input, static: input, dynamic: 0, framing: 0, tools: 0, cacheablePrefix: 0, cached: 0, outputExpected: 100, exact },
    messages: [],
    variables: [],
    cache: { mode: 'none', minTokens: 0, hitRate: 0, ttlSeconds: 0 },
    cost: { priced, pricesAsOf: '2025-06-01', tier: 'standard', perCall, monthly },
    monthlyCalls: calls,
    assumptions: [],
  };
}

function finding(rule: FindingCode, line: number, monthlySavings?: number): Finding {
  return { rule, severity: 'warning', message: `${rule} message`, range: at(line, 0), monthlySavings, fixes: [] };
}

// Two priced sites (one with findings that save money), one unpriced, one priced at less than the
// other two so the chart's fractions are not trivial.
const SITES: ReportSite[] = [
  {
    site: site('src/bot.ts#classify', 'src/bot.ts', 11, 2),
    estimate: estimate({ model: 'gpt-4o-mini', input: 812, exact: true, calls: 30000, perCall: 0.000271234, monthly: 8.13702 }),
    // 2.104 + 0.333 → 2.10 + 0.33: each rounded to the cent first, as the report totals do.
    findings: [finding('uncacheable-prefix', 13, 2.104), finding('missing-max-tokens', 11, 0.333), finding('cheaper-model', 12)],
    alternatives: [],
  },
  {
    site: site('prompts/local.prompty#local', 'prompts/local.prompty', 0, 0),
    estimate: estimate({ model: 'my-local-model', input: 40, exact: true, calls: 1000 }),
    findings: [],
    alternatives: [],
  },
  {
    site: site('prompts/support.prompty#support', 'prompts/support.prompty', 0, 0),
    estimate: estimate({ model: 'claude-sonnet-4-5', input: 1530, exact: false, calls: 100000, perCall: 0.0123456, monthly: 1234.5678 }),
    findings: [],
    alternatives: [],
  },
  {
    site: site('src/bot.ts#summarize', 'src/bot.ts', 40, 4),
    estimate: estimate({ input: 2048, exact: true, calls: 2500, perCall: 0.0000123, monthly: 0.03075 }),
    findings: [],
    alternatives: [],
  },
];

const REPORT: Report = {
  pricesAsOf: '2025-06-01',
  sites: SITES,
  fileFindings: [],
  skipped: [{ file: 'prompts/huge.prompty', reason: 'larger than 1 MB', cause: 'too-large' }],
  cancelled: true,
  totals: computeTotals(SITES),
};

const FOOTNOTE = 'Prices: @pydantic/genai-prices 0.1.8, 2025-06-01. ≈ marks estimated token counts (no public tokenizer).';

const EXPECTED: ReportViewModel = {
  pricesAsOf: '2025-06-01',
  rows: [
    {
      id: 'src/bot.ts#classify',
      name: 'bot.ts › classify',
      site: 'src/bot.ts:12',
      file: 'src/bot.ts',
      line: 12,
      character: 2,
      model: 'gpt-4o-mini',
      tokens: 812,
      tokensText: '812',
      exact: true,
      perCall: 0.00027123,
      perCallText: '$0.00027',
      monthly: 8.14,
      monthlyText: '$8.14',
      monthlyCalls: 30000,
      callsText: '30,000',
      priced: true,
      findings: 3,
      savings: 2.43,
      savingsText: '$2.43',
    },
    {
      id: 'prompts/local.prompty#local',
      name: 'local.prompty',
      site: 'prompts/local.prompty:1',
      file: 'prompts/local.prompty',
      line: 1,
      character: 0,
      model: 'my-local-model',
      tokens: 40,
      tokensText: '40',
      exact: true,
      perCall: null,
      perCallText: 'unpriced',
      monthly: null,
      monthlyText: 'unpriced',
      monthlyCalls: 1000,
      callsText: '1,000',
      priced: false,
      findings: 0,
      savings: 0,
      savingsText: '—',
    },
    {
      id: 'prompts/support.prompty#support',
      name: 'support.prompty',
      site: 'prompts/support.prompty:1',
      file: 'prompts/support.prompty',
      line: 1,
      character: 0,
      model: 'claude-sonnet-4-5',
      tokens: 1530,
      tokensText: '≈1,530',
      exact: false,
      perCall: 0.0123456,
      perCallText: '$0.012',
      monthly: 1234.57,
      monthlyText: '$1,234.57',
      monthlyCalls: 100000,
      callsText: '100,000',
      priced: true,
      findings: 0,
      savings: 0,
      savingsText: '—',
    },
    {
      id: 'src/bot.ts#summarize',
      name: 'bot.ts › summarize',
      site: 'src/bot.ts:41',
      file: 'src/bot.ts',
      line: 41,
      character: 4,
      model: 'unknown model',
      tokens: 2048,
      tokensText: '2,048',
      exact: true,
      perCall: 0.0000123,
      perCallText: '$0.000012',
      monthly: 0.03,
      monthlyText: '$0.03',
      monthlyCalls: 2500,
      callsText: '2,500',
      priced: true,
      findings: 0,
      savings: 0,
      savingsText: '—',
    },
  ],
  totals: {
    sites: 4,
    sitesText: '4',
    unpricedSites: 1,
    monthlyCost: 1242.74,
    monthlyText: '$1,242.74',
    monthlySavings: 2.43,
    savingsText: '$2.43',
    savingsSummary: '$2.43/month from 2 findings',
    summary: '$1,242.74/month for 4 sites, 1 unpriced and not in the total',
    byModel: [
      { model: 'claude-sonnet-4-5', sites: 1, unpricedSites: 0, monthlyCost: 1234.57, monthlyText: '$1,234.57' },
      { model: 'gpt-4o-mini', sites: 1, unpricedSites: 0, monthlyCost: 8.14, monthlyText: '$8.14' },
      { model: 'unknown model', sites: 1, unpricedSites: 0, monthlyCost: 0.03, monthlyText: '$0.03' },
      // Unpriced is not free: never $0.00.
      { model: 'my-local-model', sites: 1, unpricedSites: 1, monthlyCost: 0, monthlyText: 'unpriced' },
    ],
    byFile: [
      { file: 'prompts/support.prompty', sites: 1, unpricedSites: 0, monthlyCost: 1234.57, monthlyText: '$1,234.57' },
      { file: 'src/bot.ts', sites: 2, unpricedSites: 0, monthlyCost: 8.17, monthlyText: '$8.17' },
      { file: 'prompts/local.prompty', sites: 1, unpricedSites: 1, monthlyCost: 0, monthlyText: 'unpriced' },
    ],
  },
  topSites: [
    {
      id: 'prompts/support.prompty#support',
      name: 'support.prompty',
      site: 'prompts/support.prompty:1',
      file: 'prompts/support.prompty',
      line: 1,
      character: 0,
      model: 'claude-sonnet-4-5',
      monthly: 1234.57,
      monthlyText: '$1,234.57',
      fraction: 1,
    },
    {
      id: 'src/bot.ts#classify',
      name: 'bot.ts › classify',
      site: 'src/bot.ts:12',
      file: 'src/bot.ts',
      line: 12,
      character: 2,
      model: 'gpt-4o-mini',
      monthly: 8.14,
      monthlyText: '$8.14',
      fraction: 8.14 / 1234.57,
    },
    {
      id: 'src/bot.ts#summarize',
      name: 'bot.ts › summarize',
      site: 'src/bot.ts:41',
      file: 'src/bot.ts',
      line: 41,
      character: 4,
      model: 'unknown model',
      monthly: 0.03,
      monthlyText: '$0.03',
      fraction: 0.03 / 1234.57,
    },
  ],
  opportunities: [
    {
      siteId: 'src/bot.ts#classify',
      site: 'src/bot.ts:14',
      file: 'src/bot.ts',
      line: 14,
      character: 0,
      siteName: 'bot.ts › classify',
      rule: 'uncacheable-prefix',
      severity: 'warning',
      message: 'uncacheable-prefix message',
      monthlySavings: 2.1,
      savingsText: '$2.10',
    },
    {
      siteId: 'src/bot.ts#classify',
      site: 'src/bot.ts:12',
      file: 'src/bot.ts',
      line: 12,
      character: 0,
      siteName: 'bot.ts › classify',
      rule: 'missing-max-tokens',
      severity: 'warning',
      message: 'missing-max-tokens message',
      monthlySavings: 0.33,
      savingsText: '$0.33',
    },
  ],
  savingsByRule: [
    {
      rule: 'uncacheable-prefix',
      summary: findingCodeInfo('uncacheable-prefix').summary,
      count: 1,
      monthlySavings: 2.1,
      savingsText: '$2.10',
      opportunities: [
        {
          siteId: 'src/bot.ts#classify',
          site: 'src/bot.ts:14',
          file: 'src/bot.ts',
          line: 14,
          character: 0,
          siteName: 'bot.ts › classify',
          rule: 'uncacheable-prefix',
          severity: 'warning',
          message: 'uncacheable-prefix message',
          monthlySavings: 2.1,
          savingsText: '$2.10',
        },
      ],
    },
    {
      rule: 'missing-max-tokens',
      summary: findingCodeInfo('missing-max-tokens').summary,
      count: 1,
      monthlySavings: 0.33,
      savingsText: '$0.33',
      opportunities: [
        {
          siteId: 'src/bot.ts#classify',
          site: 'src/bot.ts:12',
          file: 'src/bot.ts',
          line: 12,
          character: 0,
          siteName: 'bot.ts › classify',
          rule: 'missing-max-tokens',
          severity: 'warning',
          message: 'missing-max-tokens message',
          monthlySavings: 0.33,
          savingsText: '$0.33',
        },
      ],
    },
  ],
  // The finding that saves nothing is listed apart from the savings.
  findings: [
    {
      rule: 'cheaper-model',
      severity: 'warning',
      message: 'cheaper-model message',
      site: 'src/bot.ts:13',
      file: 'src/bot.ts',
      line: 13,
      character: 0,
      siteName: 'bot.ts › classify',
    },
  ],
  filters: {
    rules: [
      { rule: 'cheaper-model', count: 1 },
      { rule: 'missing-max-tokens', count: 1 },
      { rule: 'uncacheable-prefix', count: 1 },
    ],
    severities: [{ severity: 'warning', count: 3 }],
  },
  tasks: [],
  tasksNote: TASKS_NOTE,
  skipped: [{ file: 'prompts/huge.prompty', reason: 'larger than 1 MB' }],
  cancelled: true,
  footnote: FOOTNOTE,
};

describe('report view model', () => {
  it('builds the exact view model of a small report', () => {
    assert.deepStrictEqual(toReportViewModel(REPORT), EXPECTED);
  });

  it('is plain JSON: posting it to the webview loses nothing', () => {
    const model = toReportViewModel(REPORT);
    assert.deepStrictEqual(JSON.parse(JSON.stringify(model)), model);
  });

  it('shows every figure exactly as the CLI table prints it', () => {
    const table = toTableReport(REPORT).split('\n');
    const model = toReportViewModel(REPORT);
    for (const row of model.rows) {
      const line = table.find((candidate) => candidate.startsWith(`${row.site} `));
      assert.ok(line, `no CLI row for ${row.site}`);
      assert.deepStrictEqual(line.split(/\s{2,}/), [row.site, row.model, row.tokensText, row.perCallText, row.monthlyText, row.callsText, row.savingsText]);
    }
    assert.ok(table.includes(`Total: ${model.totals.summary}`));
    assert.ok(table.includes(model.footnote));
  });

  it('charts at most ten sites, most expensive first, relative to the most expensive', () => {
    const sites = Array.from({ length: 12 }, (_, i) => ({
      site: site(`src/many.ts#call.${i}`, 'src/many.ts', i, 0),
      estimate: estimate({ model: 'gpt-4o-mini', input: 10, exact: true, calls: 100, perCall: 0.01 * (i + 1), monthly: i + 1 }),
      findings: [],
      alternatives: [],
    }));
    const model = toReportViewModel({ pricesAsOf: '2025-06-01', sites, fileFindings: [], skipped: [], cancelled: false, totals: computeTotals(sites) });
    assert.deepStrictEqual(
      model.topSites.map((bar) => [bar.site, bar.monthlyText, bar.fraction]),
      [12, 11, 10, 9, 8, 7, 6, 5, 4, 3].map((cost) => [`src/many.ts:${cost}`, `$${cost}.00`, cost / 12]),
    );
  });

  it('draws empty bars, not NaN, when every priced site costs nothing', () => {
    const sites = [
      {
        site: site('a.ts#f', 'a.ts', 0, 0),
        estimate: estimate({ model: 'gpt-4o-mini', input: 1, exact: true, calls: 0, perCall: 0, monthly: 0 }),
        findings: [],
        alternatives: [],
      },
    ];
    const model = toReportViewModel({ pricesAsOf: '2025-06-01', sites, fileFindings: [], skipped: [], cancelled: false, totals: computeTotals(sites) });
    assert.deepStrictEqual(
      model.topSites.map((bar) => bar.fraction),
      [0],
    );
    assert.strictEqual(model.rows[0].perCallText, '$0.00');
  });

  it('never shows $0.00 for a cost below a cent, nor for a group whose sites have no price', () => {
    const sites: ReportSite[] = [
      {
        site: site('jobs/weekly.py#a', 'jobs/weekly.py', 0, 0),
        estimate: estimate({ model: 'gpt-4o-mini', input: 122, exact: true, calls: 4, perCall: 0.000375, monthly: 0.0015 }),
        findings: [],
        alternatives: [],
      },
      {
        site: site('jobs/weekly.py#b', 'jobs/weekly.py', 9, 0),
        estimate: estimate({ model: 'gpt-4o-mini', input: 300, exact: true, calls: 4, perCall: 0.0005, monthly: 0.002 }),
        findings: [],
        alternatives: [],
      },
      {
        site: site('src/app.ts#c', 'src/app.ts', 0, 0),
        estimate: estimate({ model: 'gpt-4o', input: 900, exact: true, calls: 1000, perCall: 0.005, monthly: 5 }),
        findings: [],
        alternatives: [],
      },
      {
        site: site('src/app.ts#d', 'src/app.ts', 5, 0),
        estimate: estimate({ model: 'ollama/llama3.1', input: 100, exact: false, calls: 1000 }),
        findings: [],
        alternatives: [],
      },
    ];
    const model = toReportViewModel({ pricesAsOf: '2025-06-01', sites, fileFindings: [], skipped: [], cancelled: false, totals: computeTotals(sites) });
    assert.deepStrictEqual(
      model.rows.map((row) => [row.site, row.monthlyText]),
      [
        ['jobs/weekly.py:1', '$0.0015'],
        ['jobs/weekly.py:10', '$0.0020'],
        ['src/app.ts:1', '$5.00'],
        ['src/app.ts:6', 'unpriced'],
      ],
    );
    assert.deepStrictEqual(
      model.totals.byFile.map((group) => [group.file, group.monthlyText]),
      [
        ['src/app.ts', '$5.00 + unpriced'],
        ['jobs/weekly.py', '$0.0035'],
      ],
    );
    assert.deepStrictEqual(
      model.totals.byModel.map((group) => [group.model, group.monthlyText]),
      [
        ['gpt-4o', '$5.00'],
        ['gpt-4o-mini', '$0.0035'],
        ['ollama/llama3.1', 'unpriced'],
      ],
    );
    assert.strictEqual(model.totals.summary, '$5.00/month for 4 sites, 1 unpriced and not in the total');

    const tinyOnly = sites.slice(0, 2);
    assert.strictEqual(
      toReportViewModel({ pricesAsOf: '2025-06-01', sites: tinyOnly, fileFindings: [], skipped: [], cancelled: false, totals: computeTotals(tinyOnly) }).totals
        .summary,
      '$0.0035/month for 2 sites',
    );
    const unpricedOnly = sites.slice(3);
    const unpriced = toReportViewModel({
      pricesAsOf: '2025-06-01',
      sites: unpricedOnly,
      fileFindings: [],
      skipped: [],
      cancelled: false,
      totals: computeTotals(unpricedOnly),
    });
    assert.deepStrictEqual([unpriced.totals.summary, unpriced.totals.monthlyText], ['no price is known for the 1 site', 'unpriced']);
  });

  describe('tasks', () => {
    const SUPPORT = path.join(__dirname, '..', 'fixtures', 'tasks', 'support');
    let engine: Engine;
    before(() => {
      engine = createEngine({});
    });
    after(() => engine.dispose());

    async function scanSupport(edit?: (project: ReturnType<typeof parseProjectConfig>['config']) => void): Promise<Report> {
      const { config } = parseProjectConfig(readFileSync(path.join(SUPPORT, 'promptcost.yaml'), 'utf8'));
      edit?.(config);
      return engine.scan(discoverCostFiles(SUPPORT), {
        project: config,
        defaultModel: 'gpt-4o-mini',
        monthlyCalls: 1000,
        workspaceRoot: SUPPORT,
        offerFixes: false,
      });
    }

    const step = (id: string, name: string, line: number, model: string, costText: string, shareText: string, share: number, callsText = '1 call') => ({
      id,
      name,
      site: `${id.slice(0, id.indexOf('#'))}:${line}`,
      file: id.slice(0, id.indexOf('#')),
      line,
      character: 27,
      model,
      callsText,
      costText,
      shareText,
      share,
    });

    it('shows each task with its steps, costliest first, in the CLI strings', async () => {
      const model = toReportViewModel(await scanSupport());
      assert.strictEqual(model.tasksNote, TASKS_NOTE);
      assert.deepStrictEqual(model.tasks, [
        {
          id: 'support-ticket',
          name: 'support-ticket',
          entry: 'src/ticket.ts:7',
          file: 'src/ticket.ts',
          line: 7,
          character: 7,
          configured: true,
          problem: null,
          callsText: '4',
          models: ['gpt-4o', 'gpt-4o-mini'],
          modelsText: '2',
          // One pass $0.01374459 × 1.08 retries; × 300 a day × 30 days = $133.60 (checkReply at its own 5,000 calls a month).
          costPerTask: 0.01484416,
          perTaskText: '$0.015',
          perDayText: '300',
          costPerDayText: '$4.45',
          monthly: 133.6,
          monthlyText: '$133.60',
          steps: [
            step('src/steps/reply.ts#draftReply', 'reply.ts › draftReply', 15, 'gpt-4o', '$0.012', '89%', 0.8873),
            step('src/steps/check.ts#checkReply', 'check.ts › checkReply', 6, 'gpt-4o', '$0.0013', '10%', 0.0977, '1 call (0.51 at its own volume)'),
            step('src/steps/classify.ts#classify', 'classify.ts › classify', 6, 'gpt-4o-mini', '$0.00014', '1%', 0.0099),
            step('src/steps/reply.ts#rewriteQuery', 'reply.ts › rewriteQuery', 6, 'gpt-4o-mini', '$0.000072', '1%', 0.0052),
          ],
        },
      ]);
      assert.deepStrictEqual(JSON.parse(JSON.stringify(model.tasks)), model.tasks, 'plain JSON');
    });

    it('agrees with the CLI table line for line', async () => {
      const report = await scanSupport();
      const [task] = toReportViewModel(report).tasks;
      const table = toTableReport(report).split('\n');
      const start = table.findIndex((line) => line.startsWith('Tasks ('));
      assert.strictEqual(table[start], `Tasks (${TASKS_NOTE})`);
      assert.deepStrictEqual(table[start + 2].split(/\s{2,}/), [
        task.name,
        task.entry,
        task.callsText,
        task.modelsText,
        task.perTaskText,
        task.perDayText,
        task.costPerDayText,
        task.monthlyText,
      ]);
      assert.deepStrictEqual(
        table.slice(start + 3, start + 3 + task.steps.length).map((line) => line.trim()),
        task.steps.map((s) => [s.shareText, s.site, s.model, s.callsText, s.costText].join('  ')),
      );
    });

    it('gives a task whose entry is missing its problem and no steps nor figures', async () => {
      const model = toReportViewModel(
        await scanSupport((project) => {
          project.tasks = { ...project.tasks, ghost: { entry: 'src/ticket.ts#closeTicket', perDay: 10 } };
        }),
      );
      const ghost = model.tasks.find((task) => task.id === 'ghost');
      assert.deepStrictEqual(ghost && [ghost.problem, ghost.steps, ghost.costPerTask, ghost.perTaskText, ghost.callsText, ghost.monthly, ghost.monthlyText], [
        'src/ticket.ts has no function closeTicket',
        [],
        null,
        '—',
        '—',
        null,
        '—',
      ]);
    });

    it('has no tasks for a report without them', () => {
      assert.deepStrictEqual(toReportViewModel(REPORT).tasks, []);
      assert.deepStrictEqual(toReportViewModel({ ...REPORT, tasks: [] }).tasks, []);
    });
  });
});
