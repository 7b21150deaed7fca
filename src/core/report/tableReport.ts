import { formatMonthly } from '../format';
import type { Report } from '../workspace/report';
import { NUMERIC_TASK_COLUMNS, TASK_COLUMNS, TASKS_NOTE, taskRows, taskStepLines } from './taskRows';
import {
  COLUMNS,
  findingLines,
  firstLine,
  footnote,
  hiddenRowsNote,
  NUMERIC_COLUMNS,
  savingsSummary,
  shownRows,
  totalLine,
  type ReportTextOptions,
} from './rows';

/** Plain-text table for terminals; the same strings as the Markdown and CSV reports. */
export function toTableReport(report: Report, options: ReportTextOptions = {}): string {
  const { rows, hidden } = shownRows(report, options.top);
  const line = alignedColumns(COLUMNS, NUMERIC_COLUMNS, rows);
  const out = [line(COLUMNS.map(([, title]) => title)), ...rows.map((row) => line(COLUMNS.map(([key]) => row[key])))];
  if (hidden > 0) out.push(hiddenRowsNote(hidden, options.top!));
  out.push('', `Total: ${totalLine(report)}`);
  out.push(...taskTable(report));
  const { opportunities } = report.totals;
  if (opportunities.length > 0) {
    const amounts = opportunities.map((o) => formatMonthly(o.monthlySavings));
    const width = Math.max(...amounts.map((amount) => amount.length));
    out.push(
      '',
      `Savings: ${savingsSummary(report)}`,
      ...opportunities.map((o, i) => `  ${amounts[i].padStart(width)}  ${o.file}:${o.line}  ${o.rule}  ${firstLine(o.message)}`),
    );
  }
  const findings = findingLines(report).map(({ at, severity, message }) => `  ${at}  ${severity}  ${message}`);
  if (findings.length > 0) out.push('', 'Findings:', ...findings);
  if (report.skipped.length > 0) out.push('', 'Skipped:', ...report.skipped.map((s) => `  ${s.file}: ${s.reason}`));
  if (report.cancelled) out.push('', 'The scan was cancelled: these are the files done so far.');
  out.push('', footnote(report));
  return out.join('\n');
}

/** The tasks, one row each with its steps below it, costliest share first. */
function taskTable(report: Report): string[] {
  const tasks = report.tasks ?? [];
  if (tasks.length === 0) return [];
  const rows = taskRows(report);
  const line = alignedColumns(TASK_COLUMNS, NUMERIC_TASK_COLUMNS, rows);
  const out = ['', `Tasks (${TASKS_NOTE})`, line(TASK_COLUMNS.map(([, title]) => title))];
  tasks.forEach((task, i) => {
    out.push(line(TASK_COLUMNS.map(([key]) => rows[i][key])));
    if (task.problem) out.push(`  ${task.problem}`);
    for (const step of taskStepLines(task)) out.push(`  ${step.share.padStart(4)}  ${step.at}  ${step.model}  ${step.calls}  ${step.cost}`);
  });
  return out;
}

/** Lays out a line of cells under `columns`, each as wide as its widest cell or title; figures right-aligned. */
function alignedColumns<Row extends { [K in keyof Row]: string }>(
  columns: ReadonlyArray<[keyof Row, string]>,
  numeric: ReadonlySet<keyof Row>,
  rows: readonly Row[],
): (cells: string[]) => string {
  const widths = columns.map(([key, title]) => Math.max(title.length, ...rows.map((row) => row[key].length)));
  return (cells) =>
    cells
      .map((cell, i) => (numeric.has(columns[i][0]) ? cell.padStart(widths[i]) : cell.padEnd(widths[i])))
      .join('  ')
      .trimEnd();
}
