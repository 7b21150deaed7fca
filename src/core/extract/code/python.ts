import type { Node, Tree, TreeCursor } from 'web-tree-sitter';
import {
  addField,
  attachMutations,
  bind,
  recordGrowths,
  type Growth,
  newFileAnalysis,
  type PendingMutation,
  enclosingClass,
  functionScope,
  newScope,
  type ClassInfo,
  type FileAnalysis,
  type ImportBinding,
  type ParameterSlot,
  type Scope,
} from '../../resolve/scope';
import { namedChildren, walkTree } from './walk';
import { extendsItself } from './agentLoops';

interface Frame {
  scope: Scope;
  fn: string;
  inLoop: boolean;
  loopStart: number;
  cls?: ClassInfo;
  /** Inside `__init__`, whose `self.x = …` describe every instance. */
  ctor: boolean;
  loopFields?: ReadonlySet<string>;
  /** Set on a comprehension's first `for` clause: its iterable is evaluated once, outside the loop. */
  onceFields?: ReadonlySet<string>;
  outside?: { inLoop: boolean; loopStart: number };
  /** Set on a comprehension's frame: where its first `for` clause starts. */
  firstClause?: number;
  iterationCall?: boolean;
  callbacks?: boolean;
  /** Set on a frame whose children are statements. */
  statements?: boolean;
  /** Where the innermost statement starts. */
  statementStart: number;
  start: number;
}

const FOR_BODY: ReadonlySet<string> = new Set(['body']);
const WHILE_FIELDS: ReadonlySet<string> = new Set(['condition', 'body']);
const ITERABLE: ReadonlySet<string> = new Set(['right']);
/** Builtins whose function argument runs once per item. */
const ITERATION_FUNCTIONS = new Set(['map', 'filter', 'sorted', 'max', 'min']);

/** Walks a Python tree once: scopes and bindings, `self.x` attributes, imports, calls. */
export function analyzePython(tree: Tree, text: string, file: string): FileAnalysis {
  const analysis = newFileAnalysis(tree, text, file, 'python');
  const walk: Walk = { analysis, mutations: [], growths: [] };
  const root: Frame = { scope: analysis.module, fn: '<module>', inLoop: false, loopStart: -1, ctor: false, statements: true, statementStart: 0, start: 0 };

  walkTree<Frame>(tree, root, (cursor, parent) => {
    const frame = childFrame(cursor, parent);
    const type = cursor.nodeType;
    const visit = VISITS.get(type);
    // Named nodes only: a keyword token has its construct's name (`function`, `class`, `lambda`).
    return visit && cursor.nodeIsNamed ? visit(cursor, type, frame, parent, walk) : frame;
  });

  attachMutations(walk.mutations);
  recordGrowths(analysis, walk.mutations, walk.growths);
  return analysis;
}

/** What one walk collects besides the frames. */
interface Walk {
  analysis: FileAnalysis;
  mutations: PendingMutation[];
  /** `xs = [...xs, x]`, `xs = xs + [x]`: lists that grow by reassignment. */
  growths: Growth[];
}

/** Handles a node of one type: records what it binds or calls, and returns the frame its children get. */
type Visit = (cursor: TreeCursor, type: string, frame: Frame, parent: Frame, walk: Walk) => Frame;

/** The node types the walk acts on; every other node passes its frame on unchanged. */
const VISITS: ReadonlyMap<string, Visit> = new Map<string, Visit>([
  ['comment', visitComment],
  ['block', (_cursor, _type, frame) => ({ ...frame, statements: true })],
  ['function_definition', visitFunction],
  ['lambda', visitFunction],
  ['class_definition', visitClass],
  ['assignment', visitAssignment],
  ['augmented_assignment', visitAugmentedAssignment],
  ['named_expression', visitNamedExpression],
  ['for_statement', visitFor],
  ['while_statement', visitWhile],
  ['for_in_clause', visitForInClause],
  ['as_pattern', visitAsPattern],
  ['import_statement', visitImport],
  ['import_from_statement', visitImport],
  ['call', visitCall],
  ['argument_list', (_cursor, _type, frame, parent) => (parent.iterationCall ? { ...frame, callbacks: true } : frame)],
  ['list_comprehension', visitComprehension],
  ['set_comprehension', visitComprehension],
  ['dictionary_comprehension', visitComprehension],
  ['generator_expression', visitComprehension],
]);

/**
 * The frame a node starts from: its parent's, without the marks meant for the parent's direct
 * children only (loop fields, callbacks, statements), which decide here whether this node runs
 * in the loop and where its statement starts.
 */
function childFrame(cursor: TreeCursor, parent: Frame): Frame {
  if (!(parent.loopFields || parent.onceFields || parent.iterationCall || parent.callbacks || parent.statements || parent.firstClause !== undefined)) {
    return parent;
  }
  const frame: Frame = {
    ...parent,
    loopFields: undefined,
    onceFields: undefined,
    outside: undefined,
    firstClause: undefined,
    iterationCall: undefined,
    callbacks: undefined,
    statements: undefined,
  };
  if (parent.statements) frame.statementStart = cursor.startIndex;
  const field = cursor.currentFieldName ?? '';
  if (parent.loopFields?.has(field)) {
    frame.inLoop = true;
    frame.loopStart = parent.start;
  } else if (parent.onceFields?.has(field) && parent.outside) {
    frame.inLoop = parent.outside.inLoop;
    frame.loopStart = parent.outside.loopStart;
  }
  return frame;
}

function visitComment(cursor: TreeCursor, _type: string, frame: Frame, _parent: Frame, walk: Walk): Frame {
  walk.analysis.comments.push({ start: cursor.startIndex, end: cursor.endIndex });
  return frame;
}

function visitFunction(cursor: TreeCursor, type: string, frame: Frame, parent: Frame, walk: Walk): Frame {
  const inner = enterFunction(cursor.currentNode, type, frame, parent.callbacks === true);
  walk.analysis.scopesByStart.set(cursor.startIndex, inner.scope);
  // A named function is a node of the call graph; an anonymous one is part of the function around it.
  if (inner.fn !== frame.fn && !walk.analysis.functions.has(inner.fn)) walk.analysis.functions.set(inner.fn, cursor.startIndex);
  return inner;
}

function visitClass(cursor: TreeCursor, _type: string, frame: Frame): Frame {
  const node = cursor.currentNode;
  const name = node.childForFieldName('name')?.text ?? 'class';
  const cls: ClassInfo = { name, fields: new Map(), methods: new Map() };
  const bases = node.childForFieldName('superclasses')?.text ?? '';
  if (/\bBaseSettings\b/.test(bases)) cls.settingsFromEnv = true;
  bind(functionScope(frame.scope), { name, offset: node.startIndex, kind: 'opaque', cls });
  return { ...frame, cls, ctor: false };
}

function visitAssignment(cursor: TreeCursor, _type: string, frame: Frame, _parent: Frame, walk: Walk): Frame {
  const node = cursor.currentNode;
  assignment(node, frame);
  const left = node.childForFieldName('left');
  const right = node.childForFieldName('right');
  if (left?.type === 'identifier' && right && extendsItself(right, left.text, 'python')) {
    walk.growths.push({ name: left.text, offset: node.startIndex, scope: frame.scope });
  }
  return frame;
}

/** `x += y` adds to `x`: prompts are often built up piece by piece. */
function visitAugmentedAssignment(cursor: TreeCursor, _type: string, frame: Frame, _parent: Frame, walk: Walk): Frame {
  const node = cursor.currentNode;
  const left = node.childForFieldName('left');
  const right = node.childForFieldName('right');
  if (left?.type === 'identifier' && right && node.childForFieldName('operator')?.type === '+=') {
    walk.mutations.push({ name: left.text, kind: 'add', args: [right], scope: frame.scope, offset: node.startIndex, loopStart: frame.loopStart });
  }
  return frame;
}

/** `(name := value)` binds in the enclosing function, as an assignment does. */
function visitNamedExpression(cursor: TreeCursor, _type: string, frame: Frame): Frame {
  const node = cursor.currentNode;
  const name = node.childForFieldName('name');
  const value = node.childForFieldName('value') ?? undefined;
  if (name) bind(functionScope(frame.scope), { name: name.text, offset: node.endIndex, kind: value ? 'value' : 'opaque', value });
  return frame;
}

function visitWhile(cursor: TreeCursor, _type: string, frame: Frame, _parent: Frame, walk: Walk): Frame {
  walk.analysis.loops.set(cursor.startIndex, cursor.currentNode);
  return { ...frame, loopFields: WHILE_FIELDS, start: cursor.startIndex };
}

function visitFor(cursor: TreeCursor, _type: string, frame: Frame, _parent: Frame, walk: Walk): Frame {
  const node = cursor.currentNode;
  walk.analysis.loops.set(node.startIndex, node);
  const left = node.childForFieldName('left');
  if (left) for (const id of targetNames(left)) bind(functionScope(frame.scope), { name: id.text, offset: node.startIndex, kind: 'opaque' });
  return { ...frame, loopFields: FOR_BODY, start: node.startIndex };
}

/** A comprehension's first `for` clause: its iterable is evaluated once, outside the loop. */
function visitForInClause(cursor: TreeCursor, _type: string, frame: Frame, parent: Frame): Frame {
  if (parent.firstClause !== cursor.startIndex) return frame;
  return { ...frame, onceFields: ITERABLE, outside: parent.outside };
}

/** `with open(…) as f` binds `f` to what was opened; other `as` names (`except E as e`) are opaque. */
function visitAsPattern(cursor: TreeCursor, _type: string, frame: Frame): Frame {
  const node = cursor.currentNode;
  const alias = node.childForFieldName('alias');
  const target = alias?.firstNamedChild ?? alias;
  const value = node.firstNamedChild ?? undefined;
  if (target?.type === 'identifier') {
    const opened = node.parent?.type === 'with_item' ? value : undefined;
    bind(functionScope(frame.scope), { name: target.text, offset: node.endIndex, kind: opened ? 'value' : 'opaque', value: opened });
  }
  return frame;
}

function visitImport(cursor: TreeCursor, _type: string, frame: Frame, _parent: Frame, walk: Walk): Frame {
  importStatement(cursor.currentNode, frame.scope, walk.analysis);
  return frame;
}

function visitComprehension(cursor: TreeCursor, _type: string, frame: Frame): Frame {
  return enterComprehension(cursor.currentNode, frame);
}

/**
 * Every call is recorded. `xs.append(…)` / `xs.extend(…)` also add to `xs`; the function argument
 * of `map(…)`, `sorted(…)`… runs once per item, so its calls are in a loop.
 */
function visitCall(cursor: TreeCursor, _type: string, frame: Frame, _parent: Frame, walk: Walk): Frame {
  const node = cursor.currentNode;
  walk.analysis.calls.push({
    node,
    scope: frame.scope,
    enclosingFunction: frame.fn,
    inLoop: frame.inLoop,
    loopStart: frame.loopStart,
    statementStart: frame.statementStart,
  });
  const callee = node.childForFieldName('function');
  if (callee?.type === 'attribute') {
    const method = callee.childForFieldName('attribute')?.text;
    const object = callee.childForFieldName('object');
    const argsNode = node.childForFieldName('arguments');
    if ((method === 'append' || method === 'extend') && object?.type === 'identifier' && argsNode?.type === 'argument_list') {
      walk.mutations.push({
        name: object.text,
        kind: method === 'append' ? 'push' : 'extend',
        args: namedChildren(argsNode),
        scope: frame.scope,
        offset: node.startIndex,
        loopStart: frame.loopStart,
      });
    }
  } else if (callee?.type === 'identifier' && ITERATION_FUNCTIONS.has(callee.text)) {
    return { ...frame, iterationCall: true };
  }
  return frame;
}

/** The class a `def` is a method of (directly in its body, decorated or not). */
function ownerClass(node: Node): Node | undefined {
  let parent = node.parent;
  if (parent?.type === 'decorated_definition') parent = parent.parent;
  const owner = parent?.type === 'block' ? parent.parent : null;
  return owner?.type === 'class_definition' ? owner : undefined;
}

function enterFunction(node: Node, type: string, frame: Frame, callback: boolean): Frame {
  const scope = newScope('function', frame.scope);
  let name: string | undefined;
  let cls: ClassInfo | undefined;
  const parameters = node.childForFieldName('parameters');
  const parameterNames = parameters ? namedChildren(parameters).flatMap(parameterName) : [];
  if (type === 'function_definition') {
    const own = node.childForFieldName('name')?.text;
    cls = ownerClass(node) && frame.cls ? frame.cls : undefined;
    if (own !== undefined && !cls) bind(functionScope(frame.scope), { name: own, offset: node.startIndex, kind: 'opaque' });
    name = own !== undefined && cls ? `${cls.name}.${own}` : own;
    if (cls && own !== undefined) cls.methods.set(own, node.startIndex);
    if (cls) {
      scope.cls = cls;
      if (parameterNames[0]) scope.self = parameterNames[0].text;
    }
  } else {
    const assigned = node.parent?.type === 'assignment' ? node.parent.childForFieldName('left') : null;
    if (assigned?.type === 'identifier') name = assigned.text;
  }
  if (parameters) bindParameters(parameters, scope, parameterOwner(node, name, cls));
  return {
    scope,
    fn: name ?? frame.fn,
    inLoop: frame.inLoop || callback,
    loopStart: callback ? node.startIndex : frame.loopStart,
    cls: frame.cls,
    ctor: cls !== undefined && node.childForFieldName('name')?.text === '__init__',
    statementStart: frame.statementStart,
    start: node.startIndex,
  };
}

function enterComprehension(node: Node, frame: Frame): Frame {
  const scope = newScope('block', frame.scope);
  let firstClause: number | undefined;
  for (const child of namedChildren(node)) {
    if (child.type !== 'for_in_clause') continue;
    firstClause ??= child.startIndex;
    const left = child.childForFieldName('left');
    if (left) for (const id of targetNames(left)) bind(scope, { name: id.text, offset: node.startIndex, kind: 'opaque' });
  }
  return {
    ...frame,
    scope,
    inLoop: true,
    loopStart: node.startIndex,
    firstClause,
    outside: { inLoop: frame.inLoop, loopStart: frame.loopStart },
    start: node.startIndex,
  };
}

/** The function a parameter belongs to, as its callers name it: `ask(…)`, or `self.ask(…)` for a method. */
function parameterOwner(
  node: Node,
  name: string | undefined,
  cls: ClassInfo | undefined,
): Pick<ParameterSlot, 'functionStart' | 'functionName' | 'calleeName' | 'method'> {
  const own = node.childForFieldName('name')?.text;
  const method = cls && own !== undefined ? { className: cls.name, name: own } : undefined;
  return { functionStart: node.startIndex, functionName: name, calleeName: own ?? name, method };
}

/**
 * Each parameter, with its default when it has one (`model="gpt-4o"`, `max_tokens: int = 500`) and
 * where a caller's argument for it goes: its position (a method's `self` is not one), its keyword
 * (none before `/`), or only its keyword (after `*` or `*args`).
 */
function bindParameters(parameters: Node, scope: Scope, owner: Pick<ParameterSlot, 'functionStart' | 'functionName' | 'calleeName' | 'method'>): void {
  let index = owner.method ? -1 : 0;
  let keywordOnly = false;
  const list = namedChildren(parameters);
  const positionalOnlyUpTo = list.findIndex((parameter) => parameter.type === 'positional_separator');
  list.forEach((parameter, at) => {
    if (parameter.type === 'keyword_separator' || parameter.type === 'list_splat_pattern') keywordOnly = true;
    if (parameter.type === 'positional_separator' || parameter.type === 'keyword_separator') return;
    const fallback = parameter.type.endsWith('default_parameter') ? (parameter.childForFieldName('value') ?? undefined) : undefined;
    for (const id of parameterName(parameter)) {
      const slot: ParameterSlot = { ...owner };
      // `*args` / `**kwargs` collect what is left: no one argument is theirs.
      const splat = parameter.type.includes('splat');
      if (!keywordOnly && !splat && index >= 0) slot.index = index;
      if (at > positionalOnlyUpTo && !splat) slot.keyword = id.text;
      bind(scope, { name: id.text, offset: owner.functionStart, kind: 'parameter', value: fallback, slot });
    }
    if (!keywordOnly) index++;
  });
}

function parameterName(node: Node): Node[] {
  switch (node.type) {
    case 'identifier':
      return [node];
    case 'typed_parameter':
    case 'list_splat_pattern':
    case 'dictionary_splat_pattern': {
      const inner = node.firstNamedChild;
      return inner?.type === 'identifier' ? [inner] : inner ? parameterName(inner) : [];
    }
    case 'default_parameter':
    case 'typed_default_parameter': {
      const name = node.childForFieldName('name');
      return name ? [name] : [];
    }
    default:
      return [];
  }
}

/** Names an assignment or `for` target binds (`a`, `a, b`, `[a, *rest]`). */
function targetNames(node: Node): Node[] {
  switch (node.type) {
    case 'identifier':
      return [node];
    case 'pattern_list':
    case 'tuple_pattern':
    case 'list_pattern':
    case 'list_splat_pattern':
    case 'parenthesized_expression':
      return namedChildren(node).flatMap(targetNames);
    default:
      return [];
  }
}

function assignment(node: Node, frame: Frame): void {
  const left = node.childForFieldName('left');
  let value = node.childForFieldName('right') ?? undefined;
  while (value?.type === 'assignment') value = value.childForFieldName('right') ?? undefined;
  if (!left) return;
  if (left.type === 'identifier') assignName(node, left, value, frame);
  else if (left.type === 'attribute') assignAttribute(left, value, frame);
  else for (const id of targetNames(left)) bind(functionScope(frame.scope), { name: id.text, offset: node.endIndex, kind: 'opaque' });
}

/** `x = …`: a variable, or in a class body a class attribute (which methods read as `self.x`). */
function assignName(node: Node, name: Node, value: Node | undefined, frame: Frame): void {
  // Annotation only (`x: str`): nothing is bound yet.
  if (!value && node.childForFieldName('type')) return;
  const statement = node.parent?.type === 'expression_statement' ? node.parent : undefined;
  const inClassBody = statement?.parent?.type === 'block' && statement.parent.parent?.type === 'class_definition';
  if (inClassBody && frame.cls) {
    if (value) addField(frame.cls, name.text, { value, scope: frame.scope, preferred: true });
    return;
  }
  // The binding starts after the statement: `x = f(x)` reads the earlier `x`.
  bind(functionScope(frame.scope), { name: name.text, offset: node.endIndex, kind: value ? 'value' : 'opaque', value });
}

/** `self.x = …` in a method: an attribute of every instance (the ones `__init__` sets win). */
function assignAttribute(left: Node, value: Node | undefined, frame: Frame): void {
  const object = left.childForFieldName('object');
  const attribute = left.childForFieldName('attribute');
  const owner = enclosingClass(frame.scope);
  if (owner && owner.self !== undefined && object?.type === 'identifier' && object.text === owner.self && attribute && value) {
    addField(owner.cls, attribute.text, { value, scope: frame.scope, preferred: frame.ctor });
  }
}

function importStatement(node: Node, scope: Scope, analysis: FileAnalysis): void {
  const target = functionScope(scope);
  const add = (local: string, binding: ImportBinding) => {
    bind(target, { name: local, offset: node.startIndex, kind: 'import', import: binding });
    analysis.imports[local] ??= binding;
  };
  if (node.type === 'import_statement') {
    // `import a.b` binds `a`; `import a.b as c` binds `c` to the module a.b.
    for (const name of node.childrenForFieldName('name')) {
      if (!name) continue;
      if (name.type === 'aliased_import') {
        const dotted = name.childForFieldName('name');
        const alias = name.childForFieldName('alias');
        if (dotted && alias) add(alias.text, { module: dotted.text.replace(/\s+/g, ''), name: '*' });
      } else if (name.type === 'dotted_name') {
        const head = name.firstNamedChild?.text;
        if (head) add(head, { module: head, name: '*' });
      }
    }
    return;
  }
  const moduleName = node.childForFieldName('module_name');
  if (!moduleName) return;
  const module = moduleName.text.replace(/\s+/g, '');
  for (const name of node.childrenForFieldName('name')) {
    if (!name) continue;
    if (name.type === 'aliased_import') {
      const dotted = name.childForFieldName('name');
      const alias = name.childForFieldName('alias');
      if (dotted && alias) add(alias.text, { module, name: dotted.text });
    } else if (name.type === 'dotted_name') add(name.text, { module, name: name.text });
  }
}
