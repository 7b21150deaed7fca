import * as fs from 'fs';
import * as path from 'path';
import type { RankTable } from './bytePairCounter';
import type { BytePairEncodingName } from './tokenizerChoice';

/**
 * Loads a BPE rank table by path, on first use. The built bundles find the tables beside them in
 * `dist/ranks/` (esbuild.js writes them there), so no bundle carries a table it does not need;
 * run from source (unit tests), OpenAI's come straight from js-tiktoken and the open-weight ones
 * from the checkout's dist/ranks/ (written by `node esbuild.js`).
 */
export function loadRanks(encoding: BytePairEncodingName): RankTable {
  const beside = path.join(__dirname, 'ranks', `${encoding}.js`);
  const inCheckout = path.join(__dirname, '..', '..', '..', 'dist', 'ranks', `${encoding}.js`);
  const fromJsTiktoken = encoding === 'o200k_base' || encoding === 'cl100k_base';
  const request = fs.existsSync(beside) ? beside : fromJsTiktoken ? `js-tiktoken/ranks/${encoding}` : inCheckout;
  if (!fromJsTiktoken && !fs.existsSync(request)) throw new Error(`The ${encoding} rank table is missing from this build; \`node esbuild.js\` writes it.`);
  // A computed request keeps esbuild from inlining the 1–2 MB table into the bundle.
  const loaded = require(request) as RankTable | { default: RankTable };
  return 'default' in loaded ? loaded.default : loaded;
}
