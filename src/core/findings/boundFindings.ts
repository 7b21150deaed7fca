import type { Finding } from './finding';

/**
 * Problems listed for one file at most. A generated or garbled file can hold thousands of errors;
 * listed one by one they fill memory, the Problems view and the CLI's JSON, and say no more than
 * the first hundred do.
 */
export const MAX_FILE_PROBLEMS = 100;

/** The first `max` findings and, in place of the rest, one that says how many were left out (at the first of them). */
export function boundFindings(findings: Finding[], max = MAX_FILE_PROBLEMS): Finding[] {
  if (findings.length <= max) return findings;
  const leftOut = findings.length - max;
  const first = findings[max];
  return [
    ...findings.slice(0, max),
    {
      ...first,
      message: `${leftOut} more problem${leftOut === 1 ? '' : 's'} in this file ${leftOut === 1 ? 'is' : 'are'} not listed: fix the ones above first.`,
      fixes: [],
    },
  ];
}
