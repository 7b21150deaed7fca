import * as fs from 'fs';
import * as path from 'path';
import { isCodeFile } from '../extract/code/extractCode';
import { PROMPT_FILE_SUFFIXES, promptFileFormat } from '../extract/promptFiles';
import { CODE_FILE_EXTENSIONS } from '../extract/code/treeSitter';
import type { WorkspaceFile } from './scan';

/** Folders that hold dependencies, builds and caches, never a project's own prompts. */
export const ALWAYS_EXCLUDED_FOLDERS = [
  'node_modules',
  '.git',
  'dist',
  'out',
  'build',
  '.vscode-test',
  'coverage',
  '.venv',
  'venv',
  '__pycache__',
  '.next',
  '.turbo',
];

/**
 * Globs of the files that may hold prompt sites, for an editor's file search and document
 * selectors: `prompt` (prompt files), `code` (TS/JS/Python), `all` (both).
 */
export function costFileGlobs(): { prompt: string; code: string; all: string } {
  const glob = (endings: readonly string[]) => `**/*.{${endings.map((ending) => ending.slice(1)).join(',')}}`;
  return { prompt: glob(PROMPT_FILE_SUFFIXES), code: glob(CODE_FILE_EXTENSIONS), all: glob([...PROMPT_FILE_SUFFIXES, ...CODE_FILE_EXTENSIONS]) };
}

/** Whether a file may hold prompt sites: a prompt file or TS/JS/Python source. */
export function isCostFile(file: string): boolean {
  return promptFileFormat(file) !== undefined || isCodeFile(file);
}

/**
 * Finds prompt files and source files under a root on disk (for the CLI; the editor uses the
 * workspace's own search, which honours files.exclude and search.exclude). Sorted by path. A folder
 * that cannot be read is reported through `onUnreadable` and the walk goes on without it.
 */
export function discoverCostFiles(root: string, onUnreadable: (folder: string, error: unknown) => void = () => undefined): WorkspaceFile[] {
  const found: string[] = [];
  const walk = (dir: string) => {
    let entries: fs.Dirent[];
    try {
      entries = fs.readdirSync(dir, { withFileTypes: true });
    } catch (error) {
      onUnreadable(dir, error);
      return;
    }
    for (const entry of entries) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) {
        if (!ALWAYS_EXCLUDED_FOLDERS.includes(entry.name)) walk(full);
      } else if (entry.isFile() && isCostFile(entry.name)) {
        found.push(full);
      }
    }
  };
  walk(root);
  return found
    .map((full) => ({ full, relative: path.relative(root, full).split(path.sep).join('/') }))
    .sort((a, b) => a.relative.localeCompare(b.relative))
    .map(({ full, relative }) => ({ path: relative, read: () => fs.promises.readFile(full) }));
}
