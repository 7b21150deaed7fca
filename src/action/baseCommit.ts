import { execFileSync } from 'child_process';

/**
 * Fetches the pull request's base commit when the checkout lacks it (actions/checkout clones one
 * commit deep by default): into git's object store only, as `git fetch` does, never into the
 * working tree. Says what it did; a fetch that fails is left to the diff to explain.
 */
export function fetchBaseIfMissing(sha: string): void {
  const git = (...args: string[]) => execFileSync('git', args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  try {
    git('cat-file', '-e', `${sha}^{commit}`);
    return;
  } catch {
    // Not here: fetch it below.
  }
  try {
    git('fetch', '--no-tags', '--depth=1', 'origin', sha);
    console.log(`Fetched the base commit ${sha.slice(0, 12)} from origin (the checkout did not have it).`);
  } catch (error) {
    console.log(`Could not fetch the base commit ${sha.slice(0, 12)}: ${((error as { stderr?: string }).stderr ?? String(error)).trim()}`);
  }
}
