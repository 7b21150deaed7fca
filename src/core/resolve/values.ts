import type { Node } from 'web-tree-sitter';
import { own } from '../records';
import { callerArguments, exportedNames, type CallerArgument } from './callers';
import { llmSdkOf } from '../providers/sdkPackages';
import type { CodeCall, CodeEntry, CodeValue, InsertionPoint, RootBinding, StringOrigin } from '../codeModel/codeModel';
import type { LineIndex } from '../text/lineIndex';
import type { ImportAliases } from './paths';
import type { Range, Segment } from '../types';
import { dynamicSegment, placedText } from './segments';
import { classField, enclosingClass, lookup, type Binding, type FileAnalysis, type ImportBinding, type Scope } from './scope';
import { PENDING, Round, type ExportedValue, type ResolveSession } from './session';

/** Deeper expressions than this are left unknown (recursion must stay far from the stack limit). */
const MAX_DEPTH = 200;

/** Passes over one file: a file read whose path comes from an imported constant needs three. */
const MAX_PASSES = 6;

/** What differs between languages in resolving values. */
export interface LanguageResolver {
  evaluate(node: Node, scope: Scope, ctx: Ctx): CodeValue;
  /** The call model of a call expression, or undefined when its callee is not a name or member chain. */
  call(node: Node, scope: Scope, ctx: Ctx): CodeCall | undefined;
  /** The expression a spread argument spreads (`...xs`, `*xs`), if `node` is one. */
  spreadOf(node: Node): Node | undefined;
  /** Workspace files an import may name, most likely first (`aliases`: the importing file's tsconfig `paths`). */
  moduleCandidates(fromFile: string, module: string, aliases: ImportAliases | undefined): string[];
  /** How `true` / `null` read when spliced into text (`True` / `None` in Python). */
  literalText(value: boolean | null): string;
}

/** One resolution pass over one file. */
export interface Ctx {
  analysis: FileAnalysis;
  index: LineIndex;
  session: ResolveSession;
  round: Round;
  /** Imports followed to reach this file. */
  hops: number;
  language: LanguageResolver;
  /** The tsconfig/jsconfig import aliases governing the file (none for Python). */
  aliases: ImportAliases | undefined;
  /** Initializer values by binding or class field, computed once per pass. */
  memo: Map<object, CodeValue>;
  /** Bindings being computed, to stop at cycles (`const a = b; const b = a`). */
  active: Set<object>;
  /** Call models by node id: a call nested in arguments or a chain is built once, not once per level. */
  calls: Map<number, CodeCall | undefined>;
  /** What callers pass for a parameter, by its slot, computed once per pass. */
  callerMemo: Map<object, CallerValues | undefined>;
  depth: number;
}

export function makeCtx(
  analysis: FileAnalysis,
  session: ResolveSession,
  round: Round,
  hops: number,
  language: LanguageResolver,
  aliases: ImportAliases | undefined,
): Ctx {
  return {
    analysis,
    index: analysis.index,
    session,
    round,
    hops,
    language,
    aliases,
    memo: new Map(),
    active: new Set(),
    calls: new Map(),
    callerMemo: new Map(),
    depth: 0,
  };
}

export function rangeOf(node: Node, ctx: Ctx): Range {
  return ctx.index.range(node.startIndex, node.endIndex);
}

export function unknownOf(node: Node, ctx: Ctx, name?: string): CodeValue {
  const value: CodeValue = { kind: 'unknown', text: node.text, range: rangeOf(node, ctx) };
  if (name !== undefined) value.name = name;
  return value;
}

/** The call model of a call node, built once per pass. */
export function memoCall(node: Node, ctx: Ctx, build: () => CodeCall | undefined): CodeCall | undefined {
  if (ctx.calls.has(node.id)) return ctx.calls.get(node.id);
  const call = build();
  ctx.calls.set(node.id, call);
  return call;
}

/** Evaluates `node` with a bound on nesting. */
export function evaluate(node: Node, scope: Scope, ctx: Ctx): CodeValue {
  if (ctx.depth >= MAX_DEPTH) return unknownOf(node, ctx);
  ctx.depth++;
  try {
    return ctx.language.evaluate(node, scope, ctx);
  } finally {
    ctx.depth--;
  }
}

export function stringValue(segments: Segment[], range: Range, origin?: StringOrigin): CodeValue {
  const value: CodeValue = { kind: 'string', segments, range };
  if (origin) value.origin = origin;
  return value;
}

/** Whether a string value is entirely known text. */
export function staticText(value: CodeValue): string | undefined {
  if (value.kind !== 'string' || value.segments.some((segment) => segment.kind === 'dynamic')) return undefined;
  return value.segments.map((segment) => segment.text).join('');
}

/**
 * A value spliced into text (concatenation, `${x}`, `{x}`, `.format`): strings bring their segments,
 * numbers and booleans their text, anything else becomes one dynamic segment named after the expression.
 */
export function spliceSegments(value: CodeValue, node: Node, ctx: Ctx, placeholder?: { text: string; range: Range; name?: string }): Segment[] {
  switch (value.kind) {
    case 'string':
      return value.segments;
    case 'number':
      return placedText(String(value.value), value.range);
    case 'boolean':
      return placedText(ctx.language.literalText(value.value), value.range);
    case 'null':
      return placedText(ctx.language.literalText(null), value.range);
    default: {
      const name = placeholder?.name ?? node.text.trim();
      return [dynamicSegment(placeholder?.text ?? node.text, placeholder?.range ?? rangeOf(node, ctx), name)];
    }
  }
}

/** Text read from a workspace file; unknown while unreadable. */
export function fileValue(path: string, node: Node, ctx: Ctx): CodeValue {
  const text = ctx.session.fileText(path, ctx.round);
  if (text === PENDING || text === undefined) return unknownOf(node, ctx);
  const range = rangeOf(node, ctx);
  return stringValue(placedText(text, range), range, { type: 'file', path });
}

/** `a + b` where one side is text. */
export function concatenate(parts: Array<{ value: CodeValue; node: Node }>, node: Node, ctx: Ctx): CodeValue {
  if (!parts.some((part) => part.value.kind === 'string')) return unknownOf(node, ctx);
  const segments = parts.flatMap((part) => spliceSegments(part.value, part.node, ctx));
  return stringValue(segments, rangeOf(node, ctx), { type: 'literal' });
}

/** `sep.join(items)` / `items.join(sep)`. */
export function joinStrings(items: CodeValue, separator: CodeValue, node: Node, receiver: Node, ctx: Ctx): CodeValue {
  if (items.kind !== 'array' || separator.kind !== 'string') return unknownOf(node, ctx);
  const segments: Segment[] = [];
  items.items.forEach((item, i) => {
    if (i > 0) segments.push(...separator.segments);
    const text = item.kind === 'unknown' ? item.text : receiver.text;
    const name = item.kind === 'unknown' ? (item.name ?? item.text.trim()) : receiver.text.trim();
    segments.push(...spliceSegments(item, receiver, ctx, { text, range: item.range, name }));
  });
  if (items.unresolvedSpreads > 0) {
    if (segments.length > 0) segments.push(...separator.segments);
    segments.push(dynamicSegment(receiver.text, rangeOf(receiver, ctx), receiver.text.trim()));
  }
  return stringValue(segments, rangeOf(node, ctx), { type: 'literal' });
}

/** `process.env.X ?? 'd'`, `os.getenv('X', 'd')`: a string default keeps the text, other defaults ride along. */
export function envValue(variable: string, fallback: CodeValue | undefined, node: Node, ctx: Ctx): CodeValue {
  const range = rangeOf(node, ctx);
  // The value promptcost.yaml or an env file gives wins over the code's own default.
  const mapped = own(ctx.session.env, variable);
  if (mapped)
    return { kind: 'string', segments: [{ kind: 'static', text: mapped.value, range }], range, origin: { type: 'env-map', variable, from: mapped.from } };
  if (fallback?.kind === 'string') return { kind: 'string', segments: fallback.segments, range, origin: { type: 'env-default', variable } };
  const value: CodeValue = { kind: 'unknown', text: node.text, range, name: variable, envRead: true };
  if (fallback && fallback.kind !== 'unknown' && fallback.kind !== 'call') value.envDefault = fallback;
  return value;
}

/** `Number(x)`, `parseInt(x)`, `int(x)`: numbers from numeric text, env defaults made numeric. */
export function numericValue(value: CodeValue, node: Node, ctx: Ctx): CodeValue | undefined {
  const range = rangeOf(node, ctx);
  const parse = (text: string): number | undefined =>
    /^\s*[-+]?(\d[\d_]*\.?\d*|\.\d+)([eE][-+]?\d+)?\s*$/.test(text) ? Number(text.replace(/_/g, '')) : undefined;
  if (value.kind === 'number') return { ...value, range };
  const text = staticText(value);
  if (text !== undefined) {
    const number = parse(text);
    if (number === undefined) return undefined;
    if (value.kind === 'string' && value.origin?.type === 'env-default') {
      return { kind: 'unknown', text: node.text, range, name: value.origin.variable, envDefault: { kind: 'number', value: number, range: value.range } };
    }
    return { kind: 'number', value: number, range };
  }
  if (value.kind === 'unknown' && value.name !== undefined) {
    const converted: CodeValue = { kind: 'unknown', text: node.text, range, name: value.name };
    const fallback = value.envDefault;
    if (fallback?.kind === 'number') converted.envDefault = fallback;
    else if (fallback) {
      const number = parse(staticText(fallback) ?? '');
      if (number !== undefined) converted.envDefault = { kind: 'number', value: number, range: fallback.range };
    }
    return converted;
  }
  return undefined;
}

/** `a * b` and friends on known numbers. */
export function arithmetic(operator: string, left: CodeValue, right: CodeValue, node: Node, ctx: Ctx): CodeValue | undefined {
  if (left.kind !== 'number' || right.kind !== 'number') return undefined;
  const a = left.value;
  const b = right.value;
  const results: Readonly<Record<string, () => number>> = {
    '+': () => a + b,
    '-': () => a - b,
    '*': () => a * b,
    '/': () => a / b,
    '//': () => Math.floor(a / b),
    '%': () => a % b,
    '**': () => a ** b,
  };
  const compute = results[operator];
  if (!compute) return undefined;
  const value = compute();
  return Number.isFinite(value) ? { kind: 'number', value, range: rangeOf(node, ctx) } : undefined;
}

/** Shallow copy of a value placed where it is used; strings say which constant they came from. */
export function atUseSite(value: CodeValue, range: Range, name: string, file?: string): CodeValue {
  if (value.kind !== 'string') return { ...value, range };
  const inner = value.origin?.type;
  const origin: StringOrigin =
    inner === 'file' || inner === 'env-default' || inner === 'env-map' || inner === 'attribute'
      ? value.origin!
      : file
        ? { type: 'constant', name, file }
        : { type: 'constant', name };
  return { ...value, range, origin };
}

/**
 * A value from another file, moved into this one: every range becomes the range of the expression
 * that brought it here (its own ranges mean nothing in this file).
 */
export function relocate(value: CodeValue, range: Range): CodeValue {
  switch (value.kind) {
    case 'string':
      return { ...value, range, segments: value.segments.map((segment) => ({ ...segment, range })) };
    case 'object':
      return {
        ...value,
        range,
        entries: value.entries.map((entry) => ({ key: entry.key, keyRange: range, value: relocate(entry.value, range), range })),
        insertion: { ...value.insertion, position: range.end },
      };
    case 'array':
      return { ...value, range, items: value.items.map((item) => relocate(item, range)) };
    case 'call':
      return { kind: 'call', range, call: relocateCall(value.call, range) };
    case 'unknown': {
      const moved: CodeValue = { ...value, range };
      if (value.envDefault) moved.envDefault = relocate(value.envDefault, range);
      if (value.parameterDefault) moved.parameterDefault = relocate(value.parameterDefault, range);
      if (value.callerValues) moved.callerValues = value.callerValues.map((passed) => relocate(passed, range));
      if (value.callerFiles) moved.callerFiles = [...value.callerFiles];
      return moved;
    }
    default:
      return { ...value, range };
  }
}

function relocateCall(call: CodeCall, range: Range): CodeCall {
  const moved: CodeCall = {
    ...call,
    range,
    args: {
      ...call.args,
      positional: call.args.positional.map((value) => relocate(value, range)),
      named: call.args.named.map((entry) => ({ key: entry.key, keyRange: range, value: relocate(entry.value, range), range })),
      range,
      insertion: { ...call.args.insertion, position: range.end },
    },
  };
  if (call.root?.type === 'value') moved.root = { type: 'value', value: relocate(call.root.value, range) };
  return moved;
}

/** The value a name has where `node` uses it. */
export function identifierValue(name: string, node: Node, scope: Scope, ctx: Ctx): CodeValue {
  const binding = lookup(scope, name, node.startIndex);
  if (!binding) return unknownOf(node, ctx, name);
  if (binding.kind === 'parameter') return parameterValue(binding, node, ctx);
  return bindingValue(binding, node.startIndex, rangeOf(node, ctx), ctx) ?? unknownOf(node, ctx, name);
}

/** A parameter: unknown (a caller passes it), with its default when it has one and what the calls of its function pass. */
function parameterValue(binding: Binding, node: Node, ctx: Ctx): CodeValue {
  const value = unknownOf(node, ctx, binding.name);
  if (value.kind !== 'unknown') return value;
  const fallback = binding.value ? initializerValue(binding, ctx) : undefined;
  if (fallback && fallback.kind !== 'unknown') value.parameterDefault = fallback;
  const passed = callerValues(binding, fallback, node, ctx);
  if (passed) {
    value.callerValues = passed.values;
    if (passed.files) value.callerFiles = passed.files;
  }
  return value;
}

/** What each call of a parameter's function passes for it, and the files of those calls when every file that could call it was read. */
interface CallerValues {
  values: CodeValue[];
  files?: string[];
}

/** What the calls of the parameter's function pass for it, once per pass; undefined inside a recursion or when not known. */
function callerValues(binding: Binding, fallback: CodeValue | undefined, node: Node, ctx: Ctx): CallerValues | undefined {
  const key = binding.slot;
  if (!key || ctx.active.has(key)) return undefined;
  if (ctx.callerMemo.has(key)) return ctx.callerMemo.get(key);
  ctx.active.add(key);
  try {
    const found = callersOf(binding, fallback, node, ctx);
    ctx.callerMemo.set(key, found);
    return found;
  } finally {
    ctx.active.delete(key);
  }
}

/**
 * The calls of this file and, for an exported function, those of the workspace files that import
 * it. Unknown when one call cannot be read, or while the other files are being read (the next pass has them).
 */
function callersOf(binding: Binding, fallback: CodeValue | undefined, node: Node, ctx: Ctx): CallerValues | undefined {
  const slot = binding.slot!;
  const here = callerArguments(binding, ctx.analysis.calls, (argument, scope) => evaluate(argument, scope, ctx));
  if (!here) return undefined;
  // A call that leaves the parameter out passes its default.
  const passed = (argument: CallerArgument, range?: Range) =>
    'value' in argument ? (range ? relocate(argument.value, range) : argument.value) : (fallback ?? unknownOf(node, ctx, binding.name));
  const values = here.map((argument) => passed(argument));
  const hereFiles = here.length > 0 ? [ctx.analysis.file] : [];
  const names = exportedNames(ctx.analysis, slot);
  // A function no other file can import is called from this file only.
  if (names.length === 0) return values.length > 0 ? { values, files: hereFiles } : undefined;
  const elsewhere = ctx.session.callsInOtherFiles({ file: ctx.analysis.file, python: ctx.analysis.language === 'python', names, slot }, ctx.hops, ctx.round);
  if (elsewhere === PENDING || elsewhere === 'unknown') return undefined;
  if (elsewhere === 'unsearched') return values.length > 0 ? { values } : undefined;
  const range = rangeOf(node, ctx);
  for (const { argument } of elsewhere.calls) values.push(passed(argument, range));
  if (values.length === 0) return undefined;
  return { values, files: [...new Set([...hereFiles, ...elsewhere.calls.map((call) => call.file)])] };
}

/** Nodes that are functions, in TS/JS and Python: what a name is bound to when a call of it may return a known value. */
const FUNCTION_TYPES = new Set([
  'function_declaration',
  'generator_function_declaration',
  'function_expression',
  'function',
  'arrow_function',
  'function_definition',
  'lambda',
  'method_definition',
]);
const AWAITED = new Set(['await_expression', 'await', 'parenthesized_expression']);

/**
 * What a call of a function of this file returns, when its body ends in `return <expression>` (or
 * is one expression): a factory's model or client (`return openai('gpt-4o')`, `return
 * ChatOpenAI(model=model)`) or an options object. Only those: a helper that builds text or a list
 * from its arguments stays the call it is, sized like any other value a call returns.
 */
export function returnedValue(name: string, node: Node, scope: Scope, ctx: Ctx): CodeValue | undefined {
  const binding = lookup(scope, name, node.startIndex);
  if (binding?.kind === 'import' && binding.import) return importedReturn(binding.import, rangeOf(node, ctx), ctx);
  return binding && returnedValueOf(binding, ctx);
}

/** Asks an exported name for what a call of it returns (exports.ts `resolveExport`). */
export const CALL_RESULT = '()';

/** What a call of a function imported from another workspace file returns, placed at the call. */
function importedReturn(imported: ImportBinding, range: Range, ctx: Ctx): CodeValue | undefined {
  // An SDK's own package is no workspace module: `ChatOpenAI(…)` is read as the call it is.
  if (imported.name === '*' || imported.name === 'default' || llmSdkOf(imported.module) !== undefined) return undefined;
  const candidates = ctx.language.moduleCandidates(ctx.analysis.file, imported.module, ctx.aliases);
  const found = ctx.session.exportedValue(candidates, imported.name + CALL_RESULT, ctx.hops, ctx.round);
  return found === PENDING || !found ? undefined : relocate(found.value, range);
}

/** What `self.m()` / `this.m()` returns, read from the method of the enclosing class as `returnedValue` reads a function. */
export function returnedByMethod(method: string, receiver: Node, scope: Scope, ctx: Ctx): CodeValue | undefined {
  const inClass = enclosingClass(scope);
  if (!inClass || receiver.type !== (ctx.analysis.language === 'python' ? 'identifier' : 'this')) return undefined;
  if (ctx.analysis.language === 'python' && receiver.text !== inClass.self) return undefined;
  const start = inClass.cls.methods.get(method);
  const fn = start === undefined ? undefined : functionAt(start, ctx);
  return fn && valueReturned(fn, ctx);
}

/** As `returnedValue`, for the binding of the function's name. */
export function returnedValueOf(binding: Binding, ctx: Ctx): CodeValue | undefined {
  const fn = functionNodeOf(binding, ctx);
  return fn && valueReturned(fn, ctx);
}

function valueReturned(fn: Node, ctx: Ctx): CodeValue | undefined {
  const returned = returnedExpression(fn, ctx);
  if (!returned || ctx.active.has(returned.scope)) return undefined;
  ctx.active.add(returned.scope);
  try {
    const value = evaluate(returned.expression, returned.scope, ctx);
    return value.kind === 'call' || value.kind === 'object' ? value : undefined;
  } finally {
    ctx.active.delete(returned.scope);
  }
}

/** The function a name is bound to in this file: its declaration (`function f`, `def f`) or the function assigned (`const f = () => …`). */
function functionNodeOf(binding: Binding, ctx: Ctx): Node | undefined {
  if (binding.kind === 'value' && binding.value && FUNCTION_TYPES.has(binding.value.type)) return binding.value;
  // A declaration binds its name where the function starts.
  return binding.kind === 'opaque' ? functionAt(binding.offset, ctx) : undefined;
}

/** The function that starts at `offset`. */
function functionAt(offset: number, ctx: Ctx): Node | undefined {
  for (let node: Node | null = ctx.analysis.tree.rootNode.descendantForIndex(offset); node && node.startIndex === offset; node = node.parent) {
    if (node.isNamed && FUNCTION_TYPES.has(node.type)) return node;
  }
  return undefined;
}

/** The expression a function's last statement returns (an arrow's or lambda's body itself), and the scope it is read in. */
function returnedExpression(fn: Node, ctx: Ctx): { expression: Node; scope: Scope } | undefined {
  const body = fn.childForFieldName('body');
  const own = ctx.analysis.scopesByStart.get(fn.startIndex);
  if (!body || !own) return undefined;
  let expression: Node | undefined = body;
  if (body.type === 'statement_block' || body.type === 'block') {
    const last = body.namedChildren.filter((child): child is Node => child !== null && child.type !== 'comment').at(-1);
    expression = last?.type === 'return_statement' ? (last.namedChildren.find((child) => child !== null && child.type !== 'comment') ?? undefined) : undefined;
  }
  while (expression && AWAITED.has(expression.type)) expression = expression.namedChildren[0] ?? undefined;
  // TypeScript's body is a block with its own scope; Python's is the function's.
  return expression ? { expression, scope: ctx.analysis.scopesByStart.get(body.startIndex) ?? own } : undefined;
}

/**
 * A binding's value as seen at `useOffset` (pushes before it included), placed at `range`;
 * undefined when it is not known.
 */
export function bindingValue(binding: Binding, useOffset: number, range: Range | undefined, ctx: Ctx): CodeValue | undefined {
  if (binding.kind === 'import' && binding.import) return importedValue(binding.import, [], range, ctx);
  if (binding.kind !== 'value' || !binding.value) return undefined;
  const base = initializerValue(binding, ctx);
  if (!base) return undefined;
  const mutated = applyMutations(base, binding, useOffset, ctx);
  return atUseSite(mutated, range ?? mutated.range, binding.name);
}

/** The binding's initializer value, once per pass; undefined inside a cycle. */
export function initializerValue(binding: { value?: Node; scope: Scope }, ctx: Ctx): CodeValue | undefined {
  const known = ctx.memo.get(binding);
  if (known) return known;
  if (ctx.active.has(binding) || !binding.value) return undefined;
  ctx.active.add(binding);
  try {
    const value = evaluate(binding.value, binding.scope, ctx);
    ctx.memo.set(binding, value);
    return value;
  } finally {
    ctx.active.delete(binding);
  }
}

/** `this.client` / `self.client`: what the class assigned to the attribute. */
export function fieldValue(name: string, node: Node, scope: Scope, ctx: Ctx): CodeValue | undefined {
  const field = classField(enclosingClass(scope)?.cls, name);
  if (!field) return undefined;
  const value = initializerValue(field, ctx);
  if (!value) return undefined;
  const placed = atUseSite(value, rangeOf(node, ctx), name);
  // An attribute set from a constant or a literal is named as the attribute: that is what the code reads.
  return placed.kind === 'string' && placed.origin?.type === 'constant' ? { ...placed, origin: { type: 'attribute', name } } : placed;
}

/** Items pushed / appended / added after the binding and before the use. */
function applyMutations(base: CodeValue, binding: Binding, useOffset: number, ctx: Ctx): CodeValue {
  const mutations = binding.mutations?.filter((mutation) => mutation.offset > binding.offset && mutation.offset < useOffset);
  if (!mutations || mutations.length === 0) return base;
  if (base.kind === 'array') {
    let items = base.items;
    let unresolvedSpreads = base.unresolvedSpreads;
    for (const mutation of mutations) {
      if (mutation.repeated) {
        unresolvedSpreads++;
        continue;
      }
      const added = arrayItems(mutation.kind === 'push' || mutation.kind === 'unshift' ? mutation.args : [], mutation.scope, ctx);
      if (mutation.kind === 'extend' || mutation.kind === 'add') {
        const extension = mutation.args[0] ? evaluate(mutation.args[0], mutation.scope, ctx) : undefined;
        if (extension?.kind === 'array') {
          added.items.push(...extension.items);
          added.unresolvedSpreads += extension.unresolvedSpreads;
        } else added.unresolvedSpreads++;
      }
      items = mutation.kind === 'unshift' ? [...added.items, ...items] : [...items, ...added.items];
      unresolvedSpreads += added.unresolvedSpreads;
    }
    return { ...base, items, unresolvedSpreads };
  }
  if (base.kind === 'string') {
    let segments = base.segments;
    for (const mutation of mutations) {
      const argument = mutation.args[0];
      if (mutation.kind !== 'add' || !argument) continue;
      if (mutation.repeated) {
        segments = [...segments, dynamicSegment(argument.text, rangeOf(argument, ctx), argument.text.trim())];
        continue;
      }
      segments = [...segments, ...spliceSegments(evaluate(argument, mutation.scope, ctx), argument, ctx)];
    }
    return { ...base, segments };
  }
  return base;
}

/** Array items from element nodes, spreads of known arrays flattened. */
export function arrayItems(nodes: Node[], scope: Scope, ctx: Ctx): { items: CodeValue[]; unresolvedSpreads: number } {
  const items: CodeValue[] = [];
  let unresolvedSpreads = 0;
  for (const element of nodes) {
    const spread = ctx.language.spreadOf(element);
    if (!spread) {
      items.push(evaluate(element, scope, ctx));
      continue;
    }
    const spreadValue = evaluate(spread, scope, ctx);
    if (spreadValue.kind === 'array') {
      items.push(...spreadValue.items);
      unresolvedSpreads += spreadValue.unresolvedSpreads;
    } else unresolvedSpreads++;
  }
  return { items, unresolvedSpreads };
}

/** Adds entries in order, later keys replacing earlier ones in place (as object spreads do). */
export function mergeEntries(entries: CodeEntry[], added: CodeEntry[]): void {
  for (const entry of added) {
    const at = entries.findIndex((existing) => existing.key === entry.key);
    if (at >= 0) entries[at] = entry;
    else entries.push(entry);
  }
}

/**
 * Runs synchronous resolution over `analysis` until nothing more is fetched: each pass asks the
 * session for the files and imported values it lacks, which are fetched before the next pass.
 */
export async function inPasses<T>(
  analysis: FileAnalysis,
  session: ResolveSession,
  hops: number,
  language: LanguageResolver,
  compute: (ctx: Ctx) => T,
): Promise<T> {
  const aliases = await session.importAliases(analysis);
  for (let pass = 0; ; pass++) {
    const round = new Round();
    const result = compute(makeCtx(analysis, session, round, hops, language, aliases));
    if (round.tasks.size === 0 || pass >= MAX_PASSES) return result;
    await session.settle(round);
  }
}

/**
 * The module and name a Python import reaches with the attributes read from it: `import app.prompts`
 * + `app.prompts.SYSTEM`, `from app import prompts` + `prompts.SYSTEM` both reach SYSTEM of app.prompts.
 */
export function pythonImportTarget(binding: ImportBinding, members: readonly string[]): { module: string; name: string } | undefined {
  const path = [...(binding.name === '*' ? [] : [binding.name]), ...members];
  if (path.length === 0) return undefined;
  const inner = path.slice(0, -1).join('.');
  const module = inner === '' ? binding.module : binding.module.endsWith('.') ? binding.module + inner : `${binding.module}.${inner}`;
  return { module, name: path[path.length - 1] };
}

/**
 * A constant exported by another workspace file: `members` are the attributes read from a namespace
 * import (`prompts.SYSTEM`, Python `app.prompts.SYSTEM`). Undefined when it cannot be known.
 */
export function importedValue(binding: ImportBinding, members: string[], range: Range | undefined, ctx: Ctx): CodeValue | undefined {
  let module = binding.module;
  let name = binding.name;
  if (ctx.analysis.language === 'python') {
    const target = pythonImportTarget(binding, members);
    if (!target) return undefined;
    ({ module, name } = target);
  } else if (members.length > 1 || (name !== '*' && name !== 'default' && members.length > 0) || (name === '*' && members.length === 0)) {
    return undefined;
  }
  const candidates = ctx.language.moduleCandidates(ctx.analysis.file, module, ctx.aliases);
  const placed = (found: ExportedValue, exported: string) => {
    const place = range ?? found.value.range;
    return atUseSite(relocate(found.value, place), place, exported, found.file);
  };
  const exported = (exportName: string) => {
    const found = ctx.session.exportedValue(candidates, exportName, ctx.hops, ctx.round);
    return found === PENDING ? undefined : found;
  };
  if (ctx.analysis.language !== 'python' && members.length === 1) {
    const member = members[0];
    if (name === 'default') {
      // `const legacy = require('./legacy')`, `import legacy from './legacy'`: `legacy.X` is an
      // entry of the default export, or (CommonJS) the export named X.
      const whole = exported('default');
      const inner = whole?.value.kind === 'object' ? whole.value.entries.find((candidate) => candidate.key === member) : undefined;
      if (whole && inner) return placed({ value: inner.value, file: whole.file }, member);
    }
    const found = exported(member);
    return found ? placed(found, member) : undefined;
  }
  const found = exported(name);
  return found ? placed(found, name) : undefined;
}

/**
 * Where a new entry goes in a bracketed list (`(…)`, `{…}`), written the way the list is: after the
 * last item (and its trailing comma), on a new line with the last item's indentation when the list
 * spans lines, else `, `.
 */
export function insertionPoint(list: Node, items: Node[], style: InsertionPoint['style'], ctx: Ctx, padded = style === 'object'): InsertionPoint {
  const { text, newline } = ctx.analysis;
  const { index } = ctx;
  const open = /[({[]/.test(text[list.startIndex] ?? '') ? list.startIndex + 1 : list.startIndex;
  // A list cut short by a syntax error has no closing bracket.
  const close = /[)}\]]/.test(text[list.endIndex - 1] ?? '') && list.endIndex - 1 >= open ? list.endIndex - 1 : list.endIndex;
  const openLine = index.positionAt(open).line;
  if (items.length === 0) {
    const inner = text.slice(open, close);
    if (index.positionAt(close).line !== openLine) {
      const indent = leadingWhitespace(index.lineText(openLine));
      return { position: index.positionAt(open), before: newline + indent + (style === 'object' ? '  ' : '    '), after: '', style };
    }
    const pad = padded ? ' ' : '';
    return { position: index.positionAt(close), before: inner.length > 0 ? '' : pad, after: pad, style };
  }
  const last = items[items.length - 1];
  const lastLine = index.positionAt(last.startIndex).line;
  const multiline = lastLine !== openLine;
  const indent = leadingWhitespace(index.lineText(lastLine));
  let at = last.endIndex;
  while (at < close && (text[at] === ' ' || text[at] === '\t')) at++;
  if (text[at] === ',' && at < close) {
    let position = at + 1;
    // A comment after the trailing comma stays with the entry it belongs to.
    const rest = text.slice(position, close);
    if (/^[ \t]*(\/\/|#|\/\*)/.test(rest)) {
      const lineEnd = rest.search(/\r?\n/);
      if (lineEnd >= 0) position += lineEnd;
    }
    return { position: index.positionAt(position), before: multiline ? newline + indent : ' ', after: ',', style };
  }
  return { position: index.positionAt(last.endIndex), before: multiline ? `,${newline}${indent}` : ', ', after: '', style };
}

function leadingWhitespace(line: string): string {
  return /^[ \t]*/.exec(line)?.[0] ?? '';
}

/** The root binding of a call chain's first name. */
/** `from llm import litellm` where the workspace's llm.py does `import litellm`: the package it passes on. */
function reexported(imported: ImportBinding, ctx: Ctx): ImportBinding | undefined {
  // An SDK's own package is no workspace module; looking for one would cost every file a pass.
  if (imported.name === '*' || imported.name === 'default' || llmSdkOf(imported.module) !== undefined) return undefined;
  const candidates = ctx.language.moduleCandidates(ctx.analysis.file, imported.module, ctx.aliases);
  const found = ctx.session.reexportedImport(candidates, imported.name, ctx.round);
  return found === PENDING ? undefined : found;
}

export function rootOf(name: string, node: Node, scope: Scope, ctx: Ctx): RootBinding | undefined {
  const binding = lookup(scope, name, node.startIndex);
  if (!binding) return undefined;
  if (binding.kind === 'import' && binding.import) {
    const passedOn = ctx.analysis.language === 'python' ? reexported(binding.import, ctx) : undefined;
    const root = passedOn ?? binding.import;
    // An instance another workspace file builds (`export const researcher = new ToolLoopAgent({…})`):
    // what is called on it is that object's.
    const built = passedOn || llmSdkOf(root.module) !== undefined ? undefined : importedValue(root, [], rangeOf(node, ctx), ctx);
    if (built?.kind === 'call') return { type: 'value', value: built };
    return { type: 'import', module: root.module, name: root.name };
  }
  if (binding.kind !== 'value') return undefined;
  const value = bindingValue(binding, node.startIndex, rangeOf(node, ctx), ctx);
  return !value || value.kind === 'unknown' ? undefined : { type: 'value', value };
}
