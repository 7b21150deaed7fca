import * as assert from 'assert';
import { parseModelId } from '../../src/core/models/modelId';
import { chooseTokenizer, tokenizerId } from '../../src/core/tokens/tokenizerChoice';

describe('chooseTokenizer', () => {
  const exactCases: Array<[string, string]> = [
    ['gpt-4o', 'o200k_base'],
    ['gpt-4o-mini', 'o200k_base'],
    ['gpt-4o-2024-08-06', 'o200k_base'],
    ['chatgpt-4o-latest', 'o200k_base'],
    ['gpt-4.1-nano', 'o200k_base'],
    ['gpt-4.5-preview', 'o200k_base'],
    ['gpt-5', 'o200k_base'],
    ['gpt-5.2', 'o200k_base'],
    ['gpt-5-mini', 'o200k_base'],
    ['o1', 'o200k_base'],
    ['o3-mini', 'o200k_base'],
    ['o4-mini', 'o200k_base'],
    ['ft:gpt-4o-mini:acme::abc123', 'o200k_base'],
    ['openai/gpt-4o-mini', 'o200k_base'],
    ['azure/gpt-4.1', 'o200k_base'],
    ['gpt-4', 'cl100k_base'],
    ['gpt-4-0613', 'cl100k_base'],
    ['gpt-4-turbo', 'cl100k_base'],
    ['gpt-3.5-turbo', 'cl100k_base'],
    ['gpt-35-turbo', 'cl100k_base'],
    ['text-embedding-3-small', 'cl100k_base'],
    // Google's SDKs count these with the Gemma 3 vocabulary (_local_tokenizer_loader.py).
    ['gemini-2.5-flash', 'gemma3'],
    ['googleai/gemini-2.5-flash', 'gemma3'],
    ['vertex_ai/gemini-2.5-pro', 'gemma3'],
    ['gemini-2.5-flash-lite', 'gemma3'],
    ['gemini-2.5-flash-preview-05-20', 'gemma3'],
    ['gemini-2.0-flash-001', 'gemma3'],
    ['gemini-live-2.5-flash', 'gemma3'],
    ['gemini-3-pro-preview', 'gemma3'],
    ['gemini-3-flash-preview', 'gemma3'],
    ['gemma-3-27b-it', 'gemma3'],
    // Llama 3.0 to 3.3 share Meta's 128k vocabulary.
    ['groq/llama-3.3-70b-versatile', 'llama3'],
    ['meta.llama3-1-70b-instruct-v1:0', 'llama3'],
    ['together_ai/meta-llama/Meta-Llama-3.1-405B-Instruct-Turbo', 'llama3'],
    ['ollama/llama3.1', 'llama3'],
    ['llama-3.2-11b-vision-preview', 'llama3'],
    // Qwen2, 2.5, 3 and QwQ share a vocabulary.
    ['qwen3-235b-a22b', 'qwen3'],
    ['together_ai/Qwen/Qwen2.5-72B-Instruct-Turbo', 'qwen3'],
    ['openrouter/qwen/qwen-2.5-coder-32b-instruct', 'qwen3'],
    ['qwen3-coder-480b-a35b-instruct', 'qwen3'],
    ['groq/qwen-qwq-32b', 'qwen3'],
    // DeepSeek V3, V3.x, R1 and the API's names for them.
    ['deepseek-chat', 'deepseek_v3'],
    ['deepseek/deepseek-reasoner', 'deepseek_v3'],
    ['together_ai/deepseek-ai/DeepSeek-V3', 'deepseek_v3'],
    ['deepseek-v3.2-exp', 'deepseek_v3'],
    ['fireworks_ai/accounts/fireworks/models/deepseek-r1-0528', 'deepseek_v3'],
  ];
  for (const [model, encoding] of exactCases) {
    it(`counts ${model} exactly with ${encoding}`, () => {
      assert.deepStrictEqual(chooseTokenizer(model), { exact: true, model, encoding });
    });
  }

  const estimatedCases: Array<[string, string, number]> = [
    ['claude-sonnet-4-5', 'claude', 1.16],
    ['claude-3-5-haiku-latest', 'claude', 1.16],
    ['anthropic/claude-haiku-4-5', 'claude', 1.16],
    ['us.anthropic.claude-sonnet-4-5-20250929-v1:0', 'claude', 1.16],
    ['claude-opus-4-7', 'claude-5', 1.68],
    ['claude-opus-4-8-20260101', 'claude-5', 1.68],
    ['claude-opus-4-5', 'claude', 1.16],
    // Anthropic lists the 5 family with the newer tokenizer.
    ['claude-opus-5', 'claude-5', 1.68],
    ['claude-sonnet-5', 'claude-5', 1.68],
    ['claude-fable-5-1', 'claude-5', 1.68],
    ['anthropic/claude-opus-5-5', 'claude-5', 1.68],
    // Gemma 4's vocabulary (Gemini 3.1 and 3.5) is not shipped; Gemini 1.5 has no public one.
    ['gemini-3.1-pro-preview', 'gemini', 1.05],
    ['gemini-3.5-flash', 'gemini', 1.05],
    ['gemini-1.5-pro', 'gemini', 1.05],
    ['gemini-2.5', 'gemini', 1.05],
    ['gemma-3n-e4b-it', 'gemini', 1.05],
    ['mistral-large-latest', 'mistral', 1],
    ['meta.llama2-70b-chat-v1', 'llama', 1],
    ['meta-llama/llama-4-maverick', 'llama', 1],
    ['llama-30b', 'llama', 1],
    ['qwen-max', 'qwen', 1],
    ['qwen3.5-plus', 'qwen', 1],
    ['qwen-1.5-72b', 'qwen', 1],
    ['deepseek-r1-distill-llama-70b', 'llama', 1],
    ['deepseek-coder-v2', 'deepseek', 1],
    ['grok-4', 'grok', 1],
    ['my-finetune', 'unknown', 1],
    ['', 'unknown', 1],
  ];
  for (const [model, family, ratio] of estimatedCases) {
    it(`estimates ${model || '(empty id)'} as ${family} × ${ratio}`, () => {
      const choice = chooseTokenizer(model);
      assert.strictEqual(choice.exact, false);
      assert.ok(!choice.exact);
      assert.strictEqual(choice.family, family);
      assert.strictEqual(choice.ratio, ratio);
      assert.strictEqual(choice.encoding, 'o200k_base');
      assert.strictEqual(tokenizerId(choice), `estimate:${family}`);
      // Only Claude's factor depends on the kind of text.
      assert.strictEqual(choice.classRatios !== undefined, family.startsWith('claude'));
    });
  }

  it('names what counted a site: the encoding of an exact count', () => {
    assert.strictEqual(tokenizerId(chooseTokenizer('gpt-4o')), 'o200k_base');
    assert.strictEqual(tokenizerId(chooseTokenizer('gpt-4')), 'cl100k_base');
    assert.strictEqual(tokenizerId(chooseTokenizer('gemini-2.5-flash')), 'gemma3');
  });
});

describe('parseModelId', () => {
  const cases: Array<[string, { provider?: string; name: string }]> = [
    ['gpt-4o', { name: 'gpt-4o' }],
    ['openai/gpt-4o-mini', { provider: 'openai', name: 'gpt-4o-mini' }],
    ['anthropic:claude-sonnet-4-5', { provider: 'anthropic', name: 'claude-sonnet-4-5' }],
    ['googleai/gemini-2.5-flash', { provider: 'google', name: 'gemini-2.5-flash' }],
    ['vertexai/gemini-2.5-pro', { provider: 'google', name: 'gemini-2.5-pro' }],
    ['anthropic.claude-3-5-sonnet-20240620-v1:0', { provider: 'aws', name: 'claude-3-5-sonnet-20240620' }],
    ['us.anthropic.claude-sonnet-4-5-20250929-v1:0', { provider: 'aws', name: 'claude-sonnet-4-5-20250929' }],
    ['bedrock/anthropic.claude-haiku-4-5-v1:0', { provider: 'aws', name: 'claude-haiku-4-5' }],
    ['ft:gpt-4o-mini:acme::abc123', { name: 'ft:gpt-4o-mini:acme::abc123' }],
    ['meta-llama/Llama-3.3-70B-Instruct', { name: 'meta-llama/Llama-3.3-70B-Instruct' }],
    ['  gpt-4o  ', { name: 'gpt-4o' }],
  ];
  for (const [raw, expected] of cases) {
    it(`parses ${JSON.stringify(raw)}`, () => {
      assert.deepStrictEqual(parseModelId(raw), { raw, ...expected });
    });
  }
});
