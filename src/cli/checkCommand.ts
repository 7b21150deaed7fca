import { firstLine, formatMonthly, reportFindings, toJsonReport, totalLine, type Report, type Severity } from '../core';
import { analyzePaths, type AnalysisOptions } from './estimateCommand';
import { EXIT_CHECK_FAILED, EXIT_OK, EXIT_USAGE, UsageError } from './exitCodes';

export interface CheckOptions extends AnalysisOptions {
  format: string;
  /** USD a month, as typed; absent = no budget. */
  maxMonthly?: string;
  failOn: string;
}

const FORMATS = ['text', 'json'];
const FAIL_ON = ['warning', 'error'] as const;
type FailOn = (typeof FAIL_ON)[number];

const RANK: Readonly<Record<Severity, number>> = { hint: 0, info: 1, warning: 2, error: 3 };

/** Why a check failed: one line of the text output, and its parts for JSON readers. */
export type CheckReason =
  | { type: 'budget'; text: string; monthlyCost: number; maxMonthly: number }
  | { type: 'finding'; text: string; file: string; line: number; column: number; severity: Severity; rule: string; message: string };

export interface CheckResult {
  /** False also when the check could not be completed (`complete: false`). */
  passed: boolean;
  /** False when a path or promptcost.yaml could not be read: the verdict covers only what was. */
  complete: boolean;
  failOn: FailOn;
  maxMonthly: number | null;
  reasons: CheckReason[];
}

/**
 * `promptcost check`: the analysis of `estimate`, then a verdict for CI. Fails (exit 1) when the
 * monthly total is over --max-monthly or a finding is at or above --fail-on, printing each reason
 * on its own line and a summary; exit 2 for usage errors, a missing path or a broken promptcost.yaml.
 */
export async function runCheck(options: CheckOptions): Promise<number> {
  if (!FORMATS.includes(options.format)) throw new UsageError(`--format must be one of ${FORMATS.join(', ')}, not '${options.format}'`);
  if (!(FAIL_ON as readonly string[]).includes(options.failOn)) throw new UsageError(`--fail-on must be one of ${FAIL_ON.join(', ')}, not '${options.failOn}'`);
  const failOn = options.failOn as FailOn;
  const maxMonthly = options.maxMonthly === undefined ? null : parseBudget(options.maxMonthly);

  const { report, failed } = await analyzePaths(options);
  // A missing path or a broken promptcost.yaml: the verdict would cover only part of the project.
  const check = checkReport(report, failOn, maxMonthly, !failed);
  if (options.format === 'json') {
    console.log(JSON.stringify({ ...toJsonReport(report), check }, null, 2));
  } else {
    for (const reason of check.reasons) console.log(reason.text);
    console.log(summary(report, check));
  }
  if (!check.complete) return EXIT_USAGE;
  return check.passed ? EXIT_OK : EXIT_CHECK_FAILED;
}

/** Plain non-negative amounts only (`2000`, `2000.50`): a typo must not become a budget of 0 or NaN. */
function parseBudget(text: string): number {
  const value = /^\s*\d+(\.\d+)?\s*$/.test(text) ? Number(text) : NaN;
  if (!Number.isFinite(value)) throw new UsageError(`--max-monthly must be an amount in USD a month, such as 2000 or 49.99, not '${text}'`);
  return value;
}

/** The verdict: the budget first, then the findings at or above `failOn` by file, line and column. */
export function checkReport(report: Report, failOn: FailOn, maxMonthly: number | null, complete = true): CheckResult {
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
  return { passed: complete && reasons.length === 0, complete, failOn, maxMonthly, reasons };
}

function summary(report: Report, check: CheckResult): string {
  const scope = check.failOn === 'error' ? 'error' : 'warning or error';
  const budget = check.maxMonthly === null ? '' : ` (--max-monthly ${formatMonthly(check.maxMonthly)})`;
  if (!check.complete) {
    const count = check.reasons.length;
    return `Check incomplete: see the errors above; ${count === 0 ? 'nothing failed' : `${count} reason${count === 1 ? '' : 's'} to fail`} in what could be read: ${totalLine(report)}${budget}.`;
  }
  if (check.passed) return `Check passed: ${totalLine(report)}${budget}; no ${scope} findings.`;
  const parts: string[] = [];
  if (check.reasons.some((reason) => reason.type === 'budget')) parts.push('over budget');
  const findings = check.reasons.filter((reason) => reason.type === 'finding').length;
  if (findings > 0) parts.push(`${findings} ${scope} finding${findings === 1 ? '' : 's'}`);
  return `Check failed: ${parts.join(' and ')}; ${totalLine(report)}${budget}.`;
}
