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

/** Shrinks bytes while the failure reproduces: whole lines first, then UTF-8 chars. */
export async function minimiseBytes(
  bytes: Uint8Array,
  reproduces: (candidate: Uint8Array) => Promise<boolean>,
  budget: MinimiseBudget,
  stats: MinimiseStats = { tries: 0 },
): Promise<Uint8Array> {
  const join = concatBytes;
  const lines = await deltaDebug(splitLines(bytes), (candidate) => reproduces(join(candidate)), budget, stats);
  const chars = await deltaDebug(splitChars(join(lines)), (candidate) => reproduces(join(candidate)), budget, stats);
  return join(chars);
}
