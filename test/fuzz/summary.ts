import * as path from 'path';
import type { FuzzSummary } from './fuzzRun';

/** The summary the command prints: cases and time per group, failing cases per class, then each distinct failure. */
export function formatSummary(summary: FuzzSummary, folders: readonly string[]): string {
  const lines = ['', table(['group', 'cases', 'failing', 'seconds', 'in hangs', 'in worker starts', 'slowest case'], summary.groups.map(groupRow))];
  if (summary.failures.length === 0) return [...lines, '', 'No failures.'].join('\n');
  const distinct = (kind: string) => summary.failures.filter((failure) => failure.violation.kind === kind).length;
  const classRows = [...summary.classCounts].sort((a, b) => b[1] - a[1]).map(([kind, cases]) => [kind, String(cases), String(distinct(kind))]);
  lines.push('', table(['class', 'cases', 'distinct'], classRows), '', 'Distinct failures (cases, reproducer):');
  for (const [i, failure] of summary.failures.entries()) {
    const flaky = failure.reproduces === false ? '  (did not reproduce on its own)' : '';
    lines.push(`  ${String(failure.cases).padStart(5)}  ${failure.violation.signature}`, `         ${path.relative(process.cwd(), folders[i])}${flaky}`);
  }
  return lines.join('\n');
}

function groupRow(stats: FuzzSummary['groups'][number]): string[] {
  const slowest = stats.slowest ? `${Math.round(stats.slowest.ms)} ms: #${stats.slowest.fuzzCase.index} ${stats.slowest.fuzzCase.seed}` : '';
  return [
    stats.group,
    String(stats.cases),
    String(stats.failingCases),
    stats.seconds.toFixed(1),
    stats.hangSeconds.toFixed(1),
    stats.startSeconds.toFixed(1),
    slowest,
  ];
}

function table(header: string[], rows: string[][]): string {
  const widths = header.map((title, i) => Math.max(title.length, ...rows.map((row) => row[i].length)));
  const line = (cells: string[]) =>
    cells
      .map((cell, i) => (/^[\d.]+$/.test(cell) ? cell.padStart(widths[i]) : cell.padEnd(widths[i])))
      .join('  ')
      .trimEnd();
  return [line(header), line(widths.map((width) => '-'.repeat(width))), ...rows.map(line)].join('\n');
}
