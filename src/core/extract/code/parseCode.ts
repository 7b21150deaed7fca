import type { Tree } from 'web-tree-sitter';
import { resolveExport, resolverFor } from '../../resolve/exports';
import type { FileAnalysis } from '../../resolve/scope';
import { ResolveSession } from '../../resolve/session';
import { inPasses } from '../../resolve/values';
import { buildCallSites } from './callSites';
import type { CallSite, CodeFile } from '../../codeModel/codeModel';
import { analyzePython } from './python';
import type { SourceReader } from '../../codeModel/sourceReader';
import { grammarForFile, parseTree, type GrammarName } from './treeSitter';
import { analyzeTypeScript } from './typescript';

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

/** Parses an imported workspace file for its constants; its tree lives until the session is disposed. */
async function loadModule(file: string, text: string): Promise<FileAnalysis | undefined> {
  const grammar = grammarForFile(file);
  if (!grammar) return undefined;
  const tree = await parseTree(text, grammar);
  if (!tree) return undefined;
  try {
    return analyze(tree, text, file, grammar);
  } catch {
    tree.delete();
    return undefined;
  }
}

/**
 * Every call in a TypeScript, JavaScript or Python file, with arguments resolved as far as static
 * analysis goes: literals, constants of this file and of imported workspace files (through `reader`),
 * prompt files read from disk, env defaults. `file` is relative to the workspace root (`/`
 * separators); imports and file reads are looked up relative to it.
 *
 * Undefined for other files. Never throws on any input; a grammar that cannot load (a broken
 * install) rejects.
 */
export async function parseCode(text: string, file: string, reader: SourceReader): Promise<CodeFile | undefined> {
  const grammar = grammarForFile(file);
  if (!grammar) return undefined;
  const language = languageOf(grammar);
  const tree = await parseTree(text, grammar);
  if (!tree) return { file, language, calls: [], imports: {}, hasSyntaxErrors: true, text };
  const session = new ResolveSession(reader, loadModule, resolveExport);
  try {
    const analysis = analyze(tree, text, file, grammar);
    const calls = await inPasses(analysis, session, 0, resolverFor(language), (ctx) => buildCallSites(analysis, ctx));
    return { file, language, calls, imports: analysis.imports, hasSyntaxErrors: analysis.hasSyntaxErrors, text };
  } catch {
    return { file, language, calls: [], imports: {}, hasSyntaxErrors: true, text };
  } finally {
    session.dispose();
    tree.delete();
  }
}
