import { escapeMarkdown, inlineCode } from './markdownText';
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

/** Markdown for pull-request comments and the report's export. */
export function toMarkdownReport(report: Report, options: ReportTextOptions = {}): string {
  const { rows, hidden } = shownRows(report, options.top);
  const out = [
    '## Prompt Cost estimate',
    '',
    `| ${COLUMNS.map(([, title]) => title).join(' | ')} |`,
    `| ${COLUMNS.map(([key]) => (NUMERIC_COLUMNS.has(key) ? '---:' : '---')).join(' | ')} |`,
    ...rows.map((row) => `| ${COLUMNS.map(([key]) => escapeMarkdown(row[key])).join(' | ')} |`),
    ...(hidden > 0 ? ['', `_${escapeMarkdown(hiddenRowsNote(hidden, options.top!))}_`] : []),
    '',
    `**Total:** ${totalLine(report)}`,
  ];
  out.push(...taskSection(report));
  const { opportunities } = report.totals;
  if (opportunities.length > 0) {
    out.push(
      '',
      '### Savings',
      '',
      '| $/month | site | rule | finding |',
      '| ---: | --- | --- | --- |',
      ...opportunities.map(
        (o) => `| ${formatMonthly(o.monthlySavings)} | ${tableCode(`${o.file}:${o.line}`)} | ${o.rule} | ${escapeMarkdown(firstLine(o.message))} |`,
      ),
      '',
      `**Savings:** ${savingsSummary(report)}`,
    );
  }
  const findings = findingLines(report).map(({ at, severity, message }) => `- ${inlineCode(at)} **${severity}** ${escapeMarkdown(message)}`);
  if (findings.length > 0) out.push('', '### Findings', '', ...findings);
  if (report.skipped.length > 0) out.push('', '### Skipped', '', ...report.skipped.map((s) => `- ${inlineCode(s.file)}: ${escapeMarkdown(s.reason)}`));
  out.push('', `_${footnote(report)}_`);
  return out.join('\n');
}

/** Inline code in a table cell: GitHub splits cells at `|` even inside code, unless it is escaped. */
function tableCode(text: string): string {
  return inlineCode(text).replace(/\|/g, '\\|');
}

/** The tasks as a table, each task's steps in a list under it. */
function taskSection(report: Report): string[] {
  const tasks = report.tasks ?? [];
  if (tasks.length === 0) return [];
  const rows = taskRows(report);
  const out = [
    '',
    '### Tasks',
    '',
    `| ${TASK_COLUMNS.map(([, title]) => title).join(' | ')} |`,
    `| ${TASK_COLUMNS.map(([key]) => (NUMERIC_TASK_COLUMNS.has(key) ? '---:' : '---')).join(' | ')} |`,
    ...rows.map((row) => `| ${TASK_COLUMNS.map(([key]) => (key === 'entry' ? tableCode(row[key]) : escapeMarkdown(row[key]))).join(' | ')} |`),
    '',
    `_${escapeMarkdown(TASKS_NOTE)}_`,
  ];
  tasks.forEach((task, i) => {
    const steps = taskStepLines(task);
    if (task.problem) out.push('', `**${escapeMarkdown(rows[i].task)}**: ${escapeMarkdown(task.problem)}`);
    if (steps.length === 0) return;
    out.push('', `**${escapeMarkdown(rows[i].task)}** steps:`, '');
    for (const step of steps) out.push(`- ${step.share} ${inlineCode(step.at)} ${escapeMarkdown(step.model)}, ${step.calls}, ${step.cost}`);
  });
  return out;
}
