import { escapeMarkdown } from './markdownText';
import { formatMonthly, roundCents } from '../format';
import { findingDocumentation } from '../findings/findingCodes';
import type { Finding } from '../types';

/**
 * The findings section of a site's hover, one line each: the code (linked to where the README
 * explains it), its severity, the message's first line, and what the fix saves a
 * month when it saves at least a cent. Empty when there are none.
 */
export function findingsMarkdown(findings: readonly Finding[]): string {
  if (findings.length === 0) return '';
  const lines = ['**Findings**', ''];
  for (const finding of findings) {
    const rule = `[${finding.rule}](${findingDocumentation(finding.rule)})`;
    const saving = roundCents(finding.monthlySavings ?? 0) > 0 ? ` — saves **${formatMonthly(finding.monthlySavings!)}/month**` : '';
    lines.push(`- ${rule} (${finding.severity}): ${escapeMarkdown(finding.message.split('\n')[0])}${saving}`);
  }
  return lines.join('\n');
}
