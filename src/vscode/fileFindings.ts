import type { FileAnalysis, Finding, PromptSite } from '../core';

/** A finding, and the site it was found at (none for a problem of the file as a whole). */
export interface SiteFinding {
  finding: Finding;
  site?: PromptSite;
}

/** Every finding of a file: its own problems, then each site's findings. */
export function fileFindings(analysis: FileAnalysis | undefined): SiteFinding[] {
  if (!analysis) return [];
  return [
    ...analysis.findings.map((finding) => ({ finding })),
    ...analysis.sites.flatMap(({ site, findings }) => findings.map((finding) => ({ finding, site }))),
  ];
}

/** What identifies a finding, here and in a diagnostic made from it: its code, place and message. */
export function findingKey(finding: Pick<Finding, 'rule' | 'range' | 'message'>): string {
  const { start, end } = finding.range;
  return `${finding.rule}@${start.line}:${start.character}-${end.line}:${end.character}:${finding.message}`;
}
