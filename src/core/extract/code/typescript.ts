import type { Node, Tree, TreeCursor } from 'web-tree-sitter';
import { decodeLiteral } from '../../resolve/escapes';
import {
  addField,
  attachMutations,
  bind,
  recordGrowths,
  type Growth,
  newFileAnalysis,
  type PendingMutation,
  functionScope,
  newScope,
  type ClassInfo,
  type ExportRef,
  type FileAnalysis,
  type ImportBinding,
  type ParameterSlot,
  type RawCall,
  type Scope,
} from '../../resolve/scope';
import { namedChildren, walkTree } from './walk';
import { extendsItself } from './agentLoops';
import { sdkImportName } from '../../providers/sdkPackages';

interface Frame {
  scope: Scope;
  /** Name of the enclosing function for site ids. */
  fn: string;
  inLoop: boolean;
  /** Start of the innermost loop (or per-item callback), -1 outside loops. */
  loopStart: number;
  cls?: ClassInfo;
  /** Inside a constructor, whose `this.x = …` describe every instance. */
  ctor: boolean;
  /** Set on a loop's frame: its children in these fields run repeatedly. */
  loopFields?: ReadonlySet<string>;
  /** Set on an iteration call's frame (`.map(…)`): its arguments hold per-item callbacks. */
  iterationCall?: boolean;
  /** Set on those arguments' frame. */
  callbacks?: boolean;
  /** Set on a frame whose children are statements. */
  statements?: boolean;
  /** Where the innermost statement starts. */
  statementStart: number;
  start: number;
}

const LOOP_FIELDS: Readonly<Record<string, ReadonlySet<string>>> = {
  for_statement: new Set(['condition', 'increment', 'body']),
  for_in_statement: new Set(['body']),
  while_statement: new Set(['condition', 'body']),
  do_statement: new Set(['body', 'condition']),
};

/** Array methods whose callback runs once per item (`Promise.all(items.map(…))` included). */
const ITERATION_METHODS = new Set([
  'map',
  'forEach',
  'flatMap',
  'reduce',
  'reduceRight',
  'filter',
  'some',
  'every',
  'find',
  'findIndex',
  'findLast',
  'findLastIndex',
]);

const WRAPPERS = new Set(['parenthesized_expression', 'as_expression', 'satisfies_expression', 'non_null_expression', 'await_expression']);

/** Walks a TypeScript/JavaScript tree once: scopes and bindings, class fields, imports, exports, calls. */
export function analyzeTypeScript(tree: Tree, text: string, file: string, language: 'typescript' | 'javascript'): FileAnalysis {
  const analysis = newFileAnalysis(tree, text, file, language);
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

/** Handles a node of one type: records what it declares or calls, and returns the frame its children get. */
type Visit = (cursor: TreeCursor, type: string, frame: Frame, parent: Frame, walk: Walk) => Frame;

/** The node types the walk acts on; every other node passes its frame on unchanged. */
const VISITS: ReadonlyMap<string, Visit> = new Map<string, Visit>([
  ['function_declaration', visitFunction],
  ['generator_function_declaration', visitFunction],
  ['function_expression', visitFunction],
  ['generator_function', visitFunction],
  ['arrow_function', visitFunction],
  ['method_definition', visitFunction],
  ['comment', visitComment],
  ['class_declaration', visitClass],
  ['enum_declaration', visitEnum],
  ['abstract_class_declaration', visitClass],
  ['class', visitClass],
  ['public_field_definition', visitField],
  ['field_definition', visitField],
  ['statement_block', visitBlock],
  ['class_body', visitStatementList],
  ['switch_case', visitStatementList],
  ['switch_default', visitStatementList],
  ['for_statement', visitLoop],
  ['while_statement', visitLoop],
  ['do_statement', visitLoop],
  ['for_in_statement', visitForIn],
  ['catch_clause', visitCatch],
  ['variable_declarator', visitDeclarator],
  ['import_statement', visitImport],
  ['export_statement', visitExport],
  ['assignment_expression', visitAssignment],
  ['augmented_assignment_expression', visitAugmentedAssignment],
  ['call_expression', visitCall],
  ['new_expression', visitCall],
  ['arguments', (_cursor, _type, frame, parent) => (parent.iterationCall ? { ...frame, callbacks: true } : frame)],
]);

/**
 * The frame a node starts from: its parent's, without the marks meant for the parent's direct
 * children only (loop fields, callbacks, statements), which decide here whether this node runs
 * in the loop and where its statement starts.
 */
function childFrame(cursor: TreeCursor, parent: Frame): Frame {
  if (!(parent.loopFields || parent.iterationCall || parent.callbacks || parent.statements)) return parent;
  const frame: Frame = { ...parent, loopFields: undefined, iterationCall: undefined, callbacks: undefined, statements: undefined };
  if (parent.loopFields?.has(cursor.currentFieldName ?? '')) {
    frame.inLoop = true;
    frame.loopStart = parent.start;
  }
  if (parent.statements) frame.statementStart = cursor.startIndex;
  return frame;
}

function visitFunction(cursor: TreeCursor, type: string, frame: Frame, parent: Frame, walk: Walk): Frame {
  const inner = enterFunction(cursor.currentNode, type, frame, parent.callbacks === true);
  walk.analysis.scopesByStart.set(cursor.startIndex, inner.scope);
  // A named function is a node of the call graph; an anonymous one is part of the function around it.
  if (inner.fn !== frame.fn && !walk.analysis.functions.has(inner.fn)) walk.analysis.functions.set(inner.fn, cursor.startIndex);
  return inner;
}

function visitComment(cursor: TreeCursor, _type: string, frame: Frame, _parent: Frame, walk: Walk): Frame {
  walk.analysis.comments.push({ start: cursor.startIndex, end: cursor.endIndex });
  return frame;
}

/** A class declaration binds its name where it is written; a class expression's name is only seen inside it. */
function visitClass(cursor: TreeCursor, type: string, frame: Frame): Frame {
  const node = cursor.currentNode;
  const nameNode = node.childForFieldName('name');
  const name = nameNode?.text ?? declaredName(node) ?? 'class';
  if (nameNode && type !== 'class') bind(frame.scope, { name, offset: node.startIndex, kind: 'opaque' });
  return { ...frame, cls: { name, fields: new Map(), methods: new Map() }, ctor: false };
}

/** `enum Models { Fast = 'gpt-4o-mini' }`: the name stands for its members, read like an object's keys. */
function visitEnum(cursor: TreeCursor, _type: string, frame: Frame): Frame {
  const node = cursor.currentNode;
  const name = node.childForFieldName('name');
  if (name) bind(frame.scope, { name: name.text, offset: node.startIndex, kind: 'value', value: node });
  return frame;
}

function visitField(cursor: TreeCursor, _type: string, frame: Frame): Frame {
  const node = cursor.currentNode;
  const name = node.childForFieldName('name') ?? node.childForFieldName('property');
  const value = node.childForFieldName('value');
  if (frame.cls && name && value) addField(frame.cls, name.text, { value, scope: frame.scope, preferred: true });
  return frame;
}

/** `{ … }`: statements with a scope of their own, for their `let`, `const` and classes. */
function visitBlock(cursor: TreeCursor, _type: string, frame: Frame, _parent: Frame, walk: Walk): Frame {
  const scope = newScope('block', frame.scope);
  walk.analysis.scopesByStart.set(cursor.startIndex, scope);
  return { ...frame, statements: true, scope };
}

function visitStatementList(_cursor: TreeCursor, _type: string, frame: Frame): Frame {
  return { ...frame, statements: true };
}

/** `for (…;…;…)`, `while`, `do`: only a `for` opens a scope (for its `let`). */
function visitLoop(cursor: TreeCursor, type: string, frame: Frame, _parent: Frame, walk: Walk): Frame {
  walk.analysis.loops.set(cursor.startIndex, cursor.currentNode);
  return {
    ...frame,
    scope: type === 'for_statement' ? newScope('block', frame.scope) : frame.scope,
    loopFields: LOOP_FIELDS[type],
    start: cursor.startIndex,
  };
}

/** `for (const x of xs)`: a scope holding `x`; without `const`/`let`/`var` it assigns names bound elsewhere. */
function visitForIn(cursor: TreeCursor, type: string, frame: Frame, _parent: Frame, walk: Walk): Frame {
  const node = cursor.currentNode;
  walk.analysis.loops.set(node.startIndex, node);
  const scope = newScope('block', frame.scope);
  const left = node.childForFieldName('left');
  if (left && node.childForFieldName('kind')) {
    for (const id of patternNames(left)) bind(scope, { name: id.text, offset: node.startIndex, kind: 'opaque' });
  }
  return { ...frame, scope, loopFields: LOOP_FIELDS[type], start: node.startIndex };
}

function visitCatch(cursor: TreeCursor, _type: string, frame: Frame): Frame {
  const node = cursor.currentNode;
  const scope = newScope('block', frame.scope);
  const parameter = node.childForFieldName('parameter');
  if (parameter) for (const id of patternNames(parameter)) bind(scope, { name: id.text, offset: node.startIndex, kind: 'opaque' });
  return { ...frame, scope };
}

function visitDeclarator(cursor: TreeCursor, _type: string, frame: Frame, _parent: Frame, walk: Walk): Frame {
  declare(cursor.currentNode, frame, walk.analysis);
  return frame;
}

function visitImport(cursor: TreeCursor, _type: string, frame: Frame, _parent: Frame, walk: Walk): Frame {
  importStatement(cursor.currentNode, frame.scope, walk.analysis);
  return frame;
}

/** Only the module's own exports count: an `export` nested elsewhere (a namespace) is not the file's. */
function visitExport(cursor: TreeCursor, _type: string, frame: Frame, _parent: Frame, walk: Walk): Frame {
  if (frame.scope === walk.analysis.module) exportStatement(cursor.currentNode, frame.scope, walk.analysis);
  return frame;
}

function visitAssignment(cursor: TreeCursor, _type: string, frame: Frame, _parent: Frame, walk: Walk): Frame {
  const node = cursor.currentNode;
  assignment(node, frame, walk.analysis);
  const left = node.childForFieldName('left');
  const right = node.childForFieldName('right');
  if (left?.type === 'identifier' && right && extendsItself(right, left.text, 'typescript')) {
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

function visitCall(cursor: TreeCursor, type: string, frame: Frame, _parent: Frame, walk: Walk): Frame {
  return callExpression(cursor, type, frame, walk.analysis.calls, walk.mutations);
}

function enterFunction(node: Node, type: string, frame: Frame, callback: boolean): Frame {
  const name = functionName(node, type, frame);
  if (type === 'function_declaration' || type === 'generator_function_declaration') {
    const id = node.childForFieldName('name');
    if (id) bind(frame.scope, { name: id.text, offset: node.startIndex, kind: 'opaque' });
  }
  const scope = newScope('function', frame.scope);
  const isMethod = type === 'method_definition' && node.parent?.type === 'class_body';
  const methodName = isMethod ? node.childForFieldName('name')?.text : undefined;
  if (methodName !== undefined && frame.cls) frame.cls.methods.set(methodName, node.startIndex);
  const isArrow = type === 'arrow_function';
  // Arrow functions keep the `this` of where they are written, class field initializers included.
  if ((isMethod || isArrow) && frame.cls) scope.cls = frame.cls;
  const parameters = node.childForFieldName('parameters') ?? node.childForFieldName('parameter');
  if (parameters) {
    const list = parameters.type === 'formal_parameters' ? namedChildren(parameters) : [parameters];
    const method = isMethod && frame.cls ? node.childForFieldName('name')?.text : undefined;
    list.forEach((parameter, index) => {
      for (const { id, fallback, property } of parameterNames(parameter)) {
        const slot: ParameterSlot = { index, functionStart: node.startIndex, functionName: name, calleeName: name?.split('.').at(-1) };
        if (property) slot.property = property;
        if (method !== undefined && frame.cls) slot.method = { className: frame.cls.name, name: method };
        bind(scope, { name: id.text, offset: node.startIndex, kind: 'parameter', value: fallback, slot });
      }
    });
  }
  return {
    scope,
    fn: name ?? frame.fn,
    inLoop: frame.inLoop || callback,
    loopStart: callback ? node.startIndex : frame.loopStart,
    cls: frame.cls,
    ctor: isMethod ? node.childForFieldName('name')?.text === 'constructor' : isArrow && frame.ctor,
    statementStart: frame.statementStart,
    start: node.startIndex,
  };
}

/** `f`, `Class.method`, `handlers.summarize`; undefined for anonymous callbacks (they take their caller's name). */
function functionName(node: Node, type: string, frame: Frame): string | undefined {
  if (type === 'function_declaration' || type === 'generator_function_declaration') return node.childForFieldName('name')?.text;
  if (type === 'method_definition') return methodName(node, frame);
  let parent = node.parent;
  while (parent && WRAPPERS.has(parent.type)) parent = parent.parent;
  return (parent ? holderName(parent, node, frame) : undefined) ?? node.childForFieldName('name')?.text;
}

function methodName(node: Node, frame: Frame): string | undefined {
  const name = node.childForFieldName('name')?.text;
  const parent = node.parent;
  if (name === undefined) return undefined;
  if (parent?.type === 'class_body' && frame.cls) return `${frame.cls.name}.${name}`;
  return qualified(parent?.type === 'object' ? parent : null, name);
}

/** The name a function expression takes from what holds it: `const f = …`, `{ f: … }`, `this.f = …`. */
function holderName(holder: Node, node: Node, frame: Frame): string | undefined {
  switch (holder.type) {
    case 'variable_declarator': {
      const name = holder.childForFieldName('name');
      return name?.type === 'identifier' ? name.text : undefined;
    }
    case 'pair': {
      const key = holder.childForFieldName('key');
      return key ? qualified(holder.parent, key.type === 'string' ? key.text.slice(1, -1) : key.text) : undefined;
    }
    case 'public_field_definition':
    case 'field_definition': {
      const name = (holder.childForFieldName('name') ?? holder.childForFieldName('property'))?.text;
      return name !== undefined && frame.cls ? `${frame.cls.name}.${name}` : name;
    }
    case 'assignment_expression':
      return assignedName(holder.childForFieldName('left'), frame);
    case 'export_statement':
      return node.childForFieldName('name')?.text ?? 'default';
    default:
      return undefined;
  }
}

/** `f = …`, `obj.f = …`, `this.f = …` (a method of the class). */
function assignedName(left: Node | null, frame: Frame): string | undefined {
  if (left?.type === 'identifier') return left.text;
  if (left?.type !== 'member_expression') return undefined;
  const property = left.childForFieldName('property')?.text;
  const isThis = left.childForFieldName('object')?.type === 'this';
  return property !== undefined && isThis && frame.cls ? `${frame.cls.name}.${property}` : property;
}

/** `handlers.summarize` for a function in `const handlers = { summarize() {} }`. */
function qualified(object: Node | null, name: string): string {
  const owner = object?.parent;
  const ownerName = owner?.type === 'variable_declarator' ? owner.childForFieldName('name') : null;
  return ownerName?.type === 'identifier' ? `${ownerName.text}.${name}` : name;
}

/** The variable a class expression or function is assigned to. */
function declaredName(node: Node): string | undefined {
  const parent = node.parent;
  const name = parent?.type === 'variable_declarator' ? parent.childForFieldName('name') : null;
  return name?.type === 'identifier' ? name.text : undefined;
}

/**
 * The names a parameter declares, each with its default when it has one: `model = 'gpt-4o'`,
 * `{ model = 'gpt-4o' }: Options`, `model: string = 'gpt-4o'`.
 */
function parameterNames(node: Node): Array<{ id: Node; fallback?: Node; property?: string }> {
  switch (node.type) {
    case 'identifier':
      return [{ id: node }];
    case 'shorthand_property_identifier_pattern':
      return [{ id: node, property: node.text }];
    case 'required_parameter':
    case 'optional_parameter':
    case 'assignment_pattern':
    case 'object_assignment_pattern': {
      const pattern = node.childForFieldName('pattern') ?? node.childForFieldName('left');
      const fallback = node.childForFieldName('value') ?? node.childForFieldName('right') ?? undefined;
      if (!pattern) return [];
      const isName = pattern.type === 'identifier' || pattern.type === 'shorthand_property_identifier_pattern';
      const property = pattern.type === 'shorthand_property_identifier_pattern' ? pattern.text : undefined;
      // A default for a whole destructured object says nothing about one of its names.
      return isName ? [{ id: pattern, fallback, ...(property ? { property } : {}) }] : parameterNames(pattern);
    }
    case 'object_pattern':
    case 'array_pattern':
      return namedChildren(node).flatMap(parameterNames);
    case 'pair_pattern': {
      const value = node.childForFieldName('value');
      // `{ options: { model } }`: the key a caller sets is not `model` but `options.model`, which is not followed.
      return value ? parameterNames(value).map(({ id, fallback }) => ({ id, fallback })) : [];
    }
    default:
      return patternNames(node).map((id) => ({ id }));
  }
}

/** The identifiers a binding pattern declares (defaults and type annotations left out). */
function patternNames(node: Node): Node[] {
  switch (node.type) {
    case 'identifier':
    case 'shorthand_property_identifier_pattern':
      return [node];
    case 'object_pattern':
    case 'array_pattern':
      return namedChildren(node).flatMap(patternNames);
    case 'pair_pattern': {
      const value = node.childForFieldName('value');
      return value ? patternNames(value) : [];
    }
    case 'object_assignment_pattern':
    case 'assignment_pattern': {
      const left = node.childForFieldName('left');
      return left ? patternNames(left) : [];
    }
    case 'rest_pattern': {
      const inner = node.firstNamedChild;
      return inner ? patternNames(inner) : [];
    }
    case 'required_parameter':
    case 'optional_parameter': {
      const pattern = node.childForFieldName('pattern');
      return pattern ? patternNames(pattern) : [];
    }
    default:
      return [];
  }
}

/** `require('m')` or `require('m').X`. */
function requiredModule(value: Node): { module: string; member?: string } | undefined {
  let node = value;
  while (WRAPPERS.has(node.type) && node.firstNamedChild) node = node.firstNamedChild;
  let member: string | undefined;
  if (node.type === 'member_expression') {
    member = node.childForFieldName('property')?.text;
    const object = node.childForFieldName('object');
    if (!object || member === undefined) return undefined;
    node = object;
  }
  if (node.type !== 'call_expression' || node.childForFieldName('function')?.text !== 'require') return undefined;
  const argument = node.childForFieldName('arguments')?.firstNamedChild;
  if (argument?.type !== 'string') return undefined;
  return { module: stringContent(argument), member };
}

function stringContent(node: Node): string {
  const text = node.text;
  return text.length >= 2 ? decodeLiteral(text.slice(1, -1), 0, 'js').text : '';
}

function addImport(scope: Scope, analysis: FileAnalysis, local: string, written: ImportBinding, offset: number): void {
  const binding = { ...written, module: sdkImportName(written.module) };
  bind(scope, { name: local, offset, kind: 'import', import: binding });
  analysis.imports[local] ??= binding;
}

function declare(node: Node, frame: Frame, analysis: FileAnalysis): void {
  const name = node.childForFieldName('name');
  const value = node.childForFieldName('value') ?? undefined;
  if (!name) return;
  const target = node.parent?.type === 'variable_declaration' ? functionScope(frame.scope) : frame.scope;
  const required = value ? requiredModule(value) : undefined;
  if (name.type === 'identifier') {
    if (required) addImport(target, analysis, name.text, { module: required.module, name: required.member ?? 'default' }, node.startIndex);
    else bind(target, { name: name.text, offset: node.startIndex, kind: value ? 'value' : 'opaque', value });
    return;
  }
  if (required && !required.member && name.type === 'object_pattern') {
    for (const property of namedChildren(name)) {
      if (property.type === 'shorthand_property_identifier_pattern') {
        addImport(target, analysis, property.text, { module: required.module, name: property.text }, node.startIndex);
      } else if (property.type === 'pair_pattern') {
        const key = property.childForFieldName('key');
        const local = property.childForFieldName('value');
        if (key && local?.type === 'identifier') addImport(target, analysis, local.text, { module: required.module, name: key.text }, node.startIndex);
      }
    }
    return;
  }
  for (const id of patternNames(name)) bind(target, { name: id.text, offset: node.startIndex, kind: 'opaque' });
}

function importStatement(node: Node, scope: Scope, analysis: FileAnalysis): void {
  if (node.children.some((child) => child?.type === 'type')) return;
  const source = node.childForFieldName('source');
  const clause = node.children.find((child) => child?.type === 'import_clause');
  if (!source || !clause) return;
  const module = stringContent(source);
  // Imports are hoisted: every use in the file sees them.
  for (const part of namedChildren(clause)) {
    if (part.type === 'identifier') addImport(scope, analysis, part.text, { module, name: 'default' }, 0);
    else if (part.type === 'namespace_import') {
      const local = part.firstNamedChild;
      if (local) addImport(scope, analysis, local.text, { module, name: '*' }, 0);
    } else if (part.type === 'named_imports') {
      for (const specifier of namedChildren(part)) {
        if (specifier.type !== 'import_specifier' || specifier.children.some((child) => child?.type === 'type')) continue;
        const name = specifier.childForFieldName('name');
        const alias = specifier.childForFieldName('alias');
        if (name) addImport(scope, analysis, (alias ?? name).text, { module, name: name.type === 'string' ? stringContent(name) : name.text }, 0);
      }
    }
  }
}

function exportStatement(node: Node, scope: Scope, analysis: FileAnalysis): void {
  const source = node.childForFieldName('source');
  const module = source ? stringContent(source) : undefined;
  const isDefault = node.children.some((child) => child?.type === 'default');
  const declaration = node.childForFieldName('declaration');
  const value = node.childForFieldName('value');
  const exports = analysis.exports;
  const local = (exported: string, name: string, offset: number) => exports.set(exported, { type: 'local', name, offset });
  if (declaration) {
    if (declaration.type === 'lexical_declaration' || declaration.type === 'variable_declaration') {
      for (const declarator of namedChildren(declaration)) {
        const name = declarator.type === 'variable_declarator' ? declarator.childForFieldName('name') : null;
        if (name?.type === 'identifier') local(name.text, name.text, declarator.startIndex);
      }
    } else {
      const name = declaration.childForFieldName('name');
      if (name) {
        local(name.text, name.text, declaration.startIndex);
        if (isDefault) local('default', name.text, declaration.startIndex);
      }
    }
    return;
  }
  if (value) {
    const ref: ExportRef =
      value.type === 'identifier' ? { type: 'local', name: value.text, offset: node.startIndex } : { type: 'expression', node: value, scope };
    exports.set('default', ref);
    return;
  }
  const clause = node.children.find((child) => child?.type === 'export_clause');
  if (clause) {
    for (const specifier of namedChildren(clause)) {
      const name = specifier.childForFieldName('name');
      const alias = specifier.childForFieldName('alias');
      if (!name) continue;
      const exported = (alias ?? name).text;
      exports.set(exported, module !== undefined ? { type: 'reexport', module, name: name.text } : { type: 'local', name: name.text, offset: node.startIndex });
    }
    return;
  }
  if (module !== undefined && !node.children.some((child) => child?.type === 'namespace_export')) analysis.starExports.push(module);
}

/** `this.client = …` (a class field), `exports.X = …` / `module.exports = { … }` (CommonJS exports). */
function assignment(node: Node, frame: Frame, analysis: FileAnalysis): void {
  const left = node.childForFieldName('left');
  const right = node.childForFieldName('right');
  if (!left || !right || left.type !== 'member_expression') return;
  const object = left.childForFieldName('object');
  const property = left.childForFieldName('property')?.text;
  if (!object || property === undefined) return;
  if (object.type === 'this') {
    if (frame.cls) addField(frame.cls, property, { value: right, scope: frame.scope, preferred: frame.ctor });
    return;
  }
  if (frame.scope !== analysis.module) return;
  const objectText = object.text.replace(/\s+/g, '');
  if (objectText === 'exports' || objectText === 'module.exports') {
    analysis.exports.set(property, { type: 'expression', node: right, scope: frame.scope });
  } else if (objectText === 'module' && property === 'exports' && right.type === 'object') {
    for (const entry of namedChildren(right)) {
      if (entry.type === 'shorthand_property_identifier') analysis.exports.set(entry.text, { type: 'local', name: entry.text, offset: node.startIndex });
      else if (entry.type === 'pair') {
        const key = entry.childForFieldName('key');
        const value = entry.childForFieldName('value');
        if (key && value) analysis.exports.set(key.type === 'string' ? stringContent(key) : key.text, { type: 'expression', node: value, scope: frame.scope });
      }
    }
  }
}

function callExpression(cursor: TreeCursor, type: string, frame: Frame, calls: RawCall[], mutations: PendingMutation[]): Frame {
  const node = cursor.currentNode;
  calls.push({
    node,
    scope: frame.scope,
    enclosingFunction: frame.fn,
    inLoop: frame.inLoop,
    loopStart: frame.loopStart,
    statementStart: frame.statementStart,
  });
  if (type !== 'call_expression') return frame;
  const callee = node.childForFieldName('function');
  if (callee?.type !== 'member_expression') return frame;
  const property = callee.childForFieldName('property')?.text ?? '';
  const object = callee.childForFieldName('object');
  if ((property === 'push' || property === 'unshift') && object?.type === 'identifier') {
    const argsNode = node.childForFieldName('arguments');
    if (argsNode?.type === 'arguments') {
      mutations.push({
        name: object.text,
        kind: property,
        args: namedChildren(argsNode),
        scope: frame.scope,
        offset: node.startIndex,
        loopStart: frame.loopStart,
      });
    }
  }
  if (ITERATION_METHODS.has(property) || callee.text === 'Array.from') return { ...frame, iterationCall: true };
  return frame;
}
