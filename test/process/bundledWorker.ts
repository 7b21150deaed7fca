import * as fs from 'fs';
import * as path from 'path';

/** The bundled engine worker, as the extension runs it; `npm test` builds it first. */
export const WORKER_SCRIPT = path.resolve(__dirname, '../../dist/engineWorker.js');

/** A mocha `before` hook: fail with a clear message when the bundle is missing. */
export function requireBundledWorker(): void {
  if (!fs.existsSync(WORKER_SCRIPT)) throw new Error(`${WORKER_SCRIPT} is missing: run "node esbuild.js" first.`);
}
