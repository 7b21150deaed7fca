import { Scalar } from 'yaml';
import type { Range, Segment } from '../../types';
import { templateParts, type TemplateSyntax } from './templateSegments';
import { rangeOf, type PlacedYaml } from './yamlSupport';

/**
 * Segments a YAML string scalar that holds a template (GitHub Models `content:`). The text of
 * every segment is the parsed value, which is what is sent. Ranges point at the source exactly
 * when the value can be aligned with it (plain, quoted and block scalars, escapes and folded line
 * breaks included); otherwise every segment gets the whole scalar's range.
 */
export function segmentScalar(yaml: PlacedYaml, node: Scalar, syntax: TemplateSyntax): Segment[] {
  const value = String(node.value);
  const whole = rangeOf(yaml, node)!;
  const map = alignScalar(yaml, node, value);
  const place = (start: number, end: number): Range => {
    if (!map) return whole;
    const to = end < value.length ? map.starts[end] : map.ends[end - 1];
    return yaml.index.range(map.starts[start], Math.max(map.starts[start], to));
  };
  return templateParts(value, syntax).map((part) => {
    const segment: Segment = { kind: part.kind, text: value.slice(part.start, part.end), range: place(part.start, part.end) };
    if (part.kind === 'dynamic') {
      segment.name = part.name;
      segment.dynamicKind = part.dynamicKind;
    }
    return segment;
  });
}

/** File offsets where each character of the value starts and ends. */
interface Alignment {
  starts: number[];
  ends: number[];
}

const SINGLE_ESCAPES: Readonly<Record<string, string>> = {
  '0': '\0',
  a: '\x07',
  b: '\b',
  t: '\t',
  '\t': '\t',
  n: '\n',
  v: '\v',
  f: '\f',
  r: '\r',
  e: '\x1b',
  ' ': ' ',
  '"': '"',
  '/': '/',
  '\\': '\\',
  N: '\x85',
  _: '\xa0',
  L: '\u2028',
  P: '\u2029',
};
const HEX_ESCAPES: Readonly<Record<string, number>> = { x: 2, u: 4, U: 8 };

/**
 * Walks the value and its source together. Non-blank characters must match one for one (or through
 * a quote escape); a run of blanks in the value stands for a run of blanks, line breaks and
 * indentation in the source, which is all that folding, chomping and indentation change. Any other
 * difference means the alignment is unknown, and undefined is returned rather than a wrong range.
 */
function alignScalar(yaml: PlacedYaml, node: Scalar, value: string): Alignment | undefined {
  if (!node.range) return undefined;
  const text = yaml.index.text;
  let from = yaml.base + node.range[0];
  let to = yaml.base + node.range[1];
  if (node.type === Scalar.QUOTE_DOUBLE || node.type === Scalar.QUOTE_SINGLE) {
    from += 1;
    to -= 1;
  } else if (node.type === Scalar.BLOCK_LITERAL || node.type === Scalar.BLOCK_FOLDED) {
    // Content starts on the line after the `|` / `>` header.
    const headerEnd = text.indexOf('\n', from);
    if (headerEnd === -1 || headerEnd >= to) return value === '' ? { starts: [], ends: [] } : undefined;
    from = headerEnd + 1;
  }
  const walk: Walk = { text, value, to, style: node.type, i: 0, j: from, starts: [], ends: [] };
  while (walk.i < value.length) {
    if (!alignNext(walk)) return undefined;
  }
  return skipBlanks(text, walk.j, to) === to ? { starts: walk.starts, ends: walk.ends } : undefined;
}

/** Where the walk is: at `i` in the value and at `j` in the source (which ends at `to`). */
interface Walk extends Alignment {
  text: string;
  value: string;
  to: number;
  style: Scalar.Type | undefined;
  i: number;
  j: number;
}

/** Aligns the next character or run of blanks of the value; false when the source does not match it. */
function alignNext(walk: Walk): boolean {
  const { text, value, to, i, j } = walk;
  if (walk.style === Scalar.QUOTE_DOUBLE && text[j] === '\\') return alignEscape(walk);
  if (isBlank(value[i])) return alignBlanks(walk);
  if (j < to && isBlank(text[j])) {
    walk.j = skipBlanks(text, j, to);
    return true;
  }
  if (walk.style === Scalar.QUOTE_SINGLE && value[i] === "'") {
    if (text.slice(j, j + 2) !== "''") return false;
    advance(walk, 2);
    return true;
  }
  if (j >= to || text[j] !== value[i]) return false;
  advance(walk, 1);
  return true;
}

/** One character of the value, written as `width` characters of the source. */
function advance(walk: Walk, width: number): void {
  walk.starts.push(walk.j);
  walk.ends.push(walk.j + width);
  walk.i++;
  walk.j += width;
}

/** A backslash escape of a double-quoted scalar: what it stands for spans all of it; an escaped line break stands for nothing. */
function alignEscape(walk: Walk): boolean {
  const escape = decodeEscape(walk.text, walk.j);
  if (!escape) return false;
  if (escape.decoded === '') {
    walk.j = skipBlanks(walk.text, escape.end, walk.to);
    return true;
  }
  if (!walk.value.startsWith(escape.decoded, walk.i)) return false;
  for (let k = 0; k < escape.decoded.length; k++) {
    walk.starts.push(walk.j);
    walk.ends.push(escape.end);
  }
  walk.i += escape.decoded.length;
  walk.j = escape.end;
  return true;
}

/** A run of blanks of the value, against the run of blanks and line breaks of the source where the walk is. */
function alignBlanks(walk: Walk): boolean {
  const { text, value, to, i, j, starts, ends } = walk;
  let runEnd = i;
  while (runEnd < value.length && isBlank(value[runEnd])) runEnd++;
  const sourceEnd = skipBlanks(text, j, to);
  if (sourceEnd === j) return false;
  // Only a line break folds blanks; within a line they are kept one for one, and any surplus
  // in the value comes from an escape such as `\t` that follows.
  if (!text.slice(j, sourceEnd).includes('\n')) runEnd = Math.min(runEnd, i + sourceEnd - j);
  // Blanks that match the source one for one (a CRLF counting as one line break) take their
  // own place, so a value that ends in a blank does not reach over the line break after it.
  let k = i;
  let at = j;
  while (k < runEnd && at < sourceEnd) {
    const width = value[k] === '\n' && text.startsWith('\r\n', at) ? 2 : value[k] === text[at] ? 1 : 0;
    if (width === 0) break;
    starts.push(at);
    ends.push(at + width);
    at += width;
    k++;
  }
  // The others stand for folded line breaks (the first one starts where the run starts) and
  // for indentation kept after a fold (at the end of the run).
  const rest = starts.length;
  for (; k < runEnd; k++) starts.push(k === i ? at : Math.max(at, sourceEnd - (runEnd - k)));
  for (let m = rest; m < starts.length; m++) ends.push(m + 1 < starts.length ? starts[m + 1] : sourceEnd);
  walk.i = runEnd;
  walk.j = sourceEnd;
  return true;
}

function decodeEscape(text: string, at: number): { decoded: string; end: number } | undefined {
  const code = text[at + 1];
  if (code === '\r' || code === '\n') return { decoded: '', end: at + (text.startsWith('\r\n', at + 1) ? 3 : 2) };
  if (code in SINGLE_ESCAPES) return { decoded: SINGLE_ESCAPES[code], end: at + 2 };
  const digits = HEX_ESCAPES[code];
  if (digits === undefined) return undefined;
  const hex = text.slice(at + 2, at + 2 + digits);
  if (!/^[0-9a-fA-F]+$/.test(hex) || hex.length !== digits) return undefined;
  const codePoint = parseInt(hex, 16);
  if (codePoint > 0x10ffff) return undefined;
  return { decoded: String.fromCodePoint(codePoint), end: at + 2 + digits };
}

function isBlank(char: string | undefined): boolean {
  return char === ' ' || char === '\t' || char === '\n' || char === '\r';
}

function skipBlanks(text: string, from: number, to: number): number {
  let at = from;
  while (at < to && isBlank(text[at])) at++;
  return at;
}
