import * as assert from 'assert';
import { diffReports, toDiffJson } from '../../src/core/report/costDiff';
import { diffPolicyBreaches } from '../../src/core/report/diffPolicy';
import { toDiffMarkdown } from '../../src/core/report/diffMarkdown';
import { toDiffTable } from '../../src/core/report/diffTable';
import { openaiCall, scanInMemory } from './scanInMemory';

const scan = scanInMemory;

const SYSTEM = 'You answer billing questions in two sentences.';
const LONGER = `${SYSTEM} Quote the invoice line you used, then say what the customer should do next and by when.`;

const BASE = {
  'src/answer.ts': openaiCall('answer', 'gpt-4o', SYSTEM, 400),
  'src/summary.ts': openaiCall('summarize', 'gpt-4o-mini', 'Summarise the thread.', 300),
  'src/legacy.ts': openaiCall('legacy', 'gpt-4o-mini', 'Old prompt.', 200),
};
const HEAD = {
  // Another model, a longer prompt, no cap.
  'src/answer.ts': openaiCall('answer', 'gpt-4.1', LONGER),
  // The same call in a renamed function: matched by what it sends.
  'src/summary.ts': openaiCall('summarise', 'gpt-4o-mini', 'Summarise the thread.', 300),
  // legacy.ts is gone; a new call.
  'src/triage.ts': openaiCall('triage', 'gpt-4o-mini', 'Pick a queue.', 50),
};

describe('diffReports', () => {
  it('matches sites by id, then by content, and says why each changed, to the cent', async () => {
    const diff = diffReports(await scan(BASE), await scan(HEAD), { base: 'main (abc1234)', head: 'working tree' });
    assert.deepStrictEqual(
      diff.sites.map(({ id, pastId, status, pastMonthly, monthly, diffMonthly, reasons }) => ({
        id,
        pastId,
        status,
        pastMonthly,
        monthly,
        diffMonthly,
        reasons,
      })),
      [
        {
          id: 'src/answer.ts#answer',
          pastId: undefined,
          status: 'changed',
          // gpt-4o, 119 input tokens at $2.50/M and 200 output (half the 400 cap) at $10/M, 10,000 calls.
          pastMonthly: 22.98,
          // gpt-4.1, 138 input tokens at $2/M and the 300 default output at $8/M.
          monthly: 26.76,
          diffMonthly: 3.78,
          reasons: ['model gpt-4o → gpt-4.1', 'prompt +19 tokens', 'cap removed', 'expected reply 200 → 300 tokens'],
        },
        { id: 'src/legacy.ts#legacy', pastId: undefined, status: 'removed', pastMonthly: 0.77, monthly: 0, diffMonthly: -0.77, reasons: [] },
        { id: 'src/triage.ts#triage', pastId: undefined, status: 'added', pastMonthly: 0, monthly: 0.32, diffMonthly: 0.32, reasons: [] },
        {
          id: 'src/summary.ts#summarise',
          pastId: 'src/summary.ts#summarize',
          status: 'unchanged',
          pastMonthly: 1.08,
          monthly: 1.08,
          diffMonthly: 0,
          reasons: [],
        },
      ],
    );
    assert.strictEqual(diff.pastTotalMonthlyCost, 24.83);
    assert.strictEqual(diff.totalMonthlyCost, 28.16);
    assert.strictEqual(diff.diffTotalMonthlyCost, 3.33);
    // The totals add up: the changes sum to the total's change.
    assert.strictEqual(Math.round(diff.sites.reduce((sum, site) => sum + site.diffMonthly!, 0) * 100) / 100, diff.diffTotalMonthlyCost);
    assert.deepStrictEqual(
      diff.findings.new.map((finding) => `${finding.siteId} ${finding.rule}`),
      ['src/answer.ts#answer missing-max-tokens'],
    );
    assert.deepStrictEqual(diff.findings.fixed, []);
  });

  it('lists an unpriced site without counting it as $0', async () => {
    const unknown = { 'src/answer.ts': openaiCall('answer', 'gpt-9-imaginary', SYSTEM, 400) };
    const diff = diffReports(await scan({ 'src/answer.ts': BASE['src/answer.ts'] }), await scan(unknown), { base: 'main', head: 'working tree' });
    const [site] = diff.sites;
    assert.deepStrictEqual(
      { status: site.status, pastMonthly: site.pastMonthly, monthly: site.monthly, diffMonthly: site.diffMonthly, reasons: site.reasons },
      { status: 'changed', pastMonthly: 22.98, monthly: null, diffMonthly: null, reasons: ['model gpt-4o → gpt-9-imaginary', 'now unpriced'] },
    );
    assert.deepStrictEqual(diff.unpricedSites, { base: 0, head: 1 });
    assert.strictEqual(diff.totalMonthlyCost, 0);
  });

  it('writes a pull-request comment: the headline, the changed sites with why, the new findings, the rest folded', async () => {
    const diff = diffReports(await scan(BASE), await scan(HEAD), { base: 'main (abc1234)', head: 'working tree' });
    const markdown = toDiffMarkdown(diff, { top: 2 });
    assert.deepStrictEqual(markdown.split('\n').slice(0, 13), [
      '### Prompt Cost: +$3.33/month (+13%)',
      '',
      '$24.83 → $28.16 a month · main (abc1234) → working tree · 1 changed · 1 added · 1 removed · 1 unchanged',
      '',
      '| Site | Change | Before | After | Δ / month | Why |',
      '|---|---|--:|--:|--:|---|',
      '| answer.ts › answer (`src/answer.ts:4`) | changed | $22.98 | $26.76 | +$3.78 | model gpt-4o → gpt-4.1 · prompt +19 tokens · cap removed · expected reply 200 → 300 tokens |',
      '| legacy.ts › legacy (`src/legacy.ts:4`) | removed | $0.77 | — | −$0.77 |  |',
      '',
      '<details>',
      '<summary>1 more changed site</summary>',
      '',
      '| Site | Change | Before | After | Δ / month | Why |',
    ]);
    assert.ok(markdown.includes('| triage.ts › triage (`src/triage.ts:4`) | added | — | $0.32 | +$0.32 |  |'), markdown);
    assert.ok(markdown.includes('**New findings (1)**\n\n- `missing-max-tokens` warning at `src/answer.ts:4`: No output cap'), markdown);
    assert.ok(
      markdown.includes('<summary>1 unchanged site</summary>\n\n| Site | Monthly |\n|---|--:|\n| summary.ts › summarise (`src/summary.ts:4`) | $1.08 |'),
      markdown,
    );
    assert.strictEqual(toDiffTable(diff).split('\n')[0], '+$3.33/month (+13%): $24.83 → $28.16 a month (main (abc1234) → working tree)');
    assert.deepStrictEqual(Object.keys(toDiffJson(diff)), [
      'version',
      'base',
      'head',
      'pastTotalMonthlyCost',
      'totalMonthlyCost',
      'diffTotalMonthlyCost',
      'unpricedSites',
      'sites',
      'findings',
    ]);
  });
});

describe('diffPolicyBreaches', () => {
  it('names each key of policy: a change breaks, with the figures, and nothing when it passes', async () => {
    const diff = diffReports(await scan(BASE), await scan(HEAD), { base: 'main', head: 'working tree' });
    assert.deepStrictEqual(diffPolicyBreaches(diff, {}), []);
    assert.deepStrictEqual(
      diffPolicyBreaches(diff, { maxMonthly: 28, maxMonthlyIncrease: 3, maxIncreasePercent: 10, maxSiteMonthly: 25, failOn: 'warning' }).map(
        ({ policy, text }) => `${policy}: ${text}`,
      ),
      [
        'maxMonthly: The monthly total $28.16 is over maxMonthly $28.00.',
        'maxMonthlyIncrease: This change adds +$3.33/month, over maxMonthlyIncrease $3.00.',
        'maxIncreasePercent: This change raises the monthly total by 13.4%, over maxIncreasePercent 10%.',
        'maxSiteMonthly: src/answer.ts:4 (answer.ts › answer) costs $26.76/month, over maxSiteMonthly $25.00.',
        "failOn: New warning at src/answer.ts:4: missing-max-tokens: No output cap: a reply can run to 32,768 tokens (the model's maximum output), up to $2,624.20/month at 10,000 calls a month; max_completion_tokens: 400 bounds it at $34.76/month (expected output 300 tokens).",
      ],
    );
    // At the edge: the increase equals the bound, and errors only.
    assert.deepStrictEqual(diffPolicyBreaches(diff, { maxMonthlyIncrease: 3.33, maxSiteMonthly: 26.76, failOn: 'error' }), []);
  });

  it('blocks a change that adds a site at an unknown price, and leaves an untouched one alone', async () => {
    const unknown = openaiCall('guess', 'gpt-9-imaginary', SYSTEM, 400);
    const diff = diffReports(
      await scan({ 'src/old.ts': unknown }),
      await scan({ 'src/old.ts': unknown, 'src/new.ts': unknown.replace('guess', 'guessAgain') }),
      {
        base: 'main',
        head: 'working tree',
      },
    );
    assert.deepStrictEqual(diffPolicyBreaches(diff, { blockUnknownModels: true }), [
      { policy: 'blockUnknownModels', siteId: 'src/new.ts#guessAgain', text: 'src/new.ts:4 (new.ts › guessAgain) has no known price (blockUnknownModels).' },
    ]);
  });
});
