import type { LineIndex } from '../../text/lineIndex';
import type { DynamicKind, Segment } from '../../types';

/**
 * Template syntaxes of the prompt formats:
 * - mustache: `{{var}}`, `{{#section}}…{{/section}}`, `{{> partial}}`, `{{! comment}}` (Prompty, GitHub Models)
 * - jinja: `{{ var }}`, `{% for %}`, `{# comment #}` (Prompty's default)
 * - handlebars: mustache plus helpers `{{history}}`, `{{media url=…}}`, `{{section "x"}}` (Dotprompt)
 */
export type TemplateSyntax = 'mustache' | 'jinja' | 'handlebars';

const TAG = /\{\{\{([\s\S]*?)\}\}\}|\{\{([\s\S]*?)\}\}|\{%([\s\S]*?)%\}|\{#([\s\S]*?)#\}/g;

/**
 * Splits template text into static text and dynamic segments with exact ranges. Comments are
 * dropped (they are never sent); tags of another syntax are kept as text.
 */
export function segmentTemplate(text: string, start: number, end: number, index: LineIndex, syntax: TemplateSyntax): Segment[] {
  const segments: Segment[] = [];
  const source = text.slice(start, end);
  let cursor = 0;
  const pushStatic = (from: number, to: number) => {
    if (to > from) segments.push({ kind: 'static', text: source.slice(from, to), range: index.range(start + from, start + to) });
  };
  TAG.lastIndex = 0;
  for (let match = TAG.exec(source); match; match = TAG.exec(source)) {
    const [whole, triple, double, jinjaBlock, jinjaComment] = match;
    let dynamic: { name: string; kind: DynamicKind } | 'comment' | undefined;
    if (triple !== undefined) dynamic = { name: variableName(triple), kind: 'variable' };
    else if (double !== undefined) dynamic = classifyDouble(double.trim(), syntax);
    else if (syntax === 'jinja' && jinjaBlock !== undefined) dynamic = { name: `%${jinjaBlock.trim().split(/\s+/)[0] ?? ''}`, kind: 'control' };
    else if (syntax === 'jinja' && jinjaComment !== undefined) dynamic = 'comment';
    if (dynamic === undefined) continue;
    pushStatic(cursor, match.index);
    if (dynamic !== 'comment') {
      segments.push({
        kind: 'dynamic',
        text: whole,
        name: dynamic.name,
        dynamicKind: dynamic.kind,
        range: index.range(start + match.index, start + match.index + whole.length),
      });
    }
    cursor = match.index + whole.length;
  }
  pushStatic(cursor, source.length);
  return segments;
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
  const cleaned = inner.trim().replace(/^[-~&]\s*/, '').replace(/\s*[-~]$/, '');
  return /^[\w$.[\]'"-]+/.exec(cleaned)?.[0] ?? cleaned;
}
