import type { LineIndex } from '../text/lineIndex';
import type { Range, Segment } from '../types';
import type { Decoded } from './escapes';

/**
 * Static segments cut from this file's literals remember which source offset each character came
 * from, so that dedent, strip and placeholder splitting keep exact ranges. Kept beside the segment
 * (not on it) so the public objects stay plain data; text from other files has no entry.
 */
const sourceOffsets = new WeakMap<Segment, { start: number; offsets?: number[] }>();

function offsetOf(entry: { start: number; offsets?: number[] }, i: number): number {
  return entry.offsets ? entry.offsets[i] : entry.start + i;
}

/** A static segment for decoded literal text whose source starts at `start`; undefined when empty. */
export function literalSegment(decoded: Decoded, start: number, end: number, index: LineIndex): Segment | undefined {
  if (decoded.text.length === 0) return undefined;
  const segment: Segment = { kind: 'static', text: decoded.text, range: index.range(start, end) };
  sourceOffsets.set(segment, { start, offsets: decoded.offsets });
  return segment;
}

/** Static text that is not in this file's source (another file, a file read): it is placed at `range`. */
export function placedText(text: string, range: Range): Segment[] {
  return text.length === 0 ? [] : [{ kind: 'static', text, range }];
}

export function dynamicSegment(text: string, range: Range, name: string): Segment {
  return { kind: 'dynamic', text, range, name, dynamicKind: 'variable' };
}

/** Characters `from`–`to` of a static segment, with their exact range when the segment maps to source. */
export function sliceStatic(segment: Segment, from: number, to: number, index: LineIndex, text = segment.text.slice(from, to)): Segment | undefined {
  if (text.length === 0 || to <= from) return undefined;
  const entry = sourceOffsets.get(segment);
  if (!entry) return { kind: 'static', text, range: segment.range };
  const start = offsetOf(entry, from);
  const end = offsetOf(entry, to);
  const sliced: Segment = { kind: 'static', text, range: index.range(start, end) };
  if (text === segment.text.slice(from, to)) {
    sourceOffsets.set(sliced, { start, offsets: entry.offsets?.slice(from, to + 1) });
  }
  return sliced;
}

/**
 * Removes characters from the text of a run of segments. `remove` gets the positions of the joined
 * text, in which each dynamic segment stands for one character that is never whitespace. Each static
 * segment keeps one range, from its first to its last kept character.
 */
function removeChars(segments: Segment[], remove: Uint8Array, index: LineIndex): Segment[] {
  const result: Segment[] = [];
  let position = 0;
  for (const segment of segments) {
    if (segment.kind === 'dynamic') {
      result.push(segment);
      position++;
      continue;
    }
    const kept: number[] = [];
    for (let i = 0; i < segment.text.length; i++) if (!remove[position + i]) kept.push(i);
    position += segment.text.length;
    if (kept.length === segment.text.length) {
      result.push(segment);
      continue;
    }
    if (kept.length === 0) continue;
    const text = kept.map((i) => segment.text[i]).join('');
    const entry = sourceOffsets.get(segment);
    if (!entry) {
      result.push({ kind: 'static', text, range: segment.range });
      continue;
    }
    const first = kept[0];
    const last = kept[kept.length - 1];
    const cut: Segment = { kind: 'static', text, range: index.range(offsetOf(entry, first), offsetOf(entry, last + 1)) };
    sourceOffsets.set(cut, { start: offsetOf(entry, first), offsets: [...kept.map((i) => offsetOf(entry, i)), offsetOf(entry, last + 1)] });
    result.push(cut);
  }
  return result;
}

/** The joined text with one stand-in character per dynamic segment. */
function view(segments: Segment[]): string {
  return segments.map((segment) => (segment.kind === 'static' ? segment.text : '\uFFFF')).join('');
}

const WHITESPACE = /\s/;

/** `.strip()` / `.trim()` and their one-sided forms: whitespace at the ends of the whole text. */
export function trimSegments(segments: Segment[], index: LineIndex, side: 'both' | 'start' | 'end' = 'both'): Segment[] {
  const text = view(segments);
  const remove = new Uint8Array(text.length);
  if (side !== 'end') for (let i = 0; i < text.length && WHITESPACE.test(text[i]); i++) remove[i] = 1;
  if (side !== 'start') for (let i = text.length - 1; i >= 0 && WHITESPACE.test(text[i]); i--) remove[i] = 1;
  return removeChars(segments, remove, index);
}

/**
 * `textwrap.dedent`: removes the whitespace prefix common to all non-blank lines and empties
 * whitespace-only lines. `mode: 'js'` is the `dedent` tag of npm: the smallest indentation, then trim.
 */
export function dedentSegments(segments: Segment[], index: LineIndex, mode: 'python' | 'js' = 'python'): Segment[] {
  const text = view(segments);
  const remove = new Uint8Array(text.length);
  const lines: Array<{ start: number; indent: number; blank: boolean }> = [];
  for (let start = 0; start <= text.length;) {
    const newline = text.indexOf('\n', start);
    const end = newline < 0 ? text.length : newline;
    let indent = start;
    while (indent < end && (text[indent] === ' ' || text[indent] === '\t')) indent++;
    lines.push({ start, indent: indent - start, blank: indent === end });
    if (newline < 0) break;
    start = newline + 1;
  }
  let margin: string | undefined;
  let smallest = Infinity;
  for (const line of lines) {
    if (line.blank) continue;
    const prefix = text.slice(line.start, line.start + line.indent);
    smallest = Math.min(smallest, line.indent);
    if (margin === undefined) margin = prefix;
    else {
      let common = 0;
      while (common < margin.length && common < prefix.length && margin[common] === prefix[common]) common++;
      margin = margin.slice(0, common);
    }
  }
  const width = mode === 'python' ? (margin ?? '').length : Number.isFinite(smallest) ? smallest : 0;
  for (const line of lines) {
    const count = line.blank ? line.indent : Math.min(width, line.indent);
    for (let i = 0; i < count; i++) remove[line.start + i] = 1;
  }
  const dedented = removeChars(segments, remove, index);
  return mode === 'js' ? trimSegments(dedented, index) : dedented;
}

/**
 * Replaces each match of `pattern` inside static segments with what `replace` returns (placeholders
 * become dynamic segments, `{{` becomes `{`). A match never spans two segments.
 */
export function replaceInStatic(
  segments: Segment[],
  pattern: RegExp,
  index: LineIndex,
  replace: (match: RegExpExecArray, piece: (text?: string) => Segment | undefined) => Segment[],
): Segment[] {
  const result: Segment[] = [];
  for (const segment of segments) {
    if (segment.kind === 'dynamic') {
      result.push(segment);
      continue;
    }
    const regex = new RegExp(pattern.source, pattern.flags.includes('g') ? pattern.flags : `${pattern.flags}g`);
    let cursor = 0;
    for (let match = regex.exec(segment.text); match; match = regex.exec(segment.text)) {
      if (match[0].length === 0) {
        regex.lastIndex++;
        continue;
      }
      const before = sliceStatic(segment, cursor, match.index, index);
      if (before) result.push(before);
      const from = match.index;
      const to = match.index + match[0].length;
      result.push(...replace(match, (text) => sliceStatic(segment, from, to, index, text ?? segment.text.slice(from, to))));
      cursor = to;
    }
    if (cursor === 0) result.push(segment);
    else {
      const after = sliceStatic(segment, cursor, segment.text.length, index);
      if (after) result.push(after);
    }
  }
  return result;
}
