import * as assert from 'assert';
import { analyze, applyFix, findingOf, findingsOf, onlySite, preferredFix } from './ruleHelpers';

/** One uncapped call or prompt per SDK and format, and what the fix must write. */
const CASES: Array<{ name: string; file: string; text: string; param: string; inserted: string }> = [
  {
    name: 'OpenAI chat (TS)',
    file: 'src/chat.ts',
    text: `import OpenAI from 'openai';\nconst client = new OpenAI();\nexport async function ask(q: string) {\n  return client.chat.completions.create({\n    model: 'gpt-4o',\n    messages: [{ role: 'user', content: q }],\n  });\n}\n`,
    param: 'max_completion_tokens',
    inserted: `  return client.chat.completions.create({\n    model: 'gpt-4o',\n    messages: [{ role: 'user', content: q }],\n    max_completion_tokens: 400,\n  });`,
  },
  {
    name: 'OpenAI responses (TS)',
    file: 'src/respond.ts',
    text: `import OpenAI from 'openai';\nconst client = new OpenAI();\nexport async function ask(q: string) {\n  return client.responses.create({ model: 'gpt-4.1', input: q });\n}\n`,
    param: 'max_output_tokens',
    inserted: 'max_output_tokens: 400',
  },
  {
    name: 'OpenAI chat (Python)',
    file: 'app/chat.py',
    text: `from openai import OpenAI\nclient = OpenAI()\n\ndef ask(q):\n    return client.chat.completions.create(\n        model="gpt-4o",\n        messages=[{"role": "user", "content": q}],\n    )\n`,
    param: 'max_completion_tokens',
    inserted: `        messages=[{"role": "user", "content": q}],\n        max_completion_tokens=400,\n    )`,
  },
  {
    name: 'Anthropic (Python)',
    file: 'app/claude.py',
    text: `import anthropic\nclient = anthropic.Anthropic()\n\ndef ask(q):\n    return client.messages.create(model="claude-sonnet-4-5", messages=[{"role": "user", "content": q}])\n`,
    param: 'max_tokens',
    inserted: 'max_tokens=400',
  },
  {
    name: 'Google GenAI (TS)',
    file: 'src/gemini.ts',
    text: `import { GoogleGenAI } from '@google/genai';\nconst ai = new GoogleGenAI({});\nexport async function ask(q: string) {\n  return ai.models.generateContent({ model: 'gemini-2.5-flash', contents: q });\n}\n`,
    param: 'config.maxOutputTokens',
    inserted: 'maxOutputTokens: 400',
  },
  {
    name: 'Vercel AI SDK',
    file: 'src/ai.ts',
    text: `import { generateText } from 'ai';\nimport { openai } from '@ai-sdk/openai';\nexport async function ask(q: string) {\n  return generateText({ model: openai('gpt-4o'), prompt: q });\n}\n`,
    param: 'maxOutputTokens',
    inserted: 'maxOutputTokens: 400',
  },
  {
    name: 'LiteLLM',
    file: 'app/lite.py',
    text: `from litellm import completion\n\ndef ask(q):\n    return completion(model="gpt-4o", messages=[{"role": "user", "content": q}])\n`,
    param: 'max_tokens',
    inserted: 'max_tokens=400',
  },
  {
    name: 'Bedrock Converse (TS)',
    file: 'src/bedrock.ts',
    text: `import { BedrockRuntimeClient, ConverseCommand } from '@aws-sdk/client-bedrock-runtime';\nconst client = new BedrockRuntimeClient({});\nexport async function ask(q: string) {\n  return client.send(new ConverseCommand({ modelId: 'anthropic.claude-3-5-haiku-20241022-v1:0', messages: [{ role: 'user', content: [{ text: q }] }] }));\n}\n`,
    param: 'inferenceConfig.maxTokens',
    inserted: 'maxTokens: 400',
  },
  {
    name: 'Prompty',
    file: 'prompts/answer.prompty',
    text: `---\nname: Answer\nmodel:\n  api: chat\n  configuration:\n    type: openai\n    name: gpt-4o\n---\nsystem:\nYou answer questions.\n\nuser:\n{{question}}\n`,
    param: 'parameters.max_tokens',
    inserted: 'max_tokens: 400',
  },
  {
    name: 'Dotprompt',
    file: 'prompts/answer.prompt',
    text: `---\nmodel: googleai/gemini-2.5-flash\n---\nAnswer: {{question}}\n`,
    param: 'config.maxOutputTokens',
    inserted: 'maxOutputTokens: 400',
  },
  {
    name: 'GitHub Models',
    file: 'prompts/answer.prompt.yml',
    text: `name: Answer\nmodel: openai/gpt-4o\nmessages:\n  - role: user\n    content: '{{question}}'\n`,
    param: 'modelParameters.maxTokens',
    inserted: 'maxTokens: 400',
  },
  {
    name: 'Anthropic (TS)',
    file: 'src/claude.ts',
    text: `import Anthropic from '@anthropic-ai/sdk';\nconst anthropic = new Anthropic();\nexport async function ask(q: string) {\n  return anthropic.messages.create({ model: 'claude-haiku-4-5', messages: [{ role: 'user', content: q }] });\n}\n`,
    param: 'max_tokens',
    inserted: 'max_tokens: 400',
  },
  {
    name: 'Google GenAI (Python)',
    file: 'app/gemini.py',
    text: `from google import genai\nclient = genai.Client()\n\ndef ask(q):\n    return client.models.generate_content(model="gemini-2.5-flash", contents=q)\n`,
    param: 'config.max_output_tokens',
    inserted: 'max_output_tokens',
  },
  {
    name: 'LangChain (TS)',
    file: 'src/chain.ts',
    text: `import { ChatOpenAI } from '@langchain/openai';\nconst llm = new ChatOpenAI({ model: 'gpt-4o' });\nexport async function ask(q: string) {\n  return llm.invoke(q);\n}\n`,
    param: 'maxTokens',
    inserted: 'maxTokens: 400',
  },
  {
    name: 'LangChain (Python)',
    file: 'app/chain.py',
    text: `from langchain_openai import ChatOpenAI\nllm = ChatOpenAI(model="gpt-4o")\n\ndef ask(q):\n    return llm.invoke(q)\n`,
    param: 'max_tokens',
    inserted: 'max_tokens=400',
  },
  {
    name: 'Bedrock Converse (Python)',
    file: 'app/bedrock.py',
    text: `import boto3\nclient = boto3.client("bedrock-runtime")\n\ndef ask(q):\n    return client.converse(modelId="anthropic.claude-3-5-haiku-20241022-v1:0", messages=[{"role": "user", "content": [{"text": q}]}])\n`,
    param: 'inferenceConfig.maxTokens',
    inserted: '"maxTokens": 400',
  },
  {
    name: 'Prompty v2',
    file: 'prompts/answer2.prompty',
    text: `---\nname: Answer\nmodel:\n  id: gpt-4o\n  provider: openai\n---\nsystem:\nYou answer questions.\n\nuser:\n{{question}}\n`,
    param: 'options.maxOutputTokens',
    inserted: 'maxOutputTokens: 400',
  },
];

describe('rule missing-max-tokens', () => {
  for (const testCase of CASES) {
    it(`${testCase.name}: inserts ${testCase.param}: 400 (300 expected + 25%, to the hundred) and the finding goes`, async () => {
      const before = onlySite(await analyze(testCase.file, testCase.text));
      const finding = findingOf(before, 'missing-max-tokens');
      assert.strictEqual(finding.severity, 'warning');
      const fix = preferredFix(finding);
      assert.strictEqual(fix.title, `Add ${testCase.param}: 400`);
      const { text, site } = await applyFix(testCase.file, testCase.text, fix, before.site.id);
      assert.ok(text.includes(testCase.inserted), `the fixed text holds ${JSON.stringify(testCase.inserted)}:\n${text}`);
      assert.deepStrictEqual(findingsOf(site, 'missing-max-tokens'), []);
      assert.strictEqual(site.site.outputCap?.value, 400);
      assert.strictEqual(site.estimate.tokens.outputMax, 400);
      // The message's "bounds it at" figure is the worst case the fixed file shows.
      const bound = /bounds it at (\$[\d,.]+)\/month/.exec(finding.message)?.[1];
      if (site.estimate.cost.monthlyWorstCase !== undefined)
        assert.strictEqual(bound, `$${(Math.round(site.estimate.cost.monthlyWorstCase * 100) / 100).toLocaleString('en-US', { minimumFractionDigits: 2 })}`);
    });
  }

  it('states the worst case without a cap and with the suggested one, at the site volume', async () => {
    const { text, file } = { text: CASES[0].text, file: CASES[0].file };
    const finding = findingOf(onlySite(await analyze(file, text)), 'missing-max-tokens');
    assert.strictEqual(
      finding.message,
      "No output cap: a reply can run to 16,384 tokens (the model's maximum output), up to $1,641.08/month at 10,000 calls a month; max_completion_tokens: 400 bounds it at $42.68/month (expected output 300 tokens).",
    );
    assert.deepStrictEqual(finding.range, { start: { line: 3, character: 9 }, end: { line: 3, character: 41 } });
    // 107 input tokens (100 for q, 7 of framing) at $2.50/M and 16,384 or 400 output at $10/M, 10,000 times.
    assert.strictEqual(finding.monthlySavings, undefined, 'a cap bounds the worst case; it does not lower the expected cost');
  });

  it('marks one line on a multi-line call: its first, from the call to the end of that line (TS and Python)', async () => {
    // `  return client.chat.completions.create({` spans 4 lines; the finding is on its first only.
    const ts = findingOf(onlySite(await analyze(CASES[0].file, CASES[0].text)), 'missing-max-tokens');
    assert.deepStrictEqual(ts.range, { start: { line: 3, character: 9 }, end: { line: 3, character: 41 } });
    // `    return client.chat.completions.create(` spans 4 lines too.
    const py = findingOf(onlySite(await analyze(CASES[2].file, CASES[2].text)), 'missing-max-tokens');
    assert.deepStrictEqual(py.range, { start: { line: 4, character: 11 }, end: { line: 4, character: 42 } });
  });

  it('does not fire on capped calls, on Copilot chat prompts, or where promptcost-ignore says so', async () => {
    const capped = CASES[0].text.replace("model: 'gpt-4o',", "model: 'gpt-4o',\n    max_completion_tokens: 300,");
    assert.deepStrictEqual(findingsOf(onlySite(await analyze('src/chat.ts', capped)), 'missing-max-tokens'), []);
    const copilot = await analyze('.github/prompts/review.prompt.md', '---\ndescription: Review\n---\nReview ${selection}\n');
    assert.deepStrictEqual(findingsOf(onlySite(copilot), 'missing-max-tokens'), []);
    const ignored = CASES[0].text.replace('  return client', '  // promptcost-ignore missing-max-tokens\n  return client');
    assert.deepStrictEqual(findingsOf(onlySite(await analyze('src/chat.ts', ignored)), 'missing-max-tokens'), []);
  });

  it("reasoning models get OpenAI's 25,000-token reserve, thinking budgets add to the cap", async () => {
    const reasoning = CASES[0].text.replace("'gpt-4o'", "'o4-mini'");
    assert.strictEqual(
      preferredFix(findingOf(onlySite(await analyze('src/chat.ts', reasoning)), 'missing-max-tokens')).title,
      'Add max_completion_tokens: 25000',
    );
  });

  it('keeps CRLF line breaks and tab indentation when it inserts', async () => {
    const tabbed = CASES[0].text
      .replace(/\n {4}/g, '\n\t\t')
      .replace(/\n {2}/g, '\n\t')
      .replace(/\n/g, '\r\n');
    const before = onlySite(await analyze('src/chat.ts', tabbed));
    const { text, site } = await applyFix('src/chat.ts', tabbed, preferredFix(findingOf(before, 'missing-max-tokens')), before.site.id);
    assert.ok(text.includes("\t\tmessages: [{ role: 'user', content: q }],\r\n\t\tmax_completion_tokens: 400,\r\n\t});"), JSON.stringify(text));
    assert.ok(!/[^\r]\n/.test(text), 'no bare LF');
    assert.strictEqual(site.site.outputCap?.value, 400);
  });

  it('the ignore fix silences it and nothing else', async () => {
    const before = onlySite(await analyze('app/chat.py', CASES[2].text));
    const ignore = findingOf(before, 'missing-max-tokens').fixes.at(-1)!;
    assert.strictEqual(ignore.title, 'Ignore missing-max-tokens here (promptcost-ignore comment)');
    const { text, site } = await applyFix('app/chat.py', CASES[2].text, ignore, before.site.id);
    assert.ok(text.includes('def ask(q):\n    # promptcost-ignore missing-max-tokens\n    return client.chat.completions.create('));
    assert.deepStrictEqual(findingsOf(site, 'missing-max-tokens'), []);
    assert.deepStrictEqual(
      site.findings.map((finding) => finding.rule),
      before.findings.map((finding) => finding.rule).filter((rule) => rule !== 'missing-max-tokens'),
    );
  });
});
