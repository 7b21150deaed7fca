import * as path from 'path';

/** Every kind of failure the fuzzer reports; each is a bug in Prompt Cost (or, for `slow`, a cost users feel). */
export const FAILURE_CLASSES = [
  'exception',
  'internal-error',
  'logged-error',
  'crash',
  'hang',
  'slow',
  'non-finite-number',
  'negative-number',
  'non-integer-tokens',
  'bad-string',
  'console-output',
  'finding-range-outside-text',
  'fix-range-outside-text',
  'fix-edits-overlap',
  'fix-reanalysis-exception',
  'fix-reanalysis-internal-error',
  'fix-adds-parse-problem',
] as const;
export type FailureClass = (typeof FAILURE_CLASSES)[number];

/** An analysis that takes longer than this is a `slow` failure (the watchdog's deadline makes a `hang`). */
export const SLOW_MS = 2000;

/** One broken invariant of one case. */
export interface Violation {
  kind: FailureClass;
  /** What stays the same across cases with the same cause: what failures are grouped and minimised by. */
  signature: string;
  /** The whole story: what broke, where, with the top of the stack when there is one. */
  message: string;
}

const REPOSITORY = path.resolve(__dirname, '..', '..');

/**
 * Numbers and double-quoted text (names from the file) blanked, cut to one short line: two cases
 * of one bug then read the same.
 */
export function blankNumbers(text: string, maxLength = 120): string {
  const line = text
    .split(/\r\n|\r|\n/)[0]
    .replace(/"(?:[^"\\]|\\.)*"/g, '"…"')
    .replace(/\d+/g, '#');
  return line.length > maxLength ? `${line.slice(0, maxLength)}…` : line;
}

/** An error's stack with this checkout's path taken out: reproducers and reports name files from the repository root. */
export function relativeStack(error: unknown): string {
  const stack = error instanceof Error ? (error.stack ?? error.message) : String(error);
  return stack
    .split(REPOSITORY + path.sep)
    .join('')
    .split(`file://${REPOSITORY}/`)
    .join('');
}

/** The first frame of the stack that is Prompt Cost's own code (`src/…`), without its column: where the bug is. */
export function topFrame(error: unknown): string {
  const frames = relativeStack(error)
    .split('\n')
    .filter((line) => /^\s+at /.test(line));
  const own = frames.find((line) => /\bsrc\//.test(line)) ?? frames[0];
  return own
    ? own
        .trim()
        .replace(/^at /, '')
        .replace(/:\d+\)?$/, (end) => (end.endsWith(')') ? ')' : ''))
    : 'no stack';
}

export function violation(kind: FailureClass, signature: string, message: string): Violation {
  return { kind, signature: `${kind}: ${signature}`, message };
}

/** An exception as a violation: its message (numbers blanked) and top frame are the signature. */
export function exceptionViolation(kind: FailureClass, where: string, error: unknown): Violation {
  const message = error instanceof Error ? error.message : String(error);
  return violation(kind, `${where}: ${blankNumbers(message)} @ ${topFrame(error)}`, `${where}: ${relativeStack(error)}`);
}
