import * as assert from 'assert';
import { SILENT_LOGGER } from '../../src/core/log/logger';
import { analyzeFile, type AnalysisContext, type FileAnalysis } from '../../src/core/workspace/analyzeFile';
import { sharedEncoder } from './sharedEncoder';
import { TokenCounter } from '../../src/core/tokens/tokenCounter';
import { PriceBook } from '../../src/core/pricing/priceBook';
import { EMPTY_PROJECT_CONFIG, type ProjectConfig } from '../../src/core/volume/projectConfig';
import { applyEdits } from '../../src/core/text/applyEdits';
import type { SourceReader } from '../../src/core/codeModel/sourceReader';
import type { Finding, Fix } from '../../src/core/types';
import type { ReportSite } from '../../src/core/workspace/report';

const counter = new TokenCounter(sharedEncoder);

export interface RuleTestOptions {
  project?: Partial<ProjectConfig>;
  monthlyCalls?: number;
  reader?: SourceReader;
  offerFixes?: boolean;
  /** Thresholds as the editor or CLI settings give them (over promptcost.yaml `thresholds:`). */
  ruleThresholds?: AnalysisContext['ruleThresholds'];
  /** The monthly calls are Prompt Cost's default, which nobody chose (no setting, no --calls). */
  monthlyCallsAssumed?: boolean;
}

/** Analyses a file the way the CLI does: rules included, 10,000 calls a month unless told otherwise. */
export async function analyze(file: string, text: string, options: RuleTestOptions = {}): Promise<FileAnalysis> {
  const project = { ...EMPTY_PROJECT_CONFIG, ...options.project };
  const analysis = await analyzeFile(
    text,
    file,
    {
      counter,
      prices: new PriceBook(project.prices),
      project,
      defaultModel: 'gpt-4o-mini',
      monthlyCalls: options.monthlyCalls ?? 10_000,
      offerFixes: options.offerFixes,
      ruleThresholds: options.ruleThresholds,
      monthlyCallsAssumed: options.monthlyCallsAssumed,
      logger: SILENT_LOGGER,
    },
    options.reader,
  );
  assert.ok(analysis, `${file} is analysed`);
  return analysis;
}

/** The only site of a file. */
export function onlySite(analysis: FileAnalysis): ReportSite {
  assert.strictEqual(analysis.sites.length, 1, `one site, not ${analysis.sites.map((entry) => entry.site.id).join(', ')}`);
  return analysis.sites[0];
}

/** Findings of one rule at a site. */
export function findingsOf(entry: ReportSite, rule: string): Finding[] {
  return entry.findings.filter((finding) => finding.rule === rule);
}

/** The one finding of a rule at a site. */
export function findingOf(entry: ReportSite, rule: string): Finding {
  const found = findingsOf(entry, rule);
  assert.strictEqual(
    found.length,
    1,
    `one ${rule} finding, got: ${entry.findings.map((finding) => `${finding.rule}: ${finding.message}`).join(' | ') || 'none'}`,
  );
  return found[0];
}

export function preferredFix(finding: Finding): Fix {
  const fix = finding.fixes.find((candidate) => candidate.preferred);
  assert.ok(fix, `${finding.rule} offers a preferred fix among: ${finding.fixes.map((candidate) => candidate.title).join(', ')}`);
  return fix;
}

/**
 * Applies a fix and analyses the result again: the edited file must parse as cleanly as before
 * (no new syntax or YAML errors) and still hold the site.
 */
export async function applyFix(
  file: string,
  text: string,
  fix: Fix,
  siteId: string,
  options: RuleTestOptions = {},
): Promise<{ text: string; site: ReportSite }> {
  const before = await analyze(file, text, options);
  const edited = applyEdits(text, fix.edits);
  const after = await analyze(file, edited, options);
  const parseProblems = (analysis: FileAnalysis) =>
    analysis.findings.filter((finding) => ['syntax-error', 'invalid-yaml', 'unclosed-front-matter'].includes(finding.rule)).length;
  assert.strictEqual(parseProblems(after), parseProblems(before), `the fixed file parses as before:\n${edited}`);
  const site = after.sites.find((entry) => entry.site.id === siteId);
  assert.ok(site, `${siteId} is still found after the fix`);
  return { text: edited, site };
}

export const monthly = (entry: ReportSite) => Math.round((entry.estimate.cost.monthly ?? NaN) * 100) / 100;
