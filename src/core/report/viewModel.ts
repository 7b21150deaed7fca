import { formatCount, formatMonthly, formatTotal, roundCents, roundPerCall } from '../format';
import { findingCodeInfo, isFindingCode } from '../findings/findingCodes';
import { siteSavings, type GroupTotals, type Report, type SavingsOpportunity, type SkippedFile } from '../workspace/report';
import type { Severity, TaskEstimate } from '../types';
import { displayRows, firstLine, footnote, groupCostText, listedFindings, savingsSummary, SEVERITY_ORDER, totalLine } from './rows';
import { siteName } from './siteName';
import { stepsByCost, TASKS_NOTE, taskRows, taskStepLine, type TaskRow } from './taskRows';
import type { CostDiff, SiteDiff, SiteStatus } from './costDiff';
import { changedSites, diffCell, diffHeadline, monthlyCell, statusCounts, unpricedNote } from './diffText';

/** How many sites the report's bar chart shows. */
export const TOP_SITES = 10;

/**
 * One site as the report webview shows it. Every `…Text` is the string the CLI prints for the
 * same figure; the numbers next to them are for sorting (null = unpriced, sorted last).
 */
export interface ReportRowView {
  id: string;
  /** The readable name, `draftReply.ts › draftReply` (see {@link siteName}). */
  name: string;
  /** `file:line`, the CLI's site column. */
  site: string;
  /** Relative to the workspace root, `/` separators. */
  file: string;
  /** 1-based, as shown. */
  line: number;
  /** 0-based, for placing the cursor when the site is opened. */
  character: number;
  model: string;
  tokens: number;
  tokensText: string;
  exact: boolean;
  /** USD, rounded as in the JSON report (eight decimals). */
  perCall: number | null;
  perCallText: string;
  /** USD, rounded to the cent. */
  monthly: number | null;
  monthlyText: string;
  monthlyCalls: number;
  callsText: string;
  priced: boolean;
  findings: number;
  /** Sum of the findings' monthly savings, each rounded to the cent as in the report totals. */
  savings: number;
  savingsText: string;
  /** Against the base branch, when the report is compared with one: see {@link ReportRowChangeView}. */
  vsBase?: ReportRowChangeView;
}

/** A row's cell in the "vs main" column. */
export interface ReportRowChangeView {
  status: Exclude<SiteStatus, 'removed'>;
  /** USD a month, signed; null when either side is unpriced (sorted last). */
  diffMonthly: number | null;
  /** `+$12.30`, `new`, `unpriced`, or `—` when unchanged. */
  text: string;
}

/** One site of the Changes section: added, removed (it exists only at the base) or changed. */
export interface ReportChangeView {
  id: string;
  name: string;
  /** `file:line`; for a removed site, where it was at the base (it cannot be opened). */
  site: string;
  file: string;
  line: number;
  status: Exclude<SiteStatus, 'unchanged'>;
  /** `$28.78`, `—` where the site does not exist, or `unpriced`. */
  pastText: string;
  monthlyText: string;
  /** `+$12.30`, or `unpriced` when either side is. */
  diffText: string;
  diffMonthly: number | null;
  /** Why its month moved: `model gpt-4o → gpt-4.1`, `prompt +812 tokens`. */
  reasons: string[];
}

/** The report against the base branch: the column's title, the headline and the sites that changed. */
export interface ReportChangesView {
  /** `main`: the column is "vs main". */
  label: string;
  /** `main (3f2a9c1)`. */
  base: string;
  /** `+$41.00/month (+2%)`, or `no change in cost`. */
  headline: string;
  /** `3 changed · 1 added · 1 removed · 12 unchanged`. */
  counts: string;
  /** Unpriced sites are in no total; absent when there are none. */
  unpricedNote: string | null;
  /** Largest change first. */
  sites: ReportChangeView[];
}

/** What the report is compared with: the base's label and the diff of its report and this one. */
export interface ReportComparison {
  label: string;
  diff: CostDiff;
}

export interface ReportGroupView {
  sites: number;
  unpricedSites: number;
  /** USD a month of the group's priced sites. */
  monthlyCost: number;
  /** `$12.40`, `$12.40 + unpriced`, or `unpriced` when none of its sites has a price (never `$0.00`). */
  monthlyText: string;
}

export interface ReportTotalsView {
  sites: number;
  sitesText: string;
  unpricedSites: number;
  monthlyCost: number;
  monthlyText: string;
  monthlySavings: number;
  savingsText: string;
  /** The CLI's "Savings:" line, e.g. `$2.43/month from 2 findings`. */
  savingsSummary: string;
  /** The CLI's "Total:" line, e.g. `$8.14/month for 3 sites, 1 unpriced and not in the total`. */
  summary: string;
  byModel: Array<{ model: string } & ReportGroupView>;
  byFile: Array<{ file: string } & ReportGroupView>;
}

/** One bar of the chart of the most expensive sites. */
export interface ReportBarView extends Pick<ReportRowView, 'id' | 'name' | 'site' | 'file' | 'line' | 'character' | 'model' | 'monthlyText'> {
  monthly: number;
  /** The bar's length: this site's monthly cost as a fraction (0–1) of the most expensive one's. */
  fraction: number;
}

/** One finding that saves money, as the report's savings list shows it; opening it goes to the finding. */
export interface ReportOpportunityView extends SavingsOpportunity {
  /** `file:line` of the finding, as the CLI prints it. */
  site: string;
  /** The readable name of the site the finding is on. */
  siteName: string;
  savingsText: string;
}

/** One rule's savings: what its findings add up to, and the findings themselves (largest first). */
export interface ReportRuleSavingsView {
  rule: string;
  /** The rule's one-line summary, from the finding-code registry. */
  summary: string;
  /** How many findings of this rule save money. */
  count: number;
  /** USD a month: the sum of its findings' savings, each rounded to the cent (as the total is). */
  monthlySavings: number;
  savingsText: string;
  opportunities: ReportOpportunityView[];
}

/** A finding that saves nothing (or is on a call counted at its prompt file): the CLI's "Findings:" list. */
export interface ReportFindingView {
  rule: string;
  severity: Severity;
  /** The message's first line. */
  message: string;
  /** `file:line`, as the CLI prints it. */
  site: string;
  file: string;
  /** 1-based, as shown. */
  line: number;
  /** 0-based, for placing the cursor. */
  character: number;
  /** The readable name of the site the finding is on; null for a problem of the file itself. */
  siteName: string | null;
}

/** What the report's filters offer: each rule and each severity present among its findings, with how many. */
export interface ReportFiltersView {
  /** Rules by id, each counting its findings in the savings and in the findings list. */
  rules: Array<{ rule: string; count: number }>;
  /** Most severe first (error, warning, info, hint); only severities some finding has. */
  severities: Array<{ severity: Severity; count: number }>;
}

/** One step of a task: a site the task reaches (placed and named as its row is), with its share of what one pass costs. */
export interface ReportTaskStepView extends Pick<ReportRowView, 'id' | 'name' | 'site' | 'file' | 'line' | 'character' | 'model'> {
  /** `1 call`, `3 calls (assumed loop count)`, `1 run`. */
  callsText: string;
  /** `$0.0122` per task, or `unpriced`. */
  costText: string;
  /** `81%`, `<1%`, or `unpriced`. */
  shareText: string;
  /** 0–1 of the task's priced cost per pass, the width of its bar segment; null when unpriced. */
  share: number | null;
}

/** One task as the report webview shows it; every `…Text` is the CLI's string for the same figure. */
export interface ReportTaskView {
  id: string;
  /** The promptcost.yaml name, or the entry function's name. */
  name: string;
  /** `file:line` of the entry function. */
  entry: string;
  file: string;
  /** 1-based, as shown. */
  line: number;
  /** 0-based, for placing the cursor when the entry is opened. */
  character: number;
  configured: boolean;
  /** Why the task has no steps (its entry function was not found); null when it has them. */
  problem: string | null;
  callsText: string;
  /** The models its steps run, costliest step first. */
  models: string[];
  modelsText: string;
  /** USD per task, rounded as in the JSON report; null when nothing in it is priced. */
  costPerTask: number | null;
  perTaskText: string;
  perDayText: string;
  costPerDayText: string;
  /** USD, rounded to the cent; null without a volume or a price. */
  monthly: number | null;
  monthlyText: string;
  /** Costliest first, as the CLI lists them; empty for a task with a problem. */
  steps: ReportTaskStepView[];
}

/** Everything the report webview draws; plain JSON, so it can be posted to the webview as is. */
export interface ReportViewModel {
  pricesAsOf: string;
  rows: ReportRowView[];
  totals: ReportTotalsView;
  /** At most {@link TOP_SITES} priced sites, most expensive first. */
  topSites: ReportBarView[];
  /** Every finding that saves money, largest saving first; they add up to `totals.monthlySavings`. */
  opportunities: ReportOpportunityView[];
  /** The same findings grouped by rule, the largest saving first; the groups add up to `totals.monthlySavings`. */
  savingsByRule: ReportRuleSavingsView[];
  /** The findings not in the savings, most severe first, as the CLI lists them. */
  findings: ReportFindingView[];
  filters: ReportFiltersView;
  /** The tasks, in the report's order; empty when the workspace has none. */
  tasks: ReportTaskView[];
  /** The line under the tasks' heading: what their figures mean. */
  tasksNote: string;
  /** What the webview lists: the file and why; the cause is for scripts reading the CLI's JSON. */
  skipped: Array<Pick<SkippedFile, 'file' | 'reason'>>;
  cancelled: boolean;
  /** The CLI's closing note on where prices come from and what "≈" means. */
  footnote: string;
  /** Against the base branch (promptcost.compareTo); absent when there is none. */
  changes?: ReportChangesView;
}

/**
 * Turns a workspace report into what the webview shows. The display strings come from the same
 * functions the CLI's table and Markdown use, so the webview and the CLI agree to the cent.
 */
export function toReportViewModel(report: Report, comparison?: ReportComparison): ReportViewModel {
  const display = displayRows(report);
  const names = new Map(report.sites.map(({ site }) => [site.id, siteName(site)]));
  // A task step or finding names a site the report has; the fallback reads its id as a code site's.
  const nameOf = (id: string, file: string) => names.get(id) ?? siteName({ id, file, kind: 'sdk-call' });
  const rows = report.sites.map(({ site, estimate, findings }, index): ReportRowView => {
    const { cost } = estimate;
    // An agent's row is per run (its text says `/run`), and sorts by what a run costs.
    const unit = estimate.agent?.perRun.cost ?? cost.perCall;
    const perCall = cost.priced && unit !== undefined ? roundPerCall(unit) : null;
    const monthly = cost.priced && cost.monthly !== undefined ? roundCents(cost.monthly) : null;
    const savings = siteSavings(findings);
    const text = display[index];
    return {
      id: site.id,
      name: names.get(site.id)!,
      site: text.site,
      file: site.file,
      line: site.range.start.line + 1,
      character: site.range.start.character,
      model: text.model,
      tokens: estimate.tokens.input,
      tokensText: text.tokens,
      exact: estimate.tokens.exact,
      perCall,
      perCallText: text.perCall,
      monthly,
      monthlyText: text.monthly,
      monthlyCalls: estimate.monthlyCalls,
      callsText: text.calls,
      priced: cost.priced,
      findings: findings.length,
      savings,
      savingsText: text.savings,
    };
  });

  const { totals } = report;
  const opportunities = totals.opportunities.map((opportunity): ReportOpportunityView => ({
    ...opportunity,
    site: `${opportunity.file}:${opportunity.line}`,
    siteName: nameOf(opportunity.siteId, opportunity.file),
    // The list shows the message's first line; the hover and the diagnostic have the rest.
    message: firstLine(opportunity.message),
    savingsText: formatMonthly(opportunity.monthlySavings),
  }));
  const findings = listedFindings(report).map(({ file, finding, site }): ReportFindingView => ({
    rule: finding.rule,
    severity: finding.severity,
    message: firstLine(finding.message),
    site: `${file}:${finding.range.start.line + 1}`,
    file,
    line: finding.range.start.line + 1,
    character: finding.range.start.character,
    siteName: site ? nameOf(site.id, site.file) : null,
  }));
  const group = (totals: GroupTotals): ReportGroupView => ({
    sites: totals.sites,
    unpricedSites: totals.unpricedSites,
    monthlyCost: totals.monthlyCost,
    monthlyText: groupCostText(totals),
  });
  const model: ReportViewModel = {
    pricesAsOf: report.pricesAsOf,
    rows,
    totals: {
      sites: totals.sites,
      sitesText: formatCount(totals.sites),
      unpricedSites: totals.unpricedSites,
      monthlyCost: totals.monthlyCost,
      monthlyText: totals.sites > 0 && totals.unpricedSites === totals.sites ? 'unpriced' : formatTotal(totals.monthlyCost, totals.monthlyCostExact),
      monthlySavings: totals.monthlySavings,
      savingsText: formatMonthly(totals.monthlySavings),
      savingsSummary: savingsSummary(report),
      summary: totalLine(report),
      byModel: totals.byModel.map((totals) => ({ model: totals.model, ...group(totals) })),
      byFile: totals.byFile.map((totals) => ({ file: totals.file, ...group(totals) })),
    },
    topSites: topSites(rows),
    opportunities,
    savingsByRule: savingsByRule(opportunities),
    findings,
    filters: filters(opportunities, findings),
    tasks: taskViews(report, nameOf),
    tasksNote: TASKS_NOTE,
    skipped: report.skipped.map(({ file, reason }) => ({ file, reason })),
    cancelled: report.cancelled,
    footnote: footnote(report),
  };
  if (comparison) {
    model.changes = changesView(comparison);
    const byId = new Map(comparison.diff.sites.map((site) => [site.id, site]));
    for (const row of model.rows) {
      const site = byId.get(row.id);
      // A call counted at its prompt file is in no diff: its change is the file's.
      if (site && site.status !== 'removed') row.vsBase = rowChange(site);
    }
  }
  return model;
}

function rowChange(site: SiteDiff): ReportRowChangeView {
  const status = site.status as ReportRowChangeView['status'];
  if (status === 'unchanged') return { status, diffMonthly: 0, text: '—' };
  if (status === 'added') return { status, diffMonthly: site.diffMonthly, text: 'new' };
  return { status, diffMonthly: site.diffMonthly, text: diffCell(site) };
}

function changesView({ label, diff }: ReportComparison): ReportChangesView {
  return {
    label,
    base: diff.base,
    headline: diffHeadline(diff),
    counts: statusCounts(diff),
    unpricedNote: unpricedNote(diff) ?? null,
    sites: changedSites(diff).map((site) => ({
      id: site.id,
      name: site.name,
      site: `${site.file}:${site.line}`,
      file: site.file,
      line: site.line,
      status: site.status as ReportChangeView['status'],
      pastText: monthlyCell(site, 'past'),
      monthlyText: monthlyCell(site, 'now'),
      diffText: diffCell(site),
      diffMonthly: site.diffMonthly,
      reasons: site.reasons,
    })),
  };
}

/**
 * One group per rule, the largest saving first (equal ones by rule id). Each group's sum is of the
 * findings' savings already rounded to the cent, so the groups add up to the total exactly.
 */
export function savingsByRule(opportunities: readonly ReportOpportunityView[]): ReportRuleSavingsView[] {
  const byRule = new Map<string, ReportOpportunityView[]>();
  for (const opportunity of opportunities) byRule.set(opportunity.rule, [...(byRule.get(opportunity.rule) ?? []), opportunity]);
  return [...byRule]
    .map(([rule, list]): ReportRuleSavingsView => {
      const monthlySavings = roundCents(list.reduce((sum, opportunity) => sum + opportunity.monthlySavings, 0));
      return {
        rule,
        summary: isFindingCode(rule) ? findingCodeInfo(rule).summary : '',
        count: list.length,
        monthlySavings,
        savingsText: formatMonthly(monthlySavings),
        opportunities: list,
      };
    })
    .sort((a, b) => b.monthlySavings - a.monthlySavings || a.rule.localeCompare(b.rule));
}

function filters(opportunities: readonly ReportOpportunityView[], findings: readonly ReportFindingView[]): ReportFiltersView {
  const rules = new Map<string, number>();
  const severities = new Map<Severity, number>();
  for (const { rule, severity } of [...opportunities, ...findings]) {
    rules.set(rule, (rules.get(rule) ?? 0) + 1);
    severities.set(severity, (severities.get(severity) ?? 0) + 1);
  }
  return {
    rules: [...rules].sort(([a], [b]) => a.localeCompare(b)).map(([rule, count]) => ({ rule, count })),
    severities: [...severities].sort(([a], [b]) => SEVERITY_ORDER[a] - SEVERITY_ORDER[b]).map(([severity, count]) => ({ severity, count })),
  };
}

function taskViews(report: Report, nameOf: (id: string, file: string) => string): ReportTaskView[] {
  const rows = taskRows(report);
  return (report.tasks ?? []).map((task, index) => taskView(task, rows[index], nameOf));
}

function taskView(task: TaskEstimate, row: TaskRow, nameOf: (id: string, file: string) => string): ReportTaskView {
  return {
    id: task.id,
    name: row.task,
    entry: row.entry,
    file: task.file,
    line: task.range.start.line + 1,
    character: task.range.start.character,
    configured: task.configured,
    problem: task.problem ?? null,
    callsText: row.calls,
    models: [...task.models],
    modelsText: row.models,
    costPerTask: task.problem || task.costPerTask === undefined ? null : roundPerCall(task.costPerTask),
    perTaskText: row.perTask,
    perDayText: row.perDay,
    costPerDayText: row.costPerDay,
    monthly: task.monthly === undefined ? null : roundCents(task.monthly),
    monthlyText: row.monthly,
    steps: stepsByCost(task).map((step): ReportTaskStepView => {
      const text = taskStepLine(step);
      return {
        id: step.site,
        name: nameOf(step.site, step.file),
        site: text.at,
        file: step.file,
        line: step.range.start.line + 1,
        character: step.range.start.character,
        model: text.model,
        callsText: text.calls,
        costText: text.cost,
        shareText: text.share,
        // Four decimals: a hundredth of a percent of the bar, and plain numbers in the posted JSON.
        share: step.share === undefined ? null : Math.round(step.share * 10000) / 10000,
      };
    }),
  };
}

function topSites(rows: readonly ReportRowView[]): ReportBarView[] {
  // Array.prototype.sort is stable: sites of equal cost keep the report's order.
  const priced = rows.filter((row): row is ReportRowView & { monthly: number } => row.monthly !== null).sort((a, b) => b.monthly - a.monthly);
  const top = priced.slice(0, TOP_SITES);
  const max = top.length > 0 ? top[0].monthly : 0;
  return top.map((row) => ({
    id: row.id,
    name: row.name,
    site: row.site,
    file: row.file,
    line: row.line,
    character: row.character,
    model: row.model,
    monthly: row.monthly,
    monthlyText: row.monthlyText,
    // All-zero costs would divide by zero; they draw as empty bars.
    fraction: max > 0 ? row.monthly / max : 0,
  }));
}
