import * as assert from 'assert';
import { roundCents } from '../../src/core/format';
import { defaultReasoningEffort, expectedReasoning } from '../../src/core/models/reasoningTokens';
import { analyze, findingOf, onlySite } from './ruleHelpers';

// Every call below sends a 100-token variable plus 7 tokens of framing: 107 input tokens.
const openAi = (model: string, options = '') =>
  `import OpenAI from 'openai';\nconst client = new OpenAI();\nexport async function ask(q: string) {\n  return client.chat.completions.create({ model: '${model}', messages: [{ role: 'user', content: q }]${options} });\n}\n`;
const anthropic = (options: string) =>
  `import Anthropic from '@anthropic-ai/sdk';\nconst client = new Anthropic();\nexport async function ask(q: string) {\n  return client.messages.create({ model: 'claude-sonnet-4-5', messages: [{ role: 'user', content: q }]${options} });\n}\n`;
const gemini = (config: string) =>
  `import { GoogleGenAI } from '@google/genai';\nconst ai = new GoogleGenAI({});\nexport async function ask(q: string) {\n  return ai.models.generateContent({ model: 'gemini-2.5-flash', contents: q, config: { ${config} } });\n}\n`;

async function estimateOf(text: string) {
  return onlySite(await analyze('src/ask.ts', text)).estimate;
}

/** The output and reasoning lines of the assumptions. */
const outputLines = (assumptions: string[]) => assumptions.filter((line) => /^(Output|Reasoning):/.test(line));

describe('hidden reasoning billed as output', () => {
  it('gpt-5 with no effort stated reasons at medium, its default: 3,000 reasoning + 300 reply', async () => {
    const estimate = await estimateOf(openAi('gpt-5'));
    assert.deepStrictEqual([estimate.tokens.input, estimate.tokens.outputExpected, estimate.tokens.reasoningExpected], [107, 3300, 3000]);
    // 107 × $1.25/M + 3,300 × $10/M = $0.00013375 + $0.033.
    assert.strictEqual(estimate.cost.perCall!.toFixed(8), '0.03313375');
    assert.strictEqual(roundCents(estimate.cost.monthly!), 331.34);
    assert.deepStrictEqual(outputLines(estimate.assumptions), [
      "Output: 3,300 tokens expected: a 300-token reply (default; set outputTokens in promptcost.yaml) and 3,000 of hidden reasoning; worst case 128,000 (no cap: the model's maximum output).",
      'Reasoning: ≈3,000 tokens of hidden reasoning billed as output (effort medium, the default for gpt-5 — assumed). It comes on top of the visible reply, which is what outputTokens in promptcost.yaml sets.',
    ]);
  });

  it('gpt-5 at effort low and high: 1,000 and 8,000 reasoning tokens', async () => {
    const low = await estimateOf(openAi('gpt-5', ", reasoning_effort: 'low'"));
    assert.deepStrictEqual([low.tokens.outputExpected, low.tokens.reasoningExpected], [1300, 1000]);
    assert.strictEqual(low.cost.perCall!.toFixed(8), '0.01313375');
    assert.strictEqual(roundCents(low.cost.monthly!), 131.34);
    assert.strictEqual(
      outputLines(low.assumptions)[1],
      'Reasoning: ≈1,000 tokens of hidden reasoning billed as output (effort low, as the call sets it; the tokens per effort level are assumed). It comes on top of the visible reply, which is what outputTokens in promptcost.yaml sets.',
    );
    const high = await estimateOf(openAi('gpt-5', ", reasoning: { effort: 'high' }, max_completion_tokens: 25000"));
    assert.deepStrictEqual([high.tokens.outputExpected, high.tokens.reasoningExpected, high.tokens.outputMax], [8300, 8000, 25000]);
    // 107 × $1.25/M + 8,300 × $10/M; the worst case is the 25,000-token cap.
    assert.strictEqual(high.cost.perCall!.toFixed(8), '0.08313375');
    assert.strictEqual(roundCents(high.cost.monthly!), 831.34);
    assert.strictEqual(roundCents(high.cost.monthlyWorstCase!), 2501.34);
  });

  it('o3-mini defaults to medium too', async () => {
    const estimate = await estimateOf(openAi('o3-mini'));
    assert.deepStrictEqual([estimate.tokens.outputExpected, estimate.tokens.reasoningExpected], [3300, 3000]);
    // 107 × $1.10/M + 3,300 × $4.40/M = $0.0001177 + $0.01452.
    assert.strictEqual(estimate.cost.perCall!.toFixed(7), '0.0146377');
    assert.strictEqual(roundCents(estimate.cost.monthly!), 146.38);
    assert.ok(estimate.assumptions.some((line) => line.includes('(effort medium, the default for o3-mini — assumed)')));
  });

  it('gpt-5.1 with no effort stated does not reason (its default is none): the reply alone, and says so', async () => {
    const estimate = await estimateOf(openAi('gpt-5.1'));
    assert.strictEqual(estimate.tokens.outputExpected, 300);
    assert.strictEqual('reasoningExpected' in estimate.tokens, false);
    assert.strictEqual(estimate.cost.perCall!.toFixed(8), '0.00313375');
    assert.strictEqual(roundCents(estimate.cost.monthly!), 31.34);
    assert.deepStrictEqual(outputLines(estimate.assumptions), [
      "Output: 300 tokens expected (default; set outputTokens in promptcost.yaml); worst case 128,000 (no cap: the model's maximum output).",
      'Reasoning: none expected (effort none, the default for gpt-5.1; a call that sets reasoning effort pays for reasoning as output).',
    ]);
  });

  it('Claude with a thinking budget of 8,000 under max_tokens 16,000: half the budget is expected', async () => {
    const estimate = await estimateOf(anthropic(", max_tokens: 16000, thinking: { type: 'enabled', budget_tokens: 8000 }"));
    assert.deepStrictEqual([estimate.tokens.outputExpected, estimate.tokens.reasoningExpected, estimate.tokens.outputMax], [4300, 4000, 16000]);
    // 107 × $3/M + 4,300 × $15/M = $0.000321 + $0.0645.
    assert.strictEqual(estimate.cost.perCall!.toFixed(6), '0.064821');
    assert.strictEqual(roundCents(estimate.cost.monthly!), 648.21);
    assert.deepStrictEqual(outputLines(estimate.assumptions), [
      'Output: 4,300 tokens expected: a 300-token reply (default; set outputTokens in promptcost.yaml) and 4,000 of hidden reasoning; worst case 16,000 (max_tokens).',
      "Reasoning: ≈4,000 tokens of hidden reasoning billed as output (half of the call's 8,000-token thinking budget — assumed). It comes on top of the visible reply, which is what outputTokens in promptcost.yaml sets.",
    ]);
  });

  it('Gemini 2.5 with thinkingBudget 4,096, and -1 (dynamic) priced as medium', async () => {
    const budget = await estimateOf(gemini('maxOutputTokens: 8192, thinkingConfig: { thinkingBudget: 4096 }'));
    assert.deepStrictEqual([budget.tokens.outputExpected, budget.tokens.reasoningExpected], [2348, 2048]);
    // 107 × $0.30/M + 2,348 × $2.50/M = $0.0000321 + $0.00587.
    assert.strictEqual(budget.cost.perCall!.toFixed(7), '0.0059021');
    assert.strictEqual(roundCents(budget.cost.monthly!), 59.02);
    const dynamic = await estimateOf(gemini('thinkingConfig: { thinkingBudget: -1 }'));
    assert.deepStrictEqual([dynamic.tokens.outputExpected, dynamic.tokens.reasoningExpected], [3300, 3000]);
    assert.strictEqual(roundCents(dynamic.cost.monthly!), 82.82);
    assert.ok(
      dynamic.assumptions.includes(
        'Reasoning: ≈3,000 tokens of hidden reasoning billed as output (a dynamic thinking budget of -1, priced as effort medium — assumed). It comes on top of the visible reply, which is what outputTokens in promptcost.yaml sets.',
      ),
    );
    const off = await estimateOf(gemini('thinkingConfig: { thinkingBudget: 0 }'));
    assert.strictEqual(off.tokens.outputExpected, 300);
    assert.ok(off.assumptions.includes('Reasoning: none (the call sets a thinking budget of 0, which turns thinking off).'));
  });

  it('a stated reply length is the visible reply: reasoning comes on top, and the cap bounds both', async () => {
    const stated = await estimateOf(openAi('gpt-5', ', max_completion_tokens: 2000').replace('  return', '  // promptcost: outputTokens=500\n  return'));
    // 3,000 reasoning expected, but the 2,000-token cap holds only 2,000 of it: reasoning fills the cap before any reply.
    assert.deepStrictEqual([stated.tokens.outputExpected, stated.tokens.reasoningExpected], [2000, 2000]);
    assert.deepStrictEqual(outputLines(stated.assumptions), [
      'Output: 2,000 tokens expected: a 0-token reply (promptcost comment above the call, capped by max_completion_tokens, which bounds reasoning and reply together) and 2,000 of hidden reasoning; worst case 2,000 (max_completion_tokens).',
      'Reasoning: ≈3,000 tokens of hidden reasoning billed as output (effort medium, the default for gpt-5 — assumed); the output cap leaves room for 2,000 tokens of it. It comes on top of the visible reply, which is what outputTokens in promptcost.yaml sets.',
    ]);
    const roomy = await estimateOf(openAi('gpt-5', ', max_completion_tokens: 25000').replace('  return', '  // promptcost: outputTokens=500\n  return'));
    assert.deepStrictEqual([roomy.tokens.outputExpected, roomy.tokens.reasoningExpected], [3500, 3000]);
  });

  it('a non-reasoning call capped at 200 tokens expects half its cap, 100, when nothing states the reply', async () => {
    const estimate = await estimateOf(openAi('gpt-4o-mini', ', max_completion_tokens: 200'));
    assert.deepStrictEqual([estimate.tokens.outputExpected, estimate.tokens.reasoningExpected, estimate.tokens.outputMax], [100, undefined, 200]);
    // 107 × $0.15/M + 100 × $0.60/M = $0.00001605 + $0.00006.
    assert.strictEqual(estimate.cost.perCall!.toFixed(8), '0.00007605');
    assert.strictEqual(roundCents(estimate.cost.monthly!), 0.76);
    assert.deepStrictEqual(outputLines(estimate.assumptions), [
      'Output: 100 tokens expected (half its 200-token cap, assumed; set outputTokens in promptcost.yaml); worst case 200 (max_completion_tokens).',
    ]);
    // From a 600-token cap up, the built-in 300 stays; a stated length is only capped.
    assert.strictEqual((await estimateOf(openAi('gpt-4o-mini', ', max_completion_tokens: 600'))).tokens.outputExpected, 300);
    const stated = openAi('gpt-4o-mini', ', max_completion_tokens: 200').replace('  return', '  // promptcost: outputTokens=250\n  return');
    assert.strictEqual((await estimateOf(stated)).tokens.outputExpected, 200);
  });

  it('missing-max-tokens says why the cap it suggests for a reasoning model is large', async () => {
    const gpt5 = findingOf(onlySite(await analyze('src/ask.ts', openAi('gpt-5'))), 'missing-max-tokens');
    assert.strictEqual(
      gpt5.message,
      "No output cap: a reply can run to 128,000 tokens (the model's maximum output), up to $12,801.34/month at 10,000 calls a month; max_completion_tokens: 25,000 bounds it at $2,501.34/month (expected output 3,300 tokens, 3,000 of them hidden reasoning). The cap is this large because OpenAI recommends reserving at least 25,000 tokens for reasoning and output on reasoning models: max_completion_tokens bounds hidden reasoning too, and a reply cut off mid-reasoning is still billed.",
    );
    // A dynamic Gemini budget: room for the budget whose half is the 3,000 expected, plus the reply's 400.
    const dynamic = findingOf(onlySite(await analyze('src/ask.ts', gemini('thinkingConfig: { thinkingBudget: -1 }'))), 'missing-max-tokens');
    assert.strictEqual(dynamic.fixes[0].title, 'Add config.maxOutputTokens: 6400');
    assert.ok(
      dynamic.message.endsWith('It holds 6,000 tokens for hidden reasoning on top of 400 for the reply: the cap counts reasoning too.'),
      dynamic.message,
    );
    const claude = findingOf(onlySite(await analyze('src/ask.ts', anthropic(", thinking: { type: 'enabled', budget_tokens: 8000 }"))), 'missing-max-tokens');
    assert.strictEqual(claude.fixes[0].title, 'Add max_tokens: 8400');
    assert.ok(
      claude.message.endsWith("It holds the call's 8,000-token thinking budget on top of 400 tokens for the reply: the cap counts thinking too."),
      claude.message,
    );
  });
});

describe('the reasoning registry', () => {
  it("OpenAI's default effort: medium before gpt-5.1, none from it, high for gpt-5-pro; none for non-reasoning models", () => {
    const models = [
      'gpt-5',
      'openai/gpt-5-mini',
      'o3-mini',
      'o4-mini',
      'gpt-5-pro',
      'gpt-5.1',
      'gpt-5.2',
      'gpt-5.1-codex',
      'gpt-5-chat-latest',
      'gpt-4o',
      'claude-sonnet-4-5',
    ];
    assert.deepStrictEqual(
      models.map((model) => defaultReasoningEffort(model)),
      ['medium', 'medium', 'medium', 'medium', 'high', 'none', 'none', 'medium', undefined, undefined, undefined],
    );
  });

  it('a stated budget wins over a stated effort, which wins over the default; an unknown effort is priced as medium', () => {
    assert.strictEqual(expectedReasoning('claude-sonnet-4-5', { thinkingBudget: 8000, reasoningEffort: 'high' })?.tokens, 4000);
    assert.strictEqual(expectedReasoning('gpt-5', { reasoningEffort: 'xhigh' })?.tokens, 16000);
    assert.strictEqual(expectedReasoning('gemini-3-pro-preview', { reasoningEffort: 'LOW' })?.tokens, 1000);
    assert.deepStrictEqual(expectedReasoning('gpt-5', { reasoningEffort: 'extreme' }), {
      tokens: 3000,
      basis: { kind: 'unknown-effort', written: 'extreme', effort: 'medium' },
    });
    assert.strictEqual(expectedReasoning('gpt-4o', {}), undefined);
  });
});
