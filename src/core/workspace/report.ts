import { roundCents } from '../format';
import type { Estimate, Finding, PromptSite, Severity } from '../types';

export interface ReportSite {
  site: PromptSite;
  estimate: Estimate;
  /** What the extractor found wrong with the file and what the estimate could not price. */
  findings: Finding[];
}

/** A file that yielded no site at all (unreadable, binary, too large), and why. */
export interface SkippedFile {
  file: string;
  reason: string;
}

export interface Report {
  pricesAsOf: string;
  sites: ReportSite[];
  skipped: SkippedFile[];
  /** True when the scan was cancelled: the report holds what was done until then. */
  cancelled: boolean;
  totals: ReportTotals;
}

export interface ReportTotals {
  /** Sites counted in the totals (calls that run a prompt file in the report are counted at the file). */
  sites: number;
  /** Calls left out of the totals because the prompt file they run is a site of its own. */
  linkedSites: number;
  unpricedSites: number;
  /** Sum of each priced site's monthly cost rounded to the cent, so the table adds up. */
  monthlyCost: number;
  /** Sum of {@link opportunities}' savings: each finding's saving rounded to the cent, then added. */
  monthlySavings: number;
  /** What the fixes would save, largest first; `monthlySavings` is exactly their sum. */
  opportunities: SavingsOpportunity[];
  byModel: Array<{ model: string; sites: number; monthlyCost: number }>;
  byFile: Array<{ file: string; sites: number; monthlyCost: number }>;
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

export function computeTotals(sites: readonly ReportSite[]): ReportTotals {
  const all = sites.length;
  const opportunities = savingsOpportunities(sites);
  sites = countedSites(sites);
  const linkedSites = all - sites.length;
  const byModel = new Map<string, { sites: number; monthlyCost: number }>();
  const byFile = new Map<string, { sites: number; monthlyCost: number }>();
  let monthlyCost = 0;
  let unpricedSites = 0;
  for (const { site, estimate } of sites) {
    const monthly = estimate.cost.priced && estimate.cost.monthly !== undefined ? roundCents(estimate.cost.monthly) : 0;
    if (!estimate.cost.priced) unpricedSites++;
    monthlyCost += monthly;
    const model = estimate.model.id ?? 'unknown model';
    for (const [map, key] of [
      [byModel, model],
      [byFile, site.file],
    ] as const) {
      const entry = map.get(key) ?? { sites: 0, monthlyCost: 0 };
      entry.sites++;
      entry.monthlyCost = roundCents(entry.monthlyCost + monthly);
      map.set(key, entry);
    }
  }
  const sorted = <K extends string>(map: Map<string, { sites: number; monthlyCost: number }>, key: K) =>
    [...map.entries()]
      .map(([name, value]) => ({ [key]: name, ...value }) as { [P in K]: string } & { sites: number; monthlyCost: number })
      .sort((a, b) => b.monthlyCost - a.monthlyCost);
  return {
    sites: sites.length,
    linkedSites,
    unpricedSites,
    monthlyCost: roundCents(monthlyCost),
    monthlySavings: roundCents(opportunities.reduce((sum, opportunity) => sum + opportunity.monthlySavings, 0)),
    opportunities,
    byModel: sorted(byModel, 'model'),
    byFile: sorted(byFile, 'file'),
  };
}
