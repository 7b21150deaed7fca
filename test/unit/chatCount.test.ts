import * as assert from 'assert';
import { TokenCounter, type ChatMessageText } from '../../src/core/tokens/tokenCounter';
import { sharedEncoder } from './sharedEncoder';

// The example conversation of OpenAI's cookbook "How to count tokens with tiktoken", whose counts the
// cookbook verified against the API: 129 prompt tokens on gpt-3.5-turbo-0613 and gpt-4-0613, 124 on gpt-4o and gpt-4o-mini.
const COOKBOOK_MESSAGES: ChatMessageText[] = [
  { role: 'system', content: 'You are a helpful, pattern-following assistant that translates corporate jargon into plain English.' },
  { role: 'system', name: 'example_user', content: 'New synergies will help drive top-line growth.' },
  { role: 'system', name: 'example_assistant', content: 'Things working well together will increase revenue.' },
  { role: 'system', name: 'example_user', content: "Let's circle back when we have more bandwidth to touch base on opportunities for increased leverage." },
  { role: 'system', name: 'example_assistant', content: "Let's talk later when we're less busy about how to do better." },
  { role: 'user', content: "This late pivot means we don't have time to boil the ocean for the client deliverable." },
];

describe('chat token counting (OpenAI cookbook framing)', () => {
  const counter = new TokenCounter(sharedEncoder);

  for (const [model, expected] of [
    ['gpt-3.5-turbo-0613', 129],
    ['gpt-4-0613', 129],
    ['gpt-4o', 124],
    ['gpt-4o-mini', 124],
  ] as const) {
    it(`counts the cookbook example as ${expected} tokens for ${model}`, async () => {
      const count = await counter.countChat(COOKBOOK_MESSAGES, model);
      assert.strictEqual(count.tokens, expected);
      assert.strictEqual(count.exact, true);
    });
  }

  it('splits the gpt-4o count into framing and per-message tokens', async () => {
    const count = await counter.countChat(COOKBOOK_MESSAGES, 'gpt-4o');
    // 6 messages × 3 + 4 names × 1 + 3 reply priming.
    assert.strictEqual(count.framing, 25);
    assert.deepStrictEqual(count.perMessage, [21, 17, 16, 24, 21, 22]);
    assert.strictEqual(count.perMessage.reduce((a, b) => a + b, 0) + 3, 124);
  });

  it('counts an empty conversation as the reply priming only', async () => {
    const count = await counter.countChat([], 'gpt-4o');
    assert.strictEqual(count.tokens, 3);
    assert.strictEqual(count.framing, 3);
  });

  it('scales text but not framing for estimated families', async () => {
    const messages: ChatMessageText[] = [{ role: 'user', content: 'The quick brown fox jumps over the lazy dog.' }];
    const exact = await counter.countChat(messages, 'gpt-4o');
    // o200k: role "user" 1 + content 10 = 11 text tokens, + 3 framing + 3 priming.
    assert.strictEqual(exact.tokens, 17);
    const claude = await counter.countChat(messages, 'claude-sonnet-4-5');
    // round(11 × 1.16) = 13 text tokens, + 3 + 3.
    assert.strictEqual(claude.tokens, 19);
    assert.strictEqual(claude.exact, false);
  });
});
