import * as fs from 'fs';
import * as path from 'path';

/**
 * What a release of the GitHub Action holds, relative to the repository root: action.yml and the
 * bundles it runs — the Action, the engine worker it starts, the tokenizer tables and the grammars
 * they load by path. No node_modules: the bundles carry their dependencies.
 */
export const ACTION_RELEASE_FILES = ['action.yml', 'LICENSE', 'dist/action.js', 'dist/engineWorker.js', 'dist/ranks', 'dist/vocab', 'dist/grammars'];

/** Copies the Action's release files from `root` (built: `node esbuild.js`) into `target`. */
export function writeActionRelease(root: string, target: string): void {
  for (const entry of ACTION_RELEASE_FILES) {
    const from = path.join(root, entry);
    if (!fs.existsSync(from)) throw new Error(`${entry} is missing: build first (node esbuild.js --production)`);
    fs.mkdirSync(path.dirname(path.join(target, entry)), { recursive: true });
    fs.cpSync(from, path.join(target, entry), { recursive: true });
  }
}
