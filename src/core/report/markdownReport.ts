import { formatMonthly } from '../format';
import type { Report } from '../workspace/report';
import { COLUMNS, displayRows, findingLines, firstLine, footnote, NUMERIC_COLUMNS, savingsSummary, totalLine } from './rows';

/** Markdown for pull-request comments and the report's export. */
export function toMarkdownReport(report: Report): string {
  const rows = displayRows(report);
  const escape = (cell: string) => cell.replace(/\|/g, '\\|');
  const out = [
    '## Prompt Cost estimate',
    '',
    `| ${COLUMNS.map(([, title]) => title).join(' | ')} |`,
    `| ${COLUMNS.map(([key]) => (NUMERIC_COLUMNS.has(key) ? '---:' : '---')).join(' | ')} |`,
    ...rows.map((row) => `| ${COLUMNS.map(([key]) => escape(row[key])).join(' | ')} |`),
    '',
    `**Total:** ${totalLine(report)}`,
  ];
  const { opportunities } = report.totals;
  if (opportunities.length > 0) {
    out.push(
      '',
      '### Savings',
      '',
      '| $/month | site | rule | finding |',
      '| ---: | --- | --- | --- |',
      ...opportunities.map((o) => `| ${formatMonthly(o.monthlySavings)} | \`${o.file}:${o.line}\` | ${o.rule} | ${escape(firstLine(o.message))} |`),
      '',
      `**Savings:** ${savingsSummary(report)}`,
    );
  }
  const findings = findingLines(report).map(({ at, severity, message }) => `- \`${at}\` **${severity}** ${escape(message)}`);
  if (findings.length > 0) out.push('', '### Findings', '', ...findings);
  if (report.skipped.length > 0) out.push('', '### Skipped', '', ...report.skipped.map((s) => `- \`${s.file}\`: ${s.reason}`));
  out.push('', `_${footnote(report)}_`);
  return out.join('\n');
}
