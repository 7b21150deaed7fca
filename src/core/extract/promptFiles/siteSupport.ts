import { isPositiveTokenCount } from '../../numbers';
import { problem } from '../../findings/problem';
import type { Finding, ModelReference, OutputCap, Range, Segment } from '../../types';
import type { LineIndex } from '../../text/lineIndex';
import type { FrontMatter } from './frontMatter';
import { isScalar, isSeq, keyRangeAt, nodeAt, numberAt, parseYaml, rangeOf, trimmedRange, type PlacedYaml } from './yamlSupport';

/** `a user message`, `an assistant message`. */
export function roleWithArticle(role: string): string {
  return `${role === 'assistant' ? 'an' : 'a'} ${role}`;
}

export function emptyAt(line: number, character = 0): Range {
  return { start: { line, character }, end: { line, character } };
}

/** Offset of the end of the first line, before its line break. */
export function firstLineEnd(text: string): number {
  const lineBreak = text.search(/\r|\n/);
  return lineBreak === -1 ? text.length : lineBreak;
}

/** The file's name without directories and without the format's suffix (`a/b/triage.prompt` → `triage`). */
export function fileStem(file: string, suffix: RegExp): string {
  const base = file.slice(Math.max(file.lastIndexOf('/'), file.lastIndexOf('\\')) + 1);
  return base.replace(suffix, '');
}

/**
 * A `model:` that must be a string id (Dotprompt, GitHub Models); anything else is an
 * `invalid-model` error and no model.
 */
export function readModelId(yaml: PlacedYaml, example: string, findings: Finding[]): ModelReference | undefined {
  const node = nodeAt(yaml, ['model']);
  if (node === undefined || (isScalar(node) && node.value === null)) return undefined;
  if (isScalar(node) && typeof node.value === 'string' && node.value.trim() !== '')
    return { id: node.value.trim(), range: rangeOf(yaml, node), resolved: true };
  const found = isScalar(node) ? JSON.stringify(node.value) : isSeq(node) ? 'a list' : 'a mapping';
  findings.push(problem('invalid-model', `model must be a model id such as "${example}"; found ${found}.`, trimmedRange(yaml, node)!));
  return undefined;
}

/** An output cap at `path`; a value that is not a positive whole number is an `invalid-output-cap` error. */
export function readOutputCap(yaml: PlacedYaml, path: ReadonlyArray<string>, findings: Finding[]): OutputCap | undefined {
  const node = nodeAt(yaml, path);
  if (node === undefined) return undefined;
  const param = path.join('.');
  const value = numberAt(yaml, path);
  if (value && isPositiveTokenCount(value.value)) return { param, value: value.value, range: value.range };
  const range = rangeOf(yaml, node);
  findings.push(
    problem('invalid-output-cap', `${param} must be a positive whole number of tokens.`, range && !isEmpty(range) ? range : keyRangeAt(yaml, path)!),
  );
  return { param, range };
}

function isEmpty(range: Range): boolean {
  return range.start.line === range.end.line && range.start.character === range.end.character;
}

/**
 * `tools:` entries as written: names of tools whose definitions live elsewhere (Genkit code, VS
 * Code chat), so only the names are known here.
 */
export function readToolNames(yaml: PlacedYaml): Segment[] | undefined {
  const tools = nodeAt(yaml, ['tools']);
  if (!isSeq(tools)) return undefined;
  const segments: Segment[] = [];
  for (const item of tools.items) {
    if (isScalar(item) && typeof item.value === 'string' && item.value !== '') segments.push({ kind: 'static', text: item.value, range: rangeOf(yaml, item)! });
  }
  return segments.length > 0 ? segments : undefined;
}

/**
 * Parses front matter, when there is any, into YAML with its errors as findings; front matter
 * without a closing `---` is an error, since the whole file was read as YAML.
 */
export function readFrontMatter(frontMatter: FrontMatter | undefined, index: LineIndex, findings: Finding[]): { yaml?: PlacedYaml; bodyStart: number } {
  if (!frontMatter) return { bodyStart: 0 };
  const parsed = parseYaml(frontMatter.yaml, frontMatter.yamlStart, index);
  findings.push(...parsed.findings);
  if (!frontMatter.closed) {
    findings.push(
      problem(
        'unclosed-front-matter',
        'The front matter has no closing --- line: the rest of the file was read as YAML and no prompt body was found.',
        index.range(frontMatter.openStart, frontMatter.openEnd),
      ),
    );
  }
  return { yaml: parsed.yaml, bodyStart: frontMatter.bodyStart };
}
