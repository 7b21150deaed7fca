import type { Node, Tree } from 'web-tree-sitter';
import type { CallSite } from '../codeModel/codeModel';
import { LineIndex } from '../text/lineIndex';

/**
 * What a language front end learns about one file in a single walk: where names are bound, the
 * calls, the imports and exports. Value resolution (typescriptValues.ts, pythonValues.ts) reads it.
 */
export interface FileAnalysis {
  /** Relative to the workspace root, `/` separators. */
  file: string;
  language: CallSite['language'];
  text: string;
  index: LineIndex;
  /** The file's line break, for inserted text. */
  newline: '\n' | '\r\n';
  tree: Tree;
  module: Scope;
  imports: Record<string, ImportBinding>;
  /** TypeScript/JavaScript exports by exported name (Python modules export their module scope). */
  exports: Map<string, ExportRef>;
  /** `export * from './x'`: modules whose exports this one passes on. */
  starExports: string[];
  calls: RawCall[];
  /**
   * The scope of each function and block by where it starts, for reading what a function returns
   * (its `return` evaluated where it is written).
   */
  scopesByStart: Map<number, Scope>;
  /** Every comment, in document order, as offsets. */
  comments: Array<{ start: number; end: number }>;
  /** The loop statements (`for`, `while`, `do`), by where they start: what a call's `loopStart` may name. */
  loops: Map<number, Node>;
  /**
   * Every place a name's list grows, by name, in document order: `push`/`append`/`extend`/`+=` and
   * `xs = [...xs, x]`, `xs = xs + [x]`, `xs = xs.concat(…)`.
   */
  growths: Map<string, Growth[]>;
  /** Named functions and methods as sites name them (`handleTicket`, `Bot.reply`), by where each first starts: the call graph's nodes. */
  functions: Map<string, number>;
  hasSyntaxErrors: boolean;
}

/** A place where the value of a name grows (agents' message lists do, once per turn). */
export interface Growth {
  name: string;
  offset: number;
  scope: Scope;
}

/** Records where names grow: the walk's mutations and the self-extending assignments it met (`growths`), in document order. */
export function recordGrowths(analysis: FileAnalysis, mutations: readonly PendingMutation[], assignments: readonly Growth[]): void {
  const all: Growth[] = [...assignments, ...mutations.map(({ name, offset, scope }) => ({ name, offset, scope }))];
  all.sort((a, b) => a.offset - b.offset);
  for (const growth of all) {
    const list = analysis.growths.get(growth.name);
    if (list) list.push(growth);
    else analysis.growths.set(growth.name, [growth]);
  }
}

/** An empty analysis of a parsed file, before the language walk fills in scopes, imports and calls. */
export function newFileAnalysis(tree: Tree, text: string, file: string, language: CallSite['language']): FileAnalysis {
  return {
    file,
    language,
    text,
    index: new LineIndex(text),
    newline: text.includes('\r\n') ? '\r\n' : '\n',
    tree,
    module: newScope('module'),
    imports: {},
    exports: new Map(),
    starExports: [],
    calls: [],
    scopesByStart: new Map(),
    comments: [],
    loops: new Map(),
    growths: new Map(),
    functions: new Map(),
    hasSyntaxErrors: tree.rootNode.hasError,
  };
}

export interface ImportBinding {
  module: string;
  /** `default`, `*` for a namespace (`import * as x`, Python `import x`), else the exported name. */
  name: string;
}

export type ExportRef =
  { type: 'local'; name: string; offset: number } | { type: 'expression'; node: Node; scope: Scope } | { type: 'reexport'; module: string; name: string };

/** A call as the walk met it; resolution turns it into a CallSite. */
export interface RawCall {
  node: Node;
  scope: Scope;
  enclosingFunction: string;
  inLoop: boolean;
  /**
   * Start of the innermost loop around the call (-1 outside loops): a loop statement of `loops`, or
   * a per-item callback or comprehension, which is none of them.
   */
  loopStart: number;
  /** Where the statement holding the call starts (its comment sits above that line). */
  statementStart: number;
}

export type ScopeKind = 'module' | 'function' | 'block';

export interface Scope {
  kind: ScopeKind;
  parent?: Scope;
  bindings: Map<string, Binding[]>;
  /** Set on a method's scope: the class `this` / `self` stands for there. */
  cls?: ClassInfo;
  /** Python: the name of a method's first parameter (`self`). */
  self?: string;
}

export interface Binding {
  name: string;
  /** Where the binding takes effect; a scope's bindings of one name are in this order. */
  offset: number;
  scope: Scope;
  kind: 'value' | 'import' | 'opaque' | 'parameter';
  /**
   * The initializer, for `value`; a `parameter`'s default, when it has one (what the function uses
   * when a caller leaves it out); for `opaque` bindings (loop variables, caught errors) absent.
   */
  value?: Node;
  /** For a `parameter`: where callers put its argument, so that what they pass can be read. */
  slot?: ParameterSlot;
  /** For a class's name (Python): the class, whose attributes `Name.ATTR` and its instances read. */
  cls?: ClassInfo;
  import?: ImportBinding;
  /** `x.push(…)` / `x.append(…)` / `x += …` after the binding, in source order. */
  mutations?: Mutation[];
}

/** Where a parameter sits in its function's signature: how a caller's argument for it is found. */
export interface ParameterSlot {
  /** Its position among the arguments a caller writes (Python's `self` not counted); absent when only a keyword reaches it. */
  index?: number;
  /** The keyword a Python caller may pass it by (its name); absent in TypeScript. */
  keyword?: string;
  /** `{ model }` destructured from the argument at `index`: the caller's object's key. */
  property?: string;
  /** Where the function starts: what a caller's callee must resolve to. */
  functionStart: number;
  /** A method, called through `this.name(…)` / `self.name(…)` inside its class. */
  method?: { className: string; name: string };
  /** The function's name as sites show it (`summarize`, `Bot.reply`), for the assumptions. */
  functionName?: string;
  /** The name a call uses for it (`summarize`, `reply`); absent for an anonymous function, which no call names. */
  calleeName?: string;
}

export interface Mutation {
  offset: number;
  kind: 'push' | 'unshift' | 'extend' | 'add';
  args: Node[];
  scope: Scope;
  /** Inside a loop that starts after the binding: the items are added an unknown number of times. */
  repeated: boolean;
}

/** Attributes a class sets on its instances (`this.client = new OpenAI()`, `self.client = …`, fields). */
export interface ClassInfo {
  name: string;
  fields: Map<string, FieldBinding[]>;
  /** Where each method starts, for reading what `self.m()` / `this.m()` returns. */
  methods: Map<string, number>;
  /** Python: a pydantic `BaseSettings` subclass, whose fields an environment variable of the same name overrides. */
  settingsFromEnv?: boolean;
}

export interface FieldBinding {
  value: Node;
  scope: Scope;
  /** Set by a field declaration or the constructor / `__init__`, which win over other methods. */
  preferred: boolean;
}

export function newScope(kind: ScopeKind, parent?: Scope): Scope {
  return { kind, parent, bindings: new Map() };
}

export function bind(scope: Scope, binding: Omit<Binding, 'scope'>): Binding {
  const full: Binding = { ...binding, scope };
  const list = scope.bindings.get(binding.name);
  if (!list) scope.bindings.set(binding.name, [full]);
  else {
    let at = list.length;
    while (at > 0 && list[at - 1].offset > full.offset) at--;
    list.splice(at, 0, full);
  }
  return full;
}

/** The nearest enclosing function or module scope (where `var` and Python assignments live). */
export function functionScope(scope: Scope): Scope {
  let current = scope;
  while (current.kind === 'block' && current.parent) current = current.parent;
  return current;
}

/**
 * The binding `name` refers to at `offset`. Inside the function that uses it, only earlier
 * bindings count (the latest wins); bindings of enclosing functions and the module count whatever
 * their order, since the inner function usually runs after the module has finished loading.
 */
export function lookup(scope: Scope | undefined, name: string, offset: number): Binding | undefined {
  let crossedFunction = false;
  for (let current = scope; current; current = current.parent) {
    const list = current.bindings.get(name);
    if (list) {
      let best: Binding | undefined;
      for (const binding of list) if (binding.offset <= offset) best = binding;
      if (best) return best;
      if (crossedFunction) return list[0];
    }
    if (current.kind === 'function') crossedFunction = true;
  }
  return undefined;
}

/** The class whose instance `this` / `self` is at `scope`, and (Python) its name for it there. */
export function enclosingClass(scope: Scope): { cls: ClassInfo; self?: string } | undefined {
  for (let current: Scope | undefined = scope; current; current = current.parent) {
    if (current.cls) return { cls: current.cls, self: current.self };
  }
  return undefined;
}

/**
 * The field a class sets: declarations and the constructor win over other methods (lazy set-ups),
 * and the constructor, which runs after field initializers and class attributes, wins over them.
 */
export function classField(cls: ClassInfo | undefined, name: string): FieldBinding | undefined {
  const list = cls?.fields.get(name);
  if (!list || list.length === 0) return undefined;
  const preferred = list.filter((field) => field.preferred);
  return preferred.length > 0 ? preferred[preferred.length - 1] : list[0];
}

export function addField(cls: ClassInfo, name: string, field: FieldBinding): void {
  const list = cls.fields.get(name);
  if (list) list.push(field);
  else cls.fields.set(name, [field]);
}

/** A push/append/extend on a name, recorded during the walk and attached to its binding afterwards. */
export interface PendingMutation {
  name: string;
  kind: Mutation['kind'];
  args: Node[];
  scope: Scope;
  offset: number;
  /** Start of the innermost loop around the mutation (-1 outside loops). */
  loopStart: number;
}

/**
 * Attaches mutations to the bindings they change, once the walk has seen every binding. A mutation
 * inside a loop that began after the binding may run many times (`repeated`).
 */
export function attachMutations(mutations: readonly PendingMutation[]): void {
  for (const pending of mutations) {
    const binding = lookup(pending.scope, pending.name, pending.offset);
    if (binding?.kind !== 'value') continue;
    (binding.mutations ??= []).push({
      offset: pending.offset,
      kind: pending.kind,
      args: pending.args,
      scope: pending.scope,
      repeated: pending.loopStart > binding.offset,
    });
  }
}
