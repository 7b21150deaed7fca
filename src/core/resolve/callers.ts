import type { Node } from 'web-tree-sitter';
import type { CodeValue } from '../codeModel/codeModel';
import { enclosingClass, lookup, type Binding, type FileAnalysis, type ParameterSlot, type RawCall, type Scope } from './scope';

/** Evaluates an argument where the call is (values.ts `evaluate`, passed in: values.ts calls this file). */
export type EvaluateIn = (node: Node, scope: Scope) => CodeValue;

/** A function other workspace files may import and call, and the parameter whose values are followed. */
export interface ImportedFunction {
  /** The file that defines it. */
  file: string;
  python: boolean;
  /** The names it is exported by (`default` included). */
  names: string[];
  slot: ParameterSlot;
}

/** What one caller gives a parameter: a value, or nothing (the default applies). */
export type CallerArgument = { value: CodeValue } | { omitted: true };

/**
 * What the calls of a function in the same file pass for one of its parameters, in source order
 * (none when the file does not call it); undefined when a call's arguments cannot be matched to the
 * parameter (a spread, `*args`, `**kwargs`). Calls from other files: importerCalls.ts.
 */
export function callerArguments(binding: Binding, calls: readonly RawCall[], evaluateIn: EvaluateIn): CallerArgument[] | undefined {
  const slot = binding.slot;
  if (!slot?.calleeName) return undefined;
  return matchedArguments(callsByName(calls).get(slot.calleeName) ?? [], (raw) => callsFunction(raw, slot), slot, evaluateIn);
}

/** The arguments of the calls `isCall` picks; undefined as soon as one cannot be matched to the parameter. */
export function matchedArguments(
  calls: readonly RawCall[],
  isCall: (raw: RawCall) => boolean,
  slot: ParameterSlot,
  evaluateIn: EvaluateIn,
): CallerArgument[] | undefined {
  const found: CallerArgument[] = [];
  for (const raw of calls) {
    if (!isCall(raw)) continue;
    const argument = argumentFor(raw, slot, evaluateIn);
    if (!argument) return undefined;
    found.push(argument);
  }
  return found;
}

const CALLS_BY_NAME = new WeakMap<readonly RawCall[], Map<string, RawCall[]>>();

/**
 * A file's calls by the last name of their callee (`ask` for `ask(…)` and `self.ask(…)`), built once
 * per file: a file of thousands of calls and functions would otherwise be walked once per parameter.
 */
export function callsByName(calls: readonly RawCall[]): Map<string, RawCall[]> {
  let index = CALLS_BY_NAME.get(calls);
  if (index) return index;
  index = new Map();
  for (const raw of calls) {
    const callee = raw.node.childForFieldName('function');
    const name = callee?.type === 'identifier' ? callee.text : (callee?.childForFieldName('property') ?? callee?.childForFieldName('attribute'))?.text;
    if (name === undefined) continue;
    const list = index.get(name);
    if (list) list.push(raw);
    else index.set(name, [raw]);
  }
  CALLS_BY_NAME.set(calls, index);
  return index;
}

/** Whether a name is bound to the function: `function ask() {}` / `def ask():` bind it where the function starts; `const ask = () => {}` binds it to the function. */
export function namesFunction(named: Binding | undefined, slot: ParameterSlot): boolean {
  return named !== undefined && (named.offset === slot.functionStart || named.value?.startIndex === slot.functionStart);
}

/** Whether a call's callee is the function: its name bound to that function here, or `this.m` / `self.m` in the method's class. */
function callsFunction(raw: RawCall, slot: ParameterSlot): boolean {
  const callee = raw.node.childForFieldName('function');
  if (!callee) return false;
  if (callee.type === 'identifier') return namesFunction(lookup(raw.scope, callee.text, raw.node.startIndex), slot);
  if (!slot.method || (callee.type !== 'member_expression' && callee.type !== 'attribute')) return false;
  const receiver = callee.childForFieldName('object');
  const member = callee.childForFieldName('property') ?? callee.childForFieldName('attribute');
  const inClass = enclosingClass(raw.scope);
  // Python names the instance by the method's first parameter; TypeScript's is `this`.
  const self = inClass?.self ?? 'this';
  return member?.text === slot.method.name && receiver?.text === self && inClass?.cls.name === slot.method.className;
}

/** The caller's argument for the parameter, or undefined when it cannot be told which one it is. */
function argumentFor(raw: RawCall, slot: ParameterSlot, evaluateIn: EvaluateIn): CallerArgument | undefined {
  const list = raw.node.childForFieldName('arguments');
  if (!list) return undefined;
  const items = list.namedChildren.filter((child): child is Node => child !== null && child.type !== 'comment');
  if (items.some((item) => /spread|splat/.test(item.type))) return undefined;
  const keyword =
    slot.keyword === undefined ? undefined : items.find((item) => item.type === 'keyword_argument' && item.childForFieldName('name')?.text === slot.keyword);
  const positional = items.filter((item) => item.type !== 'keyword_argument');
  const node = keyword?.childForFieldName('value') ?? (slot.index === undefined ? undefined : positional[slot.index]);
  if (!node) return { omitted: true };
  const value = evaluateIn(node, raw.scope);
  if (slot.property === undefined) return { value };
  // `ask({ question, model: 'gpt-4o' })` for `function ask({ question, model })`.
  if (value.kind !== 'object' || value.unresolvedSpreads > 0) return undefined;
  const entry = value.entries.find((candidate) => candidate.key === slot.property);
  return entry ? { value: entry.value } : { omitted: true };
}

/**
 * The names other files import a function by: a Python module-level function by its own name; a
 * TS/JS function by each `export` of it. None for a method or a nested function, which no import reaches.
 */
export function exportedNames(analysis: FileAnalysis, slot: ParameterSlot): string[] {
  if (slot.method || !slot.calleeName) return [];
  const moduleLevel = (name: string) => namesFunction(lookup(analysis.module, name, Number.MAX_SAFE_INTEGER), slot);
  if (analysis.language === 'python') return moduleLevel(slot.calleeName) ? [slot.calleeName] : [];
  return moduleLevel(slot.calleeName) ? (exportsByLocalName(analysis).get(slot.calleeName) ?? []) : [];
}

const EXPORTS_BY_LOCAL = new WeakMap<FileAnalysis, Map<string, string[]>>();

/** A module's export names by the local name each exports, built once: a file of thousands of exported functions would otherwise be scanned once per parameter. */
function exportsByLocalName(analysis: FileAnalysis): Map<string, string[]> {
  let index = EXPORTS_BY_LOCAL.get(analysis);
  if (index) return index;
  index = new Map();
  for (const [exported, ref] of analysis.exports) {
    if (ref.type !== 'local') continue;
    const list = index.get(ref.name);
    if (list) list.push(exported);
    else index.set(ref.name, [exported]);
  }
  EXPORTS_BY_LOCAL.set(analysis, index);
  return index;
}
