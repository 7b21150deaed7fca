import * as fs from 'fs';
import * as path from 'path';
import type * as TreeSitter from 'web-tree-sitter';
import { BrokenInstallError } from '../../log/brokenInstallError';
import { errorMessage } from '../../log/logger';
import { own } from '../../records';
import { useDirectI32Access, type WasmMemoryAccess } from './treeSitterMemoryAccess';

/** The grammars this extension parses code with (from @vscode/tree-sitter-wasm). */
export type GrammarName = 'typescript' | 'tsx' | 'javascript' | 'python';

// The JavaScript grammar parses JSX itself, so .jsx needs no TSX grammar.
const GRAMMAR_BY_EXTENSION: Readonly<Record<string, GrammarName>> = {
  '.ts': 'typescript',
  '.mts': 'typescript',
  '.cts': 'typescript',
  '.tsx': 'tsx',
  '.js': 'javascript',
  '.mjs': 'javascript',
  '.cjs': 'javascript',
  '.jsx': 'javascript',
  '.py': 'python',
};

/** File extensions of the source code Prompt Cost reads (`.ts`, `.py`, …). */
export const CODE_FILE_EXTENSIONS: readonly string[] = Object.keys(GRAMMAR_BY_EXTENSION);

/** The grammar for a file by its extension; undefined for files that are not TS/JS/Python. */
export function grammarForFile(file: string): GrammarName | undefined {
  const extension = /\.[^./\\]+$/.exec(file)?.[0].toLowerCase();
  return extension === undefined ? undefined : own(GRAMMAR_BY_EXTENSION, extension);
}

/**
 * A .wasm file: the bundles find it beside them in `dist/grammars/` (esbuild.js copies it there, and
 * the .vsix ships no node_modules); run from source, it comes from its package.
 */
function wasmFile(name: string, packageRequest: string): string {
  const shipped = path.join(__dirname, 'grammars', name);
  // A computed request: esbuild leaves it alone (the bundles never take this branch).
  return fs.existsSync(shipped) ? shipped : require.resolve(packageRequest);
}

let runtime: Promise<typeof TreeSitter> | undefined;
let directMemoryAccess: boolean | undefined;
const languages = new Map<GrammarName, Promise<TreeSitter.Language>>();
const parsers = new Map<GrammarName, TreeSitter.Parser>();

/** web-tree-sitter, initialised once; its 200 KB runtime loads on the first parse, not on activation. */
function loadRuntime(): Promise<typeof TreeSitter> {
  runtime ??= (async () => {
    const treeSitter = require('web-tree-sitter') as typeof TreeSitter;
    const runtimeWasm = wasmFile('web-tree-sitter.wasm', 'web-tree-sitter/web-tree-sitter.wasm');
    // Bundled, the runtime would look for its .wasm beside dist/extension.js: point it at the copy.
    // Emscripten makes the options object the module itself, so it is also where its memory accessors live.
    let started = false;
    const module = {
      locateFile: (name: string, directory: string) => (name === 'web-tree-sitter.wasm' ? runtimeWasm : directory + name),
      // Before the start, Emscripten prints the failure the start rejects with, which the caller
      // reports with what fixes it: printed raw as well, it reached a CLI user's terminal twice.
      printErr: (line: string) => {
        if (started) console.error(`web-tree-sitter: ${line}`);
      },
    };
    await treeSitter.Parser.init(module);
    started = true;
    directMemoryAccess = useDirectI32Access(module as Partial<WasmMemoryAccess> as WasmMemoryAccess);
    return treeSitter;
  })().catch((error: unknown) => {
    throw new ParserUnavailableError('The code parser (web-tree-sitter) could not start', error);
  });
  runtime.catch((error: ParserUnavailableError) => {
    if (error.mayPass) runtime = undefined;
  });
  return runtime;
}

/**
 * Whether the started runtime reads and writes its memory directly (treeSitterMemoryAccess.ts);
 * undefined before it starts. A test checks it, so that an update of web-tree-sitter that changes
 * its module's layout does not quietly make every parse slower.
 */
export function treeSitterMemoryAccessIsDirect(): boolean | undefined {
  return directMemoryAccess;
}

/** Starts web-tree-sitter ahead of the first parse (a warm-up; parsing starts it anyway). */
export async function initTreeSitter(): Promise<void> {
  await loadRuntime();
}

/** The grammar, loaded once (0.4–1.4 MB of wasm each). */
export function loadLanguage(grammar: GrammarName): Promise<TreeSitter.Language> {
  let language = languages.get(grammar);
  if (!language) {
    language = loadRuntime().then((treeSitter) => {
      const file = `tree-sitter-${grammar}.wasm`;
      // Its bytes, not its path: given a path, web-tree-sitter reads it through a dynamic import(),
      // which a script compiled from V8's code cache cannot run (worker/workerCodeCache.ts).
      return fs.promises
        .readFile(wasmFile(file, `@vscode/tree-sitter-wasm/wasm/${file}`))
        .then((bytes) => treeSitter.Language.load(bytes))
        .catch((error: unknown) => {
          throw new ParserUnavailableError(`The ${grammar} grammar could not load`, error);
        });
    });
    languages.set(grammar, language);
    language.catch((error: unknown) => {
      if (!(error instanceof ParserUnavailableError) || error.mayPass) languages.delete(grammar);
    });
  }
  return language;
}

/**
 * The parser's runtime or a grammar did not load. It is no WebAssembly fault (nothing ran in the
 * parser's memory), so the worker goes on: files that need no parsing are analysed as usual, and each
 * code file fails at once with this message. The failure is kept for the thread unless it `mayPass`:
 * before, each of a scan's code files compiled the same damaged .wasm again and restarted the worker.
 */
export class ParserUnavailableError extends BrokenInstallError {
  constructor(what: string, cause: unknown) {
    // Emscripten's abort message ends with advice for whoever builds the runtime, not for a user.
    super(what, cause, errorMessage(cause).replace(/\s*Build with -sASSERTIONS for more info\.?$/, ''));
  }
}

let parserBroken = false;

/** WebAssembly's fault type (the compiler's lib holds no WebAssembly declarations; Node has it at run time). */
const WASM_RUNTIME_ERROR = (globalThis as unknown as { WebAssembly: { RuntimeError: new () => Error } }).WebAssembly.RuntimeError;

/**
 * Whether a WebAssembly fault (a stack overflow in tree-sitter's C code) has left the parser's memory
 * unusable for this thread: every parse after it fails. The engine worker then stops itself and is
 * started again; in process, only a new process helps.
 */
export function parserIsBroken(): boolean {
  return parserBroken;
}

/** Notes an error from parsing or walking a tree: a WebAssembly fault means the parser is broken. */
export function noteParserFault(error: unknown): void {
  if (error instanceof WASM_RUNTIME_ERROR) parserBroken = true;
}

/**
 * Parses `text`; the caller frees the tree with `tree.delete()`. Parsing is synchronous, so one
 * parser per grammar serves every caller. With `previous` (an earlier tree of the same file, already
 * told of the edit with `tree.edit`), tree-sitter re-uses what the edit left untouched.
 */
export async function parseTree(text: string, grammar: GrammarName, previous?: TreeSitter.Tree): Promise<TreeSitter.Tree | undefined> {
  const language = await loadLanguage(grammar);
  const treeSitter = await loadRuntime();
  let parser = parsers.get(grammar);
  if (!parser) {
    parser = new treeSitter.Parser();
    parser.setLanguage(language);
    parsers.set(grammar, parser);
  }
  try {
    return parser.parse(text, previous) ?? undefined;
  } catch (error) {
    noteParserFault(error);
    throw error;
  }
}

/** An edit of a parsed text: offsets, and points whose columns count UTF-16 code units as web-tree-sitter does. */
export interface TreeEdit {
  startIndex: number;
  oldEndIndex: number;
  newEndIndex: number;
  startPosition: TreeSitter.Point;
  oldEndPosition: TreeSitter.Point;
  newEndPosition: TreeSitter.Point;
}

/** Tells a tree of an edit of its text, so that parsing the new text with it re-uses what the edit left alone. */
export function editTree(tree: TreeSitter.Tree, edit: TreeEdit): void {
  // The tree exists, so the runtime is loaded: this require is a cache hit.
  const { Edit } = require('web-tree-sitter') as typeof TreeSitter;
  tree.edit(new Edit(edit));
}
