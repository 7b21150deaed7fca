import * as fs from 'fs';
import * as path from 'path';
import type { TiktokenBPE } from 'js-tiktoken/lite';
import type { BytePairEncodingName } from './tokenizerChoice';

/**
 * Loads a BPE rank table by path, on first use. The built bundles find the tables beside them in
 * `dist/ranks/` (esbuild.js writes them there), so no bundle carries a table it does not need;
 * run from source (unit tests), they come straight from js-tiktoken.
 */
export function loadRanks(encoding: BytePairEncodingName): TiktokenBPE {
  const shipped = path.join(__dirname, 'ranks', `${encoding}.js`);
  const request = fs.existsSync(shipped) ? shipped : `js-tiktoken/ranks/${encoding}`;
  // A computed request keeps esbuild from inlining the 1–2 MB table into the bundle.
  const loaded = require(request) as TiktokenBPE | { default: TiktokenBPE };
  return 'default' in loaded ? loaded.default : loaded;
}
