import * as fs from 'fs';
import * as path from 'path';
import type { TiktokenBPE } from 'js-tiktoken/lite';
import type { BytePairEncodingName } from './tokenizerChoice';

/**
 * Loads a BPE rank table by path, on first use. The built bundles find the tables beside them in
 * `dist/ranks/` (esbuild.js writes them there), so no bundle carries a table it does not need;
 * run from source (unit tests), OpenAI's come straight from js-tiktoken and Llama 3's from the
 * checkout's dist/ranks/ (written by `node esbuild.js`).
 */
export function loadRanks(encoding: BytePairEncodingName): TiktokenBPE {
  const beside = path.join(__dirname, 'ranks', `${encoding}.js`);
  const inCheckout = path.join(__dirname, '..', '..', '..', 'dist', 'ranks', `${encoding}.js`);
  const request = fs.existsSync(beside) ? beside : encoding === 'llama3' ? inCheckout : `js-tiktoken/ranks/${encoding}`;
  if (encoding === 'llama3' && !fs.existsSync(request))
    throw new Error('The Llama 3 rank table (llama3.js) is missing from this build; `node esbuild.js` writes it.');
  // A computed request keeps esbuild from inlining the 1–2 MB table into the bundle.
  const loaded = require(request) as TiktokenBPE | { default: TiktokenBPE };
  return 'default' in loaded ? loaded.default : loaded;
}
