import { isPositiveTokenCount, isTokenCount } from '../../numbers';
import { parseModelId } from '../../models/modelId';
import { DYNAMIC_THINKING_BUDGET } from '../../models/reasoningTokens';
import { providerOfAlias } from '../../providers/providers';
import type { DynamicKind, Message, ModelReference, OutputCap, OutputCapInsertion, PromptSite, Range, Role, Segment, SiteSdk, TextEdit } from '../../types';
import type { CallSite, CodeCall, CodeEntry, CodeFile, CodeValue, InsertionPoint } from '../../codeModel/codeModel';
import { own } from '../../records';

/**
 * Shared reading of the call model for the SDK modules: options and keyword arguments as one kind
 * of thing, message content as segments, model ids, output caps and where to insert one.
 */

/** What an SDK module returns: a prompt site without its id (the caller assigns stable ids). */
export type SdkSite = Omit<PromptSite, 'id'>;

/**
 * Named values passed to a call: a TS options object, Python keyword arguments, a Python dict, or
 * the keyword arguments of a config constructor (`types.GenerateContentConfig(...)`).
 */
export interface Fields {
  entries: CodeEntry[];
  range: Range;
  /** Where another entry can be written; absent when the container is not ours to edit. */
  insertion?: InsertionPoint;
  /** Spreads whose contents are unknown: a key that is absent may still be set through them. */
  open: boolean;
}

// ---------------------------------------------------------------------------------------------
// Fields and entries

/** The fields a value spells out: an object / dict literal, or a call's keyword arguments or options object. */
export function fieldsOf(value: CodeValue | undefined): Fields | undefined {
  if (!value) return undefined;
  if (value.kind === 'object') return { entries: value.entries, range: value.range, insertion: value.insertion, open: value.unresolvedSpreads > 0 };
  if (value.kind === 'call') {
    const { args } = value.call;
    // `new X({...})` (TS) carries its fields in an object; `X(a=1)` (Python) in keyword arguments.
    if (args.named.length === 0 && args.positional.length === 1 && args.positional[0].kind === 'object') return fieldsOf(args.positional[0]);
    return keywordFields(value.call);
  }
  return undefined;
}

/** A call's keyword arguments; `**kwargs` the front end could not resolve leave them open. */
export function keywordFields(call: CodeCall): Fields {
  const { args } = call;
  return { entries: args.named, range: args.range, insertion: args.insertion, open: (args.unresolvedSpreads ?? 0) > 0 };
}

/**
 * The options of an SDK call: Python keyword arguments, or the TS options object at `index`.
 * Python calls with no keyword arguments still have fields (empty, with an insertion point).
 */
export function callFields(call: CodeCall, language: CallSite['language'], index = 0): Fields | undefined {
  if (language === 'python') {
    const positional = call.args.positional[index];
    // `create(**params)` resolved by the front end to a dict, or a dict passed positionally.
    if (call.args.named.length === 0 && positional?.kind === 'object') return fieldsOf(positional);
    return keywordFields(call);
  }
  const positional = call.args.positional[index];
  return positional?.kind === 'object' ? fieldsOf(positional) : undefined;
}

/** The entry for the first of `keys` that is present; the last entry wins, as with duplicate keys and spreads. */
export function entryOf(fields: Fields | undefined, ...keys: string[]): CodeEntry | undefined {
  if (!fields) return undefined;
  for (const key of keys) {
    for (let i = fields.entries.length - 1; i >= 0; i--) {
      if (fields.entries[i].key === key) return fields.entries[i];
    }
  }
  return undefined;
}

/** The value of `entryOf(fields, ...keys)`. */
export function valueOf(fields: Fields | undefined, ...keys: string[]): CodeValue | undefined {
  return entryOf(fields, ...keys)?.value;
}

/** `camelCase` and `snake_case` spellings of one key, for SDKs that accept both. */
export function spellings(key: string): string[] {
  const snake = key.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);
  const camel = key.replace(/_([a-z])/g, (_, c: string) => c.toUpperCase());
  return [...new Set([key, camel, snake])];
}

/** An entry under `key` in any spelling. */
export function entryAnyCase(fields: Fields | undefined, key: string): CodeEntry | undefined {
  return entryOf(fields, ...spellings(key));
}

// ---------------------------------------------------------------------------------------------
// Strings, segments and JSON

/**
 * The output modalities a list names, upper case: `['IMAGE']`, `[Modality.IMAGE]`, `["audio", "text"]`;
 * undefined when the list or one of its items cannot be read.
 */
export function modalitiesOf(value: CodeValue | undefined): string[] | undefined {
  if (value?.kind !== 'array' || value.unresolvedSpreads > 0) return undefined;
  const names = value.items.map((item) => (item.kind === 'unknown' ? lastName(item.text.trim()) : staticText(item)));
  return names.every((name): name is string => name !== undefined && /^[A-Za-z_]+$/.test(name)) ? names.map((name) => name.toUpperCase()) : undefined;
}

/** The text of a string whose every part is known (or of an env read's default); undefined otherwise. */
export function staticText(value: CodeValue | undefined): string | undefined {
  if (value?.kind === 'unknown' && value.envDefault) return staticText(value.envDefault);
  if (value?.kind !== 'string' || value.segments.some((segment) => segment.kind !== 'static')) return undefined;
  return value.segments.map((segment) => segment.text).join('');
}

/** How an expression reads in an assumption or a promptcost.yaml key: `question`, `load_history(…)`. */
export function expressionText(value: CodeValue): string {
  switch (value.kind) {
    case 'unknown':
      return value.text;
    case 'call':
      return `${value.call.callee}(…)`;
    case 'object':
      return '{…}';
    case 'array':
      return '[…]';
    case 'string':
      return value.segments.map((segment) => segment.text).join('');
    case 'null':
      return 'null';
    default:
      return String(value.value);
  }
}

function expressionName(value: CodeValue): string {
  if (value.kind === 'unknown') return value.name ?? value.text;
  if (value.kind === 'call') return value.call.callee;
  return expressionText(value);
}

/** One dynamic segment standing for a whole value the analysis cannot read. */
export function dynamicSegment(value: CodeValue, dynamicKind: DynamicKind = 'variable', name?: string): Segment {
  return { kind: 'dynamic', text: expressionText(value), range: value.range, name: name ?? expressionName(value), dynamicKind };
}

/**
 * The segments a value contributes as text: a string's own segments, a number's digits, a
 * resolvable object's compact JSON; anything unknown is one dynamic segment named after it.
 */
export function textSegments(value: CodeValue, dynamicKind: DynamicKind = 'variable'): Segment[] {
  switch (value.kind) {
    case 'string':
      return value.segments;
    case 'null':
      return [];
    case 'number':
    case 'boolean':
      return [{ kind: 'static', text: String(value.value), range: value.range }];
    case 'object':
    case 'array': {
      const json = jsonText(value);
      return json === undefined ? [dynamicSegment(value, dynamicKind)] : [{ kind: 'static', text: json, range: value.range }];
    }
    default:
      return [dynamicSegment(value, dynamicKind)];
  }
}

const UNRESOLVED = Symbol('unresolved');

function toJson(value: CodeValue): unknown {
  switch (value.kind) {
    case 'string': {
      const text = staticText(value);
      return text === undefined ? UNRESOLVED : text;
    }
    case 'number':
    case 'boolean':
      return value.value;
    case 'null':
      return null;
    case 'array': {
      if (value.unresolvedSpreads > 0) return UNRESOLVED;
      const items = value.items.map(toJson);
      return items.includes(UNRESOLVED) ? UNRESOLVED : items;
    }
    case 'object': {
      if (value.unresolvedSpreads > 0) return UNRESOLVED;
      const result: Record<string, unknown> = {};
      for (const entry of value.entries) {
        const item = toJson(entry.value);
        if (item === UNRESOLVED) return UNRESOLVED;
        result[entry.key] = item;
      }
      return result;
    }
    default:
      return UNRESOLVED;
  }
}

/** Compact JSON of a value known in full (a tool definition, a schema); undefined when any part is not known. */
export function jsonText(value: CodeValue): string | undefined {
  const json = toJson(value);
  return json === UNRESOLVED ? undefined : JSON.stringify(json);
}

/**
 * Tool definitions as segments, one per tool: resolvable definitions as their JSON (so they can be
 * counted), anything else dynamic. A record of tools (AI SDK) names each tool by its key.
 */
export function toolSegments(value: CodeValue | undefined): Segment[] | undefined {
  if (!value || value.kind === 'null') return undefined;
  const segments: Segment[] = [];
  if (value.kind === 'array') {
    for (const item of value.items) segments.push(...textSegments(item));
    if (value.unresolvedSpreads > 0) segments.push(dynamicSegment(value, 'variable', 'tools'));
  } else if (value.kind === 'object') {
    for (const entry of value.entries) {
      const json = jsonText(entry.value);
      segments.push(
        json === undefined
          ? dynamicSegment(entry.value, 'variable', entry.key)
          : { kind: 'static', text: JSON.stringify({ [entry.key]: JSON.parse(json) }), range: entry.range },
      );
    }
    if (value.unresolvedSpreads > 0) segments.push(dynamicSegment(value, 'variable', 'tools'));
  } else {
    segments.push(dynamicSegment(value));
  }
  return segments.length > 0 ? segments : undefined;
}

// ---------------------------------------------------------------------------------------------
// Messages

const ROLES: Readonly<Record<string, Role>> = {
  system: 'system',
  developer: 'developer',
  user: 'user',
  human: 'user',
  assistant: 'assistant',
  ai: 'assistant',
  model: 'assistant',
  tool: 'tool',
  function: 'tool',
};

/** The role a role string names (`human` and `ai` from LangChain, `model` from Gemini); unknown roles read as user. */
export function roleOf(value: CodeValue | undefined): Role {
  const text = staticText(value)?.trim().toLowerCase();
  return (text !== undefined && own(ROLES, text)) || 'user';
}

/** A run of content ending at a cache breakpoint (or at the end of the message). */
export interface ContentPiece {
  segments: Segment[];
  breakpoint: boolean;
  /** Edits that take the breakpoint ending this piece away; absent when there is none, or no clean edit. */
  removal?: TextEdit[];
  /** Edits that put a breakpoint at the end of this piece (the last piece of a message only). */
  insertion?: TextEdit[];
}

/** Collects content, starting a new piece after each cache breakpoint. */
export class ContentBuilder {
  readonly pieces: ContentPiece[] = [{ segments: [], breakpoint: false }];

  add(segments: Segment[]): void {
    this.pieces[this.pieces.length - 1].segments.push(...segments);
  }

  /** Marks the content so far as cached up to here; `removal` takes this marker away. */
  breakpoint(removal?: TextEdit[]): void {
    const last = this.pieces[this.pieces.length - 1];
    if (last.segments.length === 0 && this.pieces.length > 1) {
      // A second marker with nothing between: removing the breakpoint takes both away.
      const previous = this.pieces[this.pieces.length - 2];
      previous.breakpoint = true;
      previous.removal = previous.removal && removal ? [...previous.removal, ...removal] : undefined;
      return;
    }
    last.breakpoint = true;
    if (removal) last.removal = removal;
    this.pieces.push({ segments: [], breakpoint: false });
  }

  /** How to put a breakpoint after all the content added so far (on the message's last block). */
  endInsertion(edits: TextEdit[] | undefined): void {
    const last = this.pieces[this.pieces.length - 1];
    if (edits) last.insertion = edits;
    else delete last.insertion;
  }
}

/**
 * Message content as the SDKs accept it: a string (or any other expression) is added as it is; an
 * array is read part by part with `readPart`, and spreads nobody could resolve become one variable part.
 */
export function readContentParts(value: CodeValue, content: ContentBuilder, readPart: (part: CodeValue, fields: Fields | undefined) => void): void {
  if (value.kind !== 'array') {
    content.add(textSegments(value));
    return;
  }
  for (const part of value.items) readPart(part, part.kind === 'object' ? fieldsOf(part) : undefined);
  if (value.unresolvedSpreads > 0) content.add([dynamicSegment(value)]);
}

/**
 * One message, or several when a cache breakpoint falls inside its content: the estimate reads
 * breakpoints per message, so the content up to a breakpoint becomes its own message.
 */
export function messagesOf(role: Role, content: ContentBuilder, range: Range, roleRange?: Range): Message[] {
  const filled = content.pieces.filter((piece) => piece.segments.length > 0 || piece.breakpoint);
  const used = filled.length > 0 ? filled : [content.pieces[0]];
  return used.map((piece, i) => {
    const message: Message = { role, segments: piece.segments, range };
    if (i === 0 && roleRange) message.roleRange = roleRange;
    if (piece.breakpoint) {
      message.cacheBreakpoint = true;
      if (piece.removal) message.cacheBreakpointRemoval = piece.removal;
    } else if (piece.insertion) message.cacheBreakpointInsertion = piece.insertion;
    return message;
  });
}

/** A message of one value's text: `system: prompt`, `input: question`, `HumanMessage(q)`. */
export function textMessage(role: Role, value: CodeValue, range: Range, roleRange?: Range): Message {
  const message: Message = { role, segments: textSegments(value), range };
  if (roleRange) message.roleRange = roleRange;
  return message;
}

/** Messages the analysis cannot see (a `history` parameter, `...previous`): one dynamic message sized as history. */
export function historyMessage(value: CodeValue, name?: string): Message {
  return { role: 'user', segments: [dynamicSegment(value, 'history', name)], range: value.range };
}

/**
 * Messages of a message list: each item read by `readItem`; items it cannot read, and spreads the
 * front end could not resolve, become history. Unresolved spreads are placed after the leading
 * system messages, where conversation history sits in practice.
 */
export function messageList(value: CodeValue, readItem: (item: CodeValue) => Message[] | undefined): Message[] {
  if (value.kind !== 'array') return value.kind === 'null' ? [] : [historyMessage(value)];
  const messages: Message[] = [];
  for (const item of value.items) messages.push(...(readItem(item) ?? [historyMessage(item)]));
  if (value.unresolvedSpreads > 0) {
    let at = 0;
    while (at < messages.length && (messages[at].role === 'system' || messages[at].role === 'developer')) at++;
    const spreads = Array.from({ length: value.unresolvedSpreads }, () => historyMessage(value, 'history'));
    messages.splice(at, 0, ...spreads);
  }
  return messages;
}

/** A value whose name says it holds a conversation (`messages`, `chat_history`, `load_history(…)`), not one text. */
export function looksLikeHistory(value: CodeValue): boolean {
  const name = value.kind === 'unknown' ? (value.name ?? value.text) : value.kind === 'call' ? value.call.callee : undefined;
  return name !== undefined && /messages|history|conversation|turns|\bmsgs\b|dialog/i.test(name);
}

/**
 * Marks the last message as a cache breakpoint (Anthropic automatic caching); `removal` takes the
 * request's marker away, which, for a message with its own marker as well, is only part of the removal.
 */
export function breakpointOnLast(messages: Message[], removal?: TextEdit[]): void {
  const last = messages[messages.length - 1];
  if (!last) return;
  delete last.cacheBreakpointInsertion;
  const own = last.cacheBreakpoint ? last.cacheBreakpointRemoval : [];
  last.cacheBreakpoint = true;
  if (own && removal) last.cacheBreakpointRemoval = [...own, ...removal];
  else delete last.cacheBreakpointRemoval;
}

// ---------------------------------------------------------------------------------------------
// Model, output cap, insertion

/**
 * The model a value names: a known string (or the default of an env read) is the id, located at
 * the expression; anything else is no model, so the estimate says the model is unknown.
 */
export function modelReference(value: CodeValue | undefined, extra: { provider?: string; deployment?: boolean } = {}): ModelReference | undefined {
  if (!value) return undefined;
  if (value.kind === 'unknown' && value.name && (value.callerValues || value.parameterDefault)) return parameterModel(value, value.name, extra);
  const text = staticText(value)?.trim();
  if (!text) return undefined;
  if (extra.deployment) return { id: text, range: value.range, resolved: false, deployment: text, provider: 'azure' };
  const model: ModelReference = { id: text, range: value.range, resolved: true };
  const origin =
    value.kind === 'string' ? value.origin : value.kind === 'unknown' && value.name ? { type: 'env-default' as const, variable: value.name } : undefined;
  if (origin?.type === 'env-default') model.from = { envVariable: origin.variable };
  else if (origin?.type === 'env-map') model.from = { envVariable: origin.variable, envSetIn: origin.from };
  else if (origin?.type === 'constant') model.from = origin.file ? { constant: origin.name, importedFrom: origin.file } : { constant: origin.name };
  else if (origin?.type === 'attribute') model.from = { attribute: origin.name };
  // A provider beside an id that already names one would only be ignored; keep it off.
  const provider = extra.provider === undefined ? undefined : providerOfAlias(extra.provider);
  if (provider && parseModelId(text).provider === undefined) model.provider = provider;
  return model;
}

/**
 * Reads the model into the site; when it is not known but the provider is, the site keeps the
 * provider, so that a per-provider default model can be assumed for it (and said to be assumed).
 */
export function readModelInto(
  site: Pick<PromptSite, 'model' | 'provider' | 'modelVariable'>,
  value: CodeValue | undefined,
  extra: { provider?: string; deployment?: boolean } = {},
): void {
  site.model = modelReference(value, extra);
  providerInto(site, extra.provider);
  modelVariableInto(site, value);
}

/** Keeps the environment variable a model is read from when its value is not known. */
export function modelVariableInto(site: Pick<PromptSite, 'model' | 'modelVariable'>, value: CodeValue | undefined): void {
  if (!site.model && value?.kind === 'unknown' && value.envRead && value.name) site.modelVariable = value.name;
}

/** Keeps the provider on a site whose model is not known. */
export function providerInto(site: Pick<PromptSite, 'model' | 'provider'>, provider: string | undefined): void {
  const known = provider === undefined ? undefined : providerOfAlias(provider);
  if (!site.model && known) site.provider = known;
}

/** A parameter's model: what its function's callers pass, else its default (`model = 'gpt-4o'`, what a caller that passes none gets). */
function parameterModel(
  value: Extract<CodeValue, { kind: 'unknown' }>,
  parameter: string,
  extra: { provider?: string; deployment?: boolean },
): ModelReference | undefined {
  const passed = value.callerValues ? callersModel(value.callerValues, value.callerFiles, parameter, extra) : undefined;
  if (passed) return passed;
  const fallback = value.parameterDefault ? modelReference(value.parameterDefault, extra) : undefined;
  return fallback && { ...fallback, from: { ...fallback.from, parameter } };
}

/**
 * The model of a parameter every call of its function passes (a literal, a constant, or the default
 * where a call leaves it out): one id, or the first of several with the others in `passedModels`.
 * Undefined when a call passes something that cannot be known. Its range is none: the id is written
 * at each call, so no one edit changes it.
 */
function callersModel(
  values: readonly CodeValue[],
  files: readonly string[] | undefined,
  parameter: string,
  extra: { provider?: string; deployment?: boolean },
): ModelReference | undefined {
  const references = values.map((passed) => modelReference(passed, extra));
  if (references.some((reference) => reference === undefined || reference.deployment !== undefined)) return undefined;
  const ids = [...new Set(references.map((reference) => reference!.id))];
  const { range: _range, ...first } = references[0]!;
  const model: ModelReference = {
    ...first,
    from: files ? { parameter, callers: values.length, callerFiles: [...files] } : { parameter, callers: values.length },
  };
  if (ids.length > 1) model.passedModels = ids;
  return model;
}

/** The output cap an entry sets: its number, or only where it is when the number is not known. */
export function outputCapOf(entry: CodeEntry, param: string): OutputCap {
  const cap: OutputCap = { param, range: entry.value.range };
  // A variable's default (`int(os.getenv("CAP", "500"))`, `max_tokens=500` in the signature) is the cap when nothing
  // overrides it; what the function's callers pass overrides the default, and the largest is the worst case.
  const value =
    entry.value.kind === 'unknown' ? (largestPassed(entry.value.callerValues) ?? entry.value.envDefault ?? entry.value.parameterDefault) : entry.value;
  if (value?.kind !== 'number') return cap;
  if (isPositiveTokenCount(value.value)) cap.value = value.value;
  else cap.invalid = String(value.value);
  return cap;
}

/** The largest number every caller passes; undefined when one passes something else. */
function largestPassed(values: readonly CodeValue[] | undefined): CodeValue | undefined {
  if (!values || values.length === 0 || values.some((value) => value.kind !== 'number')) return undefined;
  return values.reduce((largest, value) => ((value as { value: number }).value > (largest as { value: number }).value ? value : largest));
}

/** A literal number of tokens (a thinking budget): a whole number from 0, or nothing (Gemini's dynamic `-1`, `1e999`, a variable). */
export function tokenCount(value: CodeValue | undefined): number | undefined {
  return value?.kind === 'number' && isTokenCount(value.value) ? value.value : undefined;
}

/** Gemini's `thinkingBudget`: a token count, or -1 for a budget the model sets itself (dynamic thinking). */
export function geminiThinkingBudget(value: CodeValue | undefined): number | undefined {
  return value?.kind === 'number' && value.value === DYNAMIC_THINKING_BUDGET ? DYNAMIC_THINKING_BUDGET : tokenCount(value);
}

/** `key: {value}`, `key={value}` or `"key": {value}`, with the separators the insertion point asks for. */
export function entryText(point: InsertionPoint, key: string, value: string): string {
  const written = point.style === 'object' ? `${key}: ${value}` : point.style === 'kwargs' ? `${key}=${value}` : `${JSON.stringify(key)}: ${value}`;
  return point.before + written + point.after;
}

/** An object literal holding one key, in the language of the insertion point (a nested container for a new cap). */
export function nestedObject(point: InsertionPoint, key: string, value: string): string {
  return point.style === 'object' ? `{ ${key}: ${value} }` : `{${JSON.stringify(key)}: ${value}}`;
}

/**
 * Where a new entry can be written into `fields`: not when spreads may already set it, and not when
 * the fields were written in another file (the front end then places them, insertion point
 * included, at the end of the expression that brought them here).
 */
function editablePoint(fields: Fields | undefined): InsertionPoint | undefined {
  const point = fields?.insertion;
  if (!point || fields.open) return undefined;
  const end = fields.range.end;
  return point.position.line === end.line && point.position.character === end.character ? undefined : point;
}

/** An insertion of `key` into `fields`; undefined when the fields cannot take a new entry. */
export function capInsertion(param: string, fields: Fields | undefined, key: string, value = '{value}'): OutputCapInsertion | undefined {
  const point = editablePoint(fields);
  if (!point) return undefined;
  return { param, range: { start: point.position, end: point.position }, template: entryText(point, key, value) };
}

/**
 * A cap inside a config object (`config.maxOutputTokens`, `inferenceConfig.maxTokens`), or where to
 * add one: into the config when there is one (as `capKey`), else a new `container.key` entry in
 * `fields` holding the cap. The param is the path as written.
 */
export function nestedCap(
  fields: Fields | undefined,
  container: CodeEntry | undefined,
  capKeys: string[],
  insert: { capKey: string; containerKey: string },
): { outputCap?: OutputCap; insertion?: OutputCapInsertion } {
  if (container) {
    const config = fieldsOf(container.value);
    const cap = entryOf(config, ...capKeys);
    if (cap) return { outputCap: outputCapOf(cap, `${container.key}.${cap.key}`) };
    return { insertion: capInsertion(`${container.key}.${insert.capKey}`, config, insert.capKey) };
  }
  const point = editablePoint(fields);
  if (!point) return {};
  return {
    insertion: {
      param: `${insert.containerKey}.${insert.capKey}`,
      range: { start: point.position, end: point.position },
      template: entryText(point, insert.containerKey, nestedObject(point, insert.capKey, '{value}')),
    },
  };
}

// ---------------------------------------------------------------------------------------------
// Calls, receivers and imports

/** Whether the call's member chain ends with `tail` after at least one receiver part. */
export function chainEndsWith(call: CodeCall, ...tail: string[]): boolean {
  const { chain } = call;
  if (chain.length <= tail.length) return false;
  return tail.every((part, i) => chain[chain.length - tail.length + i] === part);
}

/** The method name: the chain's last part. */
export function methodOf(call: CodeCall): string {
  return call.chain[call.chain.length - 1] ?? call.callee;
}

/**
 * The dotted name a call's callee has through its import: `openai.OpenAI`, `google.genai.Client`,
 * `@google/genai.GoogleGenAI`; a default or namespace import contributes only its module
 * (`import OpenAI from 'openai'` → `openai`).
 */
export function qualifiedName(call: CodeCall): string | undefined {
  const root = call.root;
  if (root?.type !== 'import') return undefined;
  const head = root.name === 'default' || root.name === '*' || root.name === '' || root.name === root.module ? [] : [root.name];
  return [root.module, ...head, ...call.chain.slice(1)].join('.');
}

/** The module a call's root identifier is imported from. */
export function importModule(call: CodeCall): string | undefined {
  return call.root?.type === 'import' ? call.root.module : undefined;
}

/** The value a method call is made on, when the front end bound the chain's first identifier to one. */
export function receiverValue(call: CodeCall): CodeValue | undefined {
  return call.root?.type === 'value' ? call.root.value : undefined;
}

/** The last part of a dotted qualified name (`openai.AsyncAzureOpenAI` → `AsyncAzureOpenAI`). */
export function lastName(name: string): string {
  return name.slice(name.lastIndexOf('.') + 1);
}

/**
 * The constructor call a client value was built by, looking through wrappers that take the client
 * as their first argument (`wrapOpenAI(new OpenAI())`, `observeOpenAI(client)`).
 */
export function constructorCall(value: CodeValue | undefined, accept: (name: string, call: CodeCall) => boolean, depth = 0): CodeCall | undefined {
  if (value?.kind !== 'call' || depth > 3) return undefined;
  const name = qualifiedName(value.call) ?? value.call.callee;
  if (accept(name, value.call)) return value.call;
  const inner = value.call.args.positional[0];
  return inner?.kind === 'call' ? constructorCall(inner, accept, depth + 1) : undefined;
}

/** Whether the file imports anything from a module matching `module`. */
export function fileImports(file: CodeFile, module: (name: string) => boolean): boolean {
  return Object.values(file.imports).some((binding) => module(binding.module));
}

/** The site's common fields; SDK modules fill in the rest. */
export function sdkSite(sdk: SiteSdk, site: CallSite, file: CodeFile, range: Range = site.call.range): SdkSite {
  return { kind: 'sdk-call', sdk, file: file.file, range, messages: [], options: {} };
}
