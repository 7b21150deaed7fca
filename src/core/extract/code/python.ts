import type { Node, Tree } from 'web-tree-sitter';
import {
  addField,
  attachMutations,
  bind,
  newFileAnalysis,
  type PendingMutation,
  enclosingClass,
  functionScope,
  newScope,
  type ClassInfo,
  type FileAnalysis,
  type ImportBinding,
  type Scope,
} from '../../resolve/scope';
import { namedChildren, walkTree } from './walk';

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
const COMPREHENSIONS = new Set(['list_comprehension', 'set_comprehension', 'dictionary_comprehension', 'generator_expression']);
/** Builtins whose function argument runs once per item. */
const ITERATION_FUNCTIONS = new Set(['map', 'filter', 'sorted', 'max', 'min']);

/** Walks a Python tree once: scopes and bindings, `self.x` attributes, imports, calls. */
export function analyzePython(tree: Tree, text: string, file: string): FileAnalysis {
  const analysis = newFileAnalysis(tree, text, file, 'python');
  const module = analysis.module;
  const mutations: PendingMutation[] = [];
  const root: Frame = { scope: module, fn: '<module>', inLoop: false, loopStart: -1, ctor: false, statements: true, statementStart: 0, start: 0 };

  walkTree<Frame>(tree, root, (cursor, parent) => {
    let frame = parent;
    if (parent.loopFields || parent.onceFields || parent.iterationCall || parent.callbacks || parent.statements || parent.firstClause !== undefined) {
      frame = {
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
    }
    const type = cursor.nodeType;
    if (type === 'block') frame = { ...frame, statements: true };
    switch (type) {
      case 'comment':
        analysis.comments.push({ start: cursor.startIndex, end: cursor.endIndex });
        return frame;
      case 'function_definition':
      case 'lambda':
        return enterFunction(cursor.currentNode, type, frame, parent.callbacks === true);
      case 'class_definition': {
        const node = cursor.currentNode;
        const name = node.childForFieldName('name')?.text ?? 'class';
        bind(functionScope(frame.scope), { name, offset: node.startIndex, kind: 'opaque' });
        return { ...frame, cls: { name, fields: new Map() }, ctor: false };
      }
      case 'assignment':
        assignment(cursor.currentNode, frame);
        return frame;
      case 'augmented_assignment': {
        const node = cursor.currentNode;
        const left = node.childForFieldName('left');
        const right = node.childForFieldName('right');
        if (left?.type === 'identifier' && right && node.childForFieldName('operator')?.type === '+=') {
          mutations.push({ name: left.text, kind: 'add', args: [right], scope: frame.scope, offset: node.startIndex, loopStart: frame.loopStart });
        }
        return frame;
      }
      case 'named_expression': {
        const node = cursor.currentNode;
        const name = node.childForFieldName('name');
        const value = node.childForFieldName('value') ?? undefined;
        if (name) bind(functionScope(frame.scope), { name: name.text, offset: node.endIndex, kind: value ? 'value' : 'opaque', value });
        return frame;
      }
      case 'for_statement': {
        const node = cursor.currentNode;
        const left = node.childForFieldName('left');
        if (left) for (const id of targetNames(left)) bind(functionScope(frame.scope), { name: id.text, offset: node.startIndex, kind: 'opaque' });
        return { ...frame, loopFields: FOR_BODY, start: node.startIndex };
      }
      case 'while_statement':
        return { ...frame, loopFields: WHILE_FIELDS, start: cursor.startIndex };
      case 'for_in_clause': {
        if (parent.firstClause !== cursor.startIndex) return frame;
        return { ...frame, onceFields: ITERABLE, outside: parent.outside };
      }
      case 'as_pattern': {
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
      case 'import_statement':
      case 'import_from_statement':
        importStatement(cursor.currentNode, frame.scope, analysis);
        return frame;
      case 'call': {
        const node = cursor.currentNode;
        analysis.calls.push({ node, scope: frame.scope, enclosingFunction: frame.fn, inLoop: frame.inLoop, statementStart: frame.statementStart });
        const callee = node.childForFieldName('function');
        if (callee?.type === 'attribute') {
          const method = callee.childForFieldName('attribute')?.text;
          const object = callee.childForFieldName('object');
          const argsNode = node.childForFieldName('arguments');
          if ((method === 'append' || method === 'extend') && object?.type === 'identifier' && argsNode?.type === 'argument_list') {
            mutations.push({
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
      case 'argument_list':
        return parent.iterationCall ? { ...frame, callbacks: true } : frame;
      default:
        if (COMPREHENSIONS.has(type)) return enterComprehension(cursor.currentNode, frame);
        return frame;
    }
  });

  attachMutations(mutations);
  return analysis;
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
    if (cls) {
      scope.cls = cls;
      if (parameterNames[0]) scope.self = parameterNames[0].text;
    }
  } else {
    const assigned = node.parent?.type === 'assignment' ? node.parent.childForFieldName('left') : null;
    if (assigned?.type === 'identifier') name = assigned.text;
  }
  for (const parameter of parameterNames) bind(scope, { name: parameter.text, offset: node.startIndex, kind: 'opaque' });
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
  if (left.type === 'identifier') {
    // Annotation only (`x: str`): nothing is bound yet.
    if (!value && node.childForFieldName('type')) return;
    const statement = node.parent?.type === 'expression_statement' ? node.parent : undefined;
    const inClassBody = statement?.parent?.type === 'block' && statement.parent.parent?.type === 'class_definition';
    if (inClassBody && frame.cls) {
      if (value) addField(frame.cls, left.text, { value, scope: frame.scope, preferred: true });
      return;
    }
    // The binding starts after the statement: `x = f(x)` reads the earlier `x`.
    bind(functionScope(frame.scope), { name: left.text, offset: node.endIndex, kind: value ? 'value' : 'opaque', value });
    return;
  }
  if (left.type === 'attribute') {
    const object = left.childForFieldName('object');
    const attribute = left.childForFieldName('attribute');
    const owner = enclosingClass(frame.scope);
    if (owner && owner.self !== undefined && object?.type === 'identifier' && object.text === owner.self && attribute && value) {
      addField(owner.cls, attribute.text, { value, scope: frame.scope, preferred: frame.ctor });
    }
    return;
  }
  for (const id of targetNames(left)) bind(functionScope(frame.scope), { name: id.text, offset: node.endIndex, kind: 'opaque' });
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
