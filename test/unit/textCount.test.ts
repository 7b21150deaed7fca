import * as assert from 'assert';
import type { EncoderCount } from '../../src/core/tokens/bytePairCounter';
import { InProcessEncoder, type TokenEncoder } from '../../src/core/tokens/inProcessEncoder';
import { TokenCounter, TextTooLargeError, MAX_COUNTABLE_CHARS } from '../../src/core/tokens/tokenCounter';
import type { EncodingName } from '../../src/core/tokens/tokenizerChoice';
import { sharedEncoder } from './sharedEncoder';

/** Wraps the real encoder and records what reaches it, to see what the cache saves. */
class RecordingEncoder implements TokenEncoder {
  readonly calls: Array<{ encoding: EncodingName; texts: readonly string[] }> = [];
  private readonly inner = sharedEncoder;
  count(encoding: EncodingName, texts: readonly string[]): Promise<EncoderCount[]> {
    this.calls.push({ encoding, texts });
    return this.inner.count(encoding, texts);
  }
  loadedEncodings(): EncodingName[] {
    return this.inner.loadedEncodings();
  }
  dispose(): void {
    this.inner.dispose();
  }
}

describe('text token counting', () => {
  const counter = new TokenCounter(sharedEncoder);

  // Counts published in OpenAI's cookbook ("Comparing encodings" section).
  const cookbookCounts: Array<[string, string, number]> = [
    ['antidisestablishmentarianism', 'gpt-4', 6],
    ['antidisestablishmentarianism', 'gpt-4o', 6],
    ['2 + 2 = 4', 'gpt-4', 7],
    ['2 + 2 = 4', 'gpt-4o', 7],
    ['お誕生日おめでとう', 'gpt-4', 9],
    ['お誕生日おめでとう', 'gpt-4o', 8],
    ['tiktoken is great!', 'gpt-3.5-turbo', 6],
  ];
  for (const [text, model, expected] of cookbookCounts) {
    it(`counts ${JSON.stringify(text)} as ${expected} tokens for ${model}`, async () => {
      const count = await counter.countText(text, model);
      assert.strictEqual(count.tokens, expected);
      assert.strictEqual(count.exact, true);
    });
  }

  it('counts special-token strings in user text as plain text instead of throwing', async () => {
    const count = await counter.countText('<|endoftext|>', 'gpt-4o');
    // "<", "|", "end", "of", "text", "|", ">" — seven ordinary tokens, not the single special token.
    assert.strictEqual(count.tokens, 7);
    const cl100k = await counter.countText('Text that mentions <|endoftext|> and <|im_start|> literally.', 'gpt-4');
    // cl100k splits it into ordinary pieces too: " <|" "endo" "ft" "ext" "|" ">" …
    assert.strictEqual(cl100k.tokens, 17);
  });

  it('counts the empty string as zero without loading an encoding', async () => {
    const encoder = new RecordingEncoder();
    const count = await new TokenCounter(encoder).countText('', 'gpt-4o');
    assert.strictEqual(count.tokens, 0);
    assert.deepStrictEqual(encoder.calls, []);
  });

  it('estimates Claude prose as the o200k count × 1.16 (the newer tokenizer × 1.68), rounded', async () => {
    const text = 'The quick brown fox jumps over the lazy dog.';
    assert.strictEqual((await counter.countText(text, 'gpt-4o')).tokens, 10);
    const claude = await counter.countText(text, 'claude-sonnet-4-5');
    assert.strictEqual(claude.tokens, 12);
    assert.strictEqual(claude.exact, false);
    assert.strictEqual((await counter.countText(text, 'claude-opus-4-7')).tokens, 17);
    // Gemini 1.5 has no public vocabulary: o200k × 1.05. Gemini 2.5 counts exactly with Gemma 3's.
    const gemini = await counter.countText(text, 'gemini-1.5-pro');
    assert.deepStrictEqual([gemini.tokens, gemini.range, gemini.contentClass, gemini.exact], [11, [11, 11], undefined, false]);
    const gemma = await counter.countText(text, 'gemini-2.5-flash');
    assert.deepStrictEqual([gemma.tokens, gemma.range, gemma.exact], [10, [10, 10], true]);
  });

  // o200k counts 30, 51, 48 and 51; the factors and ranges are CLASS_RATIOS's.
  const CLASSED: Array<[kind: string, text: string, claude: [number, number, number], newer: [number, number, number]]> = [
    [
      'prose',
      'You are a support assistant for Acme Cloud. Answer the customer politely, cite the help-center article you used, and never promise refunds or dates.',
      [35, 35, 36],
      [50, 43, 53],
    ],
    [
      'code',
      'function retry(times, work) {\n  for (let i = 0; i < times; i++) {\n    try { return work(); } catch (error) { if (i === times - 1) throw error; }\n  }\n}\n',
      [66, 61, 66],
      [78, 69, 88],
    ],
    [
      'json',
      '{"ticket": {"id": 4711, "queue": "billing", "priority": "high", "tags": ["refund", "invoice"], "customer": {"plan": "pro", "seats": 12}}}',
      [58, 56, 62],
      [76, 59, 82],
    ],
    [
      'cjk',
      'あなたはAcme Cloudのサポート担当です。お客様の質問に丁寧に答え、参照したヘルプ記事を必ず示してください。返金や日付の約束はしないでください。',
      [66, 61, 71],
      [66, 61, 71],
    ],
  ];
  for (const [kind, text, claude, newer] of CLASSED) {
    it(`estimates Claude ${kind} with its own factor and range, for both tokenizers`, async () => {
      const older = await counter.countText(text, 'claude-sonnet-4-5');
      assert.deepStrictEqual([older.tokens, ...older.range, older.contentClass], [...claude, kind]);
      const latest = await counter.countText(text, 'claude-sonnet-5');
      assert.deepStrictEqual([latest.tokens, ...latest.range, latest.contentClass], [...newer, kind]);
    });
  }

  it('estimates a Claude conversation value by value, each with the factor for its kind, framing unscaled', async () => {
    const messages = [
      { role: 'system', content: CLASSED[0][1] },
      { role: 'user', content: CLASSED[2][1] },
    ];
    const chat = await counter.countChat(messages, 'claude-sonnet-4-5');
    // system: 3 + round(1 × 1.16 + 30 × 1.16) = 39; user: 3 + round(1 × 1.16 + 48 × 1.21) = 62; + 3 priming.
    assert.deepStrictEqual([chat.tokens, chat.range, chat.perMessage, chat.framing], [104, [102, 110], [39, 62], 9]);
    const exact = await counter.countChat(messages, 'gpt-4o');
    assert.deepStrictEqual([exact.tokens, exact.range], [89, [89, 89]]);
  });

  it('asks the encoder once for repeated text and once per distinct text in a batch', async () => {
    const encoder = new RecordingEncoder();
    const cached = new TokenCounter(encoder);
    await cached.countText('same text', 'gpt-4o');
    await cached.countText('same text', 'gpt-4o-mini');
    await cached.countChat(
      [
        { role: 'user', content: 'same text' },
        { role: 'user', content: 'other text' },
      ],
      'gpt-4o',
    );
    assert.deepStrictEqual(encoder.calls, [
      { encoding: 'o200k_base', texts: ['same text'] },
      { encoding: 'o200k_base', texts: ['user', 'other text'] },
    ]);
    // A different encoding is a different cache entry.
    await cached.countText('same text', 'gpt-4');
    assert.deepStrictEqual(encoder.calls[2], { encoding: 'cl100k_base', texts: ['same text'] });
  });

  it('refuses text over the size limit with a message that gives both sizes', async () => {
    const huge = 'a'.repeat(MAX_COUNTABLE_CHARS + 1);
    await assert.rejects(counter.countText(huge, 'gpt-4o'), (error: unknown) => {
      assert.ok(error instanceof TextTooLargeError);
      assert.strictEqual(error.message, '5,000,001 characters is more than the 5,000,000 Prompt Cost counts at once.');
      return true;
    });
  });

  it('builds an encoding only when a text first needs it', async () => {
    const encoder = new InProcessEncoder();
    const lazy = new TokenCounter(encoder);
    assert.deepStrictEqual(encoder.loadedEncodings(), []);
    await lazy.countText('hello', 'gpt-4');
    assert.deepStrictEqual(encoder.loadedEncodings(), ['cl100k_base']);
  });
});
