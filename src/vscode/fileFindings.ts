import type { FileAnalysis, Finding, PromptSite } from '../core';

/** A finding and the site it was found at. */
export interface SiteFinding {
  finding: Finding;
  site: PromptSite;
}

/**
 * Every finding of a file once: problems of the file itself are copied onto each of its sites,
 * and one diagnostic (one set of fixes) is enough. The first site keeps them.
 */
export function fileFindings(analysis: FileAnalysis | undefined): SiteFinding[] {
  const seen = new Set<string>();
  const found: SiteFinding[] = [];
  for (const { site, findings } of analysis?.sites ?? []) {
    for (const finding of findings) {
      const key = findingKey(finding);
      if (seen.has(key)) continue;
      seen.add(key);
      found.push({ finding, site });
    }
  }
  return found;
}

/** What identifies a finding, here and in a diagnostic made from it: its rule, place and message. */
export function findingKey(finding: Pick<Finding, 'rule' | 'range' | 'message'>): string {
  const { start, end } = finding.range;
  return `${finding.rule}@${start.line}:${start.character}-${end.line}:${end.character}:${finding.message}`;
}
