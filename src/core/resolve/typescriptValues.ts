import type { Node } from 'web-tree-sitter';
import type { CodeArgs, CodeCall, CodeEntry, CodeValue, RootBinding } from '../codeModel/codeModel';
import type { Segment } from '../types';
import { decodeLiteral, type EscapeStyle } from './escapes';
import { dirname, joinPath, normalizePath, typescriptModuleCandidates } from './paths';
import { lookup, type Scope } from './scope';
import { dedentSegments, literalSegment, placedText, trimSegments } from './segments';
import {
  arithmetic,
  arrayItems,
  concatenate,
  envValue,
  evaluate,
  fieldValue,
  fileValue,
  identifierValue,
  importedValue,
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

/** Value resolution for TypeScript and JavaScript. */
export const typescriptResolver: LanguageResolver = {
  evaluate: evaluateTs,
  call: typescriptCall,
  spreadOf: (node) => (node.type === 'spread_element' ? (node.namedChild(0) ?? undefined) : undefined),
  moduleCandidates: typescriptModuleCandidates,
  literalText: (value) => String(value),
};

/** Wrappers that do not change a value: `(x)`, `x as T`, `x!`, `x satisfies T`, `<T>x`, `await x`. */
const TRANSPARENT = new Set(['parenthesized_expression', 'as_expression', 'satisfies_expression', 'non_null_expression', 'type_assertion', 'await_expression']);

/** Template tags that dedent and trim their text (npm `dedent`, common-tags `stripIndent`). */
const DEDENT_TAGS = new Set(['dedent', 'stripIndent', 'outdent']);

function unwrap(node: Node): Node {
  let current = node;
  for (let i = 0; i < 32 && TRANSPARENT.has(current.type); i++) {
    const inner = current.type === 'type_assertion' ? current.lastNamedChild : current.firstNamedChild;
    if (!inner || inner.type === 'comment') break;
    current = inner;
  }
  return current;
}

function evaluateTs(node: Node, scope: Scope, ctx: Ctx): CodeValue {
  switch (node.type) {
    case 'string':
      return stringLiteral(node, ctx);
    case 'template_string':
      return templateValue(node, scope, ctx, 'js');
    case 'number':
      return numberValue(node, ctx);
    case 'true':
    case 'false':
      return { kind: 'boolean', value: node.type === 'true', range: rangeOf(node, ctx) };
    case 'null':
    case 'undefined':
      return { kind: 'null', range: rangeOf(node, ctx) };
    case 'identifier':
      if (node.text === 'undefined') return { kind: 'null', range: rangeOf(node, ctx) };
      return identifierValue(node.text, node, scope, ctx);
    case 'object':
      return objectValue(node, scope, ctx);
    case 'array':
      return arrayValue(node, scope, ctx);
    case 'binary_expression':
      return binaryValue(node, scope, ctx);
    case 'unary_expression':
      return signedValue(node, scope, ctx);
    case 'member_expression':
    case 'subscript_expression':
      return memberValue(node, scope, ctx);
    case 'call_expression':
      return callValue(node, scope, ctx);
    case 'new_expression':
      return newValue(node, scope, ctx);
    case 'enum_declaration':
      return enumValue(node, scope, ctx);
    default:
      return unwrappedValue(node, scope, ctx);
  }
}

/** An enum's members with an initializer (`Fast = 'gpt-4o-mini'`), as an object's entries; members numbered by position are left out. */
function enumValue(node: Node, scope: Scope, ctx: Ctx): CodeValue {
  const body = node.childForFieldName('body');
  const entries: CodeEntry[] = [];
  for (const member of body ? elements(body) : []) {
    if (member.type !== 'enum_assignment') continue;
    const key = member.childForFieldName('name');
    const value = member.childForFieldName('value');
    if (!key || !value) continue;
    const name = key.type === 'string' ? key.text.slice(1, -1) : key.text;
    entries.push({ key: name, keyRange: rangeOf(key, ctx), value: evaluate(value, scope, ctx), range: rangeOf(member, ctx) });
  }
  return {
    kind: 'object',
    entries,
    range: rangeOf(node, ctx),
    unresolvedSpreads: 0,
    insertion: { position: rangeOf(node, ctx).end, before: '', after: '', style: 'object' },
  };
}

function numberValue(node: Node, ctx: Ctx): CodeValue {
  const value = parseNumber(node.text);
  return value === undefined ? unknownOf(node, ctx) : { kind: 'number', value, range: rangeOf(node, ctx) };
}

function arrayValue(node: Node, scope: Scope, ctx: Ctx): CodeValue {
  const { items, unresolvedSpreads } = arrayItems(elements(node), scope, ctx);
  return { kind: 'array', items, unresolvedSpreads, range: rangeOf(node, ctx) };
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

/** `new X(…)` stays a call: SDK clients and models are built that way. */
function newValue(node: Node, scope: Scope, ctx: Ctx): CodeValue {
  const call = typescriptCall(node, scope, ctx);
  return call ? { kind: 'call', call, range: rangeOf(node, ctx) } : unknownOf(node, ctx);
}

/** `(x)`, `x as T`, `await x`…: the value of `x`; any other expression is unknown. */
function unwrappedValue(node: Node, scope: Scope, ctx: Ctx): CodeValue {
  if (TRANSPARENT.has(node.type)) {
    const inner = unwrap(node);
    if (inner !== node) {
      const value = evaluate(inner, scope, ctx);
      return value.kind === 'string' || value.kind === 'unknown' ? value : { ...value, range: rangeOf(node, ctx) };
    }
  }
  return unknownOf(node, ctx);
}

function elements(node: Node): Node[] {
  return node.namedChildren.filter((child): child is Node => child !== null && child.type !== 'comment');
}

function parseNumber(text: string): number | undefined {
  const clean = text.replace(/_/g, '').replace(/n$/, '');
  const value = /^0[oO]/.test(clean) ? parseInt(clean.slice(2), 8) : /^0[bB]/.test(clean) ? parseInt(clean.slice(2), 2) : Number(clean);
  return Number.isFinite(value) ? value : undefined;
}

/** The body of a quoted literal, or undefined when the literal is cut short. */
function quotedBody(node: Node, ctx: Ctx): { raw: string; start: number; end: number } | undefined {
  const text = node.text;
  const quote = text[0];
  if (text.length < 2 || (quote !== '"' && quote !== "'" && quote !== '`') || text[text.length - 1] !== quote) return undefined;
  return { raw: ctx.analysis.text.slice(node.startIndex + 1, node.endIndex - 1), start: node.startIndex + 1, end: node.endIndex - 1 };
}

function stringLiteral(node: Node, ctx: Ctx): CodeValue {
  const body = quotedBody(node, ctx);
  if (!body) return unknownOf(node, ctx);
  const segment = literalSegment(decodeLiteral(body.raw, body.start, 'js'), body.start, body.end, ctx.index);
  return stringValue(segment ? [segment] : [], rangeOf(node, ctx), { type: 'literal' });
}

/** `` `a ${x} b` ``: the fixed parts as written, each `${…}` as its value when known, else dynamic. */
function templateValue(node: Node, scope: Scope, ctx: Ctx, style: EscapeStyle): CodeValue {
  const body = quotedBody(node, ctx);
  if (!body) return unknownOf(node, ctx);
  const segments: Segment[] = [];
  const pushText = (from: number, to: number) => {
    if (to <= from) return;
    const segment = literalSegment(decodeLiteral(ctx.analysis.text.slice(from, to), from, style), from, to, ctx.index);
    if (segment) segments.push(segment);
  };
  let cursor = body.start;
  for (const child of node.namedChildren) {
    if (child?.type !== 'template_substitution') continue;
    pushText(cursor, child.startIndex);
    const expression = child.firstNamedChild;
    if (expression && expression.type !== 'comment') {
      segments.push(...spliceSegments(evaluate(expression, scope, ctx), expression, ctx, { text: child.text, range: rangeOf(child, ctx) }));
    }
    cursor = child.endIndex;
  }
  pushText(cursor, body.end);
  return stringValue(segments, rangeOf(node, ctx), { type: 'literal' });
}

function binaryValue(node: Node, scope: Scope, ctx: Ctx): CodeValue {
  const operator = node.childForFieldName('operator')?.type ?? '';
  const left = node.childForFieldName('left');
  const right = node.childForFieldName('right');
  if (!left || !right) return unknownOf(node, ctx);
  if (operator === '+') {
    // Long `'a' + 'b' + …` chains nest to the left: walk them without recursion.
    const operands: Node[] = [right];
    let head = left;
    while (head.type === 'binary_expression' && head.childForFieldName('operator')?.type === '+') {
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
  if (operator === '??' || operator === '||') {
    const variable = envVariable(left, ctx);
    if (variable !== undefined) return envValue(variable, evaluate(right, scope, ctx), node, ctx);
    const leftValue = evaluate(left, scope, ctx);
    // `process.env.A ?? process.env.B ?? 'x'`
    if (
      left.type === 'binary_expression' &&
      leftValue.kind === 'unknown' &&
      leftValue.name !== undefined &&
      envVariable(left.childForFieldName('right') ?? left, ctx) !== undefined
    ) {
      return envValue(leftValue.name, evaluate(right, scope, ctx), node, ctx);
    }
    return unknownOf(node, ctx);
  }
  return arithmetic(operator, evaluate(left, scope, ctx), evaluate(right, scope, ctx), node, ctx) ?? unknownOf(node, ctx);
}

/** `process.env.X`, `process.env['X']`, `import.meta.env.X`: the variable's name. */
function envVariable(node: Node, ctx: Ctx): string | undefined {
  const target = unwrap(node);
  if (target.type !== 'member_expression' && target.type !== 'subscript_expression') return undefined;
  const object = target.childForFieldName('object');
  if (!object) return undefined;
  const envObject = unwrap(object).text.replace(/\s+/g, '').replace(/\?\./g, '.');
  if (envObject !== 'process.env' && envObject !== 'import.meta.env') return undefined;
  return memberName(target, ctx);
}

/** The property a member or subscript expression reads, when it is fixed. */
function memberName(node: Node, ctx: Ctx): string | undefined {
  if (node.type === 'member_expression') return node.childForFieldName('property')?.text;
  const index = node.childForFieldName('index');
  if (!index) return undefined;
  if (index.type === 'string') {
    const body = quotedBody(index, ctx);
    return body ? decodeLiteral(body.raw, body.start, 'js').text : undefined;
  }
  if (index.type === 'number') return String(parseNumber(index.text));
  return undefined;
}

function memberValue(node: Node, scope: Scope, ctx: Ctx): CodeValue {
  const variable = envVariable(node, ctx);
  if (variable !== undefined) return envValue(variable, undefined, node, ctx);
  const object = node.childForFieldName('object');
  const name = memberName(node, ctx);
  if (!object || name === undefined) return unknownOf(node, ctx);
  const target = unwrap(object);
  if (target.type === 'this') return fieldValue(name, node, scope, ctx) ?? unknownOf(node, ctx);
  if (target.type === 'identifier') {
    const binding = lookup(scope, target.text, target.startIndex);
    if (binding?.kind === 'import' && binding.import) return importedValue(binding.import, [name], rangeOf(node, ctx), ctx) ?? unknownOf(node, ctx);
  }
  const container = evaluate(target, scope, ctx);
  if (container.kind === 'object') {
    const entry = container.entries.find((candidate) => candidate.key === name);
    if (entry) return { ...entry.value, range: rangeOf(node, ctx) };
  }
  if (container.kind === 'array' && container.unresolvedSpreads === 0 && /^\d+$/.test(name)) {
    const item = container.items[Number(name)];
    if (item) return { ...item, range: rangeOf(node, ctx) };
  }
  return unknownOf(node, ctx);
}

function objectValue(node: Node, scope: Scope, ctx: Ctx): CodeValue {
  const entries: CodeEntry[] = [];
  let unresolvedSpreads = 0;
  const items = elements(node);
  for (const child of items) {
    if (child.type === 'spread_element') {
      const inner = child.firstNamedChild;
      const spread = inner ? evaluate(inner, scope, ctx) : undefined;
      if (spread?.kind === 'object') {
        mergeEntries(entries, spread.entries);
        unresolvedSpreads += spread.unresolvedSpreads;
      } else unresolvedSpreads++;
      continue;
    }
    let keyNode: Node | null = null;
    let value: CodeValue | undefined;
    if (child.type === 'pair') {
      keyNode = child.childForFieldName('key');
      const valueNode = child.childForFieldName('value');
      value = valueNode ? evaluate(valueNode, scope, ctx) : undefined;
    } else if (child.type === 'shorthand_property_identifier') {
      keyNode = child;
      value = identifierValue(child.text, child, scope, ctx);
    } else if (child.type === 'method_definition') {
      keyNode = child.childForFieldName('name');
      value = unknownOf(child, ctx);
    }
    const key = keyNode ? keyText(keyNode, scope, ctx) : undefined;
    if (!keyNode || key === undefined || !value) continue;
    mergeEntries(entries, [{ key, keyRange: rangeOf(keyNode, ctx), value, range: rangeOf(child, ctx) }]);
  }
  return { kind: 'object', entries, range: rangeOf(node, ctx), unresolvedSpreads, insertion: insertionPoint(node, items, 'object', ctx) };
}

function keyText(node: Node, scope: Scope, ctx: Ctx): string | undefined {
  switch (node.type) {
    case 'property_identifier':
    case 'private_property_identifier':
    case 'identifier':
    case 'shorthand_property_identifier':
      return node.text;
    case 'string':
      return staticText(stringLiteral(node, ctx));
    case 'number': {
      const value = parseNumber(node.text);
      return value === undefined ? undefined : String(value);
    }
    case 'computed_property_name': {
      const inner = node.firstNamedChild;
      return inner ? staticText(evaluate(inner, scope, ctx)) : undefined;
    }
    default:
      return undefined;
  }
}

/** A call used as a value: text helpers and file reads are applied; other calls stay calls. */
function callValue(node: Node, scope: Scope, ctx: Ctx): CodeValue {
  const callee = node.childForFieldName('function');
  const argsNode = node.childForFieldName('arguments');
  if (!callee || !argsNode) return unknownOf(node, ctx);
  const target = unwrap(callee);
  if (argsNode.type === 'template_string') return taggedTemplateValue(target, argsNode, node, scope, ctx);
  const args = elements(argsNode);
  const method = target.type === 'member_expression' ? target.childForFieldName('property')?.text : undefined;
  const receiver = target.type === 'member_expression' ? target.childForFieldName('object') : null;
  const name = method ?? (target.type === 'identifier' ? target.text : undefined);

  // `Object.freeze({ … })` is the object itself, made read-only: a config of constants.
  if (target.type === 'member_expression' && target.text.replace(/\s+/g, '') === 'Object.freeze' && args[0]) {
    const frozen = evaluate(args[0], scope, ctx);
    if (frozen.kind === 'object') return { ...frozen, range: rangeOf(node, ctx) };
  }
  if (name === 'readFileSync' || name === 'readFile') {
    const path = args[0] ? pathOf(args[0], scope, ctx, 0) : undefined;
    return path === undefined ? unknownOf(node, ctx) : fileValue(path, node, ctx);
  }
  const known = knownResult(target, name, receiver, method, args, node, scope, ctx);
  if (known) return known;
  const call = typescriptCall(node, scope, ctx);
  return call ? { kind: 'call', call, range: rangeOf(node, ctx) } : unknownOf(node, ctx);
}

/** What a call returns when it follows from the code: a text method's result, a builtin's, or what a workspace function or method returns. */
function knownResult(
  target: Node,
  name: string | undefined,
  receiver: Node | null,
  method: string | undefined,
  args: Node[],
  node: Node,
  scope: Scope,
  ctx: Ctx,
): CodeValue | undefined {
  if (receiver && method) return textMethod(method, receiver, args, node, scope, ctx) ?? returnedByMethod(method, receiver, scope, ctx);
  if (name !== undefined && target.type === 'identifier') return functionValue(name, args[0], node, scope, ctx) ?? returnedValue(name, node, scope, ctx);
  return undefined;
}

/** `` String.raw`…` ``, `` dedent`…` ``; any other tag may do anything with the text. */
function taggedTemplateValue(tag: Node, template: Node, node: Node, scope: Scope, ctx: Ctx): CodeValue {
  const tagText = tag.type === 'member_expression' ? tag.text.replace(/\s+/g, '') : tag.text;
  if (tagText === 'String.raw') return templateValue(template, scope, ctx, 'raw');
  if (DEDENT_TAGS.has(tagText)) {
    const value = templateValue(template, scope, ctx, 'js');
    return value.kind === 'string' ? { ...value, segments: dedentSegments(value.segments, ctx.index, 'js'), range: rangeOf(node, ctx) } : value;
  }
  return unknownOf(node, ctx);
}

/** `dedent('…')`, `Number(…)`, `parseInt(…)`, `parseFloat(…)`, `String(…)`: their result follows from their argument. */
function functionValue(name: string, first: Node | undefined, node: Node, scope: Scope, ctx: Ctx): CodeValue | undefined {
  if (DEDENT_TAGS.has(name) && first) {
    const value = evaluate(first, scope, ctx);
    if (value.kind === 'string') return { ...value, segments: dedentSegments(value.segments, ctx.index, 'js'), range: rangeOf(node, ctx) };
  }
  if ((name === 'Number' || name === 'parseInt' || name === 'parseFloat') && first) {
    const number = numericValue(evaluate(first, scope, ctx), node, ctx);
    if (number) return number;
  }
  if (name === 'String' && first) {
    const value = evaluate(first, scope, ctx);
    if (value.kind === 'string') return { ...value, range: rangeOf(node, ctx) };
  }
  return undefined;
}

/** `.trim()`, `.join()`, `.concat()`, `.toString()` on text this file can see. */
function textMethod(method: string, receiver: Node, args: Node[], node: Node, scope: Scope, ctx: Ctx): CodeValue | undefined {
  switch (method) {
    case 'trim':
    case 'trimStart':
    case 'trimEnd':
    case 'trimLeft':
    case 'trimRight': {
      const value = evaluate(receiver, scope, ctx);
      if (value.kind !== 'string') return undefined;
      const side = method === 'trim' ? 'both' : method === 'trimStart' || method === 'trimLeft' ? 'start' : 'end';
      return { ...value, segments: trimSegments(value.segments, ctx.index, side), range: rangeOf(node, ctx) };
    }
    case 'join': {
      const items = evaluate(receiver, scope, ctx);
      if (items.kind !== 'array') return undefined;
      const separator = args[0] ? evaluate(args[0], scope, ctx) : stringValue(placedText(',', rangeOf(node, ctx)), rangeOf(node, ctx));
      return joinStrings(items, separator, node, receiver, ctx);
    }
    case 'concat': {
      const value = evaluate(receiver, scope, ctx);
      if (value.kind !== 'string') return undefined;
      return concatenate([{ value, node: receiver }, ...args.map((arg) => ({ value: evaluate(arg, scope, ctx), node: arg }))], node, ctx);
    }
    case 'toString': {
      const value = evaluate(receiver, scope, ctx);
      return value.kind === 'string' ? { ...value, range: rangeOf(node, ctx) } : undefined;
    }
    default:
      return undefined;
  }
}

const PATH_JOINERS = new Set(['join', 'resolve']);

/**
 * The workspace path an expression names: literals are relative to the workspace root (the usual
 * working directory), `__dirname` and `new URL('./x', import.meta.url)` to this file's folder.
 */
function pathOf(node: Node, scope: Scope, ctx: Ctx, depth: number): string | undefined {
  if (depth > 8) return undefined;
  const target = unwrap(node);
  switch (target.type) {
    case 'identifier':
      return namedPath(target, scope, ctx, depth);
    case 'member_expression': {
      const text = target.text.replace(/\s+/g, '');
      if (text === 'import.meta.dirname') return dirname(ctx.analysis.file);
      if (text === 'import.meta.filename') return ctx.analysis.file;
      break;
    }
    case 'call_expression':
      return calledPath(target, scope, ctx, depth);
    case 'new_expression':
      return urlPath(target, scope, ctx);
  }
  const literal = staticText(evaluate(target, scope, ctx));
  return literal === undefined ? undefined : normalizePath(literal);
}

/** `__dirname`, `__filename`, or a variable holding a path. */
function namedPath(target: Node, scope: Scope, ctx: Ctx, depth: number): string | undefined {
  if (target.text === '__dirname') return dirname(ctx.analysis.file);
  if (target.text === '__filename') return ctx.analysis.file;
  const binding = lookup(scope, target.text, target.startIndex);
  if (binding?.kind === 'value' && binding.value) return pathOf(binding.value, binding.scope, ctx, depth + 1);
  return undefined;
}

/** `process.cwd()`, `fileURLToPath(…)`, `path.join(…)`, `path.resolve(…)`. */
function calledPath(target: Node, scope: Scope, ctx: Ctx, depth: number): string | undefined {
  const callee = target.childForFieldName('function');
  const argsNode = target.childForFieldName('arguments');
  if (!callee || !argsNode || argsNode.type !== 'arguments') return undefined;
  const calleeName = callee.type === 'member_expression' ? callee.childForFieldName('property')?.text : callee.text;
  const args = elements(argsNode);
  if (calleeName === 'cwd' && callee.text.replace(/\s+/g, '') === 'process.cwd') return '';
  if (calleeName === 'fileURLToPath' && args[0]) return pathOf(args[0], scope, ctx, depth + 1);
  if (calleeName && PATH_JOINERS.has(calleeName) && args.length > 0) {
    const parts = args.map((arg) => pathOf(arg, scope, ctx, depth + 1));
    if (parts.some((part) => part === undefined)) return undefined;
    return joinPath(...(parts as string[]));
  }
  return undefined;
}

/** `new URL('./system.md', import.meta.url)`: a path relative to this file's folder. */
function urlPath(target: Node, scope: Scope, ctx: Ctx): string | undefined {
  const constructor = target.childForFieldName('constructor');
  const argsNode = target.childForFieldName('arguments');
  const args = argsNode ? elements(argsNode) : [];
  if (constructor?.text !== 'URL' || args.length !== 2 || args[1].text.replace(/\s+/g, '') !== 'import.meta.url') return undefined;
  const relative = staticText(evaluate(args[0], scope, ctx));
  return relative === undefined ? undefined : joinPath(dirname(ctx.analysis.file), relative);
}

/** The call model of a call or `new` expression; undefined when the callee is not a name or member chain. */
export function typescriptCall(node: Node, scope: Scope, ctx: Ctx): CodeCall | undefined {
  return memoCall(node, ctx, () => buildTypescriptCall(node, scope, ctx));
}

function buildTypescriptCall(node: Node, scope: Scope, ctx: Ctx): CodeCall | undefined {
  const isNew = node.type === 'new_expression';
  const callee = node.childForFieldName(isNew ? 'constructor' : 'function');
  const argsNode = node.childForFieldName('arguments');
  if (!callee || argsNode?.type === 'template_string') return undefined;
  const chain = chainOf(callee);
  if (!chain) return undefined;
  const args: CodeArgs = argsNode ? argumentsOf(argsNode, scope, ctx) : noArguments(node, ctx);
  const call: CodeCall = { callee: callee.text, chain: chain.names, isNew, args, range: rangeOf(node, ctx) };
  const root = chainRoot(chain, scope, ctx);
  if (root) call.root = root;
  return call;
}

interface Chain {
  names: string[];
  /** The identifier the chain starts at. */
  head?: Node;
  /** `this.x…` */
  self?: Node;
  /** `new X().send`, `getClient().chat…`: the call the chain starts at. */
  base?: Node;
}

function chainOf(callee: Node): Chain | undefined {
  const names: string[] = [];
  let current = unwrap(callee);
  for (let i = 0; i < 256; i++) {
    switch (current.type) {
      case 'member_expression':
      case 'subscript_expression': {
        const object = current.childForFieldName('object');
        const name = current.type === 'member_expression' ? current.childForFieldName('property')?.text : subscriptKey(current);
        if (!object || name === undefined) return names.length > 0 ? { names } : undefined;
        names.unshift(name);
        current = unwrap(object);
        continue;
      }
      case 'identifier':
        names.unshift(current.text);
        return { names, head: current };
      case 'this':
      case 'super':
        names.unshift(current.type);
        return { names, self: current.type === 'this' ? current : undefined };
      case 'call_expression':
      case 'new_expression': {
        // `f()()` is no chain; `new X().send` and `boto3.client('…').converse` are.
        if (names.length === 0) return undefined;
        const inner = current.childForFieldName(current.type === 'new_expression' ? 'constructor' : 'function');
        const innerChain = inner && current.childForFieldName('arguments')?.type !== 'template_string' ? chainOf(inner) : undefined;
        return { names: [...(innerChain?.names ?? []), ...names], base: current };
      }
      default:
        return names.length > 0 ? { names } : undefined;
    }
  }
  return undefined;
}

function subscriptKey(node: Node): string | undefined {
  const index = node.childForFieldName('index');
  if (index?.type !== 'string') return undefined;
  const text = index.text;
  return text.length >= 2 ? decodeLiteral(text.slice(1, -1), 0, 'js').text : undefined;
}

function chainRoot(chain: Chain, scope: Scope, ctx: Ctx): RootBinding | undefined {
  if (chain.base) {
    const value = evaluate(chain.base, scope, ctx);
    return value.kind === 'unknown' ? undefined : { type: 'value', value };
  }
  if (chain.head) return rootOf(chain.head.text, chain.head, scope, ctx);
  if (chain.self && chain.names.length > 1) {
    const member = chain.self.parent;
    const value = member ? fieldValue(chain.names[1], member, scope, ctx) : undefined;
    return value && value.kind !== 'unknown' ? { type: 'value', value } : undefined;
  }
  return undefined;
}

function argumentsOf(argsNode: Node, scope: Scope, ctx: Ctx): CodeArgs {
  const items = elements(argsNode);
  const positional: CodeValue[] = [];
  let unresolvedSpreads = 0;
  for (const item of items) {
    if (item.type === 'spread_element') {
      const inner = item.firstNamedChild;
      const spread = inner ? evaluate(inner, scope, ctx) : undefined;
      if (spread?.kind === 'array') {
        positional.push(...spread.items);
        unresolvedSpreads += spread.unresolvedSpreads;
      } else {
        positional.push(unknownOf(item, ctx));
        unresolvedSpreads++;
      }
      continue;
    }
    positional.push(evaluate(item, scope, ctx));
  }
  const args: CodeArgs = { positional, named: [], range: rangeOf(argsNode, ctx), insertion: insertionPoint(argsNode, items, 'object', ctx, false) };
  if (unresolvedSpreads > 0) args.unresolvedSpreads = unresolvedSpreads;
  return args;
}

/** `new OpenAI` without parentheses. */
function noArguments(node: Node, ctx: Ctx): CodeArgs {
  const end = ctx.index.positionAt(node.endIndex);
  return { positional: [], named: [], range: { start: end, end }, insertion: { position: end, before: '(', after: ')', style: 'object' } };
}
