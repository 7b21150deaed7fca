import { asLatin1, charBoundary, concatBytes, lineStarts, replaceSpan, utf8 } from './bytes';
import type { Random } from './random';

/** What a mutator may draw on besides the input: the case's generator, and the other seeds of the group for splicing. */
export interface MutationContext {
  random: Random;
  donors: readonly Uint8Array[];
}

/** One named way to damage a file. A case applies one to three of them, in order. */
export interface Mutator {
  name: string;
  apply(input: Uint8Array, context: MutationContext): Uint8Array;
}

// ── Where to cut ──────────────────────────────────────────────────────────────

/** A random offset that does not split a UTF-8 sequence (the end of the input included). */
function randomOffset(input: Uint8Array, random: Random): number {
  return charBoundary(input, random.below(input.length + 1));
}

/** A random line start, so that inserted lines stay lines. */
function randomLineStart(input: Uint8Array, random: Random): number {
  return random.pick(lineStarts(input));
}

/** A span of whole lines ([start, end) in bytes), one to `maxLines` long. */
function randomLineSpan(input: Uint8Array, random: Random, maxLines: number): [number, number] {
  const starts = [...lineStarts(input), input.length];
  const first = random.below(starts.length - 1);
  const last = Math.min(starts.length - 1, first + random.between(1, maxLines));
  return [starts[first], starts[last]];
}

/** A span of a few chars ([start, end) in bytes). */
function randomCharSpan(input: Uint8Array, random: Random, maxBytes: number): [number, number] {
  const start = randomOffset(input, random);
  return [start, charBoundary(input, start + random.between(1, maxBytes))];
}

function insertAt(input: Uint8Array, offset: number, text: string | Uint8Array): Uint8Array {
  return replaceSpan(input, offset, offset, typeof text === 'string' ? utf8(text) : text);
}

/**
 * Every match of an ASCII pattern, as byte offsets of its capture group `group` (the whole match
 * when 0). Patterns say `[ \t]` rather than `\s`, which would match bytes of UTF-8 sequences here.
 */
function matchesOf(input: Uint8Array, pattern: RegExp, group = 0): Array<[number, number]> {
  const withIndices = new RegExp(pattern.source, `${pattern.flags}d`);
  const spans: Array<[number, number]> = [];
  for (const match of asLatin1(input).matchAll(withIndices)) {
    const span = match.indices?.[group];
    if (span) spans.push(span);
  }
  return spans;
}

/** Replaces one match of the pattern (a random one) with `replacement`, or inserts `fallback` somewhere when nothing matches. */
function replaceOneMatch(input: Uint8Array, random: Random, pattern: RegExp, replacement: (original: string) => string, fallback: string, group = 0) {
  const spans = matchesOf(input, pattern, group);
  if (spans.length === 0) return insertAt(input, randomLineStart(input, random), fallback);
  const [start, end] = random.pick(spans);
  return replaceSpan(input, start, end, utf8(replacement(asLatin1(input.subarray(start, end)))));
}

// ── Byte-level damage ─────────────────────────────────────────────────────────

function flipByte(input: Uint8Array, { random }: MutationContext): Uint8Array {
  if (input.length === 0) return Uint8Array.of(random.below(256));
  const output = Uint8Array.from(input);
  output[random.below(output.length)] ^= 1 << random.below(8);
  return output;
}

function deleteSpan(input: Uint8Array, { random }: MutationContext): Uint8Array {
  const [start, end] = random.chance(0.5) ? randomLineSpan(input, random, 5) : randomCharSpan(input, random, 32);
  return replaceSpan(input, start, end);
}

function duplicateSpan(input: Uint8Array, { random }: MutationContext): Uint8Array {
  const [start, end] = random.chance(0.5) ? randomLineSpan(input, random, 8) : randomCharSpan(input, random, 64);
  const copy = input.slice(start, end);
  return insertAt(input, random.chance(0.5) ? randomLineStart(input, random) : randomOffset(input, random), copy);
}

/** The head of this file up to a line, then the tail of another seed of the group from a line. */
function spliceSeeds(input: Uint8Array, { random, donors }: MutationContext): Uint8Array {
  if (donors.length === 0) return input;
  const donor = random.pick(donors);
  return concatBytes([input.subarray(0, randomLineStart(input, random)), donor.subarray(randomLineStart(donor, random))]);
}

function insertNul(input: Uint8Array, { random }: MutationContext): Uint8Array {
  let output = input;
  for (let i = random.between(1, 3); i > 0; i--) output = insertAt(output, randomOffset(output, random), Uint8Array.of(0));
  return output;
}

/** Lone lead bytes, stray continuation bytes, overlong forms, encoded surrogates, code points above U+10FFFF. */
const INVALID_UTF8: ReadonlyArray<readonly number[]> = [
  [0xff],
  [0xfe, 0xfe],
  [0xc3],
  [0x80],
  [0xe2, 0x82],
  [0xc0, 0xaf],
  [0xe0, 0x80, 0xaf],
  [0xed, 0xa0, 0x80],
  [0xed, 0xbf, 0xbf],
  [0xf4, 0x90, 0x80, 0x80],
  [0xf8, 0x88, 0x80, 0x80, 0x80],
];

function insertInvalidUtf8(input: Uint8Array, { random }: MutationContext): Uint8Array {
  return insertAt(input, randomOffset(input, random), Uint8Array.from(random.pick(INVALID_UTF8)));
}

/** At the start the scan's decoder drops it; anywhere else it stays a U+FEFF in the text. */
function insertBom(input: Uint8Array, { random }: MutationContext): Uint8Array {
  const bom = Uint8Array.of(0xef, 0xbb, 0xbf);
  return insertAt(input, random.chance(0.5) ? 0 : randomLineStart(input, random), random.chance(0.2) ? concatBytes([bom, bom]) : bom);
}

// ── Line endings ──────────────────────────────────────────────────────────────

const LINE_BREAK = /\r\n|\r|\n/g;

function crOnlyLineEndings(input: Uint8Array): Uint8Array {
  return utf8Latin1(asLatin1(input).replace(LINE_BREAK, '\r'));
}

function mixLineEndings(input: Uint8Array, { random }: MutationContext): Uint8Array {
  return utf8Latin1(asLatin1(input).replace(LINE_BREAK, () => random.pick(['\n', '\r\n', '\r', '\n\r'])));
}

/** Back from the one-char-per-byte view (see `asLatin1`). */
function utf8Latin1(text: string): Uint8Array {
  return Uint8Array.from(Buffer.from(text, 'latin1'));
}

// ── Templates, strings and brackets ───────────────────────────────────────────

const TEMPLATE_PIECES = [
  '{{',
  '}}',
  '{{ name }}',
  '{{#each items}}',
  '{{/each}}',
  '{{> partial}}',
  '{{{raw}}}',
  '{{!-- note --}}',
  '{{ a.b.c }}',
  '{%',
  '{{role "system"}}',
];
const TEMPLATE_LITERAL_PIECES = ['${', '`', '${name}', '`${a}${b}`', '${input:x}', '${file}', '}', '\\${', '${${x}}'];
const TRIPLE_QUOTE_PIECES = ['"""', "'''", 'f"""{x}', '"""\n', 'r"""', '\\"\\"\\"', 'f"{', '"""{{x}}"""'];

function insertTemplateBraces(input: Uint8Array, { random }: MutationContext): Uint8Array {
  return insertAt(input, randomOffset(input, random), random.pick(TEMPLATE_PIECES));
}

function insertTemplateLiteral(input: Uint8Array, { random }: MutationContext): Uint8Array {
  return insertAt(input, randomOffset(input, random), random.pick(TEMPLATE_LITERAL_PIECES));
}

function insertTripleQuote(input: Uint8Array, { random }: MutationContext): Uint8Array {
  return insertAt(input, randomOffset(input, random), random.pick(TRIPLE_QUOTE_PIECES));
}

/** Adds an opening or closing bracket, or takes one away. */
function unbalanceBrackets(input: Uint8Array, { random }: MutationContext): Uint8Array {
  const existing = matchesOf(input, /[()[\]{}]/g);
  if (existing.length > 0 && random.chance(0.5)) {
    const [start, end] = random.pick(existing);
    return replaceSpan(input, start, end);
  }
  return insertAt(input, randomOffset(input, random), random.pick(['(', ')', '[', ']', '{', '}', '<', '>']));
}

/** `[[[[…` (closed or not) thousands deep. */
function deepBrackets(input: Uint8Array, { random }: MutationContext): Uint8Array {
  const [open, close] = random.pick([
    ['[', ']'],
    ['(', ')'],
    ['{', '}'],
    ['{{', '}}'],
  ]);
  const depth = random.between(100, 3000);
  const nested = open.repeat(depth) + (random.chance(0.5) ? 'x' + close.repeat(depth) : '');
  return insertAt(input, randomOffset(input, random), nested);
}

/** `f(f(f(…)))` with a callee that looks like an SDK call half the time. */
function nestedCalls(input: Uint8Array, { random }: MutationContext): Uint8Array {
  const callee = random.pick(['f', 'client.chat.completions.create', 'anthropic.messages.create', 'str', 'generateText']);
  const depth = random.between(50, 1500);
  const argument = random.pick(['x', "{ model: 'gpt-4o', messages: [] }", "model='gpt-4o'", '']);
  return insertAt(input, randomLineStart(input, random), `${`${callee}(`.repeat(depth)}${argument}${')'.repeat(depth)}\n`);
}

/**
 * Deep YAML where front matter (or a .prompt.yml / promptcost.yaml) starts: block mappings
 * indented one more space per level, or flow sequences and mappings nested thousands deep.
 */
function deepYamlNesting(input: Uint8Array, { random }: MutationContext): Uint8Array {
  const kind = random.pick(['block', 'flow-sequence', 'flow-mapping']);
  let yaml: string;
  if (kind === 'block') {
    const depth = random.between(20, 300);
    yaml = Array.from({ length: depth }, (_, level) => `${' '.repeat(level)}k${level}:`).join('\n') + ' 1\n';
  } else {
    const depth = random.between(100, 5000);
    const [open, close] = kind === 'flow-sequence' ? ['[', ']'] : ['{a: ', '}'];
    yaml = `nested: ${open.repeat(depth)}1${close.repeat(depth)}\n`;
  }
  return insertAt(input, afterFrontMatterFence(input), yaml);
}

/** Just after a leading `---` line, or the start of the file. */
function afterFrontMatterFence(input: Uint8Array): number {
  const fence = /^(?:\uFEFF)?---[ \t]*\r?\n/.exec(asLatin1(input));
  return fence ? fence[0].length : 0;
}

/** Adds a `---` line, or takes one away: front matter that never closes, or closes twice. */
function toggleFence(input: Uint8Array, { random }: MutationContext): Uint8Array {
  const fences = matchesOf(input, /^---[ \t]*(?:\r?\n|$)/gm);
  if (fences.length > 0 && random.chance(0.5)) {
    const [start, end] = random.pick(fences);
    return replaceSpan(input, start, end);
  }
  return insertAt(input, randomLineStart(input, random), '---\n');
}

// ── Long runs and long lines ──────────────────────────────────────────────────

const RUN_UNITS = ['a', 'Z', '.', '!', '-', '=', '#', '*', '`', '"', '\\', ' ', '\t', 'あ', 'カ', '漢', '🙂'];

/** Thousands of one letter, one punctuation char, spaces or kana. */
function longRun(input: Uint8Array, { random }: MutationContext): Uint8Array {
  return insertAt(input, randomOffset(input, random), random.pick(RUN_UNITS).repeat(random.between(2000, 30000)));
}

/** Joins many lines into one, or adds a line of thousands of words. */
function longLine(input: Uint8Array, { random }: MutationContext): Uint8Array {
  if (random.chance(0.5)) {
    const [start, end] = randomLineSpan(input, random, 400);
    const joined = asLatin1(input.subarray(start, end)).replace(/\r?\n/g, random.pick([' ', '']));
    return replaceSpan(input, start, end, utf8Latin1(joined));
  }
  const words = Array.from({ length: random.between(1000, 8000) }, (_, i) => `word${i % 97}`).join(' ');
  return insertAt(input, randomLineStart(input, random), `${words}\n`);
}

// ── Values where the engine reads numbers, names and models ───────────────────

/** Numbers that are not plain counts: too big, negative, infinite, not a number, in other notations. */
export const WEIRD_NUMBERS = [
  '1e999',
  '-1e999',
  '-5',
  '-1',
  '-0',
  '0',
  '.inf',
  '-.inf',
  '.nan',
  'NaN',
  'Infinity',
  '99999999999999999999',
  '9007199254740993',
  '1e-999',
  '0.5',
  '2.5e10',
  '0x7fffffff',
  '1_000_000',
  '0o17',
];

/**
 * Numbers written as the value of a key: output caps, volumes, prices by name, and lowercase keys
 * such as variable sizes (`articles: 1800`) and `temperature`.
 */
const CAP_OR_VOLUME =
  /(?:max_?tokens|maxTokens|max_completion_tokens|maxCompletionTokens|max_output_tokens|maxOutputTokens|max_new_tokens|maxTokensToSample|budget_?[tT]okens|thinkingBudget|monthlyCalls|outputTokens|variableTokens|input|output|cacheRead|cacheWrite|[a-z]+)["']?[ \t]*[:=][ \t]*["']?(-?\d[\d_.]*)/g;
const ANY_NUMBER = /-?\d[\d_.]*/g;

/** Puts a weird number where a cap or volume is written (most of the time), else in place of any number. */
function weirdNumber(input: Uint8Array, { random }: MutationContext): Uint8Array {
  const weird = random.pick(WEIRD_NUMBERS);
  const fallback = `max_tokens: ${weird}\n`;
  if (random.chance(0.8) && matchesOf(input, CAP_OR_VOLUME, 1).length > 0) return replaceOneMatch(input, random, CAP_OR_VOLUME, () => weird, fallback, 1);
  return replaceOneMatch(input, random, ANY_NUMBER, () => weird, fallback);
}

/** Names that every JavaScript object already has. */
const PROTOTYPE_NAMES = ['constructor', '__proto__', 'hasOwnProperty', 'toString', 'valueOf', 'prototype', 'isPrototypeOf', '__defineGetter__'];

/** Template variables (`{{x}}`, `${x}`, `{x}`) and YAML keys holding sizes (`articles: 1800`). */
const VARIABLE_NAME = /(?:\{\{[ \t#/^>]*|\$\{|\{|^[ \t]+)([A-Za-z_][\w]*)(?=[ \t\r\n}.:|]|$)/gm;

function prototypeVariableName(input: Uint8Array, { random }: MutationContext): Uint8Array {
  const name = random.pick(PROTOTYPE_NAMES);
  return replaceOneMatch(input, random, VARIABLE_NAME, () => name, `{{${name}}}\n`, 1);
}

/** Model ids as written: `model: gpt-4o`, `model="claude-…"`, and the well-known families anywhere. */
const MODEL_ID =
  /(?:model(?:_?[iI]d|Name)?["']?[ \t]*[:=][ \t]*["'`]?)([^"'`\s,)}\]\x80-\xff]+)|\b((?:gpt|claude|gemini|o[134]|llama|mistral|text-embedding)[\w.:/-]*)/g;

/** Unicode spellings of a model id: homoglyphs, invisible chars, other dashes, other scripts, emoji, decomposed forms. */
export function unicodeVariant(id: string, random: Random): string {
  const variants: Array<(value: string) => string> = [
    (value) => [...value].map((char) => (char >= '!' && char <= '~' ? String.fromCodePoint(char.codePointAt(0)! + 0xfee0) : char)).join(''),
    (value) => value.replace(/p/g, 'р').replace(/o/g, 'о').replace(/a/g, 'а'),
    (value) => value.replace(/-/g, random.pick(['\u2011', '\u2013', '\u2212', '\u00ad'])),
    (value) => `${value}\u200b`,
    (value) => `\u202e${value}`,
    (value) => `${value}🙂`,
    (value) => value.toUpperCase().replace(/I/g, 'İ'),
    (value) => value.normalize('NFD').replace(/([a-z])/, '$1\u0301'),
    (value) => [...value].map((char) => (char >= 'a' && char <= 'z' ? String.fromCodePoint(0x1d5ba + char.charCodeAt(0) - 97) : char)).join(''),
    () => random.pick(['模型', 'клод-3', 'ジェミニ', 'gpt\u00a04o', 'ſonnet', 'ﬁne-tuned', '\u0000gpt-4o', '']),
  ];
  return random.pick(variants)(id);
}

function unicodeModelName(input: Uint8Array, { random }: MutationContext): Uint8Array {
  const spans = [...matchesOf(input, MODEL_ID, 1), ...matchesOf(input, MODEL_ID, 2)];
  if (spans.length === 0) return insertAt(input, randomLineStart(input, random), `model: ${unicodeVariant('gpt-4o', random)}\n`);
  const [start, end] = random.pick(spans);
  return replaceSpan(input, start, end, utf8(unicodeVariant(asLatin1(input.subarray(start, end)), random)));
}

/** Every mutator, by name; the order is part of case generation, so append new ones at the end. */
export const MUTATORS: readonly Mutator[] = [
  { name: 'flip-byte', apply: flipByte },
  { name: 'delete-span', apply: deleteSpan },
  { name: 'duplicate-span', apply: duplicateSpan },
  { name: 'splice-seeds', apply: spliceSeeds },
  { name: 'insert-nul', apply: insertNul },
  { name: 'invalid-utf8', apply: insertInvalidUtf8 },
  { name: 'bom', apply: insertBom },
  { name: 'cr-only-line-endings', apply: crOnlyLineEndings },
  { name: 'mixed-line-endings', apply: mixLineEndings },
  { name: 'template-braces', apply: insertTemplateBraces },
  { name: 'template-literal', apply: insertTemplateLiteral },
  { name: 'triple-quote', apply: insertTripleQuote },
  { name: 'unbalanced-brackets', apply: unbalanceBrackets },
  { name: 'deep-brackets', apply: deepBrackets },
  { name: 'nested-calls', apply: nestedCalls },
  { name: 'deep-yaml', apply: deepYamlNesting },
  { name: 'toggle-fence', apply: toggleFence },
  { name: 'long-run', apply: longRun },
  { name: 'long-line', apply: longLine },
  { name: 'weird-number', apply: weirdNumber },
  { name: 'prototype-variable', apply: prototypeVariableName },
  { name: 'unicode-model', apply: unicodeModelName },
];

export function mutatorNamed(name: string): Mutator {
  const mutator = MUTATORS.find((candidate) => candidate.name === name);
  if (!mutator) throw new Error(`No mutator named ${name}: ${MUTATORS.map((m) => m.name).join(', ')}`);
  return mutator;
}
