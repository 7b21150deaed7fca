import * as path from 'path';

/** Repository root (this file is test/harness/paths.ts). */
export const REPO_ROOT = path.resolve(__dirname, '../..');
/** Git-ignored cache for downloaded test hosts, like @vscode/test-electron's own `.vscode-test/`. */
export const TEST_CACHE = path.join(REPO_ROOT, '.vscode-test');
export const FIXTURE_WORKSPACE = path.join(REPO_ROOT, 'test/fixtures/workspace');
/** Screenshots and logs of the last E2E run. */
export const E2E_OUTPUT = path.join(REPO_ROOT, 'out/e2e');
