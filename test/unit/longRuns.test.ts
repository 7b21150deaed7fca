import * as assert from 'assert';
import type { EncoderCount } from '../../src/core/tokens/bytePairCounter';
import type { TokenEncoder } from '../../src/core/tokens/inProcessEncoder';
import { TokenCounter } from '../../src/core/tokens/tokenCounter';
import type { EncodingName } from '../../src/core/tokens/tokenizerChoice';
import { base64Blob, RUNS_WITHOUT_BREAK } from './adversarialTexts';
import { sharedEncoder } from './sharedEncoder';

/**
 * A run without a break — a row of one character, kana, letters of a minified line — used to freeze
 * the analysis: js-tiktoken's merge is quadratic in one pre-token (8,000 kana took 40 s). Each 1 MB
 * text below must count within this layer's 5 s per test, with the count the chunked merge yields.
 */
const MB = 1_000_000;

/** Tokens of each 1 MB run: exact per chunk of LONGEST_EXACT_RUN characters (Gemma 3: LONGEST_EXACT_WORD). */
const EXPECTED: Record<string, { 'gpt-4o': number; 'gpt-4': number; 'gemini-2.5-flash': number }> = {
  'a run of `a`': { 'gpt-4o': 125_000, 'gpt-4': 125_000, 'gemini-2.5-flash': 125_000 },
  'a run of `{`': { 'gpt-4o': 500_000, 'gpt-4': 500_000, 'gemini-2.5-flash': 500_000 },
  'a run of spaces': { 'gpt-4o': 7_813, 'gpt-4': 7_813, 'gemini-2.5-flash': 32_273 },
  'a run of kana': { 'gpt-4o': MB, 'gpt-4': MB, 'gemini-2.5-flash': 500_000 },
};

describe('counting 1 MB without a break stays fast', () => {
  const counter = new TokenCounter(sharedEncoder);

  for (const run of RUNS_WITHOUT_BREAK) {
    for (const model of ['gpt-4o', 'gpt-4', 'gemini-2.5-flash'] as const) {
      const expected = EXPECTED[run.name][model];
      it(`${run.name}: ${expected.toLocaleString('en-US')} tokens for ${model}, marked approximate`, async () => {
        const count = await counter.countText(run.of(MB), model);
        assert.strictEqual(count.tokens, expected);
        assert.strictEqual(count.exact, false);
        assert.strictEqual(count.longestSplitRun, MB);
      });
    }
  }

  // The encodings' regexes break base64 at every digit, `+` and `/`: no pre-token is long, so the
  // count stays exact (the property tests compare shorter blobs with js-tiktoken).
  for (const [model, expected] of [
    ['gpt-4o', 682_020],
    ['gpt-4', 694_631],
  ] as const) {
    it(`a base64 blob: ${expected.toLocaleString('en-US')} tokens for ${model}, exact`, async () => {
      const count = await counter.countText(base64Blob(MB), model);
      assert.deepStrictEqual([count.tokens, count.exact, count.longestSplitRun], [expected, true, 0]);
    });
  }

  // Gemma 3 cuts words at spaces only: a blob without one is a single word, counted in chunks.
  it('a base64 blob: 695,394 tokens for gemini-2.5-flash, marked approximate', async () => {
    const count = await counter.countText(base64Blob(MB), 'gemini-2.5-flash');
    assert.deepStrictEqual([count.tokens, count.exact, count.longestSplitRun], [695_394, false, MB]);
  });

  it('marks a conversation with a split run approximate, and estimated families stay estimated', async () => {
    const messages = [
      { role: 'system', content: 'You are terse.' },
      { role: 'user', content: 'QUJD'.repeat(2_000) },
    ];
    const chat = await counter.countChat(messages, 'gpt-4o');
    assert.deepStrictEqual([chat.exact, chat.longestSplitRun], [false, 8_000]);
    const claude = await counter.countText('a'.repeat(10_000), 'claude-sonnet-4-5');
    assert.deepStrictEqual([claude.exact, claude.longestSplitRun], [false, 10_000]);
    assert.strictEqual((await counter.countChat([{ role: 'user', content: 'Short.' }], 'gpt-4o')).exact, true);
  });

  it('keeps a split count in the count cache, approximation included', async () => {
    const calls: string[][] = [];
    const recording: TokenEncoder = {
      count: (encoding: EncodingName, texts: readonly string[]): Promise<EncoderCount[]> => {
        calls.push([...texts]);
        return sharedEncoder.count(encoding, texts);
      },
      loadedEncodings: () => sharedEncoder.loadedEncodings(),
      dispose: () => undefined,
    };
    const cached = new TokenCounter(recording);
    const text = '='.repeat(100_000);
    const first = await cached.countText(text, 'gpt-4o');
    const again = await cached.countText(text, 'gpt-4o-mini');
    assert.strictEqual(calls.length, 1);
    assert.deepStrictEqual(again, { ...first, tokenizer: again.tokenizer });
    assert.strictEqual(again.exact, false);
  });
});
