import * as fs from 'fs';
import * as path from 'path';
import type { RankTable } from './bytePairCounter';
import type { BytePairEncodingName } from './tokenizerChoice';

/**
 * Loads a BPE rank table by path, on first use. The built bundles find the tables beside them in
 * `dist/ranks/` as JSON (esbuild.js writes them there), so no bundle carries a table it does not
 * need; run from source (unit tests), OpenAI's come straight from js-tiktoken and the open-weight
 * ones from the checkout's dist/ranks/ (written by `node esbuild.js`).
 *
 * Read and parsed, not required: the counter keeps its own form of the table, and a required
 * module's text and table string stayed in the heap for the life of the thread (3.7 MB for o200k
 * and cl100k).
 */
export function loadRanks(encoding: BytePairEncodingName): RankTable {
  const beside = path.join(__dirname, 'ranks', `${encoding}.json`);
  if (fs.existsSync(beside)) return JSON.parse(fs.readFileSync(beside, 'utf8')) as RankTable;
  if (encoding === 'o200k_base' || encoding === 'cl100k_base') {
    // A computed request keeps esbuild from inlining the 1–2 MB table into the bundle.
    const request = `js-tiktoken/ranks/${encoding}`;
    const loaded = require(request) as RankTable | { default: RankTable };
    return 'default' in loaded ? loaded.default : loaded;
  }
  const inCheckout = path.join(__dirname, '..', '..', '..', 'dist', 'ranks', `${encoding}.json`);
  if (!fs.existsSync(inCheckout)) throw new Error(`The ${encoding} rank table is missing from this build; \`node esbuild.js\` writes it.`);
  return JSON.parse(fs.readFileSync(inCheckout, 'utf8')) as RankTable;
}
