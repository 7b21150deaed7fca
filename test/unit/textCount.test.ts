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

  it('estimates Claude as the o200k count × 1.16, rounded', async () => {
    const text = 'The quick brown fox jumps over the lazy dog.';
    assert.strictEqual((await counter.countText(text, 'gpt-4o')).tokens, 10);
    const claude = await counter.countText(text, 'claude-sonnet-4-5');
    assert.strictEqual(claude.tokens, 12);
    assert.strictEqual(claude.exact, false);
    assert.strictEqual((await counter.countText(text, 'claude-opus-4-7')).tokens, 15);
    assert.strictEqual((await counter.countText(text, 'gemini-2.5-flash')).tokens, 11);
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
