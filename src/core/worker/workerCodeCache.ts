import { createHash } from 'crypto';
import * as path from 'path';

/**
 * V8's code cache for the engine worker's bundle. Every worker compiled its 1.5 MB bundle from
 * source as it started (160–240 ms to load it on an idle machine, several times that while a window
 * is opening a file), and the functions its first outline runs after that: the first "counting…"
 * lenses wait for that outline. Compiled instead with the data V8 produced in an earlier worker's
 * run, the bundle loads in about 90 ms and those functions come compiled: in plain Node, the first
 * outline 457–711 → 217–383 ms after the worker is created, the first analysis 800–1,167 → 531–714 ms.
 *
 * V8 checks the data against the source and its own version and flags, and ignores data that does
 * not match (`cachedDataRejected`); the file is also named after the bundle's stamp and V8's
 * version, so that a rebuilt engine or another Node writes its own.
 */

const CACHE_FILE_PREFIX = 'engine-worker-';
const CACHE_FILE_SUFFIX = '.v8cache';

/** The cache file for a worker bundle with this stamp (its size and time) under `directory`. */
export function workerCodeCacheFile(directory: string, bundleStamp: string): string {
  const key = createHash('sha256').update(`${bundleStamp}\0${process.versions.v8}\0${process.arch}`).digest('hex').slice(0, 16);
  return path.join(directory, `${CACHE_FILE_PREFIX}${key}${CACHE_FILE_SUFFIX}`);
}

/** How the loader hands the worker's code the function that writes the cache (one symbol, shared by name across the two scripts). */
const WRITE_CACHE = 'promptcost.workerCodeCache.write';
/** And what V8 did with the cached data: `CodeCacheState`. */
const CACHE_STATE = 'promptcost.workerCodeCache.state';

/** What became of the code cache as the worker started: V8 compiled the bundle from it, found none, or would not take it. */
export type CodeCacheState = 'used' | 'none' | 'rejected';

/** What a worker started through WORKER_LOADER finds in `workerData`. */
export interface CodeCacheWorkerData {
  promptcostCodeCache: { script: string; cacheFile: string };
}

/**
 * The worker's entry (run with `eval`: plain JavaScript, in the worker's own CommonJS scope): runs
 * the bundle as Node would require it — its own `module`, `require`, `__filename` and `__dirname` —
 * but compiled through `vm.Script` with the cached data when there is any. When there is none, or
 * V8 rejected it, it leaves the bundle a function that writes the cache, called once the worker's
 * first analysis has compiled what a start runs (`saveWorkerCodeCache`).
 */
export const WORKER_LOADER = `
const { workerData, threadId } = require('worker_threads');
const fs = require('fs');
const path = require('path');
const vm = require('vm');
const { createRequire } = require('module');
const { script, cacheFile } = workerData.promptcostCodeCache;
let cachedData;
try {
  cachedData = fs.readFileSync(cacheFile);
} catch {
  // No cache yet (or unreadable): the bundle compiles from source, and the cache is written later.
}
// Node's own CommonJS wrapper, so that the bundle sees what a require would give it.
const wrapped = '(function (exports, require, module, __filename, __dirname) { ' + fs.readFileSync(script, 'utf8') + '\\n});';
const compiled = new vm.Script(wrapped, { filename: script, cachedData });
globalThis[Symbol.for('${CACHE_STATE}')] = compiled.cachedDataRejected === undefined ? 'none' : compiled.cachedDataRejected ? 'rejected' : 'used';
if (compiled.cachedDataRejected !== false) {
  globalThis[Symbol.for('${WRITE_CACHE}')] = () => {
    const temporary = cacheFile + '.' + process.pid + '-' + threadId + '.tmp';
    try {
      fs.mkdirSync(path.dirname(cacheFile), { recursive: true });
      fs.writeFileSync(temporary, compiled.createCachedData());
      fs.renameSync(temporary, cacheFile);
      // Other builds' and other Nodes' caches (1.5–2 MB each): a start reads only its own.
      for (const name of fs.readdirSync(path.dirname(cacheFile))) {
        const other = path.join(path.dirname(cacheFile), name);
        if (name.startsWith('${CACHE_FILE_PREFIX}') && name.endsWith('${CACHE_FILE_SUFFIX}') && other !== cacheFile) fs.rmSync(other, { force: true });
      }
    } catch {
      // Only the next start's compile is lost; the worker's own work is not affected.
      try {
        fs.rmSync(temporary, { force: true });
      } catch {
        // The folder itself could not be made: there is no temporary file to remove.
      }
    }
  };
}
const bundle = { exports: {}, id: script, filename: script, loaded: false };
compiled.runInThisContext().call(bundle.exports, bundle.exports, createRequire(script), bundle, script, path.dirname(script));
bundle.loaded = true;
`;

/** In the worker: what became of the code cache as it started; undefined when it was started without one. */
export function workerCodeCacheState(): CodeCacheState | undefined {
  return (globalThis as unknown as Record<symbol, CodeCacheState | undefined>)[Symbol.for(CACHE_STATE)];
}

/**
 * In the worker: writes V8's code cache for the bundle, once, if the worker was started through
 * WORKER_LOADER without usable cached data; otherwise does nothing. Called after the first
 * analysis, when the functions a start runs are compiled and go into the cache with the rest.
 */
export function saveWorkerCodeCache(): void {
  const registry = globalThis as unknown as Record<symbol, (() => void) | undefined>;
  const key = Symbol.for(WRITE_CACHE);
  const write = registry[key];
  if (!write) return;
  registry[key] = undefined;
  write();
}
