import { formatMonthly } from '../format';
import type { CostDiff, SiteDiff } from './costDiff';

/** `+$312.40/month (+14%)`, `−$3.10/month (−2%)`, `no change in cost`: the diff in one phrase. */
export function diffHeadline(diff: CostDiff): string {
  const change = diff.diffTotalMonthlyCost;
  if (change === 0) return 'no change in cost';
  const past = diff.pastTotalMonthlyCost;
  const share = past > 0 ? ` (${signedPercent((change / past) * 100)})` : '';
  return `${signedMonthly(change)}/month${share}`;
}

/** `+$12.30`, `−$0.40`, `$0.00`. */
export function signedMonthly(usd: number): string {
  if (usd === 0) return formatMonthly(0);
  return `${usd > 0 ? '+' : '−'}${formatMonthly(Math.abs(usd))}`;
}

function signedPercent(percent: number): string {
  const rounded = Math.abs(percent) < 1 ? Math.abs(percent).toFixed(1) : Math.round(Math.abs(percent)).toString();
  return `${percent > 0 ? '+' : '−'}${rounded}%`;
}

/** A month as a cell: the amount, `unpriced`, or `—` where the site does not exist. */
export function monthlyCell(site: SiteDiff, side: 'past' | 'now'): string {
  const absent = side === 'past' ? site.status === 'added' : site.status === 'removed';
  if (absent) return '—';
  const value = side === 'past' ? site.pastMonthly : site.monthly;
  return value === null ? 'unpriced' : formatMonthly(value);
}

/** The change as a cell: signed, or `unpriced` when either side has no price. */
export function diffCell(site: SiteDiff): string {
  return site.diffMonthly === null ? 'unpriced' : signedMonthly(site.diffMonthly);
}

/** The sites a review cares about: added, removed and changed, largest change first (the diff's order). */
export function changedSites(diff: CostDiff): SiteDiff[] {
  return diff.sites.filter((site) => site.status !== 'unchanged');
}

/** `3 changed · 1 added · 1 removed · 12 unchanged`. */
export function statusCounts(diff: CostDiff): string {
  const counts = (['changed', 'added', 'removed', 'unchanged'] as const)
    .map((status) => [status, diff.sites.filter((site) => site.status === status).length] as const)
    .filter(([, n]) => n > 0);
  return counts.length === 0 ? 'no sites on either side' : counts.map(([status, n]) => `${n} ${status}`).join(' · ');
}

/** The unpriced sites, said once: they are in no total. */
export function unpricedNote(diff: CostDiff): string | undefined {
  const { base, head } = diff.unpricedSites;
  if (base === 0 && head === 0) return undefined;
  return `Unpriced sites are in no total (base ${base}, head ${head}): an unknown price is not $0.`;
}
