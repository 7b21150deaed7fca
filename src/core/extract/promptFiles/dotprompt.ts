import { own, setOwn } from '../../records';
import { problem } from '../../findings/problem';
import type { Node } from 'yaml';
import { LineIndex } from '../../text/lineIndex';
import type { ExtractResult, Finding, Message, OutputCapInsertion, PromptSite, Range, Role, Segment } from '../../types';
import { splitFrontMatter, type FrontMatter } from './frontMatter';
import { ROLE_NAMES, nearestRole } from './roles';
import { emptyAt, fileStem, firstLineEnd, readFrontMatter, readModelId, readOutputCap, readToolNames, roleWithArticle } from './siteSupport';
import { lineBreakOf } from '../../text/applyEdits';
import { segmentTemplate } from './templateSegments';
import { insertIntoMapping, insertLineAfter, isMap, isScalar, lastLineOfEntry, mapIndent, nodeAt, stringAt, type PlacedYaml } from './yamlSupport';

const DOTPROMPT_ROLES = ['system', 'user', 'model', 'tool'];
const CAP_PATH = ['config', 'maxOutputTokens'];
/** `{{role "system"}}`, also with single quotes, whitespace control (`~`) and hash arguments. */
const ROLE_MARKER = /\{\{~?\s*role\s+(?:"([^"]*)"|'([^']*)')(?:\s+[^}]*?)?\s*~?\}\}/g;
/** `{{history}}`: earlier turns go here, and what follows it is a model message until the next role marker. */
const HISTORY_MARKER = /\{\{~?\s*history\s*~?\}\}/g;
const COMMENT = /\{\{!--[\s\S]*?--\}\}|\{\{![\s\S]*?\}\}/g;
/** Dotprompt skips blank lines and `#` lines (licence headers) before the opening `---`. */
const LEADING_LINES = /^(?:(?:#[^\n]*|[ \t]*\r?)\n)*/;

/**
 * Dotprompt / Firebase Genkit `.prompt` files: optional YAML front matter (`model`,
 * `config.maxOutputTokens`, `input.default`, `tools`) and a Handlebars body whose
 * `{{role "…"}}` markers split it into messages. Text before the first marker is a user message.
 */
export function extractDotprompt(text: string, file: string): ExtractResult {
  const index = new LineIndex(text);
  const findings: Finding[] = [];
  const frontMatter = findFrontMatter(text);
  const { yaml, bodyStart } = readFrontMatter(frontMatter, index, findings);

  const name = yaml ? stringAt(yaml, ['name'])?.value : undefined;
  const outputCap = yaml ? readOutputCap(yaml, CAP_PATH, findings) : undefined;
  const site: PromptSite = {
    id: `${file}#${name ?? fileStem(file, /\.prompt$/i)}`,
    kind: 'prompt-file',
    sdk: 'dotprompt',
    file,
    range: index.range(0, firstLineEnd(text)),
    name,
    model: yaml ? readModelId(yaml, 'googleai/gemini-2.5-flash', findings) : undefined,
    messages: readMessages(text, bodyStart, index, findings),
    tools: yaml ? readToolNames(yaml) : undefined,
    outputCap,
    outputCapInsertion: outputCap ? undefined : capInsertion(text, yaml, frontMatter, lineBreakOf(text)),
    options: {},
    samples: yaml ? readSamples(yaml) : undefined,
  };
  return { sites: [site], findings };
}

function findFrontMatter(text: string): FrontMatter | undefined {
  const skipped = LEADING_LINES.exec(text)![0].length;
  const frontMatter = splitFrontMatter(text.slice(skipped));
  if (!frontMatter) return undefined;
  return {
    ...frontMatter,
    yamlStart: frontMatter.yamlStart + skipped,
    bodyStart: frontMatter.bodyStart + skipped,
    openStart: frontMatter.openStart + skipped,
    openEnd: frontMatter.openEnd + skipped,
  };
}

interface Marker {
  start: number;
  end: number;
  /** Undefined for `{{history}}`. */
  role?: Role;
}

/** Splits the body the way Dotprompt does: at role markers and at `{{history}}`; blank messages are dropped. */
function readMessages(text: string, bodyStart: number, index: LineIndex, findings: Finding[]): Message[] {
  const body = text.slice(bodyStart);
  const comments = [...body.matchAll(COMMENT)].map((match) => [match.index, match.index + match[0].length]);
  const inComment = (at: number) => comments.some(([start, end]) => at >= start && at < end);
  const markers: Marker[] = [];
  for (const match of body.matchAll(ROLE_MARKER)) {
    if (inComment(match.index)) continue;
    const word = match[1] ?? match[2];
    const wordStart = bodyStart + match.index + match[0].search(/["']/) + 1;
    markers.push({
      start: bodyStart + match.index,
      end: bodyStart + match.index + match[0].length,
      role: roleOf(word, index.range(wordStart, wordStart + word.length), findings),
    });
  }
  for (const match of body.matchAll(HISTORY_MARKER)) {
    if (!inComment(match.index)) markers.push({ start: bodyStart + match.index, end: bodyStart + match.index + match[0].length });
  }
  markers.sort((a, b) => a.start - b.start);

  const messages: Message[] = [];
  let role: Role = 'user';
  let roleRange: Range | undefined;
  let contentStart = bodyStart;
  const flush = (contentEnd: number) => {
    const message = buildMessage(role, roleRange, contentStart, contentEnd, text, index);
    if (message) messages.push(message);
  };
  for (const marker of markers) {
    flush(marker.start);
    if (marker.role) {
      role = marker.role;
      roleRange = index.range(marker.start, marker.end);
    } else {
      const history: Segment = {
        kind: 'dynamic',
        text: text.slice(marker.start, marker.end),
        name: 'history',
        dynamicKind: 'history',
        range: index.range(marker.start, marker.end),
      };
      // The turns are a mix of user and model messages; one user message stands for them here.
      messages.push({ role: 'user', segments: [history], range: history.range });
      role = 'assistant';
      roleRange = undefined;
    }
    contentStart = marker.end;
  }
  flush(text.length);
  return messages;
}

function roleOf(word: string, range: Range, findings: Finding[]): Role {
  // Dotprompt reads only lowercase role names.
  if (DOTPROMPT_ROLES.includes(word)) return ROLE_NAMES[word];
  const meant = DOTPROMPT_ROLES.includes(word.toLowerCase()) ? word.toLowerCase() : nearestRole(word, DOTPROMPT_ROLES);
  const role = (meant ? own(ROLE_NAMES, meant) : undefined) ?? own(ROLE_NAMES, word.toLowerCase()) ?? 'user';
  const hint = meant ? `did you mean "${meant}"?` : own(ROLE_NAMES, word.toLowerCase()) === 'assistant' ? 'Dotprompt calls the assistant "model".' : '';
  findings.push(
    problem(
      'unknown-role',
      `"${word}" is not a Dotprompt role (${DOTPROMPT_ROLES.join(', ')})${hint ? `; ${hint}` : '.'} It is counted as ${roleWithArticle(role)} message.`,
      range,
    ),
  );
  return role;
}

function buildMessage(role: Role, roleRange: Range | undefined, contentStart: number, contentEnd: number, text: string, index: LineIndex): Message | undefined {
  let start = contentStart;
  let end = contentEnd;
  while (start < end && /\s/.test(text[start])) start++;
  while (end > start && /\s/.test(text[end - 1])) end--;
  const segments = trimEdges(segmentTemplate(text, start, end, index, 'handlebars'), index);
  if (segments.length === 0) return undefined;
  return { role, roleRange, segments, range: index.range(roleRange ? index.offsetAt(roleRange.start) : start, end) };
}

/** A dropped comment at a message's edge leaves the line break beside it; that blank is trimmed like the rest. */
function trimEdges(segments: Segment[], index: LineIndex): Segment[] {
  const trimmed = [...segments];
  const first = trimmed[0];
  if (first?.kind === 'static') {
    const start = index.offsetAt(first.range.start);
    const blank = first.text.length - first.text.trimStart().length;
    trimmed[0] = { ...first, text: first.text.slice(blank), range: index.range(start + blank, index.offsetAt(first.range.end)) };
  }
  const last = trimmed[trimmed.length - 1];
  if (last?.kind === 'static') {
    const end = index.offsetAt(last.range.end);
    const blank = last.text.length - last.text.trimEnd().length;
    trimmed[trimmed.length - 1] = {
      ...last,
      text: last.text.slice(0, last.text.length - blank),
      range: index.range(index.offsetAt(last.range.start), end - blank),
    };
  }
  return trimmed.filter((segment) => segment.kind === 'dynamic' || segment.text !== '');
}

/** `input.default`: the values used when the caller passes none, so real examples of each variable. */
function readSamples(yaml: PlacedYaml): Record<string, string> | undefined {
  const defaults = nodeAt(yaml, ['input', 'default']);
  if (!isMap(defaults)) return undefined;
  const samples: Record<string, string> = {};
  for (const pair of defaults.items) {
    if (isScalar(pair.key) && isScalar(pair.value) && pair.value.value !== null) setOwn(samples, String(pair.key.value), String(pair.value.value));
  }
  return Object.keys(samples).length > 0 ? samples : undefined;
}

/**
 * Inside `config:` when there is one; else a new `config:` block after `model:` (or at the top of
 * the front matter); else, for a body-only file, new front matter holding only the cap.
 */
function capInsertion(text: string, yaml: PlacedYaml | undefined, frontMatter: FrontMatter | undefined, eol: string): OutputCapInsertion | undefined {
  const param = CAP_PATH.join('.');
  if (!yaml || !frontMatter) {
    const bom = text.startsWith('\uFEFF') ? 1 : 0;
    return { param, range: emptyAt(0, bom), template: `---${eol}config:${eol}  maxOutputTokens: {value}${eol}---${eol}` };
  }
  if (nodeAt(yaml, ['config']) !== undefined) {
    const insertion = insertIntoMapping(yaml, ['config'], ['maxOutputTokens'], eol);
    return insertion && { param, ...insertion };
  }
  const root = yaml.doc.contents as Node | null;
  const top = yaml.index.positionAt(frontMatter.yamlStart).line;
  if (root === null) return { param, range: emptyAt(top), template: `config:${eol}  maxOutputTokens: {value}${eol}` };
  if (!isMap(root)) return undefined;
  if (root.flow) {
    const insertion = insertIntoMapping(yaml, [], CAP_PATH, eol);
    return insertion && { param, ...insertion };
  }
  const indent = ' '.repeat(mapIndent(yaml, root) ?? 0);
  const block = `${indent}config:${eol}${indent}  maxOutputTokens: {value}`;
  const modelLine = lastLineOfEntry(yaml, ['model']);
  if (modelLine === undefined) return { param, range: emptyAt(top), template: block + eol };
  return { param, ...insertLineAfter(yaml.index, modelLine, block, eol) };
}
