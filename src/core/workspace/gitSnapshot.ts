import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';

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
 * Writes the files of `commit` under each of `prefixes` (relative to the repository root, `/`
 * separators; '' for all) into `folder`, as they are in the commit. Reads only git's object store,
 * through an index file of its own in `scratch`: the user's working tree, index and branches are
 * never touched.
 */
export function writeCommitFiles(root: string, commit: string, prefixes: readonly string[], folder: string, scratch: string): void {
  const env = { ...process.env, GIT_INDEX_FILE: path.join(scratch, `index-${path.basename(folder)}`) };
  git(root, ['read-tree', commit], { env });
  const pathspecs = prefixes.some((prefix) => prefix === '') ? [] : prefixes.map((prefix) => `:(literal)${prefix}`);
  const files = git(root, ['ls-files', '-z', '--', ...pathspecs], { env });
  fs.mkdirSync(folder, { recursive: true });
  if (files === '') return;
  git(root, ['checkout-index', '-f', '-z', '--stdin', `--prefix=${folder}${path.sep}`], { env, input: files });
}
