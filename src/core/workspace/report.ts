import { roundCents } from '../format';
import type { Estimate, Finding, PromptSite } from '../types';

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
  monthlySavings: number;
  byModel: Array<{ model: string; sites: number; monthlyCost: number }>;
  byFile: Array<{ file: string; sites: number; monthlyCost: number }>;
}

export function computeTotals(sites: readonly ReportSite[]): ReportTotals {
  // A call that runs a prompt file costs what the file costs: count it once, at the file's site.
  const promptFiles = new Set(sites.filter(({ site }) => site.kind === 'prompt-file').map(({ site }) => site.file));
  const all = sites.length;
  sites = sites.filter(({ site }) => !(site.promptFile && promptFiles.has(site.promptFile)));
  const linkedSites = all - sites.length;
  const byModel = new Map<string, { sites: number; monthlyCost: number }>();
  const byFile = new Map<string, { sites: number; monthlyCost: number }>();
  let monthlyCost = 0;
  let monthlySavings = 0;
  let unpricedSites = 0;
  for (const { site, estimate, findings } of sites) {
    const monthly = estimate.cost.priced && estimate.cost.monthly !== undefined ? roundCents(estimate.cost.monthly) : 0;
    if (!estimate.cost.priced) unpricedSites++;
    monthlyCost += monthly;
    monthlySavings += findings.reduce((sum, finding) => sum + roundCents(finding.monthlySavings ?? 0), 0);
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
    [...map.entries()].map(([name, value]) => ({ [key]: name, ...value }) as { [P in K]: string } & { sites: number; monthlyCost: number }).sort((a, b) => b.monthlyCost - a.monthlyCost);
  return {
    sites: sites.length,
    linkedSites,
    unpricedSites,
    monthlyCost: roundCents(monthlyCost),
    monthlySavings: roundCents(monthlySavings),
    byModel: sorted(byModel, 'model'),
    byFile: sorted(byFile, 'file'),
  };
}
