import { LineIndex } from '../../text/lineIndex';
import type { Range, TextEdit } from '../../types';
import type { CodeEntry, CodeFile, CodeValue } from '../../codeModel/codeModel';
import { entryOf, entryText, fieldsOf, staticText, valueOf, type Fields } from './siteParts';

/**
 * Edits that add or take away a cache breakpoint, in each SDK's own shape: `cache_control` on an
 * Anthropic content block (also through LangChain and LiteLLM), `providerOptions.anthropic.cacheControl`
 * on an AI SDK message, a `cachePoint` block in a Bedrock Converse list.
 *
 * Every edit is checked against the file's text: the values it touches must be written where the
 * call is (not relocated from another file or hidden behind a spread), and what it deletes must be
 * separators only. Anything else gets no edit: none is better than a wrong one.
 */

/** The file edits are written against. */
export interface EditSource {
  text: string;
  index: LineIndex;
  python: boolean;
  /** The quote TS/JS literals are written with in this file. */
  quote: "'" | '"';
}

const SOURCES = new WeakMap<CodeFile, EditSource | null>();

/** The file's text and how to write into it; undefined when the text is not known. */
export function editSource(file: CodeFile): EditSource | undefined {
  const known = SOURCES.get(file);
  if (known !== undefined) return known ?? undefined;
  const source =
    file.text === undefined ? null : { text: file.text, index: new LineIndex(file.text), python: file.language === 'python', quote: quoteOf(file.text) };
  SOURCES.set(file, source);
  return source ?? undefined;
}

/** The quote most string literals in the file open with (after `:`, `(`, `[`, `,` or `=`). */
function quoteOf(text: string): "'" | '"' {
  let single = 0;
  let double = 0;
  for (const match of text.matchAll(/[:([,=]\s*(['"])/g)) {
    if (match[1] === "'") single++;
    else double++;
  }
  return double > single ? '"' : "'";
}

// ---------------------------------------------------------------------------------------------
// Literals

/** A literal to write: a string, or an object of literals (keys in order). */
type Literal = string | { [key: string]: Literal };

/** `{ type: 'ephemeral' }` in TS/JS, `{"type": "ephemeral"}` in Python. */
function literal(source: EditSource, value: Literal): string {
  if (typeof value === 'string') return source.python ? JSON.stringify(value) : quoted(value, source.quote);
  const entries = Object.entries(value).map(([key, inner]) => `${source.python ? JSON.stringify(key) : key}: ${literal(source, inner)}`);
  return source.python ? `{${entries.join(', ')}}` : `{ ${entries.join(', ')} }`;
}

function quoted(text: string, quote: string): string {
  return quote + text.replace(/\\/g, '\\\\').replace(new RegExp(quote, 'g'), `\\${quote}`) + quote;
}

const EPHEMERAL: Literal = { type: 'ephemeral' };

// ---------------------------------------------------------------------------------------------
// Where values are written

function offset(source: EditSource, position: Range['start']): number {
  return source.index.offsetAt(position);
}

function textOf(source: EditSource, range: Range): string {
  return source.text.slice(offset(source, range.start), offset(source, range.end));
}

function within(inner: Range, outer: Range, source: EditSource): boolean {
  return offset(source, inner.start) >= offset(source, outer.start) && offset(source, inner.end) <= offset(source, outer.end);
}

function sameRange(a: Range, b: Range): boolean {
  return a.start.line === b.start.line && a.start.character === b.start.character && a.end.line === b.end.line && a.end.character === b.end.character;
}

function insert(source: EditSource, at: number, newText: string): TextEdit {
  const position = source.index.positionAt(at);
  return { range: { start: position, end: position }, newText };
}

function remove(source: EditSource, start: number, end: number): TextEdit {
  return { range: source.index.range(start, end), newText: '' };
}

/** Ranges in the order they are written; undefined when any two overlap. */
function inOrder(source: EditSource, ranges: Range[]): Array<{ start: number; end: number; at: number }> | undefined {
  const placed = ranges.map((range, at) => ({ start: offset(source, range.start), end: offset(source, range.end), at })).sort((a, b) => a.start - b.start);
  for (let i = 1; i < placed.length; i++) if (placed[i].start < placed[i - 1].end) return undefined;
  return placed;
}

/**
 * Whether `fields` are written where they are used, in full: an object literal or keyword arguments
 * of this file (not relocated from another file, not a constant named here), with no spreads, every
 * entry inside it.
 */
function writtenFields(source: EditSource, fields: Fields | undefined): fields is Fields & { insertion: NonNullable<Fields['insertion']> } {
  if (!fields?.insertion || fields.open) return false;
  const at = offset(source, fields.insertion.position);
  // Relocated or named values have their insertion point at the end of the expression that names them, or elsewhere.
  if (at <= offset(source, fields.range.start) || at >= offset(source, fields.range.end)) return false;
  if (!fields.entries.every((entry) => within(entry.range, fields.range, source))) return false;
  return (
    inOrder(
      source,
      fields.entries.map((entry) => entry.range),
    ) !== undefined
  );
}

/** Whether an array value is a list literal written here in full (`[…]`), its items inside it. */
function writtenArray(source: EditSource, value: CodeValue | undefined): value is CodeValue & { kind: 'array' } {
  if (value?.kind !== 'array' || value.unresolvedSpreads > 0) return false;
  const text = textOf(source, value.range);
  if (!text.startsWith('[') || !text.endsWith(']')) return false;
  if (!value.items.every((item) => within(item.range, value.range, source) && !sameRange(item.range, value.range))) return false;
  return (
    inOrder(
      source,
      value.items.map((item) => item.range),
    ) !== undefined
  );
}

/** Whether a value is an entry's own expression, written after its key (or as its shorthand). */
function entryValueWritten(source: EditSource, fields: Fields | undefined, entry: CodeEntry): boolean {
  if (!writtenFields(source, fields)) return false;
  const value = entry.value.range;
  if (!within(value, entry.range, source)) return false;
  if (isShorthand(source, entry)) return true;
  return offset(source, value.start) >= offset(source, entry.keyRange.end) && offset(source, value.start) < offset(source, value.end);
}

/** TS `{ system }`: the entry is its key, and the value is the variable of that name. */
function isShorthand(source: EditSource, entry: CodeEntry): boolean {
  return !source.python && sameRange(entry.range, entry.keyRange) && sameRange(entry.value.range, entry.range) && textOf(source, entry.range) === entry.key;
}

/** Text being deleted must hold no comment (string literals in it are skipped). */
function commentFree(text: string): boolean {
  return !/\/\/|\/\*|#/.test(text.replace(/'(?:[^'\\\n]|\\.)*'|"(?:[^"\\\n]|\\.)*"/g, "''"));
}

// ---------------------------------------------------------------------------------------------
// Generic insertions and removals

/** A new `key: value` in written fields, placed and indented as the fields' insertion point says. */
function insertEntry(source: EditSource, fields: Fields | undefined, key: string, value: Literal): TextEdit[] | undefined {
  if (!writtenFields(source, fields)) return undefined;
  const point = fields.insertion;
  const valueText = literal(source, value);
  // A key that is not an identifier is quoted in a TS object.
  const written = point.style === 'object' && !/^[A-Za-z_$][\w$]*$/.test(key) ? quoted(key, source.quote) : key;
  const text = point.style === 'object' ? point.before + `${written}: ${valueText}` + point.after : entryText(point, key, valueText);
  return [{ range: { start: point.position, end: point.position }, newText: text }];
}

/**
 * Deletes item `at` of a written list together with one separating comma: the comma before it (so
 * `a, b` and `a,\n  b,` lose `, b` / `,\n  b`), else the one after it; a lone item empties the list.
 * Undefined when the text between items is more than whitespace and a comma (a comment).
 */
function removeItem(source: EditSource, container: Range, ranges: Range[], at: number): TextEdit[] | undefined {
  const placed = inOrder(source, ranges);
  if (!placed) return undefined;
  const i = placed.findIndex((item) => item.at === at);
  if (i < 0) return undefined;
  const item = placed[i];
  const previous = placed[i - 1];
  const next = placed[i + 1];
  const separator = (from: number, to: number) => /^\s*,\s*$/.test(source.text.slice(from, to));
  if (previous && separator(previous.end, item.start)) return [remove(source, previous.end, item.end)];
  if (!previous && next && separator(item.end, next.start)) return [remove(source, item.start, next.start)];
  if (previous || next) return undefined;
  const open = offset(source, container.start) + 1;
  const close = offset(source, container.end) - 1;
  if (!/^[[({]$/.test(source.text[open - 1] ?? '') || !/^[\])}]$/.test(source.text[close] ?? '')) return undefined;
  if (!/^\s*$/.test(source.text.slice(open, item.start)) || !/^\s*,?\s*$/.test(source.text.slice(item.end, close))) return undefined;
  return [remove(source, open, close)];
}

/** Deletes `entry` from written fields (with its separating comma). */
function removeEntry(source: EditSource, fields: Fields | undefined, entry: CodeEntry): TextEdit[] | undefined {
  if (!writtenFields(source, fields)) return undefined;
  const at = fields.entries.indexOf(entry);
  return at < 0
    ? undefined
    : removeItem(
        source,
        fields.range,
        fields.entries.map((candidate) => candidate.range),
        at,
      );
}

/**
 * Deletes an entry nested in single-entry containers as a whole: `providerOptions: { anthropic: {
 * cacheControl } }` goes entirely when that is all it holds. `path` runs from the outermost
 * (fields, entry) to the innermost.
 */
function removeNested(source: EditSource, path: Array<{ fields: Fields | undefined; entry: CodeEntry }>): TextEdit[] | undefined {
  for (let i = path.length - 1; i >= 0; i--) {
    const { fields, entry } = path[i];
    if (!writtenFields(source, fields)) return undefined;
    if (i > 0 && fields.entries.length === 1) continue;
    return removeEntry(source, fields, entry);
  }
  return undefined;
}

/** Keeps only `inner` of `outer`: deletes what is before and after it, when that is free of comments. */
function keepOnly(source: EditSource, outer: Range, inner: Range): TextEdit[] | undefined {
  const [start, end] = [offset(source, outer.start), offset(source, outer.end)];
  const [innerStart, innerEnd] = [offset(source, inner.start), offset(source, inner.end)];
  if (innerStart < start || innerEnd > end || innerStart >= innerEnd) return undefined;
  if (!commentFree(source.text.slice(start, innerStart)) || !commentFree(source.text.slice(innerEnd, end))) return undefined;
  return [remove(source, start, innerStart), remove(source, innerEnd, end)];
}

// ---------------------------------------------------------------------------------------------
// Where a value sits

/**
 * Where a message's content (or an SDK's `system`) is written: an entry of some fields
 * (`content: …`, `system="…"`), or a positional value inside a call or tuple (`new
 * SystemMessage('…')`, `("system", "…")`).
 */
export type Holder = { fields: Fields | undefined; entry: CodeEntry } | { value: CodeValue; within: Range };

export function entryHolder(fields: Fields | undefined, entry: CodeEntry | undefined): Holder | undefined {
  return entry ? { fields, entry } : undefined;
}

function holderValue(holder: Holder): CodeValue {
  return 'entry' in holder ? holder.entry.value : holder.value;
}

/** Whether the holder's value is written there (and so may be wrapped or replaced in place). */
function holderWritten(source: EditSource, holder: Holder): boolean {
  if ('entry' in holder) return entryValueWritten(source, holder.fields, holder.entry);
  const { value } = holder;
  return (
    within(value.range, holder.within, source) && !sameRange(value.range, holder.within) && offset(source, value.range.start) < offset(source, value.range.end)
  );
}

/**
 * Wraps a written expression in place: `before` + expression + `after`. A TS shorthand entry
 * (`{ system }`) is spelled out first, so the wrapped value keeps its key.
 */
function wrap(source: EditSource, holder: Holder, before: string, after: string): TextEdit[] | undefined {
  if (!holderWritten(source, holder)) return undefined;
  const value = holderValue(holder);
  const prefix = 'entry' in holder && isShorthand(source, holder.entry) ? `${holder.entry.key}: ${before}` : before;
  return [insert(source, offset(source, value.range.start), prefix), insert(source, offset(source, value.range.end), after)];
}

// ---------------------------------------------------------------------------------------------
// Anthropic content blocks: `cache_control`

/** Blocks Anthropic does not let carry `cache_control`. */
const UNCACHEABLE_BLOCKS = new Set(['thinking', 'redacted_thinking']);

/**
 * The fields of a content block: an object / dict literal, or (Python) a typed-dict constructor
 * given keyword arguments only (`TextBlockParam(type="text", text=…)`). Any other call is a helper
 * whose parameters are unknown: nothing may be added to its arguments.
 */
function blockFields(source: EditSource, block: CodeValue | undefined): Fields | undefined {
  if (block?.kind === 'object') return fieldsOf(block);
  if (block?.kind !== 'call' || !source.python || block.call.args.positional.length > 0) return undefined;
  const fields = fieldsOf(block);
  return staticText(valueOf(fields, 'type')) ? fields : undefined;
}

/**
 * A breakpoint at the end of Anthropic-style content (Anthropic's SDKs, LangChain, LiteLLM): text
 * becomes one text block carrying `cache_control`; with blocks, the last block gets it.
 */
export function cacheControlInsertion(source: EditSource | undefined, holder: Holder | undefined): TextEdit[] | undefined {
  if (!source || !holder) return undefined;
  const value = holderValue(holder);
  if (value.kind === 'string') {
    const before = source.python ? '[{"type": "text", "text": ' : `[{ type: ${literal(source, 'text')}, text: `;
    const after = source.python ? `, "cache_control": ${literal(source, EPHEMERAL)}}]` : `, cache_control: ${literal(source, EPHEMERAL)} }]`;
    return wrap(source, holder, before, after);
  }
  if (value.kind !== 'array' || value.unresolvedSpreads > 0) return undefined;
  const fields = blockFields(source, value.items[value.items.length - 1]);
  if (!fields || entryOf(fields, 'cache_control')) return undefined;
  const type = staticText(valueOf(fields, 'type'));
  if (type && UNCACHEABLE_BLOCKS.has(type)) return undefined;
  return insertEntry(source, fields, 'cache_control', EPHEMERAL);
}

/**
 * Takes a block's `cache_control` away. A one-line list of just `{ type: 'text', text, cache_control }`
 * goes back to being the text itself (what the insertion started from); otherwise the entry is
 * deleted from the block.
 */
export function cacheControlRemoval(source: EditSource | undefined, holder: Holder | undefined, block: CodeValue): TextEdit[] | undefined {
  if (!source) return undefined;
  const fields = blockFields(source, block);
  const entry = entryOf(fields, 'cache_control');
  if (!fields || !entry) return undefined;
  const list = holder ? holderValue(holder) : undefined;
  const literalBlock = block.kind === 'object' && textOf(source, block.range).startsWith('{');
  if (holder && list && literalBlock && writtenArray(source, list) && list.items.length === 1 && list.items[0] === block && holderWritten(source, holder)) {
    const unwrapped = unwrapText(source, holder, list, fields);
    if (unwrapped) return unwrapped;
  }
  return removeEntry(source, fields, entry);
}

/**
 * `[{ type: 'text', text: X, cache_control }]` → `X`, for the shape the insertion writes: one line,
 * keys in that order. A list written otherwise (over several lines) only loses its `cache_control`.
 */
function unwrapText(source: EditSource, holder: Holder, list: CodeValue, fields: Fields): TextEdit[] | undefined {
  if (!writtenFields(source, fields) || !singleLine(list.range) || !keysInOrder(source, fields, ['type', 'text', 'cache_control'])) return undefined;
  if (staticText(valueOf(fields, 'type')) !== 'text') return undefined;
  const text = entryOf(fields, 'text')!;
  if (!entryValueWritten(source, fields, text) || isShorthand(source, text)) return undefined;
  return unwrap(source, holder, list, text.value);
}

function singleLine(range: Range): boolean {
  return range.start.line === range.end.line;
}

/** Whether the fields hold exactly these keys, written in this order. */
function keysInOrder(source: EditSource, fields: Fields, keys: string[]): boolean {
  const placed = inOrder(
    source,
    fields.entries.map((entry) => entry.range),
  );
  return placed !== undefined && placed.length === keys.length && placed.every((item, i) => fields.entries[item.at].key === keys[i]);
}

/**
 * Replaces the holder's value `outer` by `inner`, a part of it, by deleting what surrounds `inner`.
 * A TS entry whose inner value is a variable of the entry's name becomes a shorthand again
 * (`system: [{ … text: system … }]` → `system`), as it was before the insertion.
 */
function unwrap(source: EditSource, holder: Holder, outer: CodeValue, inner: CodeValue): TextEdit[] | undefined {
  if ('entry' in holder && !source.python) {
    const { entry } = holder;
    const ends = offset(source, entry.range.end) === offset(source, outer.range.end);
    if (ends && /^[A-Za-z_$][\w$]*$/.test(entry.key) && textOf(source, inner.range) === entry.key) return keepOnly(source, entry.range, inner.range);
  }
  return keepOnly(source, outer.range, inner.range);
}

/** Takes the request-level `cache_control` (Anthropic automatic caching) away. */
export function requestCacheControlRemoval(source: EditSource | undefined, fields: Fields, entry: CodeEntry): TextEdit[] | undefined {
  return source ? removeEntry(source, fields, entry) : undefined;
}

// ---------------------------------------------------------------------------------------------
// AI SDK: `providerOptions: { anthropic: { cacheControl: { type: 'ephemeral' } } }`

const OPTION_KEYS = ['providerOptions', 'providerMetadata', 'experimental_providerMetadata'];

/** A breakpoint on an AI SDK message (or part): its provider options get Anthropic's `cacheControl`. */
export function providerCacheInsertion(source: EditSource | undefined, fields: Fields | undefined): TextEdit[] | undefined {
  if (!source || !fields) return undefined;
  const options = entryOf(fields, ...OPTION_KEYS);
  if (!options) return insertEntry(source, fields, 'providerOptions', { anthropic: { cacheControl: EPHEMERAL } });
  const optionFields = options.value.kind === 'object' ? fieldsOf(options.value) : undefined;
  const anthropic = entryOf(optionFields, 'anthropic');
  if (!anthropic) return insertEntry(source, optionFields, 'anthropic', { cacheControl: EPHEMERAL });
  const anthropicFields = anthropic.value.kind === 'object' ? fieldsOf(anthropic.value) : undefined;
  if (!anthropicFields || entryOf(anthropicFields, 'cacheControl', 'cache_control')) return undefined;
  return insertEntry(source, anthropicFields, 'cacheControl', EPHEMERAL);
}

/**
 * Takes an AI SDK message's (or part's) `cacheControl` away, with the containers that held only it.
 * A `system` option that is just `{ role: 'system', content: X, providerOptions }` on one line (the
 * shape the insertion writes) goes back to `X`.
 */
export function providerCacheRemoval(source: EditSource | undefined, fields: Fields | undefined, systemOption?: Holder): TextEdit[] | undefined {
  if (!source || !fields) return undefined;
  const options = entryOf(fields, ...OPTION_KEYS);
  const optionFields = options?.value.kind === 'object' ? fieldsOf(options.value) : undefined;
  const anthropic = entryOf(optionFields, 'anthropic');
  const anthropicFields = anthropic?.value.kind === 'object' ? fieldsOf(anthropic.value) : undefined;
  const control = entryOf(anthropicFields, 'cacheControl', 'cache_control');
  if (!options || !anthropic || !control) return undefined;
  const path = [
    { fields, entry: options },
    { fields: optionFields, entry: anthropic },
    { fields: anthropicFields, entry: control },
  ];
  if (systemOption) {
    const unwrapped = systemMessageRemoval(source, systemOption, fields, options.key, optionFields, anthropicFields);
    if (unwrapped) return unwrapped;
  }
  return removeNested(source, path);
}

/** The `system` option back to its content `X`, when it has the shape systemMessageInsertion writes; else undefined. */
function systemMessageRemoval(
  source: EditSource,
  systemOption: Holder,
  fields: Fields,
  optionsKey: string,
  optionFields: Fields | undefined,
  anthropicFields: Fields | undefined,
): TextEdit[] | undefined {
  const systemShape =
    singleLine(holderValue(systemOption).range) &&
    writtenFields(source, fields) &&
    keysInOrder(source, fields, ['role', 'content', optionsKey]) &&
    writtenFields(source, optionFields) &&
    optionFields.entries.length === 1 &&
    writtenFields(source, anthropicFields) &&
    anthropicFields.entries.length === 1;
  if (!systemShape) return undefined;
  const content = entryOf(fields, 'content');
  if (
    content &&
    entryOf(fields, 'role') &&
    content.value.kind === 'string' &&
    entryValueWritten(source, fields, content) &&
    !isShorthand(source, content) &&
    holderWritten(source, systemOption)
  ) {
    return unwrap(source, systemOption, holderValue(systemOption), content.value);
  }
  return undefined;
}

/**
 * AI SDK 6's `system` as a system message carrying the breakpoint: `system: 'x'` →
 * `system: { role: 'system', content: 'x', providerOptions: { anthropic: { cacheControl: … } } }`.
 */
export function systemMessageInsertion(source: EditSource | undefined, holder: Holder | undefined): TextEdit[] | undefined {
  if (!source || !holder || source.python || holderValue(holder).kind !== 'string') return undefined;
  const before = `{ role: ${literal(source, 'system')}, content: `;
  const after = `, providerOptions: ${literal(source, { anthropic: { cacheControl: EPHEMERAL } })} }`;
  return wrap(source, holder, before, after);
}

// ---------------------------------------------------------------------------------------------
// Bedrock Converse: `{ cachePoint: { type: 'default' } }` blocks

/** A `cachePoint` block appended to a written list of blocks, on its own line when the list spans lines. */
export function cachePointInsertion(source: EditSource | undefined, list: CodeValue | undefined): TextEdit[] | undefined {
  if (!source || !writtenArray(source, list) || list.items.length === 0) return undefined;
  const block = literal(source, { cachePoint: { type: 'default' } });
  const start = offset(source, list.range.start);
  const close = offset(source, list.range.end) - 1;
  const last = list.items[list.items.length - 1];
  const lastStart = offset(source, last.range.start);
  const lastEnd = offset(source, last.range.end);
  const multiline = source.index.positionAt(lastStart).line !== source.index.positionAt(start).line;
  const newline = source.text.includes('\r\n') ? '\r\n' : '\n';
  const indent = /^[ \t]*/.exec(source.index.lineText(source.index.positionAt(lastStart).line))?.[0] ?? '';
  let at = lastEnd;
  while (at < close && (source.text[at] === ' ' || source.text[at] === '\t')) at++;
  if (source.text[at] === ',') {
    let position = at + 1;
    const rest = source.text.slice(position, close);
    // A comment after the trailing comma stays with the item it belongs to.
    if (/^[ \t]*(\/\/|#|\/\*)/.test(rest)) {
      const lineEnd = rest.search(/\r?\n/);
      if (lineEnd < 0) return undefined;
      position += lineEnd;
    }
    return [insert(source, position, multiline ? `${newline}${indent}${block},` : ` ${block},`)];
  }
  return [insert(source, lastEnd, multiline ? `,${newline}${indent}${block}` : `, ${block}`)];
}

/** Deletes a `cachePoint` block from a written list. */
export function cachePointRemoval(source: EditSource | undefined, list: CodeValue, block: CodeValue): TextEdit[] | undefined {
  if (!source || !writtenArray(source, list)) return undefined;
  const at = list.items.indexOf(block);
  return at < 0
    ? undefined
    : removeItem(
        source,
        list.range,
        list.items.map((item) => item.range),
        at,
      );
}
