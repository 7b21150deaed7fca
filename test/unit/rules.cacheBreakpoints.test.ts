import * as assert from 'assert';
import { analyze, applyFix, findingOf, findingsOf, monthly, onlySite, preferredFix } from './ruleHelpers';

/** About 1,500 tokens of fixed policy: above the 1,024-token minimum of claude-sonnet-4-5. */
const POLICY = Array.from({ length: 100 }, (_, i) => `Rule ${i + 1}: answer in the language of the customer and cite the article you used.`).join(' ');

const CASES: Array<{ name: string; file: string; text: string; inserted: string }> = [
  {
    name: 'Anthropic TS, string system',
    file: 'src/draft.ts',
    text: `import Anthropic from '@anthropic-ai/sdk';\nconst anthropic = new Anthropic();\nconst SYSTEM = '${POLICY}';\nexport async function draft(q: string) {\n  return anthropic.messages.create({\n    model: 'claude-sonnet-4-5',\n    max_tokens: 400,\n    system: SYSTEM,\n    messages: [{ role: 'user', content: q }],\n  });\n}\n`,
    inserted: "system: [{ type: 'text', text: SYSTEM, cache_control: { type: 'ephemeral' } }],",
  },
  {
    name: 'Anthropic Python, string system',
    file: 'app/draft.py',
    text: `import anthropic\nclient = anthropic.Anthropic()\nSYSTEM = "${POLICY}"\n\ndef draft(q):\n    return client.messages.create(\n        model="claude-sonnet-4-5",\n        max_tokens=400,\n        system=SYSTEM,\n        messages=[{"role": "user", "content": q}],\n    )\n`,
    inserted: 'system=[{"type": "text", "text": SYSTEM, "cache_control": {"type": "ephemeral"}}],',
  },
  {
    name: 'Vercel AI SDK, system message',
    file: 'src/ai.ts',
    text: `import { generateText } from 'ai';\nimport { anthropic } from '@ai-sdk/anthropic';\nconst SYSTEM = '${POLICY}';\nexport async function draft(q: string) {\n  return generateText({\n    model: anthropic('claude-sonnet-4-5'),\n    maxOutputTokens: 400,\n    messages: [\n      { role: 'system', content: SYSTEM },\n      { role: 'user', content: q },\n    ],\n  });\n}\n`,
    inserted: "providerOptions: { anthropic: { cacheControl: { type: 'ephemeral' } } }",
  },
  {
    name: 'Bedrock Converse, Claude',
    file: 'src/bedrock.ts',
    text: `import { BedrockRuntimeClient, ConverseCommand } from '@aws-sdk/client-bedrock-runtime';\nconst client = new BedrockRuntimeClient({});\nconst SYSTEM = '${POLICY}';\nexport async function draft(q: string) {\n  return client.send(\n    new ConverseCommand({\n      modelId: 'anthropic.claude-sonnet-4-5-20250929-v1:0',\n      inferenceConfig: { maxTokens: 400 },\n      system: [{ text: SYSTEM }],\n      messages: [{ role: 'user', content: [{ text: q }] }],\n    }),\n  );\n}\n`,
    inserted: "{ cachePoint: { type: 'default' } }",
  },
  {
    name: 'LiteLLM, Claude',
    file: 'app/lite.py',
    text: `from litellm import completion\nSYSTEM = "${POLICY}"\n\ndef draft(q):\n    return completion(\n        model="anthropic/claude-sonnet-4-5",\n        max_tokens=400,\n        messages=[{"role": "system", "content": SYSTEM}, {"role": "user", "content": q}],\n    )\n`,
    inserted: '{"role": "system", "content": [{"type": "text", "text": SYSTEM, "cache_control": {"type": "ephemeral"}}]}',
  },
  {
    name: 'LangChain ChatAnthropic (Python)',
    file: 'app/chain.py',
    text: `from langchain_anthropic import ChatAnthropic\nfrom langchain_core.messages import HumanMessage, SystemMessage\nSYSTEM = "${POLICY}"\nllm = ChatAnthropic(model="claude-sonnet-4-5", max_tokens=400)\n\ndef draft(q):\n    return llm.invoke([SystemMessage(content=SYSTEM), HumanMessage(content=q)])\n`,
    inserted: '"cache_control": {"type": "ephemeral"}',
  },
];

describe('rule missing-cache-breakpoint', () => {
  for (const testCase of CASES) {
    it(`${testCase.name}: adds the breakpoint in the SDK's shape; the saving is realised`, async () => {
      const before = onlySite(await analyze(testCase.file, testCase.text, { monthlyCalls: 100_000 }));
      const finding = findingOf(before, 'missing-cache-breakpoint');
      assert.ok(finding.monthlySavings! > 0, finding.message);
      const { text, site } = await applyFix(testCase.file, testCase.text, preferredFix(finding), before.site.id, { monthlyCalls: 100_000 });
      assert.ok(text.includes(testCase.inserted), text);
      assert.deepStrictEqual(findingsOf(site, 'missing-cache-breakpoint'), []);
      assert.ok(site.estimate.tokens.cached > 0);
      assert.strictEqual(Math.round((monthly(before) - monthly(site)) * 100) / 100, finding.monthlySavings);
    });
  }

  it('states the prefix, the minimum and the saving', async () => {
    const finding = findingOf(onlySite(await analyze(CASES[0].file, CASES[0].text, { monthlyCalls: 100_000 })), 'missing-cache-breakpoint');
    // 2,092 cached tokens × ($3 − $0.30 read)/M at a 99.999% hit rate (the rare miss writes at $3.75/M) × 100,000 calls.
    assert.strictEqual(
      finding.message,
      '2,092 tokens of fixed prompt are sent on every call without a cache_control breakpoint, so Anthropic caches none of them (minimum 1,024 for claude-sonnet-4-5). A breakpoint on the system message saves $564.83/month at 100,000 calls a month.',
    );
    assert.strictEqual(finding.monthlySavings, 564.83);
    assert.strictEqual(finding.severity, 'warning');
  });

  it('does not fire below the minimum, with a breakpoint, on OpenAI, or on prompt files', async () => {
    const short = CASES[0].text.replace(POLICY, 'Answer briefly.');
    assert.deepStrictEqual(findingsOf(onlySite(await analyze('src/draft.ts', short)), 'missing-cache-breakpoint'), []);
    const marked = CASES[0].text.replace('system: SYSTEM,', "system: [{ type: 'text', text: SYSTEM, cache_control: { type: 'ephemeral' } }],");
    assert.deepStrictEqual(findingsOf(onlySite(await analyze('src/draft.ts', marked)), 'missing-cache-breakpoint'), []);
    const prompty = `---\nname: A\nmodel:\n  api: chat\n  configuration:\n    type: anthropic\n    name: claude-sonnet-4-5\n  parameters:\n    max_tokens: 300\n---\nsystem:\n${POLICY}\n\nuser:\n{{question}}\n`;
    assert.deepStrictEqual(findingsOf(onlySite(await analyze('p/a.prompty', prompty)), 'missing-cache-breakpoint'), []);
  });
});

describe('rule cache-below-minimum', () => {
  const shortMarked = `import Anthropic from '@anthropic-ai/sdk';\nconst anthropic = new Anthropic();\nexport async function tag(q: string) {\n  return anthropic.messages.create({\n    model: 'claude-haiku-4-5',\n    max_tokens: 5,\n    system: [{ type: 'text', text: 'One word for the mood.', cache_control: { type: 'ephemeral' } }],\n    messages: [{ role: 'user', content: q }],\n  });\n}\n`;
  it('removes a breakpoint on a prefix below the minimum; nothing was cached, so nothing changes in cost', async () => {
    const before = onlySite(await analyze('src/tag.ts', shortMarked));
    const finding = findingOf(before, 'cache-below-minimum');
    assert.strictEqual(
      finding.message,
      'This cache_control breakpoint ends an 11-token prefix, below the 4,096-token minimum for claude-haiku-4-5: nothing is cached, and the breakpoint uses one of the four a request may have.',
    );
    assert.strictEqual(finding.monthlySavings, undefined);
    const fix = preferredFix(finding);
    assert.strictEqual(fix.title, 'Remove the cache_control breakpoint');
    const { text, site } = await applyFix('src/tag.ts', shortMarked, fix, before.site.id);
    assert.ok(text.includes("    system: 'One word for the mood.',\n"), text);
    assert.deepStrictEqual(findingsOf(site, 'cache-below-minimum'), []);
    assert.strictEqual(monthly(site), monthly(before));
  });

  it('does not fire on a breakpoint at or above the minimum', async () => {
    const long = shortMarked.replace("'One word for the mood.'", `'${POLICY} ${POLICY} ${POLICY}'`);
    assert.deepStrictEqual(findingsOf(onlySite(await analyze('src/tag.ts', long)), 'cache-below-minimum'), []);
  });
});
