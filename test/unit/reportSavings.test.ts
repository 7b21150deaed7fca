import * as assert from 'assert';
import type { Estimate, Finding, FindingCode, PromptSite } from '../../src/core/types';
import { findingCodeInfo, RULE_IDS } from '../../src/core/findings/findingCodes';
import { computeTotals, savingsOpportunities, siteSavings, type Report, type ReportSite } from '../../src/core/workspace/report';
import { roundCents } from '../../src/core/format';
import { toTableReport } from '../../src/core/report/tableReport';
import { toMarkdownReport } from '../../src/core/report/markdownReport';
import { toCsvReport } from '../../src/core/report/csvReport';
import { jsonReportText, toJsonReport } from '../../src/core/report/jsonReport';
import { toReportViewModel } from '../../src/core/report/viewModel';

const at = (line: number, character: number) => ({ start: { line, character }, end: { line, character } });

function site(id: string, file: string, line: number, character: number, extra: Partial<PromptSite> = {}): PromptSite {
  return { id, kind: 'sdk-call', sdk: 'openai.chat', file, range: at(line, character), messages: [], options: {}, ...extra };
}

function estimate(model: string, perCall: number, monthly: number, calls: number): Estimate {
  return {
    model: { id: model, canonical: model, source: 'file', origin: 'literal' },
    tokens: { input: 100, static: 100, dynamic: 0, framing: 0, tools: 0, cacheablePrefix: 0, cached: 0, outputExpected: 50, exact: true },
    messages: [],
    variables: [],
    cache: { mode: 'none', minTokens: 0, hitRate: 0, ttlSeconds: 0 },
    cost: { priced: true, pricesAsOf: '2025-06-01', tier: 'standard', perCall, monthly },
    monthlyCalls: calls,
    assumptions: [],
  };
}

function finding(
  rule: FindingCode,
  severity: Finding['severity'],
  line: number,
  character: number,
  monthlySavings?: number,
  message = `${rule} message`,
): Finding {
  return { rule, severity, message, range: at(line, character), monthlySavings, fixes: [] };
}

// Savings to the cent per finding: 12.3456 → 12.35, 2.0999 → 2.10, 2.104 → 2.10, 0.333 → 0.33 (twice),
// 0.004 → 0 (left out). Their sum, 17.21, is not the rounded raw sum (17.2195 → 17.22).
const SITES: ReportSite[] = [
  {
    site: site('src/bot.ts#classify', 'src/bot.ts', 11, 2),
    estimate: estimate('gpt-4o-mini', 0.00027, 8.13702, 30000),
    findings: [
      finding('uncacheable-prefix', 'warning', 13, 4, 2.104, 'The prefix changes on every call.\nMove the date below the instructions.'),
      finding('missing-max-tokens', 'warning', 11, 4, 0.333),
      finding('unknown-model', 'info', 12, 0),
      finding('cache-below-minimum', 'hint', 12, 0, 0.004),
    ],
    alternatives: [],
  },
  {
    site: site('prompts/support.prompty#support', 'prompts/support.prompty', 0, 0, { kind: 'prompt-file', sdk: 'prompty' }),
    estimate: estimate('gpt-4o', 0.001, 100, 100000),
    findings: [finding('cheaper-model', 'info', 2, 7, 2.0999, 'gpt-4o-mini would cost less | much less'), finding('batch-candidate', 'hint', 0, 0, 12.3456)],
    alternatives: [],
  },
  {
    // Runs prompts/support.prompty: counted at the file, so its findings are in neither the list nor the total.
    site: site('src/run.ts#run', 'src/run.ts', 4, 2, { promptFile: 'prompts/support.prompty' }),
    estimate: estimate('gpt-4o', 0.001, 100, 100000),
    findings: [finding('cheaper-model', 'info', 4, 2, 50)],
    alternatives: [],
  },
  {
    site: site('src/bot.ts#summarize', 'src/bot.ts', 40, 4),
    estimate: estimate('gpt-4o-mini', 0.00005, 1.5, 30000),
    findings: [finding('missing-max-tokens', 'warning', 40, 4, 0.333)],
    alternatives: [],
  },
];

const REPORT: Report = { pricesAsOf: '2025-06-01', sites: SITES, fileFindings: [], skipped: [], cancelled: false, totals: computeTotals(SITES) };

const OPPORTUNITIES = [
  {
    siteId: 'prompts/support.prompty#support',
    file: 'prompts/support.prompty',
    line: 1,
    character: 0,
    rule: 'batch-candidate',
    severity: 'hint',
    message: 'batch-candidate message',
    monthlySavings: 12.35,
  },
  {
    siteId: 'prompts/support.prompty#support',
    file: 'prompts/support.prompty',
    line: 3,
    character: 7,
    rule: 'cheaper-model',
    severity: 'info',
    message: 'gpt-4o-mini would cost less | much less',
    monthlySavings: 2.1,
  },
  {
    siteId: 'src/bot.ts#classify',
    file: 'src/bot.ts',
    line: 14,
    character: 4,
    rule: 'uncacheable-prefix',
    severity: 'warning',
    message: 'The prefix changes on every call.\nMove the date below the instructions.',
    monthlySavings: 2.1,
  },
  {
    siteId: 'src/bot.ts#classify',
    file: 'src/bot.ts',
    line: 12,
    character: 4,
    rule: 'missing-max-tokens',
    severity: 'warning',
    message: 'missing-max-tokens message',
    monthlySavings: 0.33,
  },
  {
    siteId: 'src/bot.ts#summarize',
    file: 'src/bot.ts',
    line: 41,
    character: 4,
    rule: 'missing-max-tokens',
    severity: 'warning',
    message: 'missing-max-tokens message',
    monthlySavings: 0.33,
  },
];

describe('report savings opportunities', () => {
  it('lists every saving finding of the counted sites, largest first, then by file and line', () => {
    assert.deepStrictEqual(savingsOpportunities(SITES), OPPORTUNITIES);
    assert.deepStrictEqual(REPORT.totals.opportunities, OPPORTUNITIES);
  });

  it('totals exactly the sum of the list, each finding rounded to the cent first', () => {
    assert.strictEqual(REPORT.totals.monthlySavings, 17.21);
    assert.strictEqual(roundCents(REPORT.totals.opportunities.reduce((sum, o) => sum + o.monthlySavings, 0)), REPORT.totals.monthlySavings);
    // The linked call's 50.00 is left out, as its cost is.
    assert.deepStrictEqual([REPORT.totals.sites, REPORT.totals.linkedSites, REPORT.totals.monthlyCost], [3, 1, 109.64]);
  });

  it('agrees with the total for any findings (rounding and order cannot make them drift)', () => {
    let seed = 7;
    const random = () => (seed = (seed * 16807) % 2147483647) / 2147483647;
    for (let round = 0; round < 50; round++) {
      const sites: ReportSite[] = Array.from({ length: 1 + Math.floor(random() * 6) }, (_, i) => ({
        site: site(`f${i}.ts#f`, `f${i % 3}.ts`, i, 0, random() < 0.2 ? { promptFile: 'p.prompty' } : {}),
        estimate: estimate('gpt-4o-mini', 0.001, random() * 100, 1000),
        findings: Array.from({ length: Math.floor(random() * 5) }, (__, j) =>
          finding(RULE_IDS[j], 'info', j, 0, random() < 0.3 ? undefined : Math.round(random() * 100000) / 1000 - 10),
        ),
        alternatives: [],
      }));
      sites.push({
        site: site('p.prompty#p', 'p.prompty', 0, 0, { kind: 'prompt-file' }),
        estimate: estimate('gpt-4o', 0.01, 10, 1000),
        findings: [finding('batch-candidate', 'info', 0, 0, 0.125)],
        alternatives: [],
      });
      const totals = computeTotals(sites);
      assert.strictEqual(roundCents(totals.opportunities.reduce((sum, o) => sum + o.monthlySavings, 0)), totals.monthlySavings);
      assert.ok(totals.opportunities.every((o, k, list) => o.monthlySavings > 0 && (k === 0 || list[k - 1].monthlySavings >= o.monthlySavings)));
    }
  });

  it("sums one site's savings the same way: each finding to the cent, nothing for none", () => {
    assert.deepStrictEqual(
      SITES.map(({ findings }) => siteSavings(findings)),
      [2.43, 14.45, 50, 0.33],
    );
    assert.strictEqual(siteSavings([]), 0);
  });

  it('the table has a savings column and the list under it, with the total', () => {
    assert.strictEqual(
      toTableReport(REPORT),
      [
        'site                       model        input tokens     $/call  $/month  calls/month  savings',
        'src/bot.ts:12              gpt-4o-mini           100   $0.00027    $8.14       30,000    $2.43',
        'prompts/support.prompty:1  gpt-4o                100    $0.0010  $100.00      100,000   $14.45',
        'src/run.ts:5               gpt-4o                100    $0.0010  $100.00      100,000   $50.00',
        'src/bot.ts:41              gpt-4o-mini           100  $0.000050    $1.50       30,000    $0.33',
        '',
        'Total: $109.64/month for 3 sites; 1 call running a prompt file counted at the file',
        '',
        'Savings: $17.21/month from 5 findings',
        '  $12.35  prompts/support.prompty:1  batch-candidate  batch-candidate message',
        '   $2.10  prompts/support.prompty:3  cheaper-model  gpt-4o-mini would cost less | much less',
        '   $2.10  src/bot.ts:14  uncacheable-prefix  The prefix changes on every call.',
        '   $0.33  src/bot.ts:12  missing-max-tokens  missing-max-tokens message',
        '   $0.33  src/bot.ts:41  missing-max-tokens  missing-max-tokens message',
        '',
        // Only the findings not under Savings, by severity, then saving: the linked call's cheaper-model
        // (its $50.00 is not in the savings list) before the info that saves nothing.
        'Findings:',
        '  src/run.ts:5  info  cheaper-model message',
        '  src/bot.ts:13  info  unknown-model message',
        '  src/bot.ts:13  hint  cache-below-minimum message',
        '',
        'Prices: @pydantic/genai-prices 0.1.8, 2025-06-01. ≈ marks estimated token counts (no public tokenizer).',
      ].join('\n'),
    );
  });

  it('shows a dash, not $0.00, for a site without savings, and no list when nothing saves', () => {
    const sites = [
      {
        site: site('a.ts#f', 'a.ts', 0, 0),
        estimate: estimate('gpt-4o-mini', 0.001, 10, 10000),
        findings: [finding('unknown-model', 'info', 0, 0)],
        alternatives: [],
      },
    ];
    const table = toTableReport({ pricesAsOf: '2025-06-01', sites, fileFindings: [], skipped: [], cancelled: false, totals: computeTotals(sites) }).split('\n');
    assert.strictEqual(table[1], 'a.ts:1  gpt-4o-mini           100  $0.0010   $10.00       10,000        —');
    assert.ok(!table.some((line) => line.startsWith('Savings')));
    const markdown = toMarkdownReport({ pricesAsOf: '2025-06-01', sites, fileFindings: [], skipped: [], cancelled: false, totals: computeTotals(sites) });
    assert.ok(markdown.includes('| a.ts:1 | gpt-4o-mini | 100 | $0.0010 | $10.00 | 10,000 | — |'));
    assert.ok(!markdown.includes('### Savings'));
  });

  it('Markdown has the savings column and a savings table with the total', () => {
    const markdown = toMarkdownReport(REPORT).split('\n');
    assert.deepStrictEqual(markdown.slice(0, 24), [
      '## Prompt Cost estimate',
      '',
      '| site | model | input tokens | $/call | $/month | calls/month | savings |',
      '| --- | --- | ---: | ---: | ---: | ---: | ---: |',
      '| src/bot.ts:12 | gpt-4o-mini | 100 | $0.00027 | $8.14 | 30,000 | $2.43 |',
      '| prompts/support.prompty:1 | gpt-4o | 100 | $0.0010 | $100.00 | 100,000 | $14.45 |',
      '| src/run.ts:5 | gpt-4o | 100 | $0.0010 | $100.00 | 100,000 | $50.00 |',
      '| src/bot.ts:41 | gpt-4o-mini | 100 | $0.000050 | $1.50 | 30,000 | $0.33 |',
      '',
      '**Total:** $109.64/month for 3 sites; 1 call running a prompt file counted at the file',
      '',
      '### Savings',
      '',
      '| $/month | site | rule | finding |',
      '| ---: | --- | --- | --- |',
      '| $12.35 | `prompts/support.prompty:1` | batch-candidate | batch-candidate message |',
      '| $2.10 | `prompts/support.prompty:3` | cheaper-model | gpt-4o-mini would cost less \\| much less |',
      '| $2.10 | `src/bot.ts:14` | uncacheable-prefix | The prefix changes on every call. |',
      '| $0.33 | `src/bot.ts:12` | missing-max-tokens | missing-max-tokens message |',
      '| $0.33 | `src/bot.ts:41` | missing-max-tokens | missing-max-tokens message |',
      '',
      '**Savings:** $17.21/month from 5 findings',
      '',
      '### Findings',
    ]);
  });

  it('lists each finding once: a saving one under Savings only, the rest by severity (error first), then saving, in the table and Markdown', () => {
    const sites: ReportSite[] = [
      {
        site: site('a.ts#f', 'a.ts', 0, 0),
        estimate: estimate('gpt-4o-mini', 0.001, 10, 10000),
        findings: [
          finding('unknown-model', 'info', 1, 0),
          finding('missing-max-tokens', 'warning', 2, 0, 1.5),
          finding('cache-below-minimum', 'hint', 3, 0),
          finding('unpriced-model', 'warning', 4, 0),
        ],
        alternatives: [],
      },
    ];
    const report: Report = {
      pricesAsOf: '2025-06-01',
      sites,
      fileFindings: [{ file: 'b.ts', findings: [finding('internal-error', 'error', 9, 0)] }],
      skipped: [],
      cancelled: false,
      totals: computeTotals(sites),
    };
    const table = toTableReport(report).split('\n');
    assert.deepStrictEqual(table.slice(table.indexOf('Savings: $1.50/month from 1 finding'), -2), [
      'Savings: $1.50/month from 1 finding',
      '  $1.50  a.ts:3  missing-max-tokens  missing-max-tokens message',
      '',
      'Findings:',
      '  b.ts:10  error  internal-error message',
      '  a.ts:5  warning  unpriced-model message',
      '  a.ts:2  info  unknown-model message',
      '  a.ts:4  hint  cache-below-minimum message',
    ]);
    const markdown = toMarkdownReport(report).split('\n');
    assert.deepStrictEqual(markdown.slice(markdown.indexOf('### Findings'), -2), [
      '### Findings',
      '',
      '- `b.ts:10` **error** internal-error message',
      '- `a.ts:5` **warning** unpriced-model message',
      '- `a.ts:2` **info** unknown-model message',
      '- `a.ts:4` **hint** cache-below-minimum message',
    ]);
  });

  it("CSV has each site's savings as a raw number, 0 for none", () => {
    const csv = toCsvReport(REPORT).split('\n');
    assert.strictEqual(
      csv[0],
      'id,file,line,kind,sdk,model,model_as_written,model_source,priced,input_tokens,exact,cacheable_prefix,output_expected,output_max,monthly_calls,usd_per_call,usd_per_month,usd_savings_per_month',
    );
    assert.deepStrictEqual(
      csv.slice(1, -1).map((row) => row.split(',').slice(-3)),
      [
        ['0.00027', '8.14', '2.43'],
        ['0.001', '100', '14.45'],
        ['0.001', '100', '50'],
        ['0.00005', '1.5', '0.33'],
      ],
    );
  });

  it('JSON written in pieces is the text of the whole report, with or without sites and extra fields', () => {
    const whole = (report: Report, extra = {}) => JSON.stringify({ ...toJsonReport(report), ...extra }, null, 2);
    const pieces = (report: Report, extra = {}) => [...jsonReportText(report, extra)];
    assert.strictEqual(pieces(REPORT).join(''), whole(REPORT));
    // One piece per site and one per separator, besides the frame: never the whole list at once.
    assert.strictEqual(pieces(REPORT).length, 2 + REPORT.sites.length * 2 + 1 + 1);
    const extra = { check: { passed: false, reasons: [{ text: 'over budget' }] } };
    assert.strictEqual(pieces(REPORT, extra).join(''), whole(REPORT, extra));
    const empty: Report = { ...REPORT, sites: [], totals: computeTotals([]) };
    assert.strictEqual(pieces(empty).join(''), whole(empty));
    // A text the files put in the report that looks like the placeholder is written as it is.
    const sneaky: Report = { ...REPORT, skipped: [{ file: '\u0000sites\u0000', reason: '"\u0000sites\u0000"', cause: 'unreadable' }] };
    assert.strictEqual(pieces(sneaky).join(''), whole(sneaky));
  });

  it("JSON keeps each finding's fields, adds the opportunities list, and totals the savings", () => {
    const json = toJsonReport(REPORT) as {
      sites: Array<{ id: string; findings: unknown[] }>;
      opportunities: unknown[];
      total: Record<string, number>;
    };
    assert.deepStrictEqual(json.sites[0].findings, [
      {
        rule: 'uncacheable-prefix',
        severity: 'warning',
        line: 14,
        column: 5,
        message: 'The prefix changes on every call.\nMove the date below the instructions.',
        monthlySavings: 2.1,
      },
      { rule: 'missing-max-tokens', severity: 'warning', line: 12, column: 5, message: 'missing-max-tokens message', monthlySavings: 0.33 },
      { rule: 'unknown-model', severity: 'info', line: 13, column: 1, message: 'unknown-model message' },
      { rule: 'cache-below-minimum', severity: 'hint', line: 13, column: 1, message: 'cache-below-minimum message', monthlySavings: 0 },
    ]);
    assert.deepStrictEqual(
      json.opportunities,
      OPPORTUNITIES.map(({ character, ...o }) => ({
        siteId: o.siteId,
        file: o.file,
        line: o.line,
        column: character + 1,
        rule: o.rule,
        severity: o.severity,
        message: o.message,
        monthlySavings: o.monthlySavings,
      })),
    );
    assert.deepStrictEqual(json.total, { sites: 3, unpricedSites: 0, monthlyCost: 109.64, monthlySavings: 17.21, linkedSites: 1 });
    // Keys in the order a reader expects: the list comes before the total.
    assert.deepStrictEqual(Object.keys(json), ['version', 'pricesAsOf', 'sites', 'fileFindings', 'skipped', 'opportunities', 'tasks', 'total']);
  });

  it('the view model has the savings column, the sorted list and its total, as the CLI prints them', () => {
    const model = toReportViewModel(REPORT);
    assert.deepStrictEqual(
      model.rows.map((row) => [row.site, row.savings, row.savingsText]),
      [
        ['src/bot.ts:12', 2.43, '$2.43'],
        ['prompts/support.prompty:1', 14.45, '$14.45'],
        ['src/run.ts:5', 50, '$50.00'],
        ['src/bot.ts:41', 0.33, '$0.33'],
      ],
    );
    assert.deepStrictEqual(model.opportunities[2], {
      siteId: 'src/bot.ts#classify',
      site: 'src/bot.ts:14',
      file: 'src/bot.ts',
      line: 14,
      character: 4,
      siteName: 'bot.ts › classify',
      rule: 'uncacheable-prefix',
      severity: 'warning',
      message: 'The prefix changes on every call.',
      monthlySavings: 2.1,
      savingsText: '$2.10',
    });
    assert.deepStrictEqual(
      model.opportunities.map((o) => [o.savingsText, o.site, o.rule]),
      [
        ['$12.35', 'prompts/support.prompty:1', 'batch-candidate'],
        ['$2.10', 'prompts/support.prompty:3', 'cheaper-model'],
        ['$2.10', 'src/bot.ts:14', 'uncacheable-prefix'],
        ['$0.33', 'src/bot.ts:12', 'missing-max-tokens'],
        ['$0.33', 'src/bot.ts:41', 'missing-max-tokens'],
      ],
    );
    assert.deepStrictEqual(
      [model.totals.monthlySavings, model.totals.savingsText, model.totals.savingsSummary],
      [17.21, '$17.21', '$17.21/month from 5 findings'],
    );
    const table = toTableReport(REPORT).split('\n');
    assert.ok(table.includes(`Savings: ${model.totals.savingsSummary}`));
    for (const row of model.rows)
      assert.strictEqual(
        table
          .find((line) => line.startsWith(`${row.site} `))!
          .split(/\s{2,}/)
          .at(-1),
        row.savingsText,
      );
  });

  it('groups the savings by rule: one group per rule with its count and its findings summed to the cent, largest first', () => {
    const model = toReportViewModel(REPORT);
    assert.deepStrictEqual(
      model.savingsByRule.map((group) => [
        group.rule,
        group.count,
        group.monthlySavings,
        group.savingsText,
        group.opportunities.map((o) => `${o.siteName} ${o.site}`),
      ]),
      [
        ['batch-candidate', 1, 12.35, '$12.35', ['support.prompty prompts/support.prompty:1']],
        // Equal savings: by rule id.
        ['cheaper-model', 1, 2.1, '$2.10', ['support.prompty prompts/support.prompty:3']],
        ['uncacheable-prefix', 1, 2.1, '$2.10', ['bot.ts › classify src/bot.ts:14']],
        ['missing-max-tokens', 2, 0.66, '$0.66', ['bot.ts › classify src/bot.ts:12', 'bot.ts › summarize src/bot.ts:41']],
      ],
    );
    assert.strictEqual(model.savingsByRule[0].summary, findingCodeInfo('batch-candidate').summary);
    // The groups add up to the total exactly, and hold every opportunity once.
    assert.strictEqual(roundCents(model.savingsByRule.reduce((sum, group) => sum + group.monthlySavings, 0)), model.totals.monthlySavings);
    assert.strictEqual(model.savingsByRule.flatMap((group) => group.opportunities).length, model.opportunities.length);
  });

  it('sums a group of many small savings to the cent, as the total does (no float drift)', () => {
    const sites: ReportSite[] = Array.from({ length: 32 }, (_, i) => ({
      site: site(`src/many.ts#call.${i + 2}`, 'src/many.ts', i, 0),
      estimate: estimate('gpt-4o-mini', 0.001, 10, 1000),
      // 0.1 + 0.2 style sums: 32 × $0.10 + 32 × $0.07 would drift without rounding.
      findings: [finding('missing-max-tokens', 'warning', i, 0, 0.1), finding('uncacheable-prefix', 'warning', i, 0, 0.0701)],
      alternatives: [],
    }));
    const model = toReportViewModel({ pricesAsOf: '2025-06-01', sites, fileFindings: [], skipped: [], cancelled: false, totals: computeTotals(sites) });
    assert.deepStrictEqual(
      model.savingsByRule.map((group) => [group.rule, group.count, group.monthlySavings, group.savingsText]),
      [
        ['missing-max-tokens', 32, 3.2, '$3.20'],
        ['uncacheable-prefix', 32, 2.24, '$2.24'],
      ],
    );
    assert.strictEqual(model.totals.monthlySavings, 5.44);
    assert.deepStrictEqual(
      model.savingsByRule[1].opportunities.slice(0, 2).map((o) => o.siteName),
      ['many.ts › call (call 2)', 'many.ts › call (call 3)'],
    );
  });

  it('lists the findings outside the savings for the severity filter, and offers each rule and severity present with its count', () => {
    const model = toReportViewModel({
      ...REPORT,
      fileFindings: [{ file: 'b.ts', findings: [finding('internal-error', 'error', 9, 0)] }],
    });
    assert.deepStrictEqual(model.findings, [
      { rule: 'internal-error', severity: 'error', message: 'internal-error message', site: 'b.ts:10', file: 'b.ts', line: 10, character: 0, siteName: null },
      // The linked call's saving is not in the savings list: it is listed here, with the finding's site.
      {
        rule: 'cheaper-model',
        severity: 'info',
        message: 'cheaper-model message',
        site: 'src/run.ts:5',
        file: 'src/run.ts',
        line: 5,
        character: 2,
        siteName: 'run.ts › run',
      },
      {
        rule: 'unknown-model',
        severity: 'info',
        message: 'unknown-model message',
        site: 'src/bot.ts:13',
        file: 'src/bot.ts',
        line: 13,
        character: 0,
        siteName: 'bot.ts › classify',
      },
      {
        rule: 'cache-below-minimum',
        severity: 'hint',
        message: 'cache-below-minimum message',
        site: 'src/bot.ts:13',
        file: 'src/bot.ts',
        line: 13,
        character: 0,
        siteName: 'bot.ts › classify',
      },
    ]);
    assert.deepStrictEqual(model.filters, {
      rules: [
        { rule: 'batch-candidate', count: 1 },
        { rule: 'cache-below-minimum', count: 1 },
        { rule: 'cheaper-model', count: 2 },
        { rule: 'internal-error', count: 1 },
        { rule: 'missing-max-tokens', count: 2 },
        { rule: 'uncacheable-prefix', count: 1 },
        { rule: 'unknown-model', count: 1 },
      ],
      severities: [
        { severity: 'error', count: 1 },
        { severity: 'warning', count: 3 },
        { severity: 'info', count: 3 },
        { severity: 'hint', count: 2 },
      ],
    });
  });
});
