import type { AgentLoop, EnvSource, FileCallGraph, Position, Range, Segment } from '../types';

/**
 * A language-neutral view of LLM calls in source code. The language front ends (typescript.ts,
 * python.ts) turn a syntax tree into these values; the SDK modules (../sdks/*) read only these, so
 * one SDK module serves both languages (a Python keyword argument and a TypeScript object property
 * are both a `CodeEntry`).
 */

/** What static analysis knows about an expression's value. */
export type CodeValue =
  /** Text, possibly with parts only known at run time: literals, templates, f-strings, concatenation, constants, files read. */
  | { kind: 'string'; segments: Segment[]; range: Range; origin?: StringOrigin }
  | { kind: 'number'; value: number; range: Range }
  | { kind: 'boolean'; value: boolean; range: Range }
  | { kind: 'null'; range: Range }
  /** Object literal / dict literal / keyword arguments, with spreads resolved where possible. */
  | { kind: 'object'; entries: CodeEntry[]; range: Range; unresolvedSpreads: number; insertion: InsertionPoint }
  | { kind: 'array'; items: CodeValue[]; range: Range; unresolvedSpreads: number }
  /** A call whose result is the value: `openai('gpt-4o')`, `new ChatOpenAI({...})`, `types.GenerateContentConfig(...)`. */
  | { kind: 'call'; call: CodeCall; range: Range }
  /**
   * Anything else: a parameter, a function's result, an env read without a default. A parameter
   * with a default carries it (`parameterDefault`): the value when a caller leaves it out, which
   * names a model well but says nothing of the size of a prompt part a caller passes. An env read
   * (`envRead`) has the variable as its `name`.
   */
  | {
      kind: 'unknown';
      text: string;
      range: Range;
      name?: string;
      envDefault?: CodeValue;
      parameterDefault?: CodeValue;
      /**
       * A parameter: what each call of its function passes (the default, or unknown, where a call
       * leaves it out), in this file and, when the function is exported, in the workspace files that
       * import it.
       */
      callerValues?: CodeValue[];
      /**
       * The files of those calls (this one first), when every file that could call the function was
       * read: this file for a function no other file can import. Absent when the workspace's files
       * could not be searched (a reader of one file, a virtual workspace).
       */
      callerFiles?: string[];
      envRead?: true;
    };

/** Where a resolved string came from, for hovers and assumptions. */
export type StringOrigin =
  | { type: 'literal' }
  | { type: 'constant'; name: string; file?: string }
  /** `self.model` / `this.model`: what the class assigns to the attribute (in `__init__`, a constructor, a field). */
  | { type: 'attribute'; name: string }
  | { type: 'file'; path: string }
  /** `process.env.MODEL ?? 'gpt-4o'`, `os.getenv("MODEL", "gpt-4o")`: the default, and the variable. */
  | { type: 'env-default'; variable: string }
  /** An env read whose value promptcost.yaml `env:` or an env file gives. */
  | { type: 'env-map'; variable: string; from: EnvSource };

export interface CodeEntry {
  key: string;
  keyRange: Range;
  value: CodeValue;
  /** The whole `key: value` / `key=value`, for edits that remove or rename it. */
  range: Range;
}

/** Where a new entry can be inserted into an object literal / argument list, and how to write it. */
export interface InsertionPoint {
  position: Position;
  /** Text before the new entry (`, ` or a newline plus indentation) and after it. */
  before: string;
  after: string;
  /** `key: value` (TS/JS object), `key=value` (Python kwargs) or `"key": value` (Python dict). */
  style: 'object' | 'kwargs' | 'dict';
}

export interface CodeArgs {
  positional: CodeValue[];
  /** Python keyword arguments (TS calls have none: their options are a positional object). */
  named: CodeEntry[];
  range: Range;
  /** Where a keyword argument would go (Python), before the closing parenthesis. */
  insertion: InsertionPoint;
  /**
   * Spread arguments that could not be resolved (`...args`, `*args`, `**kwargs`), absent when none:
   * an option such as the output cap may hide in them.
   */
  unresolvedSpreads?: number;
}

export interface CodeCall {
  /** The callee as written, e.g. `client.chat.completions.create`, `generateText`, `ChatOpenAI`. */
  callee: string;
  /** The callee's member chain: `['client', 'chat', 'completions', 'create']`. */
  chain: string[];
  /** `new X(...)`. Python constructor calls look like plain calls: `isNew` is false there. */
  isNew: boolean;
  args: CodeArgs;
  range: Range;
  /**
   * What the chain's first identifier refers to, when it is bound in scope:
   * an import (`openai` default export, `from anthropic import Anthropic`) or a value built
   * by a call (`const client = new OpenAI()` → the `new OpenAI()` call).
   */
  root?: RootBinding;
}

export type RootBinding = { type: 'import'; module: string; name: string } | { type: 'value'; value: CodeValue };

/** One call found in a file, with the context SDK modules and estimates need. */
export interface CallSite {
  call: CodeCall;
  language: 'typescript' | 'javascript' | 'python';
  /** The enclosing function or method name (for stable site ids), `<module>` at top level. */
  enclosingFunction: string;
  /** Inside `for`, `while`, `.map(...)`, `.forEach(...)`, a comprehension… (per-call cost × iterations). */
  inLoop: boolean;
  /**
   * The call is the model call of a hand-written agent loop: its innermost loop (`for`, `while`, `do`)
   * grows a list the call is passed (its messages), with the turn limit the loop states.
   */
  agent?: AgentLoop;
  /**
   * The innermost loop (`for`, `while`, `do`) around the call and the turn limit it states
   * (`kind: 'loop'`), whether or not messages grow in it: for SDKs whose objects keep the conversation
   * (a chat session's sends in a loop are an agent's turns).
   */
  loop?: AgentLoop;
  /** Text of the comment line(s) directly above the call's statement, for `promptcost:` and `promptcost-ignore`. */
  commentAbove?: string;
}

/** A call whose reading threw: where it is, and the error. */
export interface CallFailure {
  range: Range;
  error: unknown;
}

/** Everything a front end found in one file. */
export interface CodeFile {
  file: string;
  language: CallSite['language'];
  calls: CallSite[];
  /** Import bindings: local name → module and exported name (`default` for default imports). */
  imports: Record<string, { module: string; name: string }>;
  /** Whether the parser met syntax errors (calls outside the broken region are still reported). */
  hasSyntaxErrors: boolean;
  /** Calls Prompt Cost failed to read (a bug, logged): the file's other calls are still reported. */
  failures: CallFailure[];
  /** Set when brackets nest too deep to parse safely: the offset where reading stopped (the start of that line). */
  readUpTo?: number;
  /** The file's text, for edits that depend on how it is written (separators, comments, quotes); absent when not known. */
  text?: string;
  /** The calls between the file's functions and into other workspace modules (its sites are added by extraction). */
  graph?: Omit<FileCallGraph, 'sites'>;
}
