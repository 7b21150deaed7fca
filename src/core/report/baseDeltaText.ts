import { formatMonthly } from '../format';
import type { CostDiff, SiteDiff } from './costDiff';
import { signedMonthly } from './diffText';

/**
 * What a CodeLens adds after a site's figures when the site differs from the base: ` (+$12.30 vs
 * main)`, ` (new vs main)`, or ` (changed vs main)` when either side is unpriced (an unknown price
 * gives no dollar change). Empty for a site the base has as it is.
 */
export function lensDeltaSuffix(site: SiteDiff, label: string): string {
  if (site.status === 'unchanged' || site.status === 'removed') return '';
  if (site.status === 'added') return ` (new vs ${label})`;
  if (site.diffMonthly === null) return ` (changed vs ${label})`;
  return ` (${signedMonthly(site.diffMonthly)} vs ${label})`;
}

/**
 * The hover's line on the change: `vs main: +$12.30/month — model gpt-4o → gpt-4.1 · prompt +812
 * tokens`; undefined for a site the base has as it is.
 */
export function hoverDeltaLine(site: SiteDiff, label: string): string | undefined {
  if (site.status === 'unchanged' || site.status === 'removed') return undefined;
  if (site.status === 'added') {
    const month = site.monthly === null ? 'unpriced' : `${formatMonthly(site.monthly)}/month`;
    return `vs ${label}: new site (${month})`;
  }
  const reasons = site.reasons.length > 0 ? ` — ${site.reasons.join(' · ')}` : '';
  if (site.diffMonthly === null) {
    const side = site.pastMonthly === null ? (site.monthly === null ? 'both sides are' : `${label} is`) : 'this estimate is';
    return `vs ${label}: changed, no dollar change (${side} unpriced)${reasons}`;
  }
  return `vs ${label}: ${signedMonthly(site.diffMonthly)}/month${reasons}`;
}

/** `(+$41.00 vs main)`, `(no change vs main)`: the workspace total against the base's. */
export function totalDeltaText(diff: CostDiff, label: string): string {
  const change = diff.diffTotalMonthlyCost;
  return change === 0 ? `(no change vs ${label})` : `(${signedMonthly(change)} vs ${label})`;
}
