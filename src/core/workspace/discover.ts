import * as fs from 'fs';
import * as path from 'path';
import { isCodeFile } from '../extract/code/extractCode';
import { PROMPT_FILE_SUFFIXES, promptFileFormat } from '../extract/promptFiles';
import { CODE_FILE_EXTENSIONS } from '../extract/code/treeSitter';
import { BROKEN_LINK, diskWorkspaceFile, isInside, notReadFile, notRegular, OUTSIDE_LINK, readProblem } from './diskFile';
import type { NotRead } from './fileLimits';
import { listFolder } from './folderListing';
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
 * workspace's own search, which honours files.exclude and search.exclude). Sorted by path.
 *
 * What cannot be scanned is in the list too, as an entry whose `read` says why, so that the scan
 * lists it as skipped: a folder that cannot be read (the walk goes on without it), a named pipe,
 * device or socket with a prompt or source file's name, a link out of the root, a link to nothing.
 *
 * Links are followed when they lead inside the root, and each real file and folder is scanned once
 * (under its own path when the walk reaches it directly), so a link loop ends and nothing is counted
 * twice. A link that leads out of the root is not followed: scanning a folder reads that folder.
 */
export function discoverCostFiles(root: string): WorkspaceFile[] {
  const entries = new Map<string, WorkspaceFile>();
  const add = (file: WorkspaceFile) => entries.set(file.path, file);
  // Real paths of the files and folders found, so that one reached again through a link is skipped.
  const realFiles = new Set<string>();
  const walkedFolders = new Set<string>();
  const links: Array<{ full: string; relative: string }> = [];
  let realRoot: string;
  try {
    realRoot = fs.realpathSync(root);
  } catch {
    // The root cannot be resolved, so it cannot be read either: the walk below lists it as unreadable.
    realRoot = path.resolve(root);
  }

  /** Walks a folder and those under it, without following links: those are kept for later. */
  const walk = (start: { full: string; real: string; relative: string }) => {
    const folders = [start];
    for (let folder = folders.pop(); folder; folder = folders.pop()) {
      walkedFolders.add(folder.real);
      let dirents: readonly fs.Dirent[];
      try {
        dirents = listFolder(folder.full);
      } catch (error) {
        add(notReadFile(folder.relative || '.', unreadableFolder(error)));
        continue;
      }
      // What path.join gives for any entry of the folder, up to the entry's name: an entry's name
      // holds no separator and is never `.` or `..`, so its path is this prefix and the name. A
      // path.join per entry was a fifth of a re-scan's listing, most of it in the garbage its
      // normalising left.
      const fullPrefix = path.join(folder.full, '_').slice(0, -1);
      const realPrefix = path.join(folder.real, '_').slice(0, -1);
      for (const dirent of dirents) {
        const full = fullPrefix + dirent.name;
        const real = realPrefix + dirent.name;
        const relative = folder.relative ? `${folder.relative}/${dirent.name}` : dirent.name;
        if (dirent.isDirectory()) {
          if (!ALWAYS_EXCLUDED_FOLDERS.includes(dirent.name)) folders.push({ full, real, relative });
        } else if (dirent.isSymbolicLink()) {
          if (!ALWAYS_EXCLUDED_FOLDERS.includes(dirent.name)) links.push({ full, relative });
        } else if (isCostFile(dirent.name)) {
          if (dirent.isFile()) {
            realFiles.add(real);
            add(diskWorkspaceFile(full, relative));
          } else {
            add(notReadFile(relative, notRegular(dirent)));
          }
        }
      }
    }
  };

  /** Follows a link found by the walk, once every real file and folder has been found under its own path. */
  const follow = ({ full, relative }: { full: string; relative: string }) => {
    const costName = isCostFile(path.basename(full));
    let real: string;
    let stats: fs.Stats;
    try {
      real = fs.realpathSync(full);
      stats = fs.statSync(real);
    } catch (error) {
      // A link to nothing holds no prompt, unless its name says it is one.
      if (costName) add(notReadFile(relative, brokenLink(error)));
      return;
    }
    if (!isInside(realRoot, real)) {
      // A folder may hold prompts whatever its name; a file only if its name is a prompt or source file's.
      if (stats.isDirectory() || costName) add(notReadFile(relative, OUTSIDE_LINK));
    } else if (stats.isDirectory()) {
      // A folder already walked (the root, an ancestor: a loop) adds nothing the second time.
      if (!walkedFolders.has(real)) walk({ full: real, real, relative });
    } else if (costName && !stats.isFile()) {
      add(notReadFile(relative, notRegular(stats)));
    } else if (costName && !realFiles.has(real)) {
      realFiles.add(real);
      add(diskWorkspaceFile(real, relative));
    }
  };

  walk({ full: root, real: realRoot, relative: '' });
  // Links found while following links are appended, and followed in turn.
  for (let i = 0; i < links.length; i++) follow(links[i]);
  return [...entries.values()].sort((a, b) => a.path.localeCompare(b.path));
}

function unreadableFolder(error: unknown): NotRead {
  const { reason } = readProblem(error);
  return { cause: 'unreadable', reason: `a folder that cannot be read (${reason}); its files are not scanned` };
}

/** Why a link cannot be followed: its target is missing (the link itself is there), a loop, or unreadable. */
function brokenLink(error: unknown): NotRead {
  const code = (error as NodeJS.ErrnoException).code;
  return code === 'ENOENT' || code === 'ENOTDIR' ? BROKEN_LINK : readProblem(error);
}
