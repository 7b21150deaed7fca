import { isMap, isScalar, isSeq, parseDocument, type Document, type Node, type YAMLMap } from 'yaml';
import type { LineIndex } from '../../text/lineIndex';
import type { Finding, Range } from '../../types';

/** A YAML document whose node offsets are shifted into the enclosing file. */
export interface PlacedYaml {
  doc: Document.Parsed;
  /** Offset of the YAML text inside the file. */
  base: number;
  index: LineIndex;
}

/**
 * Parses YAML with the `yaml` package's document API, which keeps every node's source range, and
 * turns its errors into findings at the exact place. Never throws: a broken document still yields
 * whatever nodes could be read.
 */
export function parseYaml(yamlText: string, base: number, index: LineIndex): { yaml: PlacedYaml; findings: Finding[] } {
  const doc = parseDocument(yamlText, { prettyErrors: false, uniqueKeys: true });
  const findings: Finding[] = doc.errors.map((error) => ({
    rule: 'invalid-yaml',
    severity: 'error' as const,
    message: `YAML error: ${firstLine(error.message)}`,
    range: index.range(base + error.pos[0], base + Math.max(error.pos[1], error.pos[0] + 1)),
    fixes: [],
  }));
  return { yaml: { doc, base, index }, findings };
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
  return yaml.index.positionAt(yaml.base + firstKey.range[0]).character;
}

export { isMap, isScalar, isSeq };
