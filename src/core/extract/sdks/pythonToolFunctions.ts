import { LineIndex } from '../../text/lineIndex';
import type { Segment } from '../../types';

/**
 * Python functions used as tools (Pydantic AI's `@agent.tool` / `@agent.tool_plain`, or a function
 * passed in `tools=[…]`): the model is sent each as a JSON schema built from its name, its docstring
 * and its parameters. Read from the file's text, the schema written the way those frameworks send
 * it (a name, a description, an object of typed properties, all required but those with defaults),
 * so that its tokens are counted instead of a default size.
 */

const PYTHON_TYPES: Readonly<Record<string, string>> = { str: 'string', int: 'integer', float: 'number', bool: 'boolean', list: 'array', dict: 'object' };

/** `def name(params) -> T:` and the docstring right under it. */
const DEF = /^([ \t]*)(?:async[ \t]+)?def[ \t]+(\w+)[ \t]*\(([^)]*)\)[^:\n]*:[ \t]*\r?\n(?:[ \t]*(?:"""|''')([\s\S]*?)(?:"""|'''))?/gm;

/** Functions decorated `@<agent>.tool` / `@<agent>.tool_plain`, other decorators allowed around them. */
const DECORATED = (agent: string) => new RegExp(`^[ \\t]*@${agent}\\.(tool|tool_plain)\\b[^\\n]*\\r?\\n(?:[ \\t]*@[^\\n]*\\r?\\n)*`, 'gm');

interface PythonFunction {
  name: string;
  parameters: string;
  docstring?: string;
  /** Offset of `def`. */
  start: number;
}

function functionsOf(text: string): PythonFunction[] {
  const found: PythonFunction[] = [];
  for (const match of text.matchAll(DEF)) {
    found.push({ name: match[2], parameters: match[3], docstring: match[4]?.trim(), start: match.index + match[1].length });
  }
  return found;
}

/** The tool schema of `fn` as compact JSON; `skipContext` drops the `RunContext` a `@agent.tool` takes first. */
function toolSchema(fn: PythonFunction, skipContext: boolean): string {
  const properties: Record<string, { type: string }> = {};
  const required: string[] = [];
  const parameters = fn.parameters
    .split(',')
    .map((part) => part.trim())
    .filter((part) => part !== '' && part !== '*' && part !== '/' && !part.startsWith('*'));
  for (const [index, parameter] of parameters.entries()) {
    const [declared, fallback] = parameter.split('=');
    const [name, annotation] = declared.split(':').map((piece) => piece.trim());
    if ((index === 0 && skipContext) || name === 'self' || name === 'ctx') continue;
    properties[name] = { type: PYTHON_TYPES[(annotation ?? '').replace(/\[.*$/, '')] ?? 'string' };
    if (fallback === undefined) required.push(name);
  }
  const schema = { name: fn.name, description: fn.docstring ?? '', parameters: { type: 'object', properties, required } };
  return JSON.stringify(schema);
}

/**
 * The tools `agent` (the name a file binds an Agent to) gets from decorated functions of the file,
 * each a static segment at its `def` line.
 */
export function decoratedToolSegments(text: string, agent: string): Segment[] {
  if (!/^\w+$/.test(agent)) return [];
  const functions = functionsOf(text);
  const index = new LineIndex(text);
  const segments: Segment[] = [];
  for (const decorator of text.matchAll(DECORATED(agent))) {
    const at = decorator.index + decorator[0].length;
    // The `def` the decorators stand on starts the next line (only its indentation in between).
    const fn = functions.find((candidate) => candidate.start >= at && text.slice(at, candidate.start).trim() === '');
    if (!fn) continue;
    segments.push({ kind: 'static', text: toolSchema(fn, decorator[1] === 'tool'), range: index.range(fn.start, fn.start + 3) });
  }
  return segments;
}

/** The schema of a function of the file passed as a tool by name (`tools=[roll_dice]`); undefined when the file has no such `def`. */
export function namedToolSegment(text: string, name: string): Segment | undefined {
  const fn = functionsOf(text).find((candidate) => candidate.name === name);
  if (!fn) return undefined;
  const index = new LineIndex(text);
  return { kind: 'static', text: toolSchema(fn, false), range: index.range(fn.start, fn.start + 3) };
}
