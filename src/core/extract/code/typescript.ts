import type { Node, Tree, TreeCursor } from 'web-tree-sitter';
import { decodeLiteral } from '../../resolve/escapes';
import {
  addField,
  attachMutations,
  bind,
  newFileAnalysis,
  type PendingMutation,
  functionScope,
  newScope,
  type ClassInfo,
  type ExportRef,
  type FileAnalysis,
  type ImportBinding,
  type RawCall,
  type Scope,
} from '../../resolve/scope';
import { namedChildren, walkTree } from './walk';

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

/** Nodes whose children are statements. */
const STATEMENT_LISTS = new Set(['statement_block', 'class_body', 'switch_case', 'switch_default']);

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

const FUNCTION_TYPES = new Set([
  'function_declaration',
  'generator_function_declaration',
  'function_expression',
  'function',
  'generator_function',
  'arrow_function',
  'method_definition',
]);

const WRAPPERS = new Set(['parenthesized_expression', 'as_expression', 'satisfies_expression', 'non_null_expression', 'await_expression']);

/** Walks a TypeScript/JavaScript tree once: scopes and bindings, class fields, imports, exports, calls. */
export function analyzeTypeScript(tree: Tree, text: string, file: string, language: 'typescript' | 'javascript'): FileAnalysis {
  const analysis = newFileAnalysis(tree, text, file, language);
  const module = analysis.module;
  const mutations: PendingMutation[] = [];
  const root: Frame = { scope: module, fn: '<module>', inLoop: false, loopStart: -1, ctor: false, statements: true, statementStart: 0, start: 0 };

  walkTree<Frame>(tree, root, (cursor, parent) => {
    let frame = parent;
    if (parent.loopFields || parent.iterationCall || parent.callbacks || parent.statements) {
      frame = { ...parent, loopFields: undefined, iterationCall: undefined, callbacks: undefined, statements: undefined };
      if (parent.loopFields?.has(cursor.currentFieldName ?? '')) {
        frame.inLoop = true;
        frame.loopStart = parent.start;
      }
      if (parent.statements) frame.statementStart = cursor.startIndex;
    }
    const type = cursor.nodeType;
    if (FUNCTION_TYPES.has(type)) return enterFunction(cursor.currentNode, type, frame, parent.callbacks === true);
    if (STATEMENT_LISTS.has(type)) frame = { ...frame, statements: true };
    switch (type) {
      case 'comment':
        analysis.comments.push({ start: cursor.startIndex, end: cursor.endIndex });
        return frame;
      case 'class_declaration':
      case 'abstract_class_declaration':
      case 'class': {
        const node = cursor.currentNode;
        const nameNode = node.childForFieldName('name');
        const name = nameNode?.text ?? declaredName(node) ?? 'class';
        if (nameNode && type !== 'class') bind(frame.scope, { name, offset: node.startIndex, kind: 'opaque' });
        return { ...frame, cls: { name, fields: new Map() }, ctor: false };
      }
      case 'public_field_definition':
      case 'field_definition': {
        const node = cursor.currentNode;
        const name = node.childForFieldName('name') ?? node.childForFieldName('property');
        const value = node.childForFieldName('value');
        if (frame.cls && name && value) addField(frame.cls, name.text, { value, scope: frame.scope, preferred: true });
        return frame;
      }
      case 'statement_block':
        return { ...frame, scope: newScope('block', frame.scope) };
      case 'for_statement':
      case 'while_statement':
      case 'do_statement':
        return {
          ...frame,
          scope: type === 'for_statement' ? newScope('block', frame.scope) : frame.scope,
          loopFields: LOOP_FIELDS[type],
          start: cursor.startIndex,
        };
      case 'for_in_statement': {
        const node = cursor.currentNode;
        const scope = newScope('block', frame.scope);
        const left = node.childForFieldName('left');
        if (left && node.childForFieldName('kind')) {
          for (const id of patternNames(left)) bind(scope, { name: id.text, offset: node.startIndex, kind: 'opaque' });
        }
        return { ...frame, scope, loopFields: LOOP_FIELDS[type], start: node.startIndex };
      }
      case 'catch_clause': {
        const node = cursor.currentNode;
        const scope = newScope('block', frame.scope);
        const parameter = node.childForFieldName('parameter');
        if (parameter) for (const id of patternNames(parameter)) bind(scope, { name: id.text, offset: node.startIndex, kind: 'opaque' });
        return { ...frame, scope };
      }
      case 'variable_declarator':
        declare(cursor.currentNode, frame, analysis);
        return frame;
      case 'import_statement':
        importStatement(cursor.currentNode, frame.scope, analysis);
        return frame;
      case 'export_statement':
        if (frame.scope === module) exportStatement(cursor.currentNode, frame.scope, analysis);
        return frame;
      case 'assignment_expression':
        assignment(cursor.currentNode, frame, analysis);
        return frame;
      case 'augmented_assignment_expression': {
        const node = cursor.currentNode;
        const left = node.childForFieldName('left');
        const right = node.childForFieldName('right');
        if (left?.type === 'identifier' && right && node.childForFieldName('operator')?.type === '+=') {
          mutations.push({ name: left.text, kind: 'add', args: [right], scope: frame.scope, offset: node.startIndex, loopStart: frame.loopStart });
        }
        return frame;
      }
      case 'call_expression':
      case 'new_expression':
        return callExpression(cursor, type, frame, analysis.calls, mutations);
      case 'arguments':
        return parent.iterationCall ? { ...frame, callbacks: true } : frame;
      default:
        return frame;
    }
  });

  attachMutations(mutations);
  return analysis;
}

function enterFunction(node: Node, type: string, frame: Frame, callback: boolean): Frame {
  const name = functionName(node, type, frame);
  if (type === 'function_declaration' || type === 'generator_function_declaration') {
    const id = node.childForFieldName('name');
    if (id) bind(frame.scope, { name: id.text, offset: node.startIndex, kind: 'opaque' });
  }
  const scope = newScope('function', frame.scope);
  const isMethod = type === 'method_definition' && node.parent?.type === 'class_body';
  const isArrow = type === 'arrow_function';
  // Arrow functions keep the `this` of where they are written, class field initializers included.
  if ((isMethod || isArrow) && frame.cls) scope.cls = frame.cls;
  const parameters = node.childForFieldName('parameters') ?? node.childForFieldName('parameter');
  if (parameters) {
    const list = parameters.type === 'formal_parameters' ? namedChildren(parameters) : [parameters];
    for (const parameter of list) for (const id of patternNames(parameter)) bind(scope, { name: id.text, offset: node.startIndex, kind: 'opaque' });
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
  if (type === 'method_definition') {
    const name = node.childForFieldName('name')?.text;
    const parent = node.parent;
    if (name === undefined) return undefined;
    if (parent?.type === 'class_body' && frame.cls) return `${frame.cls.name}.${name}`;
    return qualified(parent?.type === 'object' ? parent : null, name);
  }
  let parent = node.parent;
  while (parent && WRAPPERS.has(parent.type)) parent = parent.parent;
  switch (parent?.type) {
    case 'variable_declarator': {
      const name = parent.childForFieldName('name');
      if (name?.type === 'identifier') return name.text;
      break;
    }
    case 'pair': {
      const key = parent.childForFieldName('key');
      if (key) return qualified(parent.parent, key.type === 'string' ? key.text.slice(1, -1) : key.text);
      break;
    }
    case 'public_field_definition':
    case 'field_definition': {
      const name = (parent.childForFieldName('name') ?? parent.childForFieldName('property'))?.text;
      if (name !== undefined) return frame.cls ? `${frame.cls.name}.${name}` : name;
      break;
    }
    case 'assignment_expression': {
      const left = parent.childForFieldName('left');
      if (left?.type === 'identifier') return left.text;
      if (left?.type === 'member_expression') {
        const property = left.childForFieldName('property')?.text;
        const isThis = left.childForFieldName('object')?.type === 'this';
        if (property !== undefined) return isThis && frame.cls ? `${frame.cls.name}.${property}` : property;
      }
      break;
    }
    case 'export_statement':
      return node.childForFieldName('name')?.text ?? 'default';
  }
  return node.childForFieldName('name')?.text;
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

function addImport(scope: Scope, analysis: FileAnalysis, local: string, binding: ImportBinding, offset: number): void {
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
  calls.push({ node, scope: frame.scope, enclosingFunction: frame.fn, inLoop: frame.inLoop, statementStart: frame.statementStart });
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
