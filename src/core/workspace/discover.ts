import * as fs from 'fs';
import * as path from 'path';
import { isCodeFile } from '../extract/code/extractCode';
import { promptFileFormat } from '../extract/promptFiles';
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

/** Whether a file may hold prompt sites: a prompt file or TS/JS/Python source. */
export function isCostFile(file: string): boolean {
  return promptFileFormat(file) !== undefined || isCodeFile(file);
}

/**
 * Finds prompt files and source files under a root on disk (for the CLI; the editor uses the
 * workspace's own search, which honours files.exclude and search.exclude). Sorted by path.
 */
export function discoverCostFiles(root: string): WorkspaceFile[] {
  const found: string[] = [];
  const walk = (dir: string) => {
    let entries: fs.Dirent[];
    try {
      entries = fs.readdirSync(dir, { withFileTypes: true });
    } catch {
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
