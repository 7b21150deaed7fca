import {
  countedSites,
  findingAnnotations,
  toMarkdownReport,
  firstLine,
  formatMonthly,
  reportFindings,
  roundCents,
  jsonReportText,
  toSarifReport,
  reportSarifFindings,
  totalLine,
  type Annotation,
  type CostPolicy,
  type Report,
  type Severity,
  type SkipCause,
} from '../core';
import { analyzePaths, emptyResult, type AnalysisOptions, type ConfigProblem } from './estimateCommand';
import { printPieces } from './streamedOutput';
import { EXIT_CHECK_FAILED, EXIT_OK, EXIT_USAGE, UsageError } from './exitCodes';
import { fromRoot, printForGitHub } from './githubOutput';
import { CLI_VERSION } from './version';

export interface CheckOptions extends AnalysisOptions {
  format: string;
  /** USD a month, as typed; absent = promptcost.yaml's `policy.maxMonthly`, else no budget. */
  maxMonthly?: string;
  /** As typed; absent = promptcost.yaml's `policy.failOn`, else error. */
  failOn?: string;
  /** Pass when the paths hold no prompt file and no LLM call (by default that is exit 2). */
  allowEmpty?: boolean;
}

const FORMATS = ['text', 'json', 'sarif', 'github'];
const FAIL_ON = ['warning', 'error'] as const;
type FailOn = (typeof FAIL_ON)[number];

const RANK: Readonly<Record<Severity, number>> = { hint: 0, info: 1, warning: 2, error: 3 };

/** Why a check failed: one line of the text output, and its parts for JSON readers. */
export type CheckReason =
  | { type: 'budget'; text: string; monthlyCost: number; maxMonthly: number }
  | { type: 'site-budget'; text: string; file: string; line: number; siteId: string; monthlyCost: number; maxSiteMonthly: number }
  | { type: 'unknown-model'; text: string; file: string; line: number; siteId: string }
  | { type: 'finding'; text: string; file: string; line: number; column: number; severity: Severity; rule: string; message: string };

/**
 * An input the verdict does not cover, so that it cannot pass: a file or path that was skipped for
 * any reason (`cause` as in the report's `skipped`), a file or call Prompt Cost failed on
 * (`internal-error`), or a problem of promptcost.yaml (`invalid-config`).
 */
export interface IncompleteInput {
  cause: SkipCause | 'internal-error' | 'analysis-timeout' | 'invalid-config';
  file: string;
  /** 1-based, for an internal error or a promptcost.yaml problem. */
  line?: number;
  column?: number;
  reason: string;
  /** The line of the text output. */
  text: string;
}

export interface CheckResult {
  /** False also when the check could not be completed (`complete: false`). */
  passed: boolean;
  /** False when any input was left out (`incompleteBecause`): the verdict covers only the rest. */
  complete: boolean;
  failOn: FailOn;
  maxMonthly: number | null;
  reasons: CheckReason[];
  /** Why the check is incomplete, one entry per input left out; empty when complete. */
  incompleteBecause: IncompleteInput[];
}

/**
 * `promptcost check`: the analysis of `estimate`, then a verdict for CI. Fails (exit 1) when the
 * monthly total is over --max-monthly or a finding is at or above --fail-on, printing each reason
 * on its own line and a summary. Never passes on part of the input: exit 2 for usage errors, and
 * whenever anything was left out (a skipped file, a path that cannot be read, an internal error,
 * a broken promptcost.yaml), each named.
 */
export async function runCheck(options: CheckOptions): Promise<number> {
  if (!FORMATS.includes(options.format)) throw new UsageError(`--format must be one of ${FORMATS.join(', ')}, not '${options.format}'`);
  if (options.failOn !== undefined && !(FAIL_ON as readonly string[]).includes(options.failOn))
    throw new UsageError(`--fail-on must be one of ${FAIL_ON.join(', ')}, not '${options.failOn}'`);
  const givenBudget = options.maxMonthly === undefined ? undefined : parseBudget(options.maxMonthly);

  const { report, configProblems, config, root } = await analyzePaths(options);
  // The flags win over promptcost.yaml's policy.
  const policy = config.policy ?? {};
  const failOn = (options.failOn as FailOn | undefined) ?? policy.failOn ?? 'error';
  const maxMonthly = givenBudget ?? policy.maxMonthly ?? null;
  const check = checkReport(report, failOn, maxMonthly, configProblems, policy);
  if (options.format === 'json') {
    await printPieces(jsonReportText(report, { check }));
  } else if (options.format === 'sarif') {
    console.log(JSON.stringify(toSarifReport(reportSarifFindings(report), { version: CLI_VERSION }), null, 2));
  } else if (options.format === 'github') {
    const verdict = summary(report, check);
    const lines = [...check.reasons.map(({ text }) => text), ...check.incompleteBecause.map(({ text }) => text)];
    const markdown = [`### Prompt Cost: ${verdict}`, '', ...lines.map((line) => `- ${line}`), ...(lines.length > 0 ? [''] : []), toMarkdownReport(report)];
    const annotations = fromRoot(root, [...findingAnnotations(reportSarifFindings(report)), ...verdictAnnotations(check)]);
    printForGitHub([...lines, verdict].join('\n'), annotations, markdown.join('\n'));
  } else {
    for (const reason of check.reasons) console.log(reason.text);
    for (const input of check.incompleteBecause) console.log(input.text);
    console.log(summary(report, check));
  }
  if (!check.complete || emptyResult(report, options)) return EXIT_USAGE;
  return check.passed ? EXIT_OK : EXIT_CHECK_FAILED;
}

/**
 * What fails the check besides the findings (those are annotated at their own severity): the
 * budget, each site over its budget or without a price, and each input the verdict does not cover.
 */
function verdictAnnotations(check: CheckResult): Annotation[] {
  const annotations: Annotation[] = [];
  for (const reason of check.reasons) {
    if (reason.type === 'finding') continue;
    const at = reason.type === 'budget' ? {} : { file: reason.file, line: reason.line };
    const weight = reason.type === 'budget' || reason.type === 'site-budget' ? reason.monthlyCost : 0;
    annotations.push({ level: 'error', ...at, title: 'Prompt Cost: check failed', message: reason.text, weight });
  }
  for (const input of check.incompleteBecause)
    annotations.push({ level: 'error', file: input.file, line: input.line, title: 'Prompt Cost: check incomplete', message: input.text, weight: 0 });
  return annotations;
}

/** Plain non-negative amounts only (`2000`, `2000.50`): a typo must not become a budget of 0 or NaN. */
function parseBudget(text: string): number {
  const value = /^\s*\d+(\.\d+)?\s*$/.test(text) ? Number(text) : NaN;
  if (!Number.isFinite(value)) throw new UsageError(`--max-monthly must be an amount in USD a month, such as 2000 or 49.99, not '${text}'`);
  return value;
}

/**
 * The verdict: the budget first, then the findings at or above `failOn` by file, line and column;
 * and what it does not cover: promptcost.yaml's problems, skipped inputs, internal errors.
 */
export function checkReport(
  report: Report,
  failOn: FailOn,
  maxMonthly: number | null,
  configProblems: readonly ConfigProblem[] = [],
  policy: CostPolicy = {},
): CheckResult {
  const reasons: CheckReason[] = [];
  const { monthlyCost } = report.totals;
  if (maxMonthly !== null && monthlyCost > maxMonthly) {
    reasons.push({
      type: 'budget',
      text: `Budget: ${formatMonthly(monthlyCost)}/month exceeds --max-monthly ${formatMonthly(maxMonthly)}`,
      monthlyCost,
      maxMonthly,
    });
  }
  reasons.push(...siteReasons(report, policy));
  const findings: Extract<CheckReason, { type: 'finding' }>[] = [];
  for (const { file, finding } of reportFindings(report)) {
    if (RANK[finding.severity] < RANK[failOn]) continue;
    const line = finding.range.start.line + 1;
    const column = finding.range.start.character + 1;
    const message = firstLine(finding.message);
    const text = `${file}:${line}:${column}  ${finding.severity}  ${finding.rule}  ${message}`;
    findings.push({ type: 'finding', text, file, line, column, severity: finding.severity, rule: finding.rule, message });
  }
  const byCodePoint = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
  findings.sort((a, b) => byCodePoint(a.file, b.file) || a.line - b.line || a.column - b.column);
  reasons.push(...findings);
  const incompleteBecause = incompleteInputs(report, configProblems);
  const complete = incompleteBecause.length === 0;
  return { passed: complete && reasons.length === 0, complete, failOn, maxMonthly, reasons, incompleteBecause };
}

/** promptcost.yaml's policy on each site: its month (`maxSiteMonthly`) and its price being known (`blockUnknownModels`). */
function siteReasons(report: Report, policy: CostPolicy): CheckReason[] {
  const reasons: CheckReason[] = [];
  for (const { site, estimate } of countedSites(report.sites)) {
    const line = site.range.start.line + 1;
    const monthly = estimate.cost.priced ? estimate.cost.monthly : undefined;
    if (policy.maxSiteMonthly !== undefined && monthly !== undefined && roundCents(monthly) > policy.maxSiteMonthly) {
      const text = `Site budget: ${site.file}:${line} costs ${formatMonthly(monthly)}/month, over policy maxSiteMonthly ${formatMonthly(policy.maxSiteMonthly)}`;
      reasons.push({
        type: 'site-budget',
        text,
        file: site.file,
        line,
        siteId: site.id,
        monthlyCost: roundCents(monthly),
        maxSiteMonthly: policy.maxSiteMonthly,
      });
    }
    if (policy.blockUnknownModels && monthly === undefined) {
      const text = `Unknown price: ${site.file}:${line} (${estimate.model.id ?? 'no model'}) has no known price (policy blockUnknownModels)`;
      reasons.push({ type: 'unknown-model', text, file: site.file, line, siteId: site.id });
    }
  }
  return reasons;
}

/** Everything the verdict does not cover: promptcost.yaml first, then skipped inputs and internal errors, by file. */
function incompleteInputs(report: Report, configProblems: readonly ConfigProblem[]): IncompleteInput[] {
  const inputs: IncompleteInput[] = [];
  const add = (input: Omit<IncompleteInput, 'text'>) => {
    const at = input.line === undefined ? input.file : `${input.file}:${input.line}:${input.column}`;
    inputs.push({ ...input, text: `Incomplete: ${at}: ${input.reason}` });
  };
  for (const { file, line, column, message } of configProblems) add({ cause: 'invalid-config', file, line, column, reason: message });
  for (const { file, cause, reason } of report.skipped) add({ cause, file, reason });
  // A file or call Prompt Cost failed on, or gave up on, may hide a cost or a finding, whatever --fail-on says.
  for (const { file, finding } of reportFindings(report)) {
    if (finding.rule !== 'internal-error' && finding.rule !== 'analysis-timeout') continue;
    const { line, character } = finding.range.start;
    add({ cause: finding.rule, file, line: line + 1, column: character + 1, reason: firstLine(finding.message) });
  }
  return inputs;
}

function summary(report: Report, check: CheckResult): string {
  const scope = check.failOn === 'error' ? 'error' : 'warning or error';
  const budget = check.maxMonthly === null ? '' : ` (--max-monthly ${formatMonthly(check.maxMonthly)})`;
  if (!check.complete) {
    const count = check.reasons.length;
    const left = check.incompleteBecause.length;
    const failures = count === 0 ? 'nothing failed' : `${count} reason${count === 1 ? '' : 's'} to fail`;
    return `Check incomplete: ${left} input${left === 1 ? '' : 's'} not covered (listed above); ${failures} in what could be read: ${totalLine(report)}${budget}.`;
  }
  if (check.passed) return `Check passed: ${totalLine(report)}${budget}; no ${scope} findings.`;
  const parts: string[] = [];
  if (check.reasons.some((reason) => reason.type === 'budget')) parts.push('over budget');
  const sitesOver = check.reasons.filter((reason) => reason.type === 'site-budget').length;
  if (sitesOver > 0) parts.push(`${sitesOver} site${sitesOver === 1 ? '' : 's'} over maxSiteMonthly`);
  const unknown = check.reasons.filter((reason) => reason.type === 'unknown-model').length;
  if (unknown > 0) parts.push(`${unknown} site${unknown === 1 ? '' : 's'} without a known price`);
  const findings = check.reasons.filter((reason) => reason.type === 'finding').length;
  if (findings > 0) parts.push(`${findings} ${scope} finding${findings === 1 ? '' : 's'}`);
  return `Check failed: ${parts.join(' and ')}; ${totalLine(report)}${budget}.`;
}
