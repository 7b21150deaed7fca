/**
 * Counts one run (a pre-token, a word) with `countPart`, whole when it is at most `longest`
 * characters, else in chunks of that size, never cut between the halves of a surrogate pair. Merges
 * that would have crossed a cut are lost, so `longestSplitRun` says the count is approximate.
 */
export function countRun(run: string, longest: number, countPart: (part: string) => number): { tokens: number; longestSplitRun: number } {
  if (run.length <= longest) return { tokens: countPart(run), longestSplitRun: 0 };
  let tokens = 0;
  let start = 0;
  while (start < run.length) {
    let end = Math.min(start + longest, run.length);
    const last = run.charCodeAt(end - 1);
    // Each half of a pair alone would encode as U+FFFD: keep the pair together in the next chunk.
    if (end < run.length && last >= 0xd800 && last <= 0xdbff) end--;
    tokens += countPart(run.slice(start, end));
    start = end;
  }
  return { tokens, longestSplitRun: run.length };
}
