import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { ALWAYS_EXCLUDED_FOLDERS } from './discover';
import { MAX_CODE_FILE_BYTES, MAX_PROMPT_FILE_BYTES } from './fileLimits';

/**
 * A git command that could not do what was asked: no git on the PATH, not a repository, a ref that
 * names no commit. Its message says what to do; the CLI shows it as a usage error, the editor logs it.
 */
export class GitError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'GitError';
  }
}

/** A snapshot over the bound it was given: said once, not tried again for the same commit. */
export class TooManyFilesError extends GitError {}

export function git(cwd: string, args: string[], options: { env?: NodeJS.ProcessEnv; input?: string } = {}): string {
  try {
    return execFileSync('git', args, {
      cwd,
      env: options.env,
      input: options.input,
      encoding: 'utf8',
      stdio: ['pipe', 'pipe', 'pipe'],
      maxBuffer: 256 * 1024 * 1024,
    });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') throw new GitError('diff needs git, and no git command was found on the PATH');
    throw error;
  }
}

/** The root of the git repository holding `folder`; a GitError outside any. */
export function repositoryRoot(folder: string): string {
  try {
    return git(folder, ['rev-parse', '--show-toplevel']).trim();
  } catch (error) {
    if (error instanceof GitError) throw error;
    throw new GitError(`${folder} is not in a git repository: diff compares the working tree or a commit with a commit of its repository`);
  }
}

/**
 * The commit a ref names. A ref that names none is a GitError that says what to do: in a
 * shallow clone (CI checkouts are, by default) the base commit is usually just not fetched.
 */
export function resolveCommit(root: string, ref: string): string {
  if (ref.trim() === '' || ref.startsWith('-'))
    throw new GitError(`--base and --head take a branch, tag or commit, such as origin/main or HEAD~1, not '${ref}'`);
  try {
    return git(root, ['rev-parse', '--verify', '--quiet', '--end-of-options', `${ref}^{commit}`]).trim();
  } catch (error) {
    if (error instanceof GitError) throw error;
    const shallow = git(root, ['rev-parse', '--is-shallow-repository']).trim() === 'true';
    if (shallow) {
      throw new GitError(
        `no commit '${ref}' in this shallow clone: fetch it first (git fetch --no-tags --depth=1 origin <branch or sha>), or check out with full history (actions/checkout: fetch-depth: 0)`,
      );
    }
    throw new GitError(`no commit '${ref}' in this repository: give a branch, tag or commit, such as origin/main or HEAD~1`);
  }
}

/** A commit's short id, for labels (`main (3f2a9c1)`). */
export function shortCommit(root: string, commit: string): string {
  return git(root, ['rev-parse', '--short', commit]).trim();
}

/**
 * Files larger than this are never read by an analysis (a prompt or code file over its limit is
 * skipped, and code reads no larger file): a snapshot leaves them out.
 */
const LARGEST_READ_BYTES = Math.max(MAX_PROMPT_FILE_BYTES, MAX_CODE_FILE_BYTES);

/**
 * Writes the files of `commit` under each of `prefixes` (relative to the repository root, `/`
 * separators; '' for all) into `folder`, as they are in the commit. Reads only git's object store,
 * through an index file of its own in `scratch`: the user's working tree, index and branches are
 * never touched. Only what an analysis can read is written: nothing in a folder every scan skips
 * (`node_modules`, `dist`, …), no file over LARGEST_READ_BYTES, no submodule — a monorepo's
 * vendored code, builds and assets would cost the disk and the time for nothing. Past `maxFiles`
 * files to write, nothing is written and a GitError says how many there are.
 */
export function writeCommitFiles(root: string, commit: string, prefixes: readonly string[], folder: string, scratch: string, maxFiles = Infinity): number {
  const env = { ...process.env, GIT_INDEX_FILE: path.join(scratch, `index-${path.basename(folder)}`) };
  git(root, ['read-tree', commit], { env });
  const pathspecs = prefixes.some((prefix) => prefix === '') ? [] : prefixes.map((prefix) => `:(literal)${prefix}`);
  // "<mode> <object> <stage>\t<path>" for each file, NUL-separated.
  const entries = git(root, ['ls-files', '-z', '--stage', '--', ...pathspecs], { env })
    .split('\0')
    .filter((entry) => entry !== '')
    .map((entry) => {
      const tab = entry.indexOf('\t');
      const [mode, object] = entry.slice(0, tab).split(' ');
      return { mode, object, file: entry.slice(tab + 1) };
    })
    // 160000 is a submodule: another repository's commit, not a file.
    .filter(({ mode, file }) => mode !== '160000' && !file.split('/').some((part) => ALWAYS_EXCLUDED_FOLDERS.includes(part)));
  const sizes = blobSizes(
    root,
    entries.filter(({ mode }) => mode !== '120000').map(({ object }) => object),
  );
  const kept = entries.filter(({ object, mode }) => mode === '120000' || (sizes.get(object) ?? 0) <= LARGEST_READ_BYTES);
  if (kept.length > maxFiles)
    throw new TooManyFilesError(
      `the commit has ${kept.length.toLocaleString('en-US')} files to analyse here, more than the ${maxFiles.toLocaleString('en-US')} this reads`,
    );
  fs.mkdirSync(folder, { recursive: true });
  if (kept.length === 0) return 0;
  git(root, ['checkout-index', '-f', '-z', '--stdin', `--prefix=${folder}${path.sep}`], { env, input: kept.map(({ file }) => `${file}\0`).join('') });
  return kept.length;
}

/** Each blob's size in bytes, asked of git once for all of them. */
function blobSizes(root: string, objects: readonly string[]): Map<string, number> {
  const sizes = new Map<string, number>();
  if (objects.length === 0) return sizes;
  const answer = git(root, ['cat-file', '--batch-check=%(objectname) %(objectsize)'], { input: `${[...new Set(objects)].join('\n')}\n` });
  for (const line of answer.split('\n')) {
    const [object, size] = line.split(' ');
    if (object && size !== undefined) sizes.set(object, Number(size));
  }
  return sizes;
}
