import { formatMonthly } from '../format';
import type { CostDiff } from './costDiff';
import { changedSites, diffCell, diffHeadline, monthlyCell, statusCounts, unpricedNote } from './diffText';

/** The diff for a terminal: the headline, then each changed site with its figures and reasons. */
export function toDiffTable(diff: CostDiff, options: { top?: number } = {}): string {
  const changed = changedSites(diff);
  const shown = options.top === undefined ? changed : changed.slice(0, options.top);
  const out = [
    `${diffHeadline(diff)}: ${formatMonthly(diff.pastTotalMonthlyCost)} → ${formatMonthly(diff.totalMonthlyCost)} a month (${diff.base} → ${diff.head})`,
    statusCounts(diff),
  ];
  if (shown.length > 0) {
    const rows = shown.map((site) => [
      diffCell(site),
      site.status,
      `${monthlyCell(site, 'past')} → ${monthlyCell(site, 'now')}`,
      `${site.file}:${site.line}`,
      site.name,
    ]);
    const widths = rows[0].map((_, column) => Math.max(...rows.map((row) => row[column].length)));
    out.push('');
    shown.forEach((site, i) => {
      out.push(
        rows[i]
          .map((cell, column) => (column === 0 ? cell.padStart(widths[0]) : cell.padEnd(widths[column])))
          .join('  ')
          .trimEnd(),
      );
      for (const reason of site.reasons) out.push(`${' '.repeat(widths[0] + 2)}- ${reason}`);
    });
    if (shown.length < changed.length) out.push(`… and ${changed.length - shown.length} more changed sites (--top ${options.top})`);
  }
  if (diff.findings.new.length > 0)
    out.push('', 'New findings:', ...diff.findings.new.map((f) => `  ${f.file}:${f.line}  ${f.rule}  ${f.message.split('\n')[0]}`));
  if (diff.findings.fixed.length > 0)
    out.push('', 'Fixed findings:', ...diff.findings.fixed.map((f) => `  ${f.file}:${f.line}  ${f.rule}  ${f.message.split('\n')[0]}`));
  const note = unpricedNote(diff);
  if (note) out.push('', note);
  return out.join('\n');
}
