import type { Tree } from 'web-tree-sitter';
import { resolveExport, resolverFor } from '../../resolve/exports';
import type { FileAnalysis } from '../../resolve/scope';
import { importerArguments } from '../../resolve/importerCalls';
import { ResolveSession } from '../../resolve/session';
import { inPasses } from '../../resolve/values';
import { buildCallSites } from './callSites';
import { buildCallGraph } from './callGraph';
import type { CallSite, CodeFile } from '../../codeModel/codeModel';
import { analyzePython } from './python';
import type { SourceReader } from '../../codeModel/sourceReader';
import type { EnvValue } from '../../volume/envValues';
import { SILENT_LOGGER, type Logger } from '../../log/logger';
import { tooDeepLineStart } from './nesting';
import { grammarForFile, noteParserFault, parseTree, type GrammarName } from './treeSitter';
import { analyzeTypeScript } from './typescript';
import { ParsedModules, type ModuleLease } from './parsedModules';

/** The language of a source file by its extension; undefined for anything but TS/JS/Python. */
export function codeLanguage(file: string): CallSite['language'] | undefined {
  const grammar = grammarForFile(file);
  return grammar === undefined ? undefined : languageOf(grammar);
}

function languageOf(grammar: GrammarName): CallSite['language'] {
  return grammar === 'python' ? 'python' : grammar === 'javascript' ? 'javascript' : 'typescript';
}

function analyze(tree: Tree, text: string, file: string, grammar: GrammarName): FileAnalysis {
  const language = languageOf(grammar);
  return language === 'python' ? analyzePython(tree, text, file) : analyzeTypeScript(tree, text, file, language);
}

/** Parses a workspace file into its analysis; undefined for a file no grammar reads. */
async function parseModule(file: string, whole: string): Promise<FileAnalysis | undefined> {
  const grammar = grammarForFile(file);
  if (!grammar) return undefined;
  const text = parserSafe(whole).text;
  // tree-sitter-python reads a lone `\r` as no line break and flags a clean file as broken; a `\n` of
  // the same length keeps every offset, and the LineIndex reads both as line breaks.
  const tree = await parseTree(text.replace(/\r(?!\n)/g, '\n'), grammar);
  // tree-sitter gives no tree only when parsing was cancelled or timed out, which nothing here asks for.
  if (!tree) throw new Error(`tree-sitter returned no syntax tree for ${file}`);
  try {
    return analyze(tree, text, file, grammar);
  } catch (error) {
    // Nobody else will free this tree; the caller reports the failure.
    tree.delete();
    throw error;
  }
}

/** The files this thread has parsed, shared by its analyses: a file imported by many is parsed once. */
const parsedModules = new ParsedModules(parseModule);

/** The part of a file tree-sitter can be given safely: all of it, or up to the line where brackets nest too deep. */
function parserSafe(whole: string): { text: string; readUpTo?: number } {
  const cut = tooDeepLineStart(whole);
  return cut === undefined ? { text: whole } : { text: whole.slice(0, cut), readUpTo: cut };
}

/**
 * Every call in a TypeScript, JavaScript or Python file, with arguments resolved as far as static
 * analysis goes: literals, constants of this file and of imported workspace files (through `reader`),
 * prompt files read from disk, env values (`env`: promptcost.yaml and env files) and defaults. `file` is relative to the workspace root (`/`
 * separators); imports and file reads are looked up relative to it.
 *
 * Undefined for other files. Broken code is no error: tree-sitter recovers, and `hasSyntaxErrors`
 * says so. A call whose reading fails is left out and listed in `failures` (and logged); a failure
 * of the file as a whole (a bug, or a grammar that cannot load) rejects, for the caller to report as
 * an internal error, never as a syntax error.
 */
export async function parseCode(
  whole: string,
  file: string,
  reader: SourceReader,
  logger: Logger = SILENT_LOGGER,
  env: Readonly<Record<string, EnvValue>> = {},
): Promise<CodeFile | undefined> {
  const grammar = grammarForFile(file);
  if (!grammar) return undefined;
  const language = languageOf(grammar);
  const { readUpTo } = parserSafe(whole);
  let lease: ModuleLease | undefined;
  const session = new ResolveSession(reader, (module, text) => parsedModules.acquire(module, text), resolveExport, logger, env, importerArguments);
  try {
    lease = await parsedModules.acquire(file, whole);
    const analysis = lease.analysis!;
    const { calls, failures, graph } = await inPasses(analysis, session, 0, resolverFor(language), (ctx) => {
      const built = buildCallSites(analysis, ctx);
      return { ...built, graph: buildCallGraph(analysis, ctx, built.calls) };
    });
    for (const failure of failures) logger.error(`Reading a call at ${file}:${failure.range.start.line + 1} failed`, failure.error);
    const code: CodeFile = { file, language, calls, imports: analysis.imports, hasSyntaxErrors: analysis.hasSyntaxErrors, failures, text: whole, graph };
    if (readUpTo !== undefined) code.readUpTo = readUpTo;
    return code;
  } catch (error) {
    noteParserFault(error);
    throw error;
  } finally {
    session.dispose();
    lease?.release();
  }
}
