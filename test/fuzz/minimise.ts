import { concatBytes, splitChars, splitLines } from './bytes';

/** How much a minimisation may spend: runs of the predicate, and wall time. */
export interface MinimiseBudget {
  maxTries: number;
  deadline: number;
}

export function minimiseBudget(maxTries: number, seconds: number, now: number = Date.now()): MinimiseBudget {
  return { maxTries, deadline: now + seconds * 1000 };
}

/** Counts the predicate's runs against the budget, so the caller can report them. */
export interface MinimiseStats {
  tries: number;
}

/**
 * Delta debugging (the complement half of Zeller's ddmin): removes ever smaller chunks of the
 * units while the failure still reproduces, until no single unit can go or the budget is spent.
 * What it returns always reproduces (the input is assumed to).
 */
export async function deltaDebug<T>(
  units: readonly T[],
  reproduces: (candidate: readonly T[]) => Promise<boolean>,
  budget: MinimiseBudget,
  stats: MinimiseStats = { tries: 0 },
): Promise<T[]> {
  let current = [...units];
  let chunks = 2;
  while (current.length >= 2 && chunks <= current.length) {
    const size = Math.ceil(current.length / chunks);
    let reduced = false;
    for (let start = 0; start < current.length && !spent(budget, stats); start += size) {
      const candidate = [...current.slice(0, start), ...current.slice(start + size)];
      stats.tries++;
      if (await reproduces(candidate)) {
        current = candidate;
        chunks = Math.max(chunks - 1, 2);
        reduced = true;
        break;
      }
    }
    if (spent(budget, stats)) break;
    if (!reduced) {
      if (chunks >= current.length) break;
      chunks = Math.min(chunks * 2, current.length);
    }
  }
  if (current.length === 1 && !spent(budget, stats)) {
    stats.tries++;
    if (await reproduces([])) return [];
  }
  return current;
}

function spent(budget: MinimiseBudget, stats: MinimiseStats): boolean {
  return stats.tries >= budget.maxTries || Date.now() >= budget.deadline;
}

/**
 * Shrinks bytes while the failure reproduces: long runs of one char halved first (a hang that
 * needs 28,000 `#` may well need only 4,000, and each try of a hang costs a whole deadline), then
 * whole lines, then UTF-8 chars.
 */
export async function minimiseBytes(
  bytes: Uint8Array,
  reproduces: (candidate: Uint8Array) => Promise<boolean>,
  budget: MinimiseBudget,
  stats: MinimiseStats = { tries: 0 },
): Promise<Uint8Array> {
  const shorter = await halveRuns(splitChars(bytes), (candidate) => reproduces(concatBytes(candidate)), budget, stats);
  const lines = await deltaDebug(splitLines(concatBytes(shorter)), (candidate) => reproduces(concatBytes(candidate)), budget, stats);
  const chars = await deltaDebug(splitChars(concatBytes(lines)), (candidate) => reproduces(concatBytes(candidate)), budget, stats);
  return concatBytes(chars);
}

/** Runs shorter than this are left to delta debugging. */
const MIN_RUN = 16;
/** Runs tried per round, longest first: a file has few long runs, and many short ones (indentation). */
const RUNS_PER_ROUND = 8;

/** Halves the longest runs of one repeated char, one at a time, while the failure reproduces. */
export async function halveRuns<T extends Uint8Array>(
  chars: readonly T[],
  reproduces: (candidate: readonly T[]) => Promise<boolean>,
  budget: MinimiseBudget,
  stats: MinimiseStats = { tries: 0 },
): Promise<T[]> {
  let current = [...chars];
  let halved = true;
  while (halved && !spent(budget, stats)) {
    halved = false;
    for (const run of longRuns(current).slice(0, RUNS_PER_ROUND)) {
      if (spent(budget, stats)) break;
      const candidate = [...current.slice(0, run.start + Math.floor(run.length / 2)), ...current.slice(run.start + run.length)];
      stats.tries++;
      if (await reproduces(candidate)) {
        current = candidate;
        halved = true;
        break;
      }
    }
  }
  return current;
}

function longRuns(chars: readonly Uint8Array[]): Array<{ start: number; length: number }> {
  const runs: Array<{ start: number; length: number }> = [];
  for (let start = 0; start < chars.length;) {
    let end = start + 1;
    while (end < chars.length && sameBytes(chars[end], chars[start])) end++;
    if (end - start >= MIN_RUN) runs.push({ start, length: end - start });
    start = end;
  }
  return runs.sort((a, b) => b.length - a.length);
}

function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  return a.length === b.length && a.every((byte, i) => byte === b[i]);
}
