import { violation, type Violation } from './violations';

/**
 * Every number in a value must be finite and not negative; the ones at `integerPaths` must be
 * whole. Paths read like `tokens.input` and `sites[].cost.monthly` (array indices blanked), so
 * that each field is one failure signature however many cases break it.
 */
export function checkNumbers(where: string, value: unknown, integerPaths: (path: string) => boolean): Violation[] {
  const found: Violation[] = [];
  walkNumbers(value, '', (path, number) => {
    const at = `${where}.${path}`;
    if (!Number.isFinite(number)) found.push(violation('non-finite-number', at, `${at} is ${number}`));
    else if (number < 0) found.push(violation('negative-number', at, `${at} is ${number}`));
    else if (integerPaths(path) && !Number.isInteger(number)) found.push(violation('non-integer-tokens', at, `${at} is ${number}, not a whole number`));
  });
  return found;
}

function walkNumbers(value: unknown, path: string, visit: (path: string, value: number) => void, seen = new Set<object>()): void {
  if (typeof value === 'number') visit(path, value);
  if (typeof value !== 'object' || value === null || seen.has(value)) return;
  seen.add(value);
  if (Array.isArray(value)) {
    for (const item of value) walkNumbers(item, `${path}[]`, visit, seen);
    return;
  }
  for (const [key, item] of Object.entries(value)) walkNumbers(item, path ? `${path}.${key}` : key, visit, seen);
}

/** Token counts and positions of an `Estimate`: whole numbers. */
export function isEstimateInteger(path: string): boolean {
  return /^tokens\.|^(messages|variables)\[\]\.tokens$|\.(line|character)$/.test(path);
}

/** Token counts and positions of the CLI's JSON report: whole numbers. */
export function isJsonInteger(path: string): boolean {
  return /^sites\[\]\.tokens\.|\.(line|column)$|^total\.(sites|unpricedSites|linkedSites)$/.test(path);
}
