import type { LineIndex } from '../../text/lineIndex';
import type { DynamicKind, Segment } from '../../types';

/**
 * Template syntaxes of the prompt formats:
 * - mustache: `{{var}}`, `{{#section}}…{{/section}}`, `{{> partial}}`, `{{! comment}}` (Prompty, GitHub Models)
 * - jinja: `{{ var }}`, `{% for %}`, `{# comment #}` (Prompty's default)
 * - handlebars: mustache plus helpers `{{history}}`, `{{media url=…}}`, `{{section "x"}}` and
 *   `{{!-- long comments --}}` that may contain `}}` (Dotprompt)
 */
export type TemplateSyntax = 'mustache' | 'jinja' | 'handlebars';

// Each syntax only knows its own tags: a `{#` in a Mustache prompt is text and must not swallow the
// `{{var}}` tags that follow it up to some later `#}`.
const TAGS: Readonly<Record<TemplateSyntax, RegExp>> = {
  mustache: /\{\{\{([\s\S]*?)\}\}\}|\{\{([\s\S]*?)\}\}/g,
  handlebars: /\{\{!--[\s\S]*?--\}\}|\{\{\{([\s\S]*?)\}\}\}|\{\{([\s\S]*?)\}\}/g,
  jinja: /\{\{\{([\s\S]*?)\}\}\}|\{\{([\s\S]*?)\}\}|\{%([\s\S]*?)%\}|\{#([\s\S]*?)#\}/g,
};

/** A piece of template text by offsets into that text; `segmentTemplate` places parts in a file. */
export interface TemplatePart {
  kind: 'static' | 'dynamic';
  start: number;
  end: number;
  name?: string;
  dynamicKind?: DynamicKind;
}

/**
 * Splits template text into static text and dynamic segments with exact ranges. Comments are
 * dropped (they are never sent); tags of another syntax are kept as text.
 */
export function segmentTemplate(text: string, start: number, end: number, index: LineIndex, syntax: TemplateSyntax): Segment[] {
  const source = text.slice(start, end);
  return templateParts(source, syntax).map((part) => {
    const segment: Segment = { kind: part.kind, text: source.slice(part.start, part.end), range: index.range(start + part.start, start + part.end) };
    if (part.kind === 'dynamic') {
      segment.name = part.name;
      segment.dynamicKind = part.dynamicKind;
    }
    return segment;
  });
}

/** The parts of a template by offsets, for callers whose text is not a plain slice of the file (YAML scalars). */
export function templateParts(source: string, syntax: TemplateSyntax): TemplatePart[] {
  const parts: TemplatePart[] = [];
  let cursor = 0;
  const pushStatic = (from: number, to: number) => {
    if (to > from) parts.push({ kind: 'static', start: from, end: to });
  };
  const tag = new RegExp(TAGS[syntax].source, 'g');
  for (let match = tag.exec(source); match; match = tag.exec(source)) {
    const [whole, triple, double, jinjaBlock] = match;
    let dynamic: { name: string; kind: DynamicKind } | 'comment';
    if (triple !== undefined) dynamic = { name: variableName(triple), kind: 'variable' };
    else if (double !== undefined) dynamic = classifyDouble(double.trim(), syntax);
    else if (jinjaBlock !== undefined) dynamic = { name: `%${jinjaBlock.trim().split(/\s+/)[0] ?? ''}`, kind: 'control' };
    else dynamic = 'comment'; // `{# #}` in Jinja, `{{!-- --}}` in Handlebars
    pushStatic(cursor, match.index);
    if (dynamic !== 'comment') {
      parts.push({ kind: 'dynamic', start: match.index, end: match.index + whole.length, name: dynamic.name, dynamicKind: dynamic.kind });
    }
    cursor = match.index + whole.length;
  }
  pushStatic(cursor, source.length);
  return parts;
}

function classifyDouble(inner: string, syntax: TemplateSyntax): { name: string; kind: DynamicKind } | 'comment' {
  if (inner.startsWith('!')) return 'comment';
  if (inner.startsWith('>')) return { name: `> ${inner.slice(1).trim().split(/\s+/)[0]}`, kind: 'partial' };
  if (/^[#/^]|^else\b/.test(inner)) return { name: inner.replace(/\s+/g, ' '), kind: 'control' };
  if (syntax === 'handlebars') {
    const helper = inner.split(/\s+/)[0];
    if (helper === 'history') return { name: 'history', kind: 'history' };
    if (helper === 'media') return { name: 'media', kind: 'media' };
    if (helper === 'section') return { name: inner, kind: 'control' };
  }
  return { name: variableName(inner), kind: 'variable' };
}

/** `user.name | upper` → `user.name`; `- var -` (whitespace control) → `var`. */
function variableName(inner: string): string {
  const cleaned = inner
    .trim()
    .replace(/^[-~&]\s*/, '')
    .replace(/\s*[-~]$/, '');
  return /^[\w$.[\]'"-]+/.exec(cleaned)?.[0] ?? cleaned;
}
