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
   * The names other files import the workspace's LLM-calling modules by (`client` for
   * `lib/ai/client.ts`, the folder for an `index.ts` / `__init__.py`): a file with no SDK import of
   * its own that imports one of them is read too (`import { researcher } from '../lib/agent'`).
   * Undefined when the workspace's files cannot be listed.
   */
  llmModuleNames?(): Promise<ReadonlySet<string> | undefined>;
  /**
   * A workspace code file's text from the copy held for searches, without touching the disk:
   * `{ text }`, or `{}` when the workspace has no such code file. Undefined when no copy is held
   * (then `read` decides).
   */
  heldCodeText?(relativePath: string): Promise<{ text?: string } | undefined>;
}

/** A reader that knows no other file: resolution then stops at the file's own constants. */
export const NO_OTHER_FILES: SourceReader = { read: async () => undefined };
