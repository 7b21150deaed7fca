import { isMap, isScalar, isSeq, parseDocument, type Document, type Node, type YAMLMap } from 'yaml';
import type { LineIndex } from '../../text/lineIndex';
import { problem } from '../../findings/problem';
import type { Finding, Range } from '../../types';

/** A YAML document whose node offsets are shifted into the enclosing file. */
export interface PlacedYaml {
  doc: Document.Parsed;
  /** Offset of the YAML text inside the file. */
  base: number;
  index: LineIndex;
}

/** Deeper YAML is not read: the parser recurses per level, and a few thousand levels overflow the stack or the heap. */
export const MAX_YAML_DEPTH = 64;

/** YAML errors reported per document; the rest are counted in one last finding (a file of errors must not flood the editor). */
export const MAX_YAML_ERRORS = 20;

/**
 * Parses YAML with the `yaml` package's document API, which keeps every node's source range, and
 * turns its errors into findings at the exact place. Never throws: a broken document still yields
 * whatever nodes could be read. YAML is parsed only up to the line where it gets nested deeper
 * than {@link MAX_YAML_DEPTH} (with a finding there).
 */
export function parseYaml(yamlText: string, base: number, index: LineIndex): { yaml: PlacedYaml; findings: Finding[] } {
  const findings: Finding[] = [];
  const tooDeep = offsetTooDeep(yamlText, MAX_YAML_DEPTH);
  let readable = yamlText;
  if (tooDeep !== undefined) {
    // Read what comes before the line that goes too deep: the model and the cap are usually up there.
    readable = yamlText.slice(0, yamlText.lastIndexOf('\n', tooDeep) + 1);
    const message = `YAML nested more than ${MAX_YAML_DEPTH} levels deep: it is read up to this line, and nothing after it is used.`;
    findings.push(problem('invalid-yaml', message, index.range(base + tooDeep, base + tooDeep + 1)));
  }
  // The yaml package ends lines at \n only; a lone \r becomes one (same length, so every offset holds).
  const doc = parseDocument(readable.replace(/\r(?!\n)/g, '\n'), { prettyErrors: false, uniqueKeys: true, logLevel: 'error' });
  const errors = doc.errors.slice(0, MAX_YAML_ERRORS);
  for (const error of errors) {
    const range = index.range(base + error.pos[0], base + Math.max(error.pos[1], error.pos[0] + 1));
    findings.push(problem('invalid-yaml', `YAML error: ${firstLine(error.message)}`, range));
  }
  const more = doc.errors.length - errors.length;
  if (more > 0) {
    const last = doc.errors[errors.length].pos[0];
    findings.push(
      problem('invalid-yaml', `${more} more YAML error${more === 1 ? '' : 's'} after these are not listed.`, index.range(base + last, base + last + 1)),
    );
  }
  return { yaml: { doc, base, index }, findings };
}

/**
 * Where YAML gets nested deeper than `limit` levels, counting block indentation, `- ` items started on
 * one line and open `[` / `{` outside quotes and comments; undefined when it never does. A scan, not
 * a parse: it may count a level too many in odd multi-line scalars, which only matters past the limit.
 */
function offsetTooDeep(text: string, limit: number): number | undefined {
  const indents: number[] = [];
  let flow = 0;
  let offset = 0;
  // Lines end where the parser ends them: \n, \r\n or a lone \r (parseYaml reads a lone \r as \n).
  for (const [line, lineBreak] of linesWithBreaks(text)) {
    const body = /^( *)((?:- +)*)([\s\S]*)$/.exec(line)!;
    const content = body[3].trim();
    if (content !== '' && !content.startsWith('#') && flow === 0) {
      while (indents.length > 0 && body[1].length <= indents[indents.length - 1]) indents.pop();
      indents.push(body[1].length);
    }
    const items = (body[2].match(/-/g) ?? []).length;
    const scanned = scanFlow(line, flow, indents.length + items, limit);
    if (scanned.tooDeepAt !== undefined) return offset + scanned.tooDeepAt;
    flow = scanned.flow;
    offset += line.length + lineBreak.length;
  }
  return undefined;
}

/** Each line with the break that ends it (empty for the last). */
function linesWithBreaks(text: string): Array<[string, string]> {
  const lines: Array<[string, string]> = [];
  const lineBreak = /\r\n|\n|\r/g;
  let start = 0;
  for (let match = lineBreak.exec(text); match; match = lineBreak.exec(text)) {
    lines.push([text.slice(start, match.index), match[0]]);
    start = match.index + match[0].length;
  }
  lines.push([text.slice(start), '']);
  return lines;
}

/** Open flow brackets after one line, and where the depth first passes the limit on it. */
function scanFlow(line: string, flow: number, blockDepth: number, limit: number): { flow: number; tooDeepAt?: number } {
  if (flow + blockDepth > limit) return { flow, tooDeepAt: 0 };
  let quote: string | undefined;
  for (let i = 0; i < line.length; i++) {
    const char = line[i];
    if (quote) {
      if (char === quote) quote = undefined;
    } else if (char === '"' || char === "'") {
      quote = char;
    } else if (char === '#' && (i === 0 || line[i - 1] === ' ')) {
      break;
    } else if (char === '[' || char === '{') {
      flow++;
      if (flow + blockDepth > limit) return { flow, tooDeepAt: i };
    } else if ((char === ']' || char === '}') && flow > 0) {
      flow--;
    }
  }
  return { flow };
}

function firstLine(message: string): string {
  return message.split('\n')[0].replace(/ at line \d+, column \d+:?$/, '');
}

/** The node at a key path, or undefined (also when an intermediate value is not a mapping). */
export function nodeAt(yaml: PlacedYaml, path: ReadonlyArray<string | number>): Node | undefined {
  let current: unknown = yaml.doc.contents;
  for (const key of path) {
    if (isMap(current)) current = current.get(key, true);
    else if (isSeq(current) && typeof key === 'number') current = current.get(key, true);
    else return undefined;
  }
  return (current ?? undefined) as Node | undefined;
}

/** The pair's key node for a path, for messages that point at a key rather than its value. */
export function keyRangeAt(yaml: PlacedYaml, path: ReadonlyArray<string | number>): Range | undefined {
  const parent = path.length === 1 ? yaml.doc.contents : nodeAt(yaml, path.slice(0, -1));
  if (!isMap(parent)) return undefined;
  const pair = (parent as YAMLMap).items.find((item) => isScalar(item.key) && item.key.value === path[path.length - 1]);
  return pair && isScalar(pair.key) ? rangeOf(yaml, pair.key as Node) : undefined;
}

export function rangeOf(yaml: PlacedYaml, node: Node | undefined): Range | undefined {
  if (!node?.range) return undefined;
  return yaml.index.range(yaml.base + node.range[0], yaml.base + node.range[1]);
}

/** Start and end offsets of a node's value in the file. */
export function offsetsOf(yaml: PlacedYaml, node: Node | undefined): [number, number] | undefined {
  if (!node?.range) return undefined;
  return [yaml.base + node.range[0], yaml.base + node.range[1]];
}

export function stringAt(yaml: PlacedYaml, path: ReadonlyArray<string | number>): { value: string; range?: Range } | undefined {
  const node = nodeAt(yaml, path);
  if (!isScalar(node) || typeof node.value !== 'string') return undefined;
  return { value: node.value, range: rangeOf(yaml, node) };
}

export function numberAt(yaml: PlacedYaml, path: ReadonlyArray<string | number>): { value: number; range?: Range } | undefined {
  const node = nodeAt(yaml, path);
  if (!isScalar(node) || typeof node.value !== 'number') return undefined;
  return { value: node.value, range: rangeOf(yaml, node) };
}

/** Column where a mapping's keys start, to indent inserted keys like their siblings. */
export function mapIndent(yaml: PlacedYaml, map: Node | undefined): number | undefined {
  if (!isMap(map) || map.items.length === 0) return undefined;
  const firstKey = map.items[0].key as Node | undefined;
  if (!firstKey?.range) return undefined;
  // The key's column counts a byte-order mark before it on the first line; only spaces and tabs indent.
  const line = yaml.index.positionAt(yaml.base + firstKey.range[0]).line;
  return /^[ \t]*/.exec(yaml.index.lineText(line))![0].length;
}

export { isMap, isScalar, isSeq };

/** Text to add to a YAML file: replace `range` (empty = insert) with `template` after substituting `{value}`. */
export interface YamlInsertion {
  range: Range;
  template: string;
}

/**
 * Where to add `keys[0]: … keys[n]: {value}` to the mapping at `path`, written in that mapping's
 * own style: a new line before its first key with the same indent (block), an entry before the
 * first one (flow), or a first entry when the value is empty. Undefined when `path` holds no
 * mapping and no empty value, so the caller decides where a missing parent goes.
 */
export function insertIntoMapping(yaml: PlacedYaml, path: ReadonlyArray<string>, keys: readonly string[], eol: string): YamlInsertion | undefined {
  const node = path.length === 0 ? ((yaml.doc.contents as Node | null) ?? undefined) : nodeAt(yaml, path);
  if (isMap(node) && node.items.length > 0) {
    const firstKey = rangeOf(yaml, node.items[0].key as Node)!;
    if (node.flow) return { range: { start: firstKey.start, end: firstKey.start }, template: `${flowEntry(keys)}, ` };
    const indent = firstKey.start.character;
    const parentIndent = path.length === 0 ? 0 : (keyRangeAt(yaml, path)?.start.character ?? 0);
    const step = path.length === 0 ? 2 : Math.max(2, indent - parentIndent);
    return { range: lineStart(firstKey.start.line), template: blockEntry(keys, indent, step, eol) + eol };
  }
  if (isMap(node)) return { range: rangeOf(yaml, node)!, template: `{ ${flowEntry(keys)} }` };
  if (!isScalar(node) || node.value !== null || path.length === 0) return undefined;
  const key = keyRangeAt(yaml, path);
  const value = rangeOf(yaml, node);
  if (!key || !value) return undefined;
  const indent = key.start.character + 2;
  if (node.range && node.range[1] > node.range[0]) {
    // An explicit `~` or `null` is replaced by the new block.
    return { range: { start: key.end, end: value.end }, template: `:${eol}${blockEntry(keys, indent, 2, eol)}` };
  }
  return insertLineAfter(yaml.index, key.start.line, blockEntry(keys, indent, 2, eol), eol);
}

/** Inserts whole lines after `line`; on a last line without a line break, the break goes first. */
export function insertLineAfter(index: LineIndex, line: number, lines: string, eol: string): YamlInsertion {
  if (line + 1 < index.lineCount) return { range: lineStart(line + 1), template: lines + eol };
  const end = { line, character: index.lineText(line).length };
  return { range: { start: end, end }, template: eol + lines };
}

/**
 * The last line of a top-level or nested entry (`model: x`, or a block value below its key), after
 * which a sibling entry can be inserted. An empty value (`model:`) ends on its key's line.
 */
export function lastLineOfEntry(yaml: PlacedYaml, path: ReadonlyArray<string>): number | undefined {
  const key = keyRangeAt(yaml, path);
  if (!key) return undefined;
  const value = nodeAt(yaml, path);
  const range = rangeOf(yaml, value);
  if (!value?.range || !range || value.range[1] <= value.range[0]) return key.start.line;
  // A block value's range ends at the start of the line after it.
  return Math.max(key.start.line, range.end.character === 0 && range.end.line > range.start.line ? range.end.line - 1 : range.end.line);
}

/** A node's range without the trailing blanks and line breaks a block value's range includes. */
export function trimmedRange(yaml: PlacedYaml, node: Node | undefined): Range | undefined {
  const offsets = offsetsOf(yaml, node);
  if (!offsets) return undefined;
  const [start] = offsets;
  let end = offsets[1];
  while (end > start && /\s/.test(yaml.index.text[end - 1])) end--;
  return yaml.index.range(start, end);
}

function blockEntry(keys: readonly string[], indent: number, step: number, eol: string): string {
  return keys.map((key, depth) => `${' '.repeat(indent + depth * step)}${key}:${depth === keys.length - 1 ? ' {value}' : ''}`).join(eol);
}

function flowEntry(keys: readonly string[]): string {
  return keys.length === 1 ? `${keys[0]}: {value}` : `${keys[0]}: { ${flowEntry(keys.slice(1))} }`;
}

function lineStart(line: number): Range {
  return { start: { line, character: 0 }, end: { line, character: 0 } };
}
