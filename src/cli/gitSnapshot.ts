import * as core from '../core';
import { UsageError } from './exitCodes';

/**
 * The core's git snapshot (core/workspace/gitSnapshot.ts, shared with the editor's comparison with
 * the base branch), with its GitErrors as the CLI's usage errors: a missing git, a folder outside a
 * repository or a ref that names no commit is a problem with how `diff` was called (exit 2).
 */
function asUsage<A extends unknown[], R>(run: (...args: A) => R): (...args: A) => R {
  return (...args) => {
    try {
      return run(...args);
    } catch (error) {
      throw error instanceof core.GitError ? new UsageError(error.message) : error;
    }
  };
}

export const repositoryRoot = asUsage(core.repositoryRoot);
export const resolveCommit = asUsage(core.resolveCommit);
export const shortCommit = asUsage(core.shortCommit);
export const writeCommitFiles = asUsage(core.writeCommitFiles);
