import { modelLabel } from '../cost/modelLabel';
import { formatCount, formatMonthly, formatPerCall, formatTokens, formatTotal } from '../format';
import { PRICE_DATA } from '../pricing/priceData';
import { priceSourceText } from '../pricing/priceSource';
import type { PromptSite, Severity } from '../types';
import {
  countedSites,
  findingSavings,
  reportFindings,
  siteSavings,
  UNKNOWN_MODEL,
  type GroupTotals,
  type LocatedFinding,
  type Report,
} from '../workspace/report';

/** One display row per site: the table, Markdown and CSV show exactly these strings. */
export interface DisplayRow {
  site: string;
  model: string;
  tokens: string;
  perCall: string;
  monthly: string;
  calls: string;
  /** What the site's findings would save a month, or {@link NO_SAVINGS}. */
  savings: string;
}

/** Shown where a site has no savings: an empty cell would read as "not computed". */
export const NO_SAVINGS = '—';

export const COLUMNS: ReadonlyArray<[keyof DisplayRow, string]> = [
  ['site', 'site'],
  ['model', 'model'],
  ['tokens', 'input tokens'],
  ['perCall', '$/call'],
  ['monthly', '$/month'],
  ['calls', 'calls/month'],
  ['savings', 'savings'],
];

/** Columns whose cells are right-aligned: the figures. */
export const NUMERIC_COLUMNS: ReadonlySet<keyof DisplayRow> = new Set(['tokens', 'perCall', 'monthly', 'calls', 'savings']);

export function displayRows(report: Report): DisplayRow[] {
  return report.sites.map(({ site, estimate, findings }) => ({
    site: `${site.file}:${site.range.start.line + 1}`,
    model: modelLabel(estimate.model) ?? UNKNOWN_MODEL,
    tokens: formatTokens(estimate.tokens.input, estimate.tokens.exact),
    perCall: perCallText(estimate),
    monthly: estimate.cost.priced && estimate.cost.monthly !== undefined ? formatMonthly(estimate.cost.monthly) : 'unpriced',
    // An agent site's monthly calls are runs.
    calls: estimate.agent ? `${formatCount(estimate.monthlyCalls)} runs` : formatCount(estimate.monthlyCalls),
    savings: savingsText(siteSavings(findings)),
  }));
}

/** `$0.0031`, or per run for an agent site (`$0.041/run`): what the month multiplies. */
function perCallText(estimate: Report['sites'][number]['estimate']): string {
  if (!estimate.cost.priced) return 'unpriced';
  const perRun = estimate.agent?.perRun.cost;
  if (perRun !== undefined) return `${formatPerCall(perRun)}/run`;
  return estimate.cost.perCall !== undefined ? formatPerCall(estimate.cost.perCall) : 'unpriced';
}

/** `$2.43`, or {@link NO_SAVINGS} for nothing to save. */
export function savingsText(usd: number): string {
  return usd > 0 ? formatMonthly(usd) : NO_SAVINGS;
}

/** A finding's message as one line: lists and tables show the first line only. */
export function firstLine(message: string): string {
  return message.split('\n')[0];
}

/** What the savings list adds up to: `$2.43/month from 2 findings`. */
export function savingsSummary(report: Report): string {
  const count = report.totals.opportunities.length;
  return `${formatMonthly(report.totals.monthlySavings)}/month from ${count} finding${count === 1 ? '' : 's'}`;
}

export function totalLine(report: Report): string {
  const { sites, unpricedSites, monthlyCost, monthlyCostExact, linkedSites } = report.totals;
  const linked = linkedSites > 0 ? `; ${linkedSites} call${linkedSites === 1 ? '' : 's'} running a prompt file counted at the file` : '';
  const count = `${sites} site${sites === 1 ? '' : 's'}`;
  // Nothing priced is not free: never `$0.00` for sites whose price is unknown.
  if (sites > 0 && unpricedSites === sites) return `no price is known for the ${count}${linked}`;
  const unpriced = unpricedSites > 0 ? `, ${unpricedSites} unpriced and not in the total` : '';
  return `${formatTotal(monthlyCost, monthlyCostExact)}/month for ${count}${unpriced}${linked}`;
}

/** A group's monthly cost as shown: `$12.40`, `$12.40 + unpriced` when some of its sites have no price, `unpriced` when none has. */
export function groupCostText(group: GroupTotals): string {
  if (group.sites > 0 && group.unpricedSites === group.sites) return 'unpriced';
  const cost = formatTotal(group.monthlyCost, group.monthlyCostExact);
  return group.unpricedSites > 0 ? `${cost} + unpriced` : cost;
}

/** Most severe first: the order findings are listed and the severity filter offers them. */
export const SEVERITY_ORDER: Readonly<Record<Severity, number>> = { error: 0, warning: 1, info: 2, hint: 3 };

/** A finding of the report outside its savings list, with the site it is on (none for a problem of the file itself). */
export interface ListedFinding extends LocatedFinding {
  site?: PromptSite;
}

/**
 * The report's findings that are not in its savings list. A finding that saves money is listed
 * once, under Savings; the rest come by severity (error, warning, info, hint), then by what they
 * would save (a call counted at its prompt file keeps its finding's saving here), then in the
 * report's order (files in path order).
 */
export function listedFindings(report: Report): ListedFinding[] {
  // The savings list is exactly the counted sites' findings that save at least a cent.
  const inSavings = new Set(countedSites(report.sites).flatMap(({ findings }) => findings.filter((finding) => findingSavings(finding) > 0)));
  const siteOf = new Map(report.sites.flatMap(({ site, findings }) => findings.map((finding) => [finding, site] as const)));
  return reportFindings(report)
    .filter(({ finding }) => !inSavings.has(finding))
    .map((located, index) => ({ ...located, index }))
    .sort(
      (a, b) =>
        SEVERITY_ORDER[a.finding.severity] - SEVERITY_ORDER[b.finding.severity] || findingSavings(b.finding) - findingSavings(a.finding) || a.index - b.index,
    )
    .map(({ file, finding }) => {
      const site = siteOf.get(finding);
      return site ? { file, finding, site } : { file, finding };
    });
}

/** {@link listedFindings} one line each: `file:line  severity  message`. */
export function findingLines(report: Report): Array<{ at: string; severity: string; message: string }> {
  return listedFindings(report).map(({ file, finding }) => ({
    at: `${file}:${finding.range.start.line + 1}`,
    severity: finding.severity,
    message: firstLine(finding.message),
  }));
}

/** Options of the table and Markdown reports. */
export interface ReportTextOptions {
  /** Show only this many sites, the most expensive (unpriced last), with a line for the rest. */
  top?: number;
}

/**
 * The rows the table and Markdown show with `--top N`: the N most expensive sites by monthly cost,
 * unpriced ones last (equal ones in the report's order), and how many are left out. Without `top`,
 * every row in the report's order.
 */
export function shownRows(report: Report, top?: number): { rows: DisplayRow[]; hidden: number } {
  const rows = displayRows(report);
  if (top === undefined) return { rows, hidden: 0 };
  const monthly = (index: number) => {
    const { cost } = report.sites[index].estimate;
    return cost.priced && cost.monthly !== undefined ? cost.monthly : -1;
  };
  const order = rows.map((_, index) => index).sort((a, b) => monthly(b) - monthly(a) || a - b);
  return { rows: order.slice(0, top).map((index) => rows[index]), hidden: Math.max(0, rows.length - top) };
}

/** The line under a table cut by `--top`: how many sites are not shown, and that the total still counts them. */
export function hiddenRowsNote(hidden: number, top: number): string {
  return `${formatCount(hidden)} more site${hidden === 1 ? '' : 's'} not shown (--top ${top}); the total counts them all.`;
}

/**
 * The report's one line on prices: the price data's package, version and date, then how many sites
 * took their price from elsewhere (promptcost.yaml `prices:`, a price file), once for the whole report.
 */
export function footnote(report: Report): string {
  return `Prices: ${pricesLine(report)}. ≈ marks estimated token counts (no public tokenizer).`;
}

/** `@pydantic/genai-prices 0.1.8, 2026-09-23; 2 sites from promptcost.yaml prices; 1 site from prices.json (2026-11-30)`. */
export function pricesLine(report: Report): string {
  const elsewhere = new Map<string, number>();
  for (const { estimate } of report.sites) {
    const source = estimate.cost.priced ? estimate.cost.priceSource : undefined;
    if (!source || source.kind === 'price-data') continue;
    const text = priceSourceText(source);
    elsewhere.set(text, (elsewhere.get(text) ?? 0) + 1);
  }
  const parts = [`${PRICE_DATA.package} ${PRICE_DATA.version}, ${report.pricesAsOf}`];
  for (const [text, sites] of elsewhere) parts.push(`${formatCount(sites)} site${sites === 1 ? '' : 's'} from ${text}`);
  return parts.join('; ');
}
