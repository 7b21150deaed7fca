import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import { Tiktoken } from 'js-tiktoken/lite';
import { BytePairCounter, LONGEST_EXACT_RUN } from '../../src/core/tokens/bytePairCounter';
import { loadRanks } from '../../src/core/tokens/ranks';
import type { BytePairEncodingName } from '../../src/core/tokens/tokenizerChoice';

/**
 * The counter must count every ordinary text exactly as js-tiktoken encodes it (the tokenizer the
 * project used before, and a port of OpenAI's): random prose, code, text in many scripts and runs
 * of one character are compared with js-tiktoken's own `encode`, text by text.
 */
const ENCODINGS: BytePairEncodingName[] = ['o200k_base', 'cl100k_base'];
const TEXTS_PER_KIND = 250;

/** mulberry32: a small seeded generator, so that a failing text can be produced again. */
function seeded(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

type Random = () => number;
const pick = <T>(random: Random, items: readonly T[]): T => items[Math.floor(random() * items.length)];
const between = (random: Random, min: number, max: number) => min + Math.floor(random() * (max - min + 1));

const WORDS = ['the', 'quick', 'Brown', 'fox', 'jumps', 'OVER', 'lazy', 'dog', 'refund', 'policy', 'customer', 'Anthropic', 'OpenAI', 'tokens'];
const CONTRACTIONS = ["don't", "it's", "We'LL", "they've", "I'm", "she'd", "you're", "O'Brien", "rock'n'roll"];
const PUNCTUATION = ['.', ',', ';', ':', '!', '?', '…', ' —', ' (', ')', '"', '“', '”', "'", '...', '?!'];
const NUMBERS = ['1', '42', '2024', '3.14159', '1,000,000', '0x1F', '10e-3', '007', '123456789012'];

function prose(random: Random, length: number): string {
  let text = '';
  while (text.length < length) {
    const roll = random();
    if (roll < 0.6) text += pick(random, WORDS);
    else if (roll < 0.7) text += pick(random, CONTRACTIONS);
    else if (roll < 0.8) text += pick(random, NUMBERS);
    else text += pick(random, PUNCTUATION);
    text += pick(random, [' ', ' ', ' ', ' ', '  ', '\n', '\n\n', '\r\n', '\t', '']);
  }
  return text.slice(0, length);
}

const IDENTIFIERS = ['countTokens', 'max_tokens', 'HTTPServer', 'x', '_private', '$el', 'parseJSON', 'snake_case_name', 'i18n', 'ÄpfelZähler'];
const CODE_PIECES = [
  '=== ',
  '=> ',
  '+= ',
  '${',
  '}',
  '{',
  '(',
  ')',
  '[',
  ']',
  ';',
  ',',
  '.',
  ' // TODO: ',
  '/* ',
  ' */',
  "'",
  '"',
  '`',
  '<|endoftext|>',
  '#!',
  '@decorator',
  '\\n',
  '::',
  '->',
  '**',
];
const INDENTS = ['', '  ', '    ', '\t', '\t\t', '        '];

function code(random: Random, length: number): string {
  let text = '';
  while (text.length < length) {
    text += pick(random, INDENTS);
    const parts = between(random, 1, 12);
    for (let i = 0; i < parts; i++) {
      const roll = random();
      text += roll < 0.45 ? pick(random, IDENTIFIERS) : roll < 0.55 ? pick(random, NUMBERS) : pick(random, CODE_PIECES);
      if (random() < 0.4) text += ' ';
    }
    text += pick(random, ['\n', '\n', '\r\n', '  \n', '\n\n\n', ' ']);
  }
  return text.slice(0, length);
}

/** Scripts, marks, emoji (with ZWJ sequences and flags), symbols, lone surrogates and special-token strings. */
const UNICODE_PIECES = [
  'お誕生日おめでとう',
  'カタカナ',
  '中文文本测试',
  '한국어 텍스트',
  'Ελληνικά',
  'Русский текст',
  'العربية',
  'हिन्दी',
  'ภาษาไทย',
  'e\u0301',
  'n\u0303a\u0308',
  'ǅ',
  'ⅷ',
  '²³',
  '😀',
  '👩‍👩‍👧',
  '🇫🇷',
  '→',
  '•',
  '©',
  '\u00a0',
  '\u2028',
  '\u3000',
  '\ud800',
  '\udfff',
  '<|im_start|>',
  '<|endofprompt|>',
];

function unicode(random: Random, length: number): string {
  let text = '';
  while (text.length < length) {
    text += random() < 0.7 ? pick(random, UNICODE_PIECES) : prose(random, between(random, 1, 20));
    text += pick(random, [' ', '', '\n', '、', '。', ', ']);
  }
  return text.slice(0, length);
}

/** Runs of one character, up to 200 long: many merges within one pre-token (longer ones are slow for js-tiktoken). */
function runs(random: Random, length: number): string {
  let text = '';
  while (text.length < length) {
    const [char, longest] = pick(random, [
      ['a', 200],
      ['Z', 200],
      ['{', 200],
      ['=', 200],
      [' ', 200],
      ['\t', 100],
      ['\n', 100],
      ['1', 100],
      ['é', 100],
      ['あ', 60],
      ['中', 60],
      ['😀', 30],
    ] as const);
    text += char.repeat(between(random, 1, longest));
    if (random() < 0.5) text += pick(random, [' ', 'x', '.', '\n']);
  }
  return text;
}

/** Base64 of random bytes: a data URL or an embedded file. */
function base64(random: Random, length: number): string {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
  return Array.from({ length }, () => pick(random, [...alphabet])).join('') + pick(random, ['', '=', '==']);
}

const KINDS = { prose, code, unicode, runs, base64 };

/** One counter per encoding for these tests, built on first use. */
const counters = new Map<BytePairEncodingName, BytePairCounter>();
function counterFor(encoding: BytePairEncodingName): BytePairCounter {
  if (!counters.has(encoding)) counters.set(encoding, new BytePairCounter(loadRanks(encoding)));
  return counters.get(encoding)!;
}

describe('BytePairCounter counts exactly as js-tiktoken encodes', function () {
  // Building js-tiktoken's own tables for the comparison takes ~1 s each, more under load.
  this.timeout(60_000);
  const references = new Map<BytePairEncodingName, Tiktoken>();
  before(() => {
    for (const encoding of ENCODINGS) {
      references.set(encoding, new Tiktoken(loadRanks(encoding)));
      counterFor(encoding);
    }
  });

  const expectSameCounts = (encoding: BytePairEncodingName, texts: readonly string[], describeText: (i: number) => string) => {
    const reference = references.get(encoding)!;
    texts.forEach((text, i) => {
      assert.deepStrictEqual(counterFor(encoding).count(text), { tokens: reference.encode(text, [], []).length, longestSplitRun: 0 }, describeText(i));
    });
  };

  for (const encoding of ENCODINGS) {
    for (const [kind, make] of Object.entries(KINDS)) {
      it(`${encoding}: ${TEXTS_PER_KIND} random texts of ${kind}`, function () {
        this.timeout(20_000);
        const seed = encoding.length * 1000 + kind.length;
        const random = seeded(seed);
        const texts = Array.from({ length: TEXTS_PER_KIND }, () => make(random, between(random, 1, 1500)));
        expectSameCounts(encoding, texts, (i) => `${kind} text ${i} of seed ${seed}: ${JSON.stringify(texts[i].slice(0, 200))}`);
      });
    }

    it(`${encoding}: every text fixture of the test suite`, function () {
      this.timeout(20_000);
      const files = textFixtures(path.join(__dirname, '../fixtures'));
      assert.ok(files.length > 100, `only ${files.length} fixtures found`);
      const texts = files.map((file) => fs.readFileSync(file, 'utf8'));
      expectSameCounts(encoding, texts, (i) => path.relative(__dirname, files[i]));
    });

    it(`${encoding}: runs of 2,000 characters, far into js-tiktoken's quadratic range`, function () {
      this.timeout(20_000);
      const texts = ['a', '{', ' ', 'Zz'].map((char) => char.repeat(2_000 / char.length));
      expectSameCounts(encoding, texts, (i) => `run of ${JSON.stringify(texts[i][0])}`);
    });
  }
});

describe('BytePairCounter on runs longer than LONGEST_EXACT_RUN', () => {
  it('counts a run up to the bound as one piece and a longer one in pieces, saying how long it was', () => {
    const o200k = counterFor('o200k_base');
    const [atBound, overBound] = [o200k.count('a'.repeat(LONGEST_EXACT_RUN)), o200k.count('a'.repeat(LONGEST_EXACT_RUN + 1))];
    // o200k has a token of eight `a`.
    assert.deepStrictEqual(atBound, { tokens: LONGEST_EXACT_RUN / 8, longestSplitRun: 0 });
    assert.deepStrictEqual(overBound, { tokens: LONGEST_EXACT_RUN / 8 + 1, longestSplitRun: LONGEST_EXACT_RUN + 1 });
  });

  it('reports the longest of several split runs', () => {
    const text = `${'a'.repeat(LONGEST_EXACT_RUN + 10)}\n${'{'.repeat(LONGEST_EXACT_RUN + 20)}`;
    assert.strictEqual(counterFor('cl100k_base').count(text).longestSplitRun, LONGEST_EXACT_RUN + 20);
  });

  it('never cuts a chunk between the halves of a surrogate pair', () => {
    // One `{` puts every emoji at an odd offset, so the bound falls inside the 2,048th emoji: that
    // emoji starts the second chunk. Counted whole, each chunk is below the bound and exact.
    const emoji = '😀';
    const run = `{${emoji.repeat(3_000)}`;
    const firstChunk = `{${emoji.repeat((LONGEST_EXACT_RUN - 2) / 2)}`;
    const rest = run.slice(firstChunk.length);
    const [whole, first, second] = [run, firstChunk, rest].map((text) => counterFor('o200k_base').count(text));
    assert.strictEqual(firstChunk.length, LONGEST_EXACT_RUN - 1);
    assert.deepStrictEqual(whole, { tokens: first.tokens + second.tokens, longestSplitRun: run.length });
  });
});

/** Files under `dir` that are text: no NUL byte, as the CLI decides. */
function textFixtures(dir: string): string[] {
  const files: string[] = [];
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) files.push(...textFixtures(full));
    else if (!fs.readFileSync(full).includes(0)) files.push(full);
  }
  return files;
}
