/**
 * Reads other files of the workspace while resolving a file's code: imported constants
 * (`import { SYSTEM_PROMPT } from './prompts'`, `from .prompts import SYSTEM`) and prompt text read
 * from disk (`fs.readFileSync(path.join(__dirname, 'system.md'))`, `Path('system.md').read_text()`).
 * Paths are relative to the workspace root with `/` separators; undefined = not readable.
 */
export interface SourceReader {
  read(relativePath: string): Promise<string | undefined>;
  /**
   * The workspace's TS/JS/Python files whose text has `name` as a word, for following the calls of
   * an exported function into the files that import it. Undefined when the workspace's files cannot
   * be listed (a reader of one file, a virtual workspace, a workspace too large to search).
   */
  filesMentioning?(name: string): Promise<readonly string[] | undefined>;
  /**
   * The workspace's LLM-calling modules, and the modules importing them a few steps away: a file
   * with no SDK import of its own that imports one of them is read too
   * (`import { researcher } from '../lib/agent'`). Undefined when the workspace's files cannot be listed.
   */
  llmModules?(): Promise<LlmModules | undefined>;
  /**
   * A workspace code file as the index held for searches knows it, without touching the disk: null
   * when the workspace has no such code file (most of an import's candidate paths), undefined when
   * no index is held (then `read` decides).
   */
  heldCodeFile?(relativePath: string): Promise<HeldCodeFile | null | undefined>;
  /**
   * The workspace code files whose imports may load `target` (as `mayLoad` answers for their
   * `heldCodeFile` entries' imports), in one set; undefined when no index is held.
   */
  filesImporting?(target: string): Promise<ReadonlySet<string> | undefined>;
  /**
   * The workspace code files whose text contains `fragment`, as their `heldCodeFile` entries'
   * `contains` answers, in one set: a file outside it is not a code file of the index or does not
   * contain it. Undefined when no index is held or it cannot tell (see `HeldCodeFile.contains`).
   */
  filesContaining?(fragment: string): Promise<ReadonlySet<string> | undefined>;
  /**
   * The LLM SDK whose own source the file is part of (`@langchain/openai` for a file of that
   * package, not of its tests or examples): its calls are made on its users' behalf and are not
   * read (workspace/sdkPackageSources.ts). Undefined for every other file.
   */
  sdkPackageOwning?(relativePath: string): string | undefined;
}

/** What the reader's index knows of a workspace code file without its text (workspace/workspaceCodeIndex.ts). */
export interface HeldCodeFile {
  /** Its imports, read without parsing (resolve/importedModules.ts). */
  readonly imports: ImportedModules;
  /**
   * Whether its text contains `fragment`; undefined when the index cannot tell (a fragment with
   * characters other than letters, digits, `_` and `$`: the file must be read).
   */
  contains(fragment: string): boolean | undefined;
}

/**
 * What a TS/JS/Python file imports, read from its text without parsing it: the cheap test the task
 * walk runs on a file that names a function before it builds that file's call graph (a workspace
 * where hundreds of files share a function's name, copies of an app or generated clients, otherwise
 * had every one of them extracted in full, within one file's analysis), and the one that tells
 * whether a file without an SDK import imports one of the workspace's LLM modules.
 */
export interface ImportedModules {
  /** Workspace paths (no extension; a package's folder) the imports may name: `./llm`, `../lib`, and every Python import's candidates. */
  paths: string[];
  /** The slashed parts of every other script import (`@/lib/llm`, `openai`): where they lead depends on an alias or package not known here. */
  others: string[][];
}

/** Workspace modules, in the two ways an import may name one. */
export interface LlmModules {
  /**
   * Each module's path from the root without its extension, a folder's `index` or `__init__` as the
   * folder: what a relative import (`../lib/agent`) or a Python import resolves to.
   */
  paths: ReadonlySet<string>;
  /**
   * The name each module is imported by when the import is a package or an alias (`@/lib/agent`),
   * whose target is not known here: its file's stem, or the folder of an index file.
   */
  names: ReadonlySet<string>;
}

/** A reader that knows no other file: resolution then stops at the file's own constants. */
export const NO_OTHER_FILES: SourceReader = { read: async () => undefined };
