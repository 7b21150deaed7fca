import { git, GitError } from './gitSnapshot';

/** `promptcost.compareTo`: `auto` (the upstream's default branch), `off`, or any git ref. */
export const COMPARE_TO_AUTO = 'auto';
export const COMPARE_TO_OFF = 'off';

/** The commit the working tree is compared with, and how it is shown (`vs main`). */
export interface BaseCommit {
  /** The repository's root on disk. */
  root: string;
  /** The full commit id: what the base's analysis is cached by. */
  commit: string;
  /** The short name shown beside figures: `main` for `origin/main`, otherwise the ref as set. */
  label: string;
  /** The ref the commit came from (`origin/main`), for log lines. */
  ref: string;
}

/** No base to compare with, and why (one log line; never shown as a figure). */
export interface NoBase {
  /** Why there is no base, as a sentence for the log. */
  reason: string;
  /** True for a setting that names no commit: worth a warning, where "not a repository" is the usual case. */
  misconfigured: boolean;
}

/** Branches tried, in order, when the remote names no default branch. */
const DEFAULT_BRANCHES = ['refs/remotes/origin/main', 'refs/remotes/origin/master', 'refs/heads/main', 'refs/heads/master'];

/**
 * The commit `compareTo` means for the repository holding `folder`. `auto` is the merge-base of HEAD
 * and the upstream's default branch (origin/HEAD, else main or master, remote first): what a pull
 * request would show. Any other value is a ref, compared with as it is. Only reads git; nothing in
 * the working tree, the index or the refs changes.
 */
export function resolveBase(folder: string, compareTo: string): BaseCommit | NoBase {
  const setting = compareTo.trim();
  if (setting === '' || setting === COMPARE_TO_OFF) return { reason: 'promptcost.compareTo is off', misconfigured: false };
  let root: string;
  try {
    root = git(folder, ['rev-parse', '--show-toplevel']).trim();
  } catch (error) {
    return { reason: error instanceof GitError ? 'no git command on the PATH' : `${folder} is not in a git repository`, misconfigured: false };
  }
  if (!answers(root, ['rev-parse', '--verify', '--quiet', 'HEAD^{commit}']))
    return { reason: `the repository at ${root} has no commit yet`, misconfigured: false };
  if (setting === COMPARE_TO_AUTO) return autoBase(root);
  if (setting.startsWith('-')) return { reason: `promptcost.compareTo must be auto, off or a branch, tag or commit, not '${setting}'`, misconfigured: true };
  const commit = answers(root, ['rev-parse', '--verify', '--quiet', '--end-of-options', `${setting}^{commit}`]);
  if (!commit)
    return { reason: `promptcost.compareTo names no commit in ${root}: '${setting}' (set a branch, tag or commit, auto or off)`, misconfigured: true };
  return { root, commit, label: setting, ref: setting };
}

function autoBase(root: string): BaseCommit | NoBase {
  const remoteHead = answers(root, ['symbolic-ref', '--quiet', 'refs/remotes/origin/HEAD']);
  const candidates = remoteHead ? [remoteHead, ...DEFAULT_BRANCHES] : DEFAULT_BRANCHES;
  const branch = candidates.find((ref) => answers(root, ['rev-parse', '--verify', '--quiet', `${ref}^{commit}`]) !== undefined);
  if (!branch) return { reason: `no default branch in ${root} (no origin/HEAD, main or master)`, misconfigured: false };
  const commit = answers(root, ['merge-base', 'HEAD', branch]);
  if (!commit) return { reason: `HEAD and ${shortRef(branch)} have no commit in common in ${root}`, misconfigured: false };
  return { root, commit, label: branchName(branch), ref: shortRef(branch) };
}

/** The command's first line of output; undefined when it fails (a ref that does not exist). */
function answers(root: string, args: string[]): string | undefined {
  try {
    const out = git(root, args).trim();
    return out === '' ? undefined : out;
  } catch {
    // A failed query is an answer here: the ref does not exist.
    return undefined;
  }
}

/** `refs/remotes/origin/main` → `origin/main`; `refs/heads/main` → `main`. */
const shortRef = (ref: string) => ref.replace(/^refs\/(heads|remotes)\//, '');
/** `refs/remotes/origin/main` → `main`: the branch as people name it. */
const branchName = (ref: string) => ref.replace(/^refs\/heads\//, '').replace(/^refs\/remotes\/[^/]+\//, '');
