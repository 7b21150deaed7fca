import type { Node } from 'web-tree-sitter';
import { lookup, type Binding, type Growth, type RawCall, type Scope } from '../../resolve/scope';
import { evaluate, rangeOf, type Ctx } from '../../resolve/values';
import type { AgentLoop, Range } from '../../types';

/**
 * Hand-written agent loops: a call inside a `for` / `while` / `do` loop whose message list (any list
 * it is passed, directly or one level inside an options object or keyword argument) grows inside
 * that same loop, the innermost around the call. A loop over items whose messages are built afresh
 * each time is a batch, not an agent.
 *
 * The turn limit is read where the code states it, never guessed:
 * - a counting loop: `for (let t = 0; t < N; t++)` (N − start turns, one more for `<=`), Python
 *   `for t in range(N)` / `range(a, b)` / `range(a, b, step)`;
 * - a loop condition on a counter the loop body steps by one: `while (t < N)`, `while t <= N:`;
 * - a check in the body that leaves the loop: `if (t >= N) break / return / throw` (Python `raise`),
 *   on a counter the body steps by one. It is read as N turns (`> N`: N + 1) whether the counter
 *   starts at 0 or 1: whether the model is called N − 1, N or N + 1 times then depends on where the
 *   check and the step sit around the call, and N is the limit the code means. A counter starting
 *   elsewhere, or not known, gives no limit.
 * Anything else (the model alone stops it, a bound not read) is `maxTurns: null`.
 */
export function agentLoop(raw: RawCall, ctx: Ctx): AgentLoop | undefined {
  const loop = ctx.analysis.loops.get(raw.loopStart);
  if (!loop || !messagesGrow(raw, loop, ctx)) return undefined;
  return boundedLoop(loop, raw, ctx);
}

/**
 * The innermost loop around a call (`for`, `while`, `do`) and the turn limit it states, read as for
 * an agent loop, whether or not a list grows in it: for SDK objects that keep the conversation
 * themselves (a chat session), where each send in a loop is a turn.
 */
export function loopAround(raw: RawCall, ctx: Ctx): AgentLoop | undefined {
  const loop = ctx.analysis.loops.get(raw.loopStart);
  return loop ? boundedLoop(loop, raw, ctx) : undefined;
}

function boundedLoop(loop: Node, raw: RawCall, ctx: Ctx): AgentLoop {
  const agent: AgentLoop = { kind: 'loop', maxTurns: null, loopRange: headerRange(loop, ctx) };
  const items = itemsIterated(loop);
  const bound = conditionBound(loop, raw.scope, ctx) ?? (items ? itemsBound(items, raw.scope, ctx) : undefined) ?? bodyBound(loop, raw.scope, ctx);
  if (bound) {
    agent.maxTurns = bound.turns;
    agent.limitText = bound.node.text.replace(/\s+/g, ' ').trim();
    agent.limitRange = rangeOf(bound.node, ctx);
  } else if (items) {
    // A loop over data ends with the data, not when the model says so: bounded, by a count the code does not show.
    agent.perItem = true;
    agent.limitText = `one turn per item of ${items.text.replace(/\s+/g, ' ').trim()}`;
    agent.limitRange = rangeOf(items, ctx);
  }
  return agent;
}

/** What a loop over items iterates (`for x of turns`, `for i, x in enumerate(turns)`); undefined for counting and `while` loops, and `range(…)`. */
function itemsIterated(loop: Node): Node | undefined {
  if (loop.type !== 'for_in_statement' && !(loop.type === 'for_statement' && loop.childForFieldName('right'))) return undefined;
  let iterable = loop.childForFieldName('right');
  if (iterable?.type === 'call' && iterable.childForFieldName('function')?.text === 'enumerate') {
    iterable = iterable.childForFieldName('arguments')?.namedChildren.find((arg) => arg !== null && arg.type !== 'keyword_argument') ?? null;
  }
  if (!iterable || (iterable.type === 'call' && iterable.childForFieldName('function')?.text === 'range')) return undefined;
  return iterable;
}

/** A loop over a list the code spells out: one turn per item. */
function itemsBound(items: Node, scope: Scope, ctx: Ctx): Bound | undefined {
  const value = evaluate(items, scope, ctx);
  return value.kind === 'array' && value.unresolvedSpreads === 0 ? { turns: value.items.length, node: items } : undefined;
}

type Language = 'typescript' | 'python';

/** `xs = [...xs, x]`, `xs = xs.concat(…)` (TS); `xs = xs + [x]`, `xs = [*xs, x]` (Python): the list grows. */
export function extendsItself(right: Node, name: string, language: Language): boolean {
  const node = unwrap(right);
  const isName = (candidate: Node | null | undefined) => candidate?.type === 'identifier' && candidate.text === name;
  if (node.type === 'array' || node.type === 'list') {
    return node.namedChildren.some((item) => (item?.type === 'spread_element' || item?.type === 'list_splat') && isName(item.firstNamedChild));
  }
  if (language === 'python' && node.type === 'binary_operator') {
    return node.childForFieldName('operator')?.text === '+' && (isName(node.childForFieldName('left')) || isName(node.childForFieldName('right')));
  }
  if (language === 'typescript' && node.type === 'call_expression') {
    const callee = node.childForFieldName('function');
    return callee?.type === 'member_expression' && callee.childForFieldName('property')?.text === 'concat' && isName(callee.childForFieldName('object'));
  }
  return false;
}

/** Whether a list the call is passed grows inside `loop` and lives across its turns. */
function messagesGrow(raw: RawCall, loop: Node, ctx: Ctx): boolean {
  const language: Language = ctx.analysis.language === 'python' ? 'python' : 'typescript';
  for (const name of listNames(raw.node)) {
    const binding = lookup(raw.scope, name.text, name.startIndex);
    if (!binding || !livesAcrossTurns(binding, loop, language)) continue;
    const grows = growsWithin(ctx.analysis.growths.get(name.text) ?? [], loop, binding.scope);
    if (grows && isList(evaluate(name, raw.scope, ctx).kind)) return true;
  }
  return false;
}

/** Whether a growth of the variable bound in `scope` lies inside `loop` (`growths` in document order). */
function growsWithin(growths: readonly Growth[], loop: Node, scope: Scope): boolean {
  let low = 0;
  let high = growths.length;
  while (low < high) {
    const middle = (low + high) >> 1;
    if (growths[middle].offset < loop.startIndex) low = middle + 1;
    else high = middle;
  }
  for (let at = low; at < growths.length && growths[at].offset < loop.endIndex; at++) {
    const growth = growths[at];
    if (lookup(growth.scope, growth.name, growth.offset)?.scope === scope) return true;
  }
  return false;
}

/** A list of messages, or a value not known (a parameter): not text built up, nor a number. */
function isList(kind: string): boolean {
  return kind === 'array' || kind === 'unknown';
}

/** Bound before the loop, or grown from itself inside it (`xs = xs + [x]`): not a fresh list each turn. */
function livesAcrossTurns(binding: Binding, loop: Node, language: Language): boolean {
  if (binding.offset < loop.startIndex) return true;
  return binding.value !== undefined && extendsItself(binding.value, binding.name, language);
}

/** The names the call is passed that may be lists: arguments, spreads in list arguments, and the same one level inside an options object or keyword argument. */
function listNames(call: Node): Node[] {
  const args = call.childForFieldName('arguments');
  if (!args) return [];
  return args.namedChildren.flatMap((arg) => (arg ? namesIn(arg, true) : []));
}

function namesIn(node: Node, top: boolean): Node[] {
  const inner = (child: Node | null | undefined) => (child ? namesIn(child, false) : []);
  switch (node.type) {
    case 'identifier':
    case 'shorthand_property_identifier':
      return [node];
    case 'spread_element':
    case 'list_splat':
      return node.firstNamedChild?.type === 'identifier' ? [node.firstNamedChild] : [];
    case 'array':
    case 'list':
      return node.namedChildren.filter((item) => item?.type === 'spread_element' || item?.type === 'list_splat').flatMap(inner);
    case 'keyword_argument':
      return inner(node.childForFieldName('value'));
    case 'object':
    case 'dictionary':
      return top ? node.namedChildren.flatMap((entry) => (entry?.type === 'pair' ? inner(entry.childForFieldName('value')) : inner(entry))) : [];
    default:
      return [];
  }
}

/** The loop's first line, where a fix that bounds it goes. */
function headerRange(loop: Node, ctx: Ctx): Range {
  const start = ctx.index.positionAt(loop.startIndex);
  const end = ctx.index.positionAt(loop.endIndex);
  if (end.line === start.line) return { start, end };
  return { start, end: { line: start.line, character: ctx.index.lineText(start.line).trimEnd().length } };
}

interface Bound {
  turns: number;
  /** The expression that states it. */
  node: Node;
}

/** The bound a loop's header states: a counting `for`, `range(…)`, a `while` condition on a counter. */
function conditionBound(loop: Node, scope: Scope, ctx: Ctx): Bound | undefined {
  switch (loop.type) {
    case 'for_statement':
      return ctx.analysis.language === 'python' ? rangeBound(loop, scope, ctx) : countingFor(loop, scope, ctx);
    case 'while_statement':
    case 'do_statement': {
      const condition = loop.childForFieldName('condition');
      return condition ? counterCondition(unwrap(condition), loop, scope, ctx) : undefined;
    }
    default:
      return undefined;
  }
}

/** `for t in range(5)` → 5, `range(1, 6)` → 5, `range(0, 10, 2)` → 5. */
function rangeBound(loop: Node, scope: Scope, ctx: Ctx): Bound | undefined {
  const iterable = loop.childForFieldName('right');
  if (iterable?.type !== 'call' || iterable.childForFieldName('function')?.text !== 'range') return undefined;
  const args = iterable.childForFieldName('arguments')?.namedChildren ?? [];
  if (args.length === 0 || args.length > 3 || args.some((arg) => arg?.type === 'keyword_argument')) return undefined;
  const values = args.map((arg) => (arg ? numberOf(arg, scope, ctx) : undefined));
  if (values.some((value) => value === undefined)) return undefined;
  const [first, second, step = 1] = values as number[];
  const [from, to] = second === undefined ? [0, first] : [first, second];
  if (step <= 0) return undefined;
  return { turns: Math.max(0, Math.ceil((to - from) / step)), node: iterable };
}

/** `for (let t = 0; t < N; t++)`: the counter, its start, its step of one and its limit. */
function countingFor(loop: Node, scope: Scope, ctx: Ctx): Bound | undefined {
  const condition = loop.childForFieldName('condition');
  const increment = loop.childForFieldName('increment');
  const initializer = loop.childForFieldName('initializer');
  if (!condition || condition.type === 'empty_statement' || !increment || !initializer) return undefined;
  const comparison = unwrap(condition.type === 'expression_statement' ? (condition.firstNamedChild ?? condition) : condition);
  const start = forStart(initializer, scope, ctx);
  if (!start || !stepsByOne(increment, start.name)) return undefined;
  return loopConditionBound(comparison, start.name, start.value, scope, ctx);
}

/** `let t = 0` / `t = 0` in a `for`'s initializer. */
function forStart(initializer: Node, scope: Scope, ctx: Ctx): { name: string; value: number } | undefined {
  const parts = initialized(initializer);
  if (parts?.name?.type !== 'identifier' || !parts.value) return undefined;
  const start = numberOf(parts.value, scope, ctx);
  return start === undefined ? undefined : { name: parts.name.text, value: start };
}

/** The name and value of `let t = 0` (one declarator) or `t = 0`. */
function initialized(initializer: Node): { name: Node | null; value: Node | null } | undefined {
  if (initializer.type === 'lexical_declaration' || initializer.type === 'variable_declaration') {
    const declarators = initializer.namedChildren.filter((child) => child?.type === 'variable_declarator');
    if (declarators.length !== 1 || !declarators[0]) return undefined;
    return { name: declarators[0].childForFieldName('name'), value: declarators[0].childForFieldName('value') };
  }
  const assignment = initializer.type === 'expression_statement' ? initializer.firstNamedChild : initializer;
  if (assignment?.type !== 'assignment_expression') return undefined;
  return { name: assignment.childForFieldName('left'), value: assignment.childForFieldName('right') };
}

/** `while (t < N)` / `while t <= N:` on a counter bound before the loop and stepped by one in it. */
function counterCondition(condition: Node, loop: Node, scope: Scope, ctx: Ctx): Bound | undefined {
  const parts = comparisonParts(condition);
  if (!parts) return undefined;
  for (const side of [parts.left, parts.right]) {
    if (side.type !== 'identifier' || !steppedInLoop(loop, side.text)) continue;
    const start = counterStart(side.text, loop, scope, ctx);
    if (start !== undefined) return loopConditionBound(condition, side.text, start, scope, ctx);
  }
  return undefined;
}

/** The number of turns a loop condition `counter < limit` allows from `start`, checked before each turn. */
function loopConditionBound(comparison: Node, counter: string, start: number, scope: Scope, ctx: Ctx): Bound | undefined {
  const oriented = orient(comparison, counter);
  if (!oriented) return undefined;
  const limit = numberOf(oriented.limit, scope, ctx);
  if (limit === undefined) return undefined;
  const byOperator: Partial<Record<Operator, number>> = { '<': limit - start, '!=': limit - start, '<=': limit - start + 1 };
  const turns = byOperator[oriented.operator];
  return turns === undefined || turns < 0 ? undefined : { turns, node: comparison };
}

/** `if (t >= N) break` (or `return`, `throw`, `raise`) anywhere in the body, on a counter stepped by one there. */
function bodyBound(loop: Node, scope: Scope, ctx: Ctx): Bound | undefined {
  const body = loop.childForFieldName('body');
  if (!body) return undefined;
  for (const check of body.descendantsOfType('if_statement')) {
    const condition = check?.childForFieldName('condition');
    const consequence = check?.childForFieldName('consequence');
    if (!condition || !consequence || !leavesLoop(consequence, loop)) continue;
    for (const comparison of disjuncts(unwrap(condition))) {
      const bound = exitCheck(comparison, loop, scope, ctx);
      if (bound) return bound;
    }
  }
  return undefined;
}

/** `t >= N` → N, `t == N` → N, `t > N` → N + 1, for a counter starting at 0 or 1 and stepped by one in the loop. */
function exitCheck(comparison: Node, loop: Node, scope: Scope, ctx: Ctx): Bound | undefined {
  const parts = comparisonParts(comparison);
  if (!parts) return undefined;
  for (const side of [parts.left, parts.right]) {
    if (side.type !== 'identifier' || !steppedInLoop(loop, side.text)) continue;
    const oriented = orient(comparison, side.text);
    const start = counterStart(side.text, loop, scope, ctx);
    if (!oriented || (start !== 0 && start !== 1)) continue;
    const limit = numberOf(oriented.limit, scope, ctx);
    const byOperator: Partial<Record<Operator, number>> = limit === undefined ? {} : { '>=': limit, '==': limit, '>': limit + 1 };
    const turns = byOperator[oriented.operator];
    if (turns !== undefined && turns >= 0) return { turns, node: comparison };
  }
  return undefined;
}

/** Whether a branch leaves the loop: `return`, `throw` / `raise`, or a `break` of this loop (not of one nested in it). */
function leavesLoop(branch: Node, loop: Node): boolean {
  const exits = [branch, ...branch.descendantsOfType(['return_statement', 'throw_statement', 'raise_statement', 'break_statement'])];
  return exits.some((exit) => {
    if (!exit || !['return_statement', 'throw_statement', 'raise_statement', 'break_statement'].includes(exit.type)) return false;
    return exit.type !== 'break_statement' || innermostLoop(exit)?.startIndex === loop.startIndex;
  });
}

const LOOP_TYPES = new Set(['for_statement', 'for_in_statement', 'while_statement', 'do_statement']);

function innermostLoop(node: Node): Node | undefined {
  for (let current = node.parent; current; current = current.parent) if (LOOP_TYPES.has(current.type)) return current;
  return undefined;
}

/** `t++`, `++t`, `t += 1`, `t = t + 1` somewhere in the loop. */
function steppedInLoop(loop: Node, name: string): boolean {
  const steps = loop.descendantsOfType(['update_expression', 'augmented_assignment_expression', 'augmented_assignment', 'assignment_expression', 'assignment']);
  return steps.some((step) => step !== null && stepsByOne(step, name));
}

function stepsByOne(step: Node, name: string): boolean {
  const text = (step.type === 'expression_statement' ? (step.firstNamedChild?.text ?? '') : step.text).replace(/\s+/g, '');
  return [`${name}++`, `++${name}`, `${name}+=1`, `${name}=${name}+1`, `${name}=1+${name}`].includes(text);
}

/** The number a counter holds when the loop starts: its last assignment before the loop. */
function counterStart(name: string, loop: Node, scope: Scope, ctx: Ctx): number | undefined {
  const binding = lookup(scope, name, loop.startIndex);
  if (binding?.kind !== 'value' || !binding.value) return undefined;
  return numberOf(binding.value, binding.scope, ctx);
}

function numberOf(node: Node, scope: Scope, ctx: Ctx): number | undefined {
  const value = evaluate(node, scope, ctx);
  return value.kind === 'number' && Number.isSafeInteger(value.value) ? value.value : undefined;
}

type Operator = '<' | '<=' | '>' | '>=' | '==' | '!=';

const FLIPPED: Readonly<Record<Operator, Operator>> = { '<': '>', '<=': '>=', '>': '<', '>=': '<=', '==': '==', '!=': '!=' };

/** `a < b` as its sides and operator (`===` read as `==`); undefined for anything but one comparison. */
function comparisonParts(node: Node): { left: Node; operator: Operator; right: Node } | undefined {
  if (node.type !== 'binary_expression' && node.type !== 'comparison_operator') return undefined;
  const sides = node.namedChildren.filter((child): child is Node => child !== null && child.type !== 'comment');
  if (sides.length !== 2) return undefined;
  const between = ctxText(node, sides[0], sides[1]).replace('===', '==').replace('!==', '!=');
  if (!(between in FLIPPED)) return undefined;
  return { left: unwrap(sides[0]), operator: between as Operator, right: unwrap(sides[1]) };
}

/** The text between two children: a comparison's operator. */
function ctxText(node: Node, left: Node, right: Node): string {
  return node.text.slice(left.endIndex - node.startIndex, right.startIndex - node.startIndex).trim();
}

/** The comparison as `counter <operator> limit`. */
function orient(comparison: Node, counter: string): { operator: Operator; limit: Node } | undefined {
  const parts = comparisonParts(comparison);
  if (!parts) return undefined;
  if (parts.left.type === 'identifier' && parts.left.text === counter) return { operator: parts.operator, limit: parts.right };
  if (parts.right.type === 'identifier' && parts.right.text === counter) return { operator: FLIPPED[parts.operator], limit: parts.left };
  return undefined;
}

/** `a || b` / `a or b`: each side leaves the loop on its own. */
function disjuncts(node: Node): Node[] {
  const isOr =
    (node.type === 'binary_expression' && node.childForFieldName('operator')?.type === '||') ||
    (node.type === 'boolean_operator' && node.childForFieldName('operator')?.type === 'or');
  if (!isOr) return [node];
  const left = node.childForFieldName('left');
  const right = node.childForFieldName('right');
  return [...(left ? disjuncts(unwrap(left)) : []), ...(right ? disjuncts(unwrap(right)) : [])];
}

function unwrap(node: Node): Node {
  let current = node;
  while ((current.type === 'parenthesized_expression' || current.type === 'await_expression') && current.firstNamedChild) current = current.firstNamedChild;
  return current;
}
