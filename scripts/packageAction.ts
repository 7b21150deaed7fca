/**
 * `npm run package:action [folder]`: the GitHub Action as a release carries it (default folder:
 * out/action) — what a release tag's tree holds, so that `uses: promptcost/promptcost@<tag>` runs
 * dist/action.js without an install. main keeps sources only; test/process/githubAction.test.ts
 * runs the Action from this layout.
 */
import * as path from 'path';
import { writeActionRelease } from './actionRelease';

const root = path.resolve(__dirname, '..');
const target = path.resolve(root, process.argv[2] ?? 'out/action');
writeActionRelease(root, target);
console.log(`The Action's release files are in ${path.relative(root, target) || '.'}.`);
