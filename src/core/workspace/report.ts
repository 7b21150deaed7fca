import { roundCents } from '../format';
import type { Alternative } from '../pricing/alternatives';
import type { Estimate, Finding, PromptSite, Severity, TaskEstimate } from '../types';

export interface ReportSite {
  site: PromptSite;
  estimate: Estimate;
  /** The site's own findings: what the rules found, what the estimate could not price. Problems of the whole file are the file's. */
  findings: Finding[];
  /** Cheaper models of the same provider for the same tokens (from 10% off), closest in price first. */
  alternatives: Alternative[];
}

/** The findings about one file as a whole (a syntax error, broken YAML, an internal error). */
export interface FileFindings {
  /** Relative to the scanned root, `/` separators. */
  file: string;
  findings: Finding[];
}

/**
 * Why an input yielded nothing. Skipped by design, because the scan chose not to read it: `too-large`,
 * `binary`, `not-a-file` (a named pipe, a device, a socket), `outside-link` (a link out of the
 * scanned folder), `broken-link` (a link to nothing, or a loop). Failures: `unreadable` (missing,
 * permission denied, an I/O error), `analysis-failed` (the analysis did not run at all).
 */
export type SkipCause = 'too-large' | 'binary' | 'not-a-file' | 'outside-link' | 'broken-link' | 'unreadable' | 'analysis-failed';

/** An input that yielded no site at all (a file, or a folder the walk could not enter), and why. */
export interface SkippedFile {
  file: string;
  /** One line for people: what the input is and what was done with it. */
  reason: string;
  cause: SkipCause;
}

export interface Report {
  pricesAsOf: string;
  sites: ReportSite[];
  /** Files with problems of their own, each once, in file order. */
  fileFindings: FileFindings[];
  skipped: SkippedFile[];
  /** True when the scan was cancelled: the report holds what was done until then. */
  cancelled: boolean;
  totals: ReportTotals;
  /**
   * Calls on an LLM SDK that look like text generation but that no SDK module read, in file order:
   * the shapes Prompt Cost may be missing (`--explain-misses`). Absent from reports built otherwise.
   */
  unreadCalls?: UnreadCallAt[];
  /**
   * The tasks found from the call graph and named in promptcost.yaml, in file order; a named task
   * whose entry was not found is listed with its `problem`.
   */
  tasks?: TaskEstimate[];
}

/** An unread call and where it is. */
export interface UnreadCallAt {
  file: string;
  /** 1-based. */
  line: number;
  callee: string;
  sdk: string;
}

export interface ReportTotals {
  /** Sites counted in the totals (calls that run a prompt file in the report are counted at the file). */
  sites: number;
  /** Calls left out of the totals because the prompt file they run is a site of its own. */
  linkedSites: number;
  unpricedSites: number;
  /** Sum of each priced site's monthly cost rounded to the cent, so the table adds up. */
  monthlyCost: number;
  /** The same sum unrounded: what is shown when every site costs less than a cent (never `$0.00`). */
  monthlyCostExact: number;
  /** Sum of {@link opportunities}' savings: each finding's saving rounded to the cent, then added. */
  monthlySavings: number;
  /** What the fixes would save, largest first; `monthlySavings` is exactly their sum. */
  opportunities: SavingsOpportunity[];
  /** One row per model, by its canonical id (so `openai/gpt-4o` and `gpt-4o` are one model). */
  byModel: Array<{ model: string } & GroupTotals>;
  byFile: Array<{ file: string } & GroupTotals>;
}

export interface GroupTotals {
  sites: number;
  /** Sites of the group without a price: left out of `monthlyCost`, which is then not the whole cost. */
  unpricedSites: number;
  /** USD a month of the group's priced sites (each rounded to the cent). */
  monthlyCost: number;
  /** The same unrounded, shown when its sites each cost less than a cent. */
  monthlyCostExact: number;
}

/** One finding whose fix saves money: a line of the report's savings list. */
export interface SavingsOpportunity {
  siteId: string;
  /** Relative to the scanned root, `/` separators. */
  file: string;
  /** Where the finding is: 1-based line, 0-based character (as an editor places the cursor). */
  line: number;
  character: number;
  rule: string;
  severity: Severity;
  message: string;
  /** USD a month, rounded to the cent. */
  monthlySavings: number;
}

/**
 * The sites the totals count. A call that runs a prompt file costs what the file costs: it is
 * counted once, at the file's site, when that file is in the report too.
 */
export function countedSites(sites: readonly ReportSite[]): ReportSite[] {
  const promptFiles = new Set(sites.filter(({ site }) => site.kind === 'prompt-file').map(({ site }) => site.file));
  return sites.filter(({ site }) => !(site.promptFile && promptFiles.has(site.promptFile)));
}

/** A finding's saving as the report counts it: to the cent, and nothing when it saves nothing. */
export function findingSavings(finding: Finding): number {
  const saving = roundCents(finding.monthlySavings ?? 0);
  return saving > 0 ? saving : 0;
}

/** What one site's findings would save a month: each rounded to the cent, then added. */
export function siteSavings(findings: readonly Finding[]): number {
  return roundCents(findings.reduce((sum, finding) => sum + findingSavings(finding), 0));
}

/**
 * Every finding of the counted sites that saves at least a cent a month, largest saving first,
 * then by file, line and column (then the report's order). The totals' `monthlySavings` is the
 * sum of this list, so the two cannot disagree.
 */
export function savingsOpportunities(sites: readonly ReportSite[]): SavingsOpportunity[] {
  const list: SavingsOpportunity[] = [];
  for (const { site, findings } of countedSites(sites)) {
    for (const finding of findings) {
      const monthlySavings = findingSavings(finding);
      if (monthlySavings === 0) continue;
      const { line, character } = finding.range.start;
      list.push({
        siteId: site.id,
        file: site.file,
        line: line + 1,
        character,
        rule: finding.rule,
        severity: finding.severity,
        message: finding.message,
        monthlySavings,
      });
    }
  }
  const byCodePoint = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
  // Array.prototype.sort is stable: equal entries keep the report's order.
  return list.sort((a, b) => b.monthlySavings - a.monthlySavings || byCodePoint(a.file, b.file) || a.line - b.line || a.character - b.character);
}

/** Label of the By-model row of sites whose model is not known at all. */
export const UNKNOWN_MODEL = 'unknown model';

export function computeTotals(sites: readonly ReportSite[]): ReportTotals {
  const all = sites.length;
  const opportunities = savingsOpportunities(sites);
  sites = countedSites(sites);
  const byModel = new Map<string, GroupTotals>();
  const byFile = new Map<string, GroupTotals>();
  let monthlyCost = 0;
  let monthlyCostExact = 0;
  let unpricedSites = 0;
  for (const { site, estimate } of sites) {
    const exact = estimate.cost.priced ? estimate.cost.monthly : undefined;
    if (exact === undefined) unpricedSites++;
    monthlyCost += roundCents(exact ?? 0);
    monthlyCostExact += exact ?? 0;
    addTo(byModel, estimate.model.canonical ?? UNKNOWN_MODEL, exact);
    addTo(byFile, site.file, exact);
  }
  return {
    sites: sites.length,
    linkedSites: all - sites.length,
    unpricedSites,
    monthlyCost: roundCents(monthlyCost),
    monthlyCostExact,
    monthlySavings: roundCents(opportunities.reduce((sum, opportunity) => sum + opportunity.monthlySavings, 0)),
    opportunities,
    byModel: sortedGroups(byModel, 'model'),
    byFile: sortedGroups(byFile, 'file'),
  };
}

/** Adds a site to its group: its monthly cost, or undefined when it is unpriced. */
function addTo(groups: Map<string, GroupTotals>, key: string, monthly: number | undefined): void {
  const group = groups.get(key) ?? { sites: 0, unpricedSites: 0, monthlyCost: 0, monthlyCostExact: 0 };
  group.sites++;
  if (monthly === undefined) group.unpricedSites++;
  group.monthlyCost = roundCents(group.monthlyCost + roundCents(monthly ?? 0));
  group.monthlyCostExact += monthly ?? 0;
  groups.set(key, group);
}

/** Most expensive first; groups with nothing priced after those with a cost (Array.prototype.sort is stable). */
function sortedGroups<K extends string>(groups: Map<string, GroupTotals>, key: K): Array<{ [P in K]: string } & GroupTotals> {
  return [...groups.entries()]
    .map(([name, totals]) => ({ [key]: name, ...totals }) as { [P in K]: string } & GroupTotals)
    .sort((a, b) => b.monthlyCost - a.monthlyCost || Number(a.unpricedSites === a.sites) - Number(b.unpricedSites === b.sites));
}

/** A finding with the file it is in. */
export interface LocatedFinding {
  file: string;
  finding: Finding;
}

/**
 * Every finding of a report once: a file's own problems first, then its sites' findings in site
 * order; files in path order, as they are scanned.
 */
export function reportFindings(report: Pick<Report, 'sites' | 'fileFindings'>): LocatedFinding[] {
  const byFile = new Map<string, LocatedFinding[]>();
  const add = (file: string, finding: Finding) => {
    const list = byFile.get(file) ?? [];
    list.push({ file, finding });
    byFile.set(file, list);
  };
  for (const { file, findings } of report.fileFindings) for (const finding of findings) add(file, finding);
  for (const { site, findings } of report.sites) for (const finding of findings) add(site.file, finding);
  return [...byFile.keys()].sort((a, b) => a.localeCompare(b)).flatMap((file) => byFile.get(file)!);
}
