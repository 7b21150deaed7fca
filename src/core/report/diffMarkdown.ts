import { formatMonthly } from '../format';
import type { CostDiff, DiffFinding, SiteDiff } from './costDiff';
import { changedSites, diffCell, diffHeadline, monthlyCell, statusCounts, unpricedNote } from './diffText';
import { escapeMarkdown, inlineCode } from './markdownText';

/** Rows of changed sites shown before the rest is folded away, unless told otherwise (`--top`). */
const DEFAULT_DIFF_ROWS = 20;

/**
 * The diff as a pull-request comment: the headline, the changed sites (largest change first, each
 * with why), new and fixed findings, and the rest folded in `<details>` so a large change stays readable.
 */
export function toDiffMarkdown(diff: CostDiff, options: { top?: number } = {}): string {
  const top = options.top ?? DEFAULT_DIFF_ROWS;
  const changed = changedSites(diff);
  const out = [
    `### Prompt Cost: ${diffHeadline(diff)}`,
    '',
    `${formatMonthly(diff.pastTotalMonthlyCost)} → ${formatMonthly(diff.totalMonthlyCost)} a month · ${escapeMarkdown(diff.base)} → ${escapeMarkdown(diff.head)} · ${statusCounts(diff)}`,
  ];
  const note = unpricedNote(diff);
  if (note) out.push('', `_${note}_`);
  if (changed.length > 0) {
    out.push('', ...siteTable(changed.slice(0, top)));
    if (changed.length > top) out.push('', details(sitesCount(changed.length - top, 'more changed'), siteTable(changed.slice(top))));
  }
  if (diff.findings.new.length > 0) out.push('', `**New findings (${diff.findings.new.length})**`, '', ...diff.findings.new.map(findingItem));
  if (diff.findings.fixed.length > 0) out.push('', `**Fixed findings (${diff.findings.fixed.length})**`, '', ...diff.findings.fixed.map(findingItem));
  const unchanged = diff.sites.filter((site) => site.status === 'unchanged');
  if (unchanged.length > 0) {
    const rows = ['| Site | Monthly |', '|---|--:|', ...unchanged.map((site) => `| ${siteCell(site)} | ${monthlyCell(site, 'now')} |`)];
    out.push('', details(sitesCount(unchanged.length, 'unchanged'), rows));
  }
  return out.join('\n');
}

function siteTable(sites: SiteDiff[]): string[] {
  return [
    '| Site | Change | Before | After | Δ / month | Why |',
    '|---|---|--:|--:|--:|---|',
    ...sites.map(
      (site) =>
        `| ${siteCell(site)} | ${site.status} | ${monthlyCell(site, 'past')} | ${monthlyCell(site, 'now')} | ${diffCell(site)} | ${site.reasons.map(escapeMarkdown).join(' · ')} |`,
    ),
  ];
}

const sitesCount = (n: number, what: string) => `${n} ${what} site${n === 1 ? '' : 's'}`;

const siteCell = (site: SiteDiff) => `${escapeMarkdown(site.name)} (${inlineCode(`${site.file}:${site.line}`)})`;

function findingItem(finding: DiffFinding): string {
  const saving = finding.monthlySavings ? ` — saves ${formatMonthly(finding.monthlySavings)}/month` : '';
  return `- ${inlineCode(finding.rule)} ${finding.severity} at ${inlineCode(`${finding.file}:${finding.line}`)}: ${escapeMarkdown(finding.message.split('\n')[0])}${saving}`;
}

function details(summary: string, lines: string[]): string {
  return ['<details>', `<summary>${escapeMarkdown(summary)}</summary>`, '', ...lines, '', '</details>'].join('\n');
}
