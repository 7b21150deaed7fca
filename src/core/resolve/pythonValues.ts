import type { Node } from 'web-tree-sitter';
import type { CodeArgs, CodeCall, CodeEntry, CodeValue, RootBinding } from '../codeModel/codeModel';
import type { Range, Segment } from '../types';
import { decodeLiteral } from './escapes';
import { dirname, joinPath, normalizePath, pythonModuleCandidates } from './paths';
import { classField, enclosingClass, lookup, type Binding, type ClassInfo, type Scope } from './scope';
import { dedentSegments, dynamicSegment, literalSegment, replaceInStatic, trimSegments } from './segments';
import {
  arithmetic,
  atUseSite,
  arrayItems,
  concatenate,
  envValue,
  evaluate,
  fieldValue,
  fileValue,
  identifierValue,
  importedValue,
  initializerValue,
  insertionPoint,
  joinStrings,
  memoCall,
  mergeEntries,
  numericValue,
  rangeOf,
  rootOf,
  spliceSegments,
  staticText,
  stringValue,
  unknownOf,
  type Ctx,
  type LanguageResolver,
  returnedByMethod,
  returnedValue,
} from './values';

/** Value resolution for Python. */
export const pythonResolver: LanguageResolver = {
  evaluate: evaluatePython,
  call: pythonCall,
  spreadOf: (node) => (node.type === 'list_splat' ? (node.firstNamedChild ?? undefined) : undefined),
  moduleCandidates: pythonModuleCandidates,
  literalText: (value) => (value === null ? 'None' : value ? 'True' : 'False'),
};

function unwrap(node: Node): Node {
  let current = node;
  for (let i = 0; i < 32 && (current.type === 'parenthesized_expression' || current.type === 'await'); i++) {
    const inner = current.firstNamedChild;
    if (!inner || inner.type === 'comment') break;
    current = inner;
  }
  return current;
}

function elements(node: Node): Node[] {
  return node.namedChildren.filter((child): child is Node => child !== null && child.type !== 'comment');
}

function evaluatePython(node: Node, scope: Scope, ctx: Ctx): CodeValue {
  switch (node.type) {
    case 'string':
      return stringLiteral(node, scope, ctx);
    case 'concatenated_string':
      return concatenatedValue(node, scope, ctx);
    case 'integer':
    case 'float':
      return numberValue(node, ctx);
    case 'true':
    case 'false':
      return { kind: 'boolean', value: node.type === 'true', range: rangeOf(node, ctx) };
    case 'none':
      return { kind: 'null', range: rangeOf(node, ctx) };
    case 'identifier':
      return identifierValue(node.text, node, scope, ctx);
    case 'dictionary':
      return dictionaryValue(node, scope, ctx);
    case 'list':
    case 'tuple':
    case 'set':
      return sequenceValue(node, scope, ctx);
    case 'parenthesized_expression':
    case 'await':
      return unwrappedValue(node, scope, ctx);
    case 'binary_operator':
      return binaryValue(node, scope, ctx);
    case 'boolean_operator':
      return envDefaultValue(node, scope, ctx);
    case 'unary_operator':
      return signedValue(node, scope, ctx);
    case 'attribute':
      return attributeValue(node, scope, ctx);
    case 'subscript':
      return subscriptValue(node, scope, ctx);
    case 'call':
      return callValue(node, scope, ctx);
    default:
      return unknownOf(node, ctx);
  }
}

/** `"a" "b"`: adjacent literals are one string. */
function concatenatedValue(node: Node, scope: Scope, ctx: Ctx): CodeValue {
  const parts = elements(node).map((part) => ({ value: evaluate(part, scope, ctx), node: part }));
  const value = concatenate(parts, node, ctx);
  return value.kind === 'string' ? value : unknownOf(node, ctx);
}

function numberValue(node: Node, ctx: Ctx): CodeValue {
  const value = parseNumber(node.text);
  return value === undefined ? unknownOf(node, ctx) : { kind: 'number', value, range: rangeOf(node, ctx) };
}

function sequenceValue(node: Node, scope: Scope, ctx: Ctx): CodeValue {
  const { items, unresolvedSpreads } = arrayItems(elements(node), scope, ctx);
  return { kind: 'array', items, unresolvedSpreads, range: rangeOf(node, ctx) };
}

/** `(x)`, `await x`: the value of `x`. */
function unwrappedValue(node: Node, scope: Scope, ctx: Ctx): CodeValue {
  const inner = unwrap(node);
  if (inner === node) return unknownOf(node, ctx);
  const value = evaluate(inner, scope, ctx);
  return value.kind === 'string' || value.kind === 'unknown' ? value : { ...value, range: rangeOf(node, ctx) };
}

/** `os.environ.get("MODEL") or "gpt-4o"`: an env read with a default; any other `and` / `or` is unknown. */
function envDefaultValue(node: Node, scope: Scope, ctx: Ctx): CodeValue {
  const left = node.childForFieldName('left');
  const right = node.childForFieldName('right');
  if (node.childForFieldName('operator')?.type !== 'or' || !left || !right) return unknownOf(node, ctx);
  const leftValue = evaluate(left, scope, ctx);
  if (leftValue.kind === 'unknown' && leftValue.name !== undefined && envRead(unwrap(left), scope, ctx) !== undefined) {
    return envValue(leftValue.name, evaluate(right, scope, ctx), node, ctx);
  }
  return unknownOf(node, ctx);
}

/** `-1`, `+1`: a signed number; other unary operators give unknown. */
function signedValue(node: Node, scope: Scope, ctx: Ctx): CodeValue {
  const operator = node.childForFieldName('operator')?.type;
  const argument = node.childForFieldName('argument');
  if (argument && (operator === '-' || operator === '+')) {
    const inner = evaluate(argument, scope, ctx);
    if (inner.kind === 'number') return { kind: 'number', value: operator === '-' ? -inner.value : inner.value, range: rangeOf(node, ctx) };
  }
  return unknownOf(node, ctx);
}

function parseNumber(text: string): number | undefined {
  const clean = text.replace(/_/g, '');
  if (/[jJ]$/.test(clean)) return undefined;
  const value = /^0[oO]/.test(clean) ? parseInt(clean.slice(2), 8) : /^0[bB]/.test(clean) ? parseInt(clean.slice(2), 2) : Number(clean);
  return Number.isFinite(value) ? value : undefined;
}

/** Prefix letters and body bounds of a string literal; undefined when it is cut short. */
function literalParts(node: Node): { prefix: string; start: number; end: number; interpolations: Node[] } | undefined {
  let start: Node | undefined;
  let end: Node | undefined;
  const interpolations: Node[] = [];
  for (const child of node.children) {
    if (!child) continue;
    if (child.type === 'string_start') start = child;
    else if (child.type === 'string_end') end = child;
    else if (child.type === 'interpolation') interpolations.push(child);
  }
  if (!start || !end || end.startIndex < start.endIndex || end.endIndex === end.startIndex) return undefined;
  const prefix = /^[A-Za-z]*/.exec(start.text)?.[0].toLowerCase() ?? '';
  return { prefix, start: start.endIndex, end: end.startIndex, interpolations };
}

/** Plain, raw, triple-quoted and f-strings (`{x}` dynamic unless known, `{{` `}}` single braces); bytes stay unknown. */
function stringLiteral(node: Node, scope: Scope, ctx: Ctx): CodeValue {
  const parts = literalParts(node);
  if (!parts || parts.prefix.includes('b')) return unknownOf(node, ctx);
  const style = parts.prefix.includes('r') ? 'raw' : 'python';
  const formatted = parts.prefix.includes('f') || parts.prefix.includes('t');
  const segments: Segment[] = [];
  const pushText = (from: number, to: number) => {
    if (to <= from) return;
    const segment = literalSegment(decodeLiteral(ctx.analysis.text.slice(from, to), from, style, formatted), from, to, ctx.index);
    if (segment) segments.push(segment);
  };
  let cursor = parts.start;
  if (formatted) {
    for (const interpolation of parts.interpolations) {
      pushText(cursor, interpolation.startIndex);
      segments.push(...interpolationSegments(interpolation, scope, ctx));
      cursor = interpolation.endIndex;
    }
  }
  pushText(cursor, parts.end);
  return stringValue(segments, rangeOf(node, ctx), { type: 'literal' });
}

/** `{x}`: the value of `x` when known and printed as is; a conversion or format spec makes it dynamic. */
function interpolationSegments(interpolation: Node, scope: Scope, ctx: Ctx): Segment[] {
  const expression = interpolation.childForFieldName('expression');
  const placeholder = { text: interpolation.text, range: rangeOf(interpolation, ctx) };
  if (!expression) return [dynamicSegment(interpolation.text, placeholder.range, interpolation.text.slice(1, -1).trim())];
  const plain =
    !interpolation.childForFieldName('type_conversion') &&
    !interpolation.childForFieldName('format_specifier') &&
    !/=\s*[!:}]?/.test(ctx.analysis.text.slice(expression.endIndex, interpolation.endIndex));
  if (!plain) return [dynamicSegment(interpolation.text, placeholder.range, expression.text.trim())];
  return spliceSegments(evaluate(expression, scope, ctx), expression, ctx, placeholder);
}

function binaryValue(node: Node, scope: Scope, ctx: Ctx): CodeValue {
  const operator = node.childForFieldName('operator')?.type ?? '';
  const left = node.childForFieldName('left');
  const right = node.childForFieldName('right');
  if (!left || !right) return unknownOf(node, ctx);
  if (operator === '+') {
    const operands: Node[] = [right];
    let head = left;
    while (head.type === 'binary_operator' && head.childForFieldName('operator')?.type === '+') {
      const headRight = head.childForFieldName('right');
      const headLeft = head.childForFieldName('left');
      if (!headRight || !headLeft) break;
      operands.unshift(headRight);
      head = headLeft;
    }
    operands.unshift(head);
    const parts = operands.map((operand) => ({ value: evaluate(operand, scope, ctx), node: operand }));
    if (parts.some((part) => part.value.kind === 'string')) return concatenate(parts, node, ctx);
    let sum: CodeValue | undefined = parts[0].value;
    for (let i = 1; i < parts.length && sum; i++) sum = arithmetic('+', sum, parts[i].value, node, ctx);
    return sum && sum.kind === 'number' ? sum : unknownOf(node, ctx);
  }
  const leftValue = evaluate(left, scope, ctx);
  if (operator === '%' && leftValue.kind === 'string') return percentFormat(leftValue, right, node, scope, ctx);
  const rightValue = evaluate(right, scope, ctx);
  if (operator === '|') {
    const piped = pipedValue(leftValue, rightValue, left, node, ctx);
    if (piped) return piped;
  }
  return arithmetic(operator, leftValue, rightValue, node, ctx) ?? unknownOf(node, ctx);
}

/**
 * `prompt | llm`: LangChain's LCEL composes runnables with `|`, which Python runs as
 * `prompt.__or__(llm)`. Kept as that call, receiver bound, when either side is built by a call, so
 * SDK modules can follow a chain back to its parts (as they follow JS `prompt.pipe(llm)`); numbers,
 * sets and dict merges stay what they were.
 */
function pipedValue(leftValue: CodeValue, rightValue: CodeValue, left: Node, node: Node, ctx: Ctx): CodeValue | undefined {
  if (leftValue.kind !== 'call' && rightValue.kind !== 'call') return undefined;
  const range = rangeOf(node, ctx);
  const call: CodeCall = {
    callee: `${left.text}.__or__`,
    chain: left.type === 'identifier' ? [left.text, '__or__'] : ['__or__'],
    isNew: false,
    args: { positional: [rightValue], named: [], range: rightValue.range, insertion: { position: range.end, before: ', ', after: '', style: 'kwargs' } },
    range,
  };
  if (leftValue.kind !== 'unknown') call.root = { type: 'value', value: leftValue };
  return { kind: 'call', call, range };
}

const PERCENT = /%(?:\(([^)]*)\))?[#0\- +]*(?:\*|\d+)?(?:\.(?:\*|\d+))?[hlL]?([diouxXeEfFgGcrsa%])/g;

/** `"… %s …" % (a,)` and `"%(name)s" % {...}`: the receiver's text with each placeholder filled or dynamic. */
function percentFormat(receiver: CodeValue & { kind: 'string' }, right: Node, node: Node, scope: Scope, ctx: Ctx): CodeValue {
  const target = unwrap(right);
  const positional = target.type === 'tuple' ? elements(target) : [target];
  const named = target.type === 'dictionary' ? dictionaryValue(target, scope, ctx) : undefined;
  let next = 0;
  const segments = replaceInStatic(receiver.segments, PERCENT, ctx.index, (match, piece) => {
    const slice = piece();
    if (match[2] === '%') {
      const percent = piece('%');
      return percent ? [percent] : [];
    }
    const range = slice?.range ?? rangeOf(node, ctx);
    const key = match[1];
    const fills = match[2] === 's' || match[2] === 'd' || match[2] === 'i';
    if (key !== undefined) {
      const entry = named?.kind === 'object' ? named.entries.find((candidate) => candidate.key === key) : undefined;
      if (entry && fills) return spliceSegments(entry.value, target, ctx, { text: match[0], range, name: key });
      return [dynamicSegment(match[0], range, key)];
    }
    const argument = named ? undefined : positional[next];
    next++;
    if (!argument) return [dynamicSegment(match[0], range, String(next - 1))];
    if (!fills) return [dynamicSegment(match[0], range, argument.text.trim())];
    return spliceSegments(evaluate(argument, scope, ctx), argument, ctx, { text: match[0], range });
  });
  return stringValue(segments, rangeOf(node, ctx), { type: 'literal' });
}

const FORMAT_FIELD = /\{\{|\}\}|\{([^{}]*)\}/g;

/** `"… {} {name} …".format(a, name=b)`. */
function formatCall(receiver: CodeValue & { kind: 'string' }, argsNode: Node, node: Node, scope: Scope, ctx: Ctx): CodeValue {
  const args = argumentsOf(argsNode, scope, ctx);
  const positionalNodes = elements(argsNode).filter((arg) => arg.type !== 'keyword_argument' && arg.type !== 'dictionary_splat' && arg.type !== 'list_splat');
  let auto = 0;
  const segments = replaceInStatic(receiver.segments, FORMAT_FIELD, ctx.index, (match, piece) => {
    if (match[0] === '{{' || match[0] === '}}') {
      const brace = piece(match[0][0]);
      return brace ? [brace] : [];
    }
    const range = piece()?.range ?? rangeOf(node, ctx);
    const field = match[1] ?? '';
    const spec = /[!:]/.exec(field);
    const reference = (spec ? field.slice(0, spec.index) : field).trim();
    const base = /^[^.[]*/.exec(reference)?.[0] ?? '';
    const plain = !spec && base === reference;
    if (base === '' || /^\d+$/.test(base)) {
      const position = base === '' ? auto++ : Number(base);
      const value = args.positional[position];
      const argument = positionalNodes[position];
      if (!value || !argument) return [dynamicSegment(match[0], range, String(position))];
      if (!plain) return [dynamicSegment(match[0], range, argument.text.trim())];
      return spliceSegments(value, argument, ctx, { text: match[0], range });
    }
    const entry = args.named.find((candidate) => candidate.key === base);
    if (!entry || !plain) return [dynamicSegment(match[0], range, base)];
    return spliceSegments(entry.value, node, ctx, { text: match[0], range, name: base });
  });
  return stringValue(segments, rangeOf(node, ctx), { type: 'literal' });
}

/** `os.getenv("X")`, `os.environ.get("X")`, `os.environ["X"]`: the variable name and default node. */
function envRead(node: Node, scope: Scope, ctx: Ctx): { variable: string; fallback?: Node } | undefined {
  if (node.type === 'subscript') {
    const value = node.childForFieldName('value');
    const key = node.childForFieldName('subscript');
    if (!value || !key || !isEnviron(value)) return undefined;
    const variable = staticText(evaluate(key, scope, ctx));
    return variable === undefined ? undefined : { variable };
  }
  if (node.type !== 'call') return undefined;
  const callee = node.childForFieldName('function');
  const argsNode = node.childForFieldName('arguments');
  if (!callee || argsNode?.type !== 'argument_list') return undefined;
  const calleeText = callee.text.replace(/\s+/g, '');
  const isGetenv = calleeText === 'os.getenv' || calleeText === 'getenv' || calleeText === 'os.environ.get' || calleeText === 'environ.get';
  if (!isGetenv) return undefined;
  const args = elements(argsNode);
  const positional = args.filter((arg) => arg.type !== 'keyword_argument');
  const keyword = (name: string) =>
    args.find((arg) => arg.type === 'keyword_argument' && arg.childForFieldName('name')?.text === name)?.childForFieldName('value') ?? undefined;
  const key = positional[0] ?? keyword('key');
  const variable = key ? staticText(evaluate(key, scope, ctx)) : undefined;
  if (variable === undefined) return undefined;
  return { variable, fallback: positional[1] ?? keyword('default') };
}

function isEnviron(node: Node): boolean {
  const text = node.text.replace(/\s+/g, '');
  return text === 'os.environ' || text === 'environ';
}

function attributeValue(node: Node, scope: Scope, ctx: Ctx): CodeValue {
  const object = node.childForFieldName('object');
  const attribute = node.childForFieldName('attribute');
  if (!object || !attribute) return unknownOf(node, ctx);
  const self = enclosingClass(scope)?.self;
  if (object.type === 'identifier' && self !== undefined && object.text === self) {
    return fieldValue(attribute.text, node, scope, ctx) ?? unknownOf(node, ctx);
  }
  // prompts.SYSTEM, app.prompts.SYSTEM: a constant of an imported module.
  const path: string[] = [attribute.text];
  let head: Node = object;
  while (head.type === 'attribute') {
    const inner = head.childForFieldName('attribute');
    const innerObject = head.childForFieldName('object');
    if (!inner || !innerObject) return unknownOf(node, ctx);
    path.unshift(inner.text);
    head = innerObject;
  }
  if (head.type === 'identifier' && self !== undefined && head.text === self && path.length >= 2) {
    // `self.config.model` for `self.config = Config()` (or `config or Config()`) in the class: the instance's field.
    const instance = instanceField(path[0], scope);
    const value = instance && classAttribute(instance, path.slice(1), node, ctx);
    if (value) return value;
  }
  if (head.type === 'identifier') {
    const binding = lookup(scope, head.text, head.startIndex);
    if (binding?.kind === 'import' && binding.import) return importedValue(binding.import, path, rangeOf(node, ctx), ctx) ?? unknownOf(node, ctx);
    const attribute = binding ? classAttribute(binding, path, node, ctx) : undefined;
    if (attribute) return attribute;
  }
  return unknownOf(node, ctx);
}

/**
 * A field of the enclosing class that holds a constructed object (`self.config = Config()`), as a
 * binding to that construction. `config or Config()` is the construction: what the instance holds
 * when no config is passed in, as the parameter's default `None` has it.
 */
function instanceField(name: string, scope: Scope): Binding | undefined {
  const field = classField(enclosingClass(scope)?.cls, name);
  let value = field?.value;
  while (value?.type === 'boolean_operator' && value.childForFieldName('operator')?.text === 'or') value = value.childForFieldName('right') ?? undefined;
  if (!field || value?.type !== 'call') return undefined;
  return { name, offset: value.startIndex, scope: field.scope, kind: 'value', value };
}

/**
 * `Config.MODEL`, `Models.FAST` / `Models.FAST.value` (an Enum member), `settings.model` for
 * `settings = Settings()` (a dataclass or pydantic default, or the keyword the construction passes):
 * what the class body assigns. Undefined for anything else.
 */
function classAttribute(binding: Binding, path: string[], node: Node, ctx: Ctx): CodeValue | undefined {
  // An Enum member's `.value` is the member's own value; nothing else past the attribute is followed.
  if (path.length > 2 || (path.length === 2 && path[1] !== 'value')) return undefined;
  const [name] = path;
  const range = rangeOf(node, ctx);
  if (binding.cls) return classFieldValue(binding.cls, name, range, ctx);
  const construction = binding.kind === 'value' && binding.value?.type === 'call' ? binding.value : undefined;
  const callee = construction?.childForFieldName('function');
  if (!construction || callee?.type !== 'identifier') return undefined;
  const cls = lookup(binding.scope, callee.text, construction.startIndex)?.cls;
  if (!cls) return undefined;
  const args = construction.childForFieldName('arguments');
  const items = args ? elements(args) : [];
  const passed = items.find((item) => item.type === 'keyword_argument' && item.childForFieldName('name')?.text === name)?.childForFieldName('value');
  if (passed) return { ...evaluate(passed, binding.scope, ctx), range };
  // Positional arguments fill fields in an order this does not follow: the default is then not known to hold.
  if (items.some((item) => item.type !== 'keyword_argument')) return undefined;
  // pydantic-settings reads each field from the environment variable of its name, case-insensitively.
  const fromEnv = cls.settingsFromEnv ? settingsEnvValue(name, range, ctx) : undefined;
  return fromEnv ?? classFieldValue(cls, name, range, ctx);
}

/** The value promptcost.yaml `env:` or an env file gives a settings field (`summary_model` ← `SUMMARY_MODEL`). */
function settingsEnvValue(field: string, range: Range, ctx: Ctx): CodeValue | undefined {
  const variable = Object.keys(ctx.session.env).find((candidate) => candidate.toLowerCase() === field.toLowerCase());
  const mapped = variable === undefined ? undefined : ctx.session.env[variable];
  if (!variable || !mapped) return undefined;
  return { kind: 'string', segments: [{ kind: 'static', text: mapped.value, range }], range, origin: { type: 'env-map', variable, from: mapped.from } };
}

function classFieldValue(cls: ClassInfo, name: string, range: Range, ctx: Ctx): CodeValue | undefined {
  const field = classField(cls, name);
  const value = field ? initializerValue(field, ctx) : undefined;
  return value && value.kind !== 'unknown' ? atUseSite(value, range, `${cls.name}.${name}`) : undefined;
}

function subscriptValue(node: Node, scope: Scope, ctx: Ctx): CodeValue {
  const env = envRead(node, scope, ctx);
  if (env) return envValue(env.variable, undefined, node, ctx);
  const value = node.childForFieldName('value');
  const key = node.childForFieldName('subscript');
  if (!value || !key) return unknownOf(node, ctx);
  const container = evaluate(value, scope, ctx);
  const keyValue = evaluate(key, scope, ctx);
  if (container.kind === 'object') {
    const name = staticText(keyValue) ?? (keyValue.kind === 'number' ? String(keyValue.value) : undefined);
    const entry = name === undefined ? undefined : container.entries.find((candidate) => candidate.key === name);
    if (entry) return { ...entry.value, range: rangeOf(node, ctx) };
  }
  if (container.kind === 'array' && container.unresolvedSpreads === 0 && keyValue.kind === 'number') {
    const position = keyValue.value < 0 ? container.items.length + keyValue.value : keyValue.value;
    const item = container.items[position];
    if (item) return { ...item, range: rangeOf(node, ctx) };
  }
  return unknownOf(node, ctx);
}

function dictionaryValue(node: Node, scope: Scope, ctx: Ctx): CodeValue {
  const entries: CodeEntry[] = [];
  let unresolvedSpreads = 0;
  const items = elements(node);
  for (const child of items) {
    if (child.type === 'dictionary_splat') {
      const inner = child.firstNamedChild;
      const spread = inner ? evaluate(inner, scope, ctx) : undefined;
      if (spread?.kind === 'object') {
        mergeEntries(entries, spread.entries);
        unresolvedSpreads += spread.unresolvedSpreads;
      } else unresolvedSpreads++;
      continue;
    }
    if (child.type !== 'pair') continue;
    const keyNode = child.childForFieldName('key');
    const valueNode = child.childForFieldName('value');
    if (!keyNode || !valueNode) continue;
    const keyValue = evaluate(keyNode, scope, ctx);
    const key = staticText(keyValue) ?? (keyValue.kind === 'number' ? String(keyValue.value) : undefined);
    if (key === undefined) continue;
    mergeEntries(entries, [{ key, keyRange: rangeOf(keyNode, ctx), value: evaluate(valueNode, scope, ctx), range: rangeOf(child, ctx) }]);
  }
  return { kind: 'object', entries, range: rangeOf(node, ctx), unresolvedSpreads, insertion: insertionPoint(node, items, 'dict', ctx) };
}

/** A call used as a value: text helpers, env reads and file reads are applied; other calls stay calls. */
function callValue(node: Node, scope: Scope, ctx: Ctx): CodeValue {
  const callee = node.childForFieldName('function');
  const argsNode = node.childForFieldName('arguments');
  if (!callee || !argsNode) return unknownOf(node, ctx);
  const env = envRead(node, scope, ctx);
  if (env) return envValue(env.variable, env.fallback ? evaluate(env.fallback, scope, ctx) : undefined, node, ctx);
  const args = argsNode.type === 'argument_list' ? elements(argsNode) : [];
  const target = unwrap(callee);
  if (target.type === 'attribute') {
    const method = target.childForFieldName('attribute')?.text;
    const receiver = target.childForFieldName('object');
    if (method && receiver) {
      const value = methodValue(method, receiver, argsNode, args, node, scope, ctx) ?? returnedByMethod(method, receiver, scope, ctx);
      if (value) return value;
    }
  }
  const value =
    builtinValue(target, argsNode, args, node, scope, ctx) ?? (target.type === 'identifier' ? returnedValue(target.text, node, scope, ctx) : undefined);
  if (value) return value;
  const call = pythonCall(node, scope, ctx);
  return call ? { kind: 'call', call, range: rangeOf(node, ctx) } : unknownOf(node, ctx);
}

/** `textwrap.dedent(…)`, `int(…)`, `float(…)`, `str(…)`, `dict(k=…)`: their result follows from their arguments. */
function builtinValue(target: Node, argsNode: Node, args: Node[], node: Node, scope: Scope, ctx: Ctx): CodeValue | undefined {
  const positional = args.filter((arg) => arg.type !== 'keyword_argument' && arg.type !== 'list_splat' && arg.type !== 'dictionary_splat');
  const first = positional[0];
  const calleeText = target.text.replace(/\s+/g, '');
  if ((calleeText === 'textwrap.dedent' || calleeText === 'dedent') && first) {
    const value = evaluate(first, scope, ctx);
    if (value.kind === 'string') return { ...value, segments: dedentSegments(value.segments, ctx.index), range: rangeOf(node, ctx) };
  }
  // The conversions are builtins only when called by their bare name.
  const name = target.type === 'identifier' ? target.text : undefined;
  if ((name === 'int' || name === 'float') && first) {
    const number = numericValue(evaluate(first, scope, ctx), node, ctx);
    if (number) return number;
  }
  if (name === 'str' && first) {
    const value = evaluate(first, scope, ctx);
    if (value.kind === 'string') return { ...value, range: rangeOf(node, ctx) };
  }
  if (name === 'dict' && argsNode.type === 'argument_list' && positional.length === 0) {
    const kwargs = argumentsOf(argsNode, scope, ctx);
    return { kind: 'object', entries: kwargs.named, range: rangeOf(node, ctx), unresolvedSpreads: kwargs.unresolvedSpreads ?? 0, insertion: kwargs.insertion };
  }
  return undefined;
}

function methodValue(method: string, receiver: Node, argsNode: Node, args: Node[], node: Node, scope: Scope, ctx: Ctx): CodeValue | undefined {
  switch (method) {
    case 'strip':
    case 'lstrip':
    case 'rstrip': {
      if (args.length > 0) return undefined;
      const value = evaluate(receiver, scope, ctx);
      if (value.kind !== 'string') return undefined;
      const side = method === 'strip' ? 'both' : method === 'lstrip' ? 'start' : 'end';
      return { ...value, segments: trimSegments(value.segments, ctx.index, side), range: rangeOf(node, ctx) };
    }
    case 'format': {
      const value = evaluate(receiver, scope, ctx);
      return value.kind === 'string' && argsNode.type === 'argument_list' ? formatCall(value, argsNode, node, scope, ctx) : undefined;
    }
    case 'join': {
      const separator = evaluate(receiver, scope, ctx);
      if (separator.kind !== 'string' || args.length !== 1) return undefined;
      return joinStrings(evaluate(args[0], scope, ctx), separator, node, args[0], ctx);
    }
    case 'read_text': {
      const path = pathOf(receiver, scope, ctx, 0);
      return path === undefined ? unknownOf(node, ctx) : fileValue(path, node, ctx);
    }
    case 'read': {
      const opened = openedPath(receiver, scope, ctx);
      if (opened === null) return undefined;
      return opened === undefined ? unknownOf(node, ctx) : fileValue(opened, node, ctx);
    }
    default:
      return undefined;
  }
}

/**
 * The path `open(…)` reads in text mode, following a `with open(…) as f` name. Null when `node` is
 * no `open` call; undefined when it is one whose path is not known.
 */
function openedPath(node: Node, scope: Scope, ctx: Ctx, depth = 0): string | undefined | null {
  const target = unwrap(node);
  if (target.type === 'identifier' && depth < 4) {
    const binding = lookup(scope, target.text, target.startIndex);
    return binding?.kind === 'value' && binding.value ? openedPath(binding.value, binding.scope, ctx, depth + 1) : null;
  }
  if (target.type !== 'call') return null;
  const callee = target.childForFieldName('function')?.text.replace(/\s+/g, '');
  const argsNode = target.childForFieldName('arguments');
  if (!argsNode) return null;
  const args = elements(argsNode);
  if (callee === 'open' || callee === 'io.open' || callee === 'codecs.open') {
    const positional = args.filter((arg) => arg.type !== 'keyword_argument');
    const modeNode =
      positional[1] ?? args.find((arg) => arg.type === 'keyword_argument' && arg.childForFieldName('name')?.text === 'mode')?.childForFieldName('value');
    const mode = modeNode ? staticText(evaluate(modeNode, scope, ctx)) : 'r';
    if (!positional[0] || mode === undefined || mode.includes('b')) return undefined;
    return pathOf(positional[0], scope, ctx, 0);
  }
  // Path(...).open()
  if (target.childForFieldName('function')?.type === 'attribute' && callee?.endsWith('.open')) {
    const receiver = target.childForFieldName('function')?.childForFieldName('object');
    return receiver ? pathOf(receiver, scope, ctx, 0) : undefined;
  }
  return null;
}

/**
 * The workspace path an expression names: literals relative to the workspace root (the usual
 * working directory), `Path(__file__).parent / "x"` and `os.path.dirname(__file__)` to this file.
 */
function pathOf(node: Node, scope: Scope, ctx: Ctx, depth: number): string | undefined {
  if (depth > 8) return undefined;
  const target = unwrap(node);
  switch (target.type) {
    case 'identifier':
      return namedPath(target, scope, ctx, depth);
    case 'attribute':
      return parentPath(target, scope, ctx, depth);
    case 'binary_operator':
      return dividedPath(target, scope, ctx, depth);
    case 'call':
      return calledPath(target, scope, ctx, depth);
  }
  const literal = staticText(evaluate(target, scope, ctx));
  return literal === undefined ? undefined : normalizePath(literal);
}

/** `__file__`, or a variable holding a path. */
function namedPath(target: Node, scope: Scope, ctx: Ctx, depth: number): string | undefined {
  if (target.text === '__file__') return ctx.analysis.file;
  const binding = lookup(scope, target.text, target.startIndex);
  if (binding?.kind === 'value' && binding.value) return pathOf(binding.value, binding.scope, ctx, depth + 1);
  return undefined;
}

/** `p.parent`. */
function parentPath(target: Node, scope: Scope, ctx: Ctx, depth: number): string | undefined {
  const attribute = target.childForFieldName('attribute')?.text;
  const object = target.childForFieldName('object');
  if (attribute !== 'parent' || !object) return undefined;
  const inner = pathOf(object, scope, ctx, depth + 1);
  return inner === undefined ? undefined : dirname(inner);
}

/** `p / "x"`. */
function dividedPath(target: Node, scope: Scope, ctx: Ctx, depth: number): string | undefined {
  const left = target.childForFieldName('left');
  const right = target.childForFieldName('right');
  if (target.childForFieldName('operator')?.type !== '/' || !left || !right) return undefined;
  const base = pathOf(left, scope, ctx, depth + 1);
  const rest = pathOf(right, scope, ctx, depth + 1);
  return base === undefined || rest === undefined ? undefined : joinPath(base, rest);
}

const PATH_METHODS = new Set(['joinpath', 'with_name', 'resolve', 'absolute', 'expanduser']);

/**
 * `Path(…)`, `os.path.join(…)`, `p.joinpath(…)`, `p.resolve()`… The methods of a path object and the
 * functions known by their full name never share a name, so either kind can be looked at first.
 */
function calledPath(target: Node, scope: Scope, ctx: Ctx, depth: number): string | undefined {
  const callee = target.childForFieldName('function');
  const argsNode = target.childForFieldName('arguments');
  if (!callee || argsNode?.type !== 'argument_list') return undefined;
  const args = elements(argsNode).filter((arg) => arg.type !== 'keyword_argument');
  if (callee.type === 'attribute') {
    const method = callee.childForFieldName('attribute')?.text;
    if (method !== undefined && PATH_METHODS.has(method)) return methodPath(method, callee.childForFieldName('object'), args, scope, ctx, depth);
  }
  return functionPath(callee.text.replace(/\s+/g, ''), args, scope, ctx, depth);
}

const PATH_CONSTRUCTORS = new Set(['Path', 'pathlib.Path', 'PurePath']);
const WORKING_DIRECTORY = new Set(['Path.cwd', 'os.getcwd', 'pathlib.Path.cwd']);
const SAME_PATH_FUNCTIONS = new Set(['os.path.abspath', 'os.path.realpath', 'os.path.normpath']);

/** `Path(…)`, `os.getcwd()`, `os.path.join(…)`, `os.path.dirname(…)`, `os.path.abspath(…)`… */
function functionPath(calleeText: string, args: Node[], scope: Scope, ctx: Ctx, depth: number): string | undefined {
  if (PATH_CONSTRUCTORS.has(calleeText)) return args.length === 0 ? '' : joinedPath(args, scope, ctx, depth);
  if (WORKING_DIRECTORY.has(calleeText)) return '';
  if (calleeText === 'os.path.join') return joinedPath(args, scope, ctx, depth);
  if (calleeText === 'os.path.dirname' && args[0]) {
    const inner = pathOf(args[0], scope, ctx, depth + 1);
    return inner === undefined ? undefined : dirname(inner);
  }
  if (SAME_PATH_FUNCTIONS.has(calleeText) && args[0]) return pathOf(args[0], scope, ctx, depth + 1);
  return undefined;
}

/** `p.joinpath(…)`, `p.with_name(…)`, and `p.resolve()` / `p.absolute()` / `p.expanduser()`, which name the same file. */
function methodPath(method: string, receiver: Node | null, args: Node[], scope: Scope, ctx: Ctx, depth: number): string | undefined {
  if (method === 'joinpath') return joinedPath(receiver ? [receiver, ...args] : args, scope, ctx, depth);
  if (!receiver) return undefined;
  if (method === 'with_name') {
    if (!args[0]) return undefined;
    const inner = pathOf(receiver, scope, ctx, depth + 1);
    const name = staticText(evaluate(args[0], scope, ctx));
    return inner === undefined || name === undefined ? undefined : joinPath(dirname(inner), name);
  }
  return pathOf(receiver, scope, ctx, depth + 1);
}

/** The parts joined; undefined when there are none or any is unknown. */
function joinedPath(parts: Node[], scope: Scope, ctx: Ctx, depth: number): string | undefined {
  const paths = parts.map((part) => pathOf(part, scope, ctx, depth + 1));
  return paths.some((path) => path === undefined) || paths.length === 0 ? undefined : joinPath(...(paths as string[]));
}

/** The call model of a call; undefined when the callee is not a name or attribute chain. */
export function pythonCall(node: Node, scope: Scope, ctx: Ctx): CodeCall | undefined {
  return memoCall(node, ctx, () => buildPythonCall(node, scope, ctx));
}

function buildPythonCall(node: Node, scope: Scope, ctx: Ctx): CodeCall | undefined {
  const callee = node.childForFieldName('function');
  const argsNode = node.childForFieldName('arguments');
  if (!callee || !argsNode) return undefined;
  // `completion = client.chat.completions.create` … `completion(model=…)`: the method the name holds is what is called.
  const bound = boundMethod(callee, scope);
  const chain = chainOf(bound?.value ?? callee);
  if (!chain) return undefined;
  const call: CodeCall = { callee: callee.text, chain: chain.names, isNew: false, args: argumentsOf(argsNode, scope, ctx), range: rangeOf(node, ctx) };
  const root = chainRoot(chain, bound?.scope ?? scope, ctx);
  if (root) call.root = root;
  return call;
}

/** A name bound to a method of an object (`completion = client.chat.completions.create`), not to a call's result. */
function boundMethod(callee: Node, scope: Scope): { value: Node; scope: Scope } | undefined {
  if (callee.type !== 'identifier') return undefined;
  const binding = lookup(scope, callee.text, callee.startIndex);
  const value = binding?.kind === 'value' ? binding.value : undefined;
  return value?.type === 'attribute' ? { value, scope: binding!.scope } : undefined;
}

interface Chain {
  names: string[];
  head?: Node;
  base?: Node;
}

function chainOf(callee: Node): Chain | undefined {
  const names: string[] = [];
  let current = unwrap(callee);
  for (let i = 0; i < 256; i++) {
    switch (current.type) {
      case 'attribute': {
        const object = current.childForFieldName('object');
        const attribute = current.childForFieldName('attribute');
        if (!object || !attribute) return names.length > 0 ? { names } : undefined;
        names.unshift(attribute.text);
        current = unwrap(object);
        continue;
      }
      case 'identifier':
        names.unshift(current.text);
        return { names, head: current };
      case 'call': {
        if (names.length === 0) return undefined;
        const inner = current.childForFieldName('function');
        const innerChain = inner ? chainOf(inner) : undefined;
        return { names: [...(innerChain?.names ?? []), ...names], base: current };
      }
      case 'binary_operator':
        // `(prompt | llm).invoke(…)`: the receiver is the piped value.
        if (names.length > 0 && current.childForFieldName('operator')?.type === '|') return { names, base: current };
        return names.length > 0 ? { names } : undefined;
      default:
        return names.length > 0 ? { names } : undefined;
    }
  }
  return undefined;
}

function chainRoot(chain: Chain, scope: Scope, ctx: Ctx): RootBinding | undefined {
  if (chain.base) {
    const value = evaluate(chain.base, scope, ctx);
    return value.kind === 'unknown' ? undefined : { type: 'value', value };
  }
  if (!chain.head) return undefined;
  const self = enclosingClass(scope)?.self;
  if (self !== undefined && chain.head.text === self && chain.names.length > 1 && chain.head.parent) {
    const value = fieldValue(chain.names[1], chain.head.parent, scope, ctx);
    return value && value.kind !== 'unknown' ? { type: 'value', value } : undefined;
  }
  return rootOf(chain.head.text, chain.head, scope, ctx);
}

function argumentsOf(argsNode: Node, scope: Scope, ctx: Ctx): CodeArgs {
  const range = rangeOf(argsNode, ctx);
  if (argsNode.type !== 'argument_list') {
    // f(x for x in xs): the generator is the only argument.
    const close = ctx.index.positionAt(Math.max(argsNode.startIndex, argsNode.endIndex - 1));
    return { positional: [evaluate(argsNode, scope, ctx)], named: [], range, insertion: { position: close, before: ', ', after: '', style: 'kwargs' } };
  }
  const items = elements(argsNode);
  const positional: CodeValue[] = [];
  const named: CodeEntry[] = [];
  let unresolvedSpreads = 0;
  for (const item of items) {
    switch (item.type) {
      case 'keyword_argument': {
        const name = item.childForFieldName('name');
        const value = item.childForFieldName('value');
        if (name && value)
          mergeEntries(named, [{ key: name.text, keyRange: rangeOf(name, ctx), value: evaluate(value, scope, ctx), range: rangeOf(item, ctx) }]);
        break;
      }
      case 'dictionary_splat': {
        const inner = item.firstNamedChild;
        const spread = inner ? evaluate(inner, scope, ctx) : undefined;
        if (spread?.kind === 'object') {
          mergeEntries(named, spread.entries);
          unresolvedSpreads += spread.unresolvedSpreads;
        } else unresolvedSpreads++;
        break;
      }
      case 'list_splat': {
        const inner = item.firstNamedChild;
        const spread = inner ? evaluate(inner, scope, ctx) : undefined;
        if (spread?.kind === 'array') {
          positional.push(...spread.items);
          unresolvedSpreads += spread.unresolvedSpreads;
        } else {
          positional.push(unknownOf(item, ctx));
          unresolvedSpreads++;
        }
        break;
      }
      default:
        positional.push(evaluate(item, scope, ctx));
    }
  }
  const args: CodeArgs = { positional, named, range, insertion: insertionPoint(argsNode, items, 'kwargs', ctx) };
  if (unresolvedSpreads > 0) args.unresolvedSpreads = unresolvedSpreads;
  return args;
}
