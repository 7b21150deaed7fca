import { formatCount, formatMonthly, formatPerCall, formatTokens } from '../format';
import type { Report } from '../workspace/report';

/** One display row per site: the table, Markdown and CSV show exactly these strings. */
export interface DisplayRow {
  site: string;
  model: string;
  tokens: string;
  perCall: string;
  monthly: string;
  calls: string;
}

export const COLUMNS: ReadonlyArray<[keyof DisplayRow, string]> = [
  ['site', 'site'],
  ['model', 'model'],
  ['tokens', 'input tokens'],
  ['perCall', '$/call'],
  ['monthly', '$/month'],
  ['calls', 'calls/month'],
];

export function displayRows(report: Report): DisplayRow[] {
  return report.sites.map(({ site, estimate }) => ({
    site: `${site.file}:${site.range.start.line + 1}`,
    model: estimate.model.id ?? 'unknown model',
    tokens: formatTokens(estimate.tokens.input, estimate.tokens.exact),
    perCall: estimate.cost.priced && estimate.cost.perCall !== undefined ? formatPerCall(estimate.cost.perCall) : 'unpriced',
    monthly: estimate.cost.priced && estimate.cost.monthly !== undefined ? formatMonthly(estimate.cost.monthly) : 'unpriced',
    calls: formatCount(estimate.monthlyCalls),
  }));
}

export function totalLine(report: Report): string {
  const { sites, unpricedSites, monthlyCost, linkedSites } = report.totals;
  const unpriced = unpricedSites > 0 ? `, ${unpricedSites} unpriced and not in the total` : '';
  const linked = linkedSites > 0 ? `; ${linkedSites} call${linkedSites === 1 ? '' : 's'} running a prompt file counted at the file` : '';
  return `${formatMonthly(monthlyCost)}/month for ${sites} site${sites === 1 ? '' : 's'}${unpriced}${linked}`;
}

export function footnote(report: Report): string {
  return `Prices: @pydantic/genai-prices data of ${report.pricesAsOf}. ≈ marks estimated token counts (no public tokenizer).`;
}
