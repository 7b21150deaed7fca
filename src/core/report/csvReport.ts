import { roundCents, roundPerCall } from '../format';
import { siteSavings, type Report } from '../workspace/report';

/**
 * CSV with raw numbers (not display strings) for spreadsheets; unpriced costs are empty cells.
 * `usd_savings_per_month` is what the site's findings would save (0 when nothing); `model_source`
 * is the JSON's `modelSource` (`literal`, `parameter-default`, `assumed`, …).
 */
export function toCsvReport(report: Report): string {
  const header = [
    'id',
    'file',
    'line',
    'kind',
    'sdk',
    'model',
    'model_as_written',
    'model_source',
    'priced',
    'input_tokens',
    'exact',
    'cacheable_prefix',
    'output_expected',
    'output_max',
    'monthly_calls',
    'usd_per_call',
    'usd_per_month',
    'usd_savings_per_month',
  ];
  const rows = report.sites.map(({ site, estimate, findings }) => [
    site.id,
    site.file,
    site.range.start.line + 1,
    site.kind,
    site.sdk,
    estimate.model.canonical ?? '',
    site.model?.written ?? site.model?.id ?? '',
    estimate.model.origin,
    estimate.cost.priced,
    estimate.tokens.input,
    estimate.tokens.exact,
    estimate.tokens.cacheablePrefix,
    estimate.tokens.outputExpected,
    estimate.tokens.outputMax ?? '',
    estimate.monthlyCalls,
    estimate.cost.perCall === undefined ? '' : roundPerCall(estimate.cost.perCall),
    estimate.cost.monthly === undefined ? '' : roundCents(estimate.cost.monthly),
    siteSavings(findings),
  ]);
  return [header, ...rows].map((row) => row.map(csvCell).join(',')).join('\n') + '\n';
}

function csvCell(value: string | number | boolean): string {
  const text = String(value);
  return /[",\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}
