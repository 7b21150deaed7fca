import { problem } from '../../findings/problem';
import type { Node } from 'yaml';
import { LineIndex } from '../../text/lineIndex';
import type { DynamicKind, ExtractResult, Finding, Message, ModelReference, PromptSite, Segment } from '../../types';
import { splitFrontMatter } from './frontMatter';
import { fileStem, firstLineEnd, readFrontMatter, readToolNames } from './siteSupport';
import { isScalar, isSeq, nodeAt, rangeOf, stringAt, trimmedRange, type PlacedYaml } from './yamlSupport';

/** `${selection}`, `${file}`, `${input:name}`, `${input:name:placeholder}`. */
const VARIABLE = /\$\{([^}\r\n]+)\}/g;
/** `#tool:name`, `#file:path`, `#codebase`: a `#` at a line start or after a blank. */
const HASH_REFERENCE = /(?<=^|\s)#([A-Za-z][\w./-]*)(?::([^\s`'"<>()[\]]+))?/gm;
/** `#<prefix>:<value>` forms VS Code chat resolves whatever follows the colon. */
const REFERENCE_PREFIXES = new Set(['tool', 'file', 'folder', 'sym']);
/**
 * Built-in chat tools and context variables that can be written as a bare `#name`. A bare `#word`
 * that is neither one of these nor listed in the file's `tools:` is ordinary text (`#1`, `#fff`).
 */
const BUILT_IN_REFERENCES = new Set([
  'changes',
  'codebase',
  'editFiles',
  'extensions',
  'fetch',
  'findTestFiles',
  'githubRepo',
  'new',
  'openSimpleBrowser',
  'problems',
  'runCommands',
  'runNotebooks',
  'runTasks',
  'runTests',
  'search',
  'searchResults',
  'selection',
  'terminalLastCommand',
  'terminalSelection',
  'testFailure',
  'think',
  'todos',
  'usages',
  'vscodeAPI',
]);

/**
 * VS Code Copilot prompt files (`.prompt.md`): optional front matter (`description`, `name`,
 * `agent`/`mode`, `model`, `tools`) and a Markdown body sent as one user message, with editor
 * references (`${selection}`, `#file:x`, `#tool:x`) and `${input:name}` variables. They run in chat
 * rather than through a billed API call, so there is no output cap.
 */
export function extractCopilotPrompt(text: string, file: string): ExtractResult {
  const index = new LineIndex(text);
  const findings: Finding[] = [];
  const { yaml, bodyStart } = readFrontMatter(splitFrontMatter(text), index, findings);

  const name = yaml ? stringAt(yaml, ['name'])?.value : undefined;
  const tools = yaml ? readToolNames(yaml) : undefined;
  const body = readBody(text, bodyStart, index, new Set(tools?.map((tool) => tool.text)));
  const site: PromptSite = {
    id: `${file}#${name ?? fileStem(file, /\.prompt\.md$/i)}`,
    kind: 'prompt-file',
    sdk: 'copilot-prompt',
    file,
    range: index.range(0, firstLineEnd(text)),
    name,
    model: yaml ? readModel(yaml, findings) : undefined,
    messages: body ? [body] : [],
    tools,
    options: { chatOnly: true },
  };
  return { sites: [site], findings };
}

/**
 * The model id for a Copilot model picker name: `GPT-4o` → `gpt-4o`, `Gemini 2.5 Pro` →
 * `gemini-2.5-pro`, `GPT-5 (copilot)` → `gpt-5`. Claude names become Anthropic's ids
 * (`Claude Sonnet 4.5` → `claude-sonnet-4-5`, `Claude Sonnet 3.7` → `claude-3-7-sonnet`).
 */
export function copilotModelId(displayName: string): string {
  const id = displayName
    .trim()
    .replace(/\s*\([^()]*\)$/, '')
    .trim()
    .toLowerCase()
    .replace(/\s+/g, '-');
  const claude = /^claude-(sonnet|opus|haiku)-(\d+)(?:[.-](\d+))?(?:-thinking)?$/.exec(id);
  if (!claude) return id;
  const [, family, major, minor] = claude;
  if (major === '3') return `claude-3-${minor ? `${minor}-` : ''}${family}`;
  return `claude-${family}-${major}${minor ? `-${minor}` : ''}`;
}

/**
 * `model:` is a picker name, or a list tried in order (the first one is used here). The id is
 * normalised; `range` still covers the name as written, which is what a hover shows.
 */
function readModel(yaml: PlacedYaml, findings: Finding[]): ModelReference | undefined {
  const written = nodeAt(yaml, ['model']);
  const node = isSeq(written) ? (written.items[0] as Node | undefined) : written;
  if (node === undefined || (isScalar(node) && node.value === null)) return undefined;
  if (isScalar(node) && typeof node.value === 'string' && node.value.trim() !== '') {
    return { id: copilotModelId(node.value), written: node.value.trim(), range: rangeOf(yaml, node), resolved: true };
  }
  const found = isScalar(node) ? JSON.stringify(node.value) : isSeq(node) ? 'a list' : 'a mapping';
  findings.push(problem('invalid-model', `model must be a model name such as "GPT-4o" or "Claude Sonnet 4"; found ${found}.`, trimmedRange(yaml, node)!));
  return undefined;
}

/** The body as one user message; VS Code sends it without the front matter and surrounding blank lines. */
function readBody(text: string, bodyStart: number, index: LineIndex, listedTools: ReadonlySet<string>): Message | undefined {
  let start = bodyStart;
  let end = text.length;
  while (start < end && /\s/.test(text[start])) start++;
  while (end > start && /\s/.test(text[end - 1])) end--;
  if (start === end) return undefined;
  const body = text.slice(start, end);

  const found: Array<{ start: number; end: number; name: string; kind: DynamicKind }> = [];
  for (const match of body.matchAll(VARIABLE)) {
    const inner = match[1].trim();
    const input = /^input:([^:]+)/.exec(inner);
    found.push({ start: match.index, end: match.index + match[0].length, name: input ? input[1].trim() : inner, kind: input ? 'variable' : 'reference' });
  }
  for (const match of body.matchAll(HASH_REFERENCE)) {
    const [, word, value] = match;
    let length: number;
    let name: string;
    if (value !== undefined && REFERENCE_PREFIXES.has(word)) {
      // Sentence punctuation after a path is not part of it.
      const trimmed = value.replace(/[.,;:!?]+$/, '');
      if (trimmed === '') continue;
      length = 1 + word.length + 1 + trimmed.length;
      name = `${word}:${trimmed}`;
    } else {
      name = word.replace(/[./-]+$/, '');
      if (!listedTools.has(name) && !BUILT_IN_REFERENCES.has(name)) continue;
      length = 1 + name.length;
    }
    found.push({ start: match.index, end: match.index + length, name, kind: 'reference' });
  }
  found.sort((a, b) => a.start - b.start);

  const segments: Segment[] = [];
  let cursor = 0;
  const pushStatic = (to: number) => {
    if (to > cursor) segments.push({ kind: 'static', text: body.slice(cursor, to), range: index.range(start + cursor, start + to) });
  };
  for (const reference of found) {
    if (reference.start < cursor) continue;
    pushStatic(reference.start);
    segments.push({
      kind: 'dynamic',
      text: body.slice(reference.start, reference.end),
      name: reference.name,
      dynamicKind: reference.kind,
      range: index.range(start + reference.start, start + reference.end),
    });
    cursor = reference.end;
  }
  pushStatic(body.length);
  return { role: 'user', segments, range: index.range(start, end) };
}
