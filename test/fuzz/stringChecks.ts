import { violation, type Violation } from './violations';

/** What a formatting bug leaks into text users read. */
const LEAKS: ReadonlyArray<{ token: string; pattern: RegExp }> = [
  { token: 'NaN', pattern: /\bNaN\b/g },
  { token: 'undefined', pattern: /\bundefined\b/g },
  { token: 'Infinity', pattern: /\bInfinity\b/g },
  { token: '[object Object]', pattern: /\[object Object\]/g },
];

/** Around a figure: where a leaked value is the engine's doing even when the file itself says `NaN`. */
const BEFORE_FIGURE = /[$≈~]$/;
const AFTER_FIGURE = /^(?: tokens?\b|%|\/month|\/call| calls?\b| a month| USD)/;

/**
 * `NaN`, `undefined`, `Infinity` and `[object Object]` in a string users see. A leak is the
 * engine's when the input never says it, or when it stands where a figure goes (`$NaN`,
 * `Infinity tokens`): a finding may quote the file, and the file may well say `undefined`.
 */
export function checkStrings(strings: ReadonlyArray<{ where: string; text: string }>, input: string): Violation[] {
  const found: Violation[] = [];
  for (const { where, text } of strings) {
    for (const { token, pattern } of LEAKS) {
      const inInput = new RegExp(pattern.source).test(input);
      for (const match of text.matchAll(pattern)) {
        const before = text.slice(Math.max(0, match.index - 2), match.index);
        const after = text.slice(match.index + token.length, match.index + token.length + 12);
        if (inInput && !BEFORE_FIGURE.test(before) && !AFTER_FIGURE.test(after)) continue;
        found.push(violation('bad-string', `${token} in ${where}`, `${where} says ${token}: …${excerpt(text, match.index, token.length)}…`));
        break;
      }
    }
  }
  return found;
}

function excerpt(text: string, at: number, length: number): string {
  return text.slice(Math.max(0, at - 60), at + length + 60).replace(/\s+/g, ' ');
}
