import type { Node, Tree } from 'web-tree-sitter';

/**
 * What a top-level statement of a source file is, for incremental analysis:
 * - `callable`: a function or class (or a `const` bound to one) — its parameters take the values its callers pass;
 * - `value`: any other declaration (`const MODEL = …`, `X = 1` in Python, a type);
 * - `import`: an import or re-export;
 * - `statement`: code that runs at load (a call, an `if __name__ == …` block): what it changes is not read from its shape;
 * - `comment`.
 */
export type UnitKind = 'callable' | 'value' | 'import' | 'statement' | 'comment';

/** One top-level statement of a file. */
export interface TopLevelUnit {
  kind: UnitKind;
  /** Offsets in the text (UTF-16 code units), end exclusive. */
  start: number;
  end: number;
  startLine: number;
  endLine: number;
  /**
   * The names it binds at the top level. For an import or a statement this over-approximates (every
   * name of an import; every name a statement assigns or mutates), which costs only speed.
   */
  declares: readonly string[];
}

const IDENTIFIER = /[A-Za-z_$\u00a0-\uffff][\w$\u00a0-\uffff]*/g;
/** A name assigned or mutated: `X = …`, `X.y = …`, `X[k] += …`, `X.push(…)`, `X.append(…)`. */
const ASSIGNED =
  /([A-Za-z_$][\w$]*)\s*(?:(?:\.\s*[A-Za-z_$][\w$]*|\[[^\]\n]*\])\s*)*(?:(?:\*\*|\/\/|<<|>>|[-+*/%&|^@])?=(?![=>])|\.\s*(?:push|unshift|splice|append|extend|insert|update|setdefault|add|set)\s*\()/g;

const CALLABLE_DECLARATIONS = new Set([
  'function_declaration',
  'generator_function_declaration',
  'class_declaration',
  'abstract_class_declaration',
  'function_definition',
  'class_definition',
]);
const VALUE_DECLARATIONS = new Set(['interface_declaration', 'type_alias_declaration', 'enum_declaration', 'ambient_declaration', 'module', 'internal_module']);
const FUNCTION_VALUES = new Set(['arrow_function', 'function_expression', 'function', 'generator_function', 'class']);
const IMPORTS = new Set(['import_statement', 'import_from_statement', 'future_import_statement']);

/** Every name in a piece of code, keywords and property names included (an over-approximation of what it reads). */
export function namesIn(text: string): Set<string> {
  return new Set(text.match(IDENTIFIER) ?? []);
}

/** The top-level statements of a parsed file, in order. */
export function topLevelUnits(tree: Tree): TopLevelUnit[] {
  const units: TopLevelUnit[] = [];
  for (const node of tree.rootNode.namedChildren) {
    if (!node) continue;
    const { kind, declares } = classify(node);
    units.push({ kind, start: node.startIndex, end: node.endIndex, startLine: node.startPosition.row, endLine: node.endPosition.row, declares });
  }
  return units;
}

function classify(node: Node): { kind: UnitKind; declares: string[] } {
  const type = node.type;
  if (type === 'comment') return { kind: 'comment', declares: [] };
  if (IMPORTS.has(type)) return { kind: 'import', declares: [...namesIn(node.text)] };
  if (type === 'export_statement') {
    const declaration = node.childForFieldName('declaration');
    if (declaration) return classify(declaration);
    // `export default <expression>`, `export { a as b }`, `export * from …`: treated as an import.
    return { kind: 'import', declares: ['default', ...namesIn(node.text)] };
  }
  if (type === 'decorated_definition') {
    const definition = node.childForFieldName('definition');
    return definition ? classify(definition) : statement(node);
  }
  if (CALLABLE_DECLARATIONS.has(type)) {
    const name = node.childForFieldName('name')?.text;
    return name ? { kind: 'callable', declares: [name] } : statement(node);
  }
  if (VALUE_DECLARATIONS.has(type)) {
    const name = node.childForFieldName('name')?.text;
    return name ? { kind: 'value', declares: [name] } : statement(node);
  }
  if (type === 'lexical_declaration' || type === 'variable_declaration') return variables(node);
  if (type === 'expression_statement' && node.namedChildCount === 1 && node.namedChild(0)?.type === 'assignment') {
    const left = node.namedChild(0)?.childForFieldName('left');
    if (left && (left.type === 'identifier' || left.type === 'pattern_list' || left.type === 'tuple_pattern'))
      return { kind: 'value', declares: [...namesIn(left.text)] };
  }
  return statement(node);
}

/** `const a = …, b = …`: callable when every value is a function or class. */
function variables(node: Node): { kind: UnitKind; declares: string[] } {
  const declares: string[] = [];
  let callable = true;
  for (const declarator of node.namedChildren) {
    if (declarator?.type !== 'variable_declarator') continue;
    const name = declarator.childForFieldName('name');
    if (name) declares.push(...namesIn(name.text));
    if (!FUNCTION_VALUES.has(declarator.childForFieldName('value')?.type ?? '')) callable = false;
  }
  return { kind: callable && declares.length > 0 ? 'callable' : 'value', declares };
}

function statement(node: Node): { kind: UnitKind; declares: string[] } {
  const declares = new Set<string>();
  for (const match of node.text.matchAll(ASSIGNED)) declares.add(match[1]);
  return { kind: 'statement', declares: [...declares] };
}
