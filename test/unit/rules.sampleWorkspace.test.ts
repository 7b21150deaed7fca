import * as assert from 'assert';
import { readFileSync } from 'fs';
import * as path from 'path';
import { analyzeFile, type FileAnalysis } from '../../src/core/workspace/analyzeFile';
import { computeTotals, type ReportSite } from '../../src/core/workspace/report';
import { discoverCostFiles } from '../../src/core/workspace/discover';
import { fileSourceReader } from '../../src/core/workspace/fileSourceReader';
import { parseProjectConfig } from '../../src/core/volume/projectConfig';
import { PriceBook } from '../../src/core/pricing/priceBook';
import { TokenCounter } from '../../src/core/tokens/tokenCounter';
import { sharedEncoder } from './sharedEncoder';
import { applyEdits } from '../../src/core/text/applyEdits';
import { isRuleId } from '../../src/core/findings/findingCodes';
import { SILENT_LOGGER } from '../../src/core/log/logger';

const ROOT = path.join(__dirname, '..', 'fixtures', 'workspace');
const { config } = parseProjectConfig(readFileSync(path.join(ROOT, 'promptcost.yaml'), 'utf8'));
const context = {
  counter: new TokenCounter(sharedEncoder),
  prices: new PriceBook(config.prices),
  project: config,
  defaultModel: 'gpt-4o-mini',
  monthlyCalls: 10_000,
  logger: SILENT_LOGGER,
};
const reader = fileSourceReader(ROOT);
const analyze = async (file: string, text = readFileSync(path.join(ROOT, file), 'utf8')) => (await analyzeFile(text, file, context, reader)) as FileAnalysis;
const isRule = isRuleId;

describe('cost rules on the sample app', function () {
  let files: string[];
  let sites: ReportSite[];
  before(async () => {
    files = discoverCostFiles(ROOT)
      .map((file) => file.path)
      .sort();
    sites = [];
    for (const file of files) sites.push(...((await analyzeFile(readFileSync(path.join(ROOT, file), 'utf8'), file, context, reader))?.sites ?? []));
  });

  it('each rule fires where the sample app has the problem, and nowhere else', () => {
    // rule, site:line, $/month saved, fixes besides the ignore comment.
    const found = sites.flatMap(({ site, findings }) =>
      findings
        .filter((finding) => isRule(finding.rule))
        .map((finding) => `${finding.rule} ${site.id}:${finding.range.start.line + 1} ${finding.monthlySavings ?? '-'} fixes=${finding.fixes.length - 1}`),
    );
    assert.deepStrictEqual(found, [
      'cheaper-model .github/prompts/review-reply.prompt.md#review-reply:5 9.51 fixes=0', // Copilot's "GPT-4o" is a picker name, not an API id: no edit
      'missing-max-tokens jobs/nightly_summaries.py#run:101 - fixes=1',
      'cheaper-model jobs/nightly_summaries.py#run:102 119.2 fixes=3',
      'batch-candidate jobs/nightly_summaries.py#run:101 11.35 fixes=0', // half of what is left after gpt-4.1-mini
      'deprecated-max-tokens jobs/weekly_insights.py#weekly_trends:25 - fixes=1',
      'context-overflow jobs/weekly_insights.py#full_week_digest:36 - fixes=0',
      'cap-above-model-max jobs/weekly_insights.py#newsletter_draft:51 - fixes=1',
      'unpriced-model jobs/weekly_insights.py#tag_untagged:63 - fixes=0',
      'cheaper-model prompts/kb-answer.prompty#Knowledge base answer:8 545.76 fixes=1',
      'missing-max-tokens prompts/summarize-thread.prompt.yml#Summarize support thread:3 - fixes=1',
      'cheaper-model prompts/ticket-triage.prompt#ticketTriage:4 34.75 fixes=1',
      'batch-candidate scripts/backfill_tags.ts#main:56 22.45 fixes=0', // Bedrock batch inference: half of on-demand
      'missing-max-tokens src/supportBot/checkReply.ts#checkReply:41 - fixes=1',
      'cheaper-model src/supportBot/checkReply.ts#checkReply:42 22.36 fixes=2',
      'uncacheable-prefix src/supportBot/classify.ts#classifyTicket:26 10.35 fixes=1',
      'missing-cache-breakpoint src/supportBot/draftReply.ts#draftReply:19 356.95 fixes=1',
      'cheaper-model src/supportBot/draftReply.ts#draftReply:16 448.55 fixes=1', // 67% of what is left after the cache fix
      'cheaper-model src/supportBot/escalate.ts#writeEscalationNote:27 10.36 fixes=1',
      'cache-below-minimum src/supportBot/sentiment.ts#tagSentiment:14 - fixes=1',
    ]);
  });

  it('every fix applies cleanly and removes its finding; a stated saving is realised', async () => {
    for (const { site, findings, estimate } of sites) {
      for (const finding of findings.filter((candidate) => isRule(candidate.rule))) {
        for (const fix of finding.fixes) {
          const text = applyEdits(readFileSync(path.join(ROOT, site.file), 'utf8'), fix.edits);
          const after = await analyze(site.file, text);
          assert.ok(
            !after.findings.some((problem) => ['syntax-error', 'invalid-yaml'].includes(problem.rule)),
            `${fix.title} at ${site.id} leaves a file that parses`,
          );
          const same = after.sites.find((candidate) => candidate.site.id === site.id);
          assert.ok(same, `${site.id} is still there after "${fix.title}"`);
          assert.deepStrictEqual(
            same.findings.filter((candidate) => candidate.rule === finding.rule && candidate.message === finding.message),
            [],
            `"${fix.title}" removes its finding at ${site.id}`,
          );
          if (fix.preferred && finding.monthlySavings !== undefined && finding.rule !== 'cheaper-model') {
            const cents = (usd: number | undefined) => Math.round((usd ?? NaN) * 100);
            assert.strictEqual(
              (cents(estimate.cost.monthly) - cents(same.estimate.cost.monthly)) / 100,
              finding.monthlySavings,
              `"${fix.title}" saves what it says at ${site.id}`,
            );
          }
        }
      }
    }
  });

  it("the report's total saving is the sum of the findings' savings", () => {
    const totals = computeTotals(sites);
    const counted = sites.filter(({ site }) => !site.promptFile);
    const sum = counted.flatMap(({ findings }) => findings).reduce((total, finding) => total + Math.round((finding.monthlySavings ?? 0) * 100), 0) / 100;
    assert.strictEqual(totals.monthlySavings, sum);
    assert.strictEqual(totals.monthlySavings, 1591.59);
    // Savings at one site compound (prompt fixes, then the model, then the tier): never more than the site costs.
    for (const { site, estimate, findings } of counted) {
      const saved = findings.reduce((total, finding) => total + (finding.monthlySavings ?? 0), 0);
      assert.ok(saved <= (estimate.cost.monthly ?? 0), `${site.id} saves ${saved} of ${estimate.cost.monthly}`);
    }
  });
});
