import * as assert from 'assert';
import { analyze, applyFix, findingOf, findingsOf, monthly, onlySite, preferredFix } from './ruleHelpers';

/** 90 lines of fixed policy, about 1,300 tokens: above OpenAI's 1,024-token cache minimum. */
const POLICY = Array.from({ length: 90 }, (_, i) => `Rule ${i + 1}: answer in the customer's language and cite the article you used.`).join('\n');
const indent = (text: string, by: string) =>
  text
    .split('\n')
    .map((line) => (line ? by + line : line))
    .join('\n');

const CASES: Array<{ name: string; file: string; text: string; fixed: string }> = [
  {
    name: 'TS template literal',
    file: 'src/answer.ts',
    text: `import OpenAI from 'openai';\nconst client = new OpenAI();\nexport async function answer(user: string, q: string) {\n  return client.chat.completions.create({\n    model: 'gpt-4o-mini',\n    max_completion_tokens: 300,\n    messages: [\n      { role: 'system', content: \`Today is \${new Date().toDateString()}. The user is \${user}.\n\n${POLICY}\` },\n      { role: 'user', content: q },\n    ],\n  });\n}\n`,
    fixed: `content: \`${POLICY}\n\nToday is \${new Date().toDateString()}. The user is \${user}.\` }`,
  },
  {
    name: 'Python f-string',
    file: 'app/answer.py',
    text: `from openai import OpenAI\nclient = OpenAI()\n\ndef answer(user, q):\n    system = f"""Customer: {user}\n${POLICY}"""\n    return client.chat.completions.create(\n        model="gpt-4o-mini",\n        max_completion_tokens=300,\n        messages=[{"role": "system", "content": system}, {"role": "user", "content": q}],\n    )\n`,
    fixed: `system = f"""${POLICY}\nCustomer: {user}"""`,
  },
  {
    name: 'Prompty',
    file: 'prompts/answer.prompty',
    text: `---\nname: Answer\nmodel:\n  api: chat\n  configuration:\n    type: openai\n    name: gpt-4o-mini\n  parameters:\n    max_tokens: 300\n---\nsystem:\nCustomer: {{customer}}\n\n${POLICY}\n\nuser:\n{{question}}\n`,
    fixed: `system:\n${POLICY}\n\nCustomer: {{customer}}\n\nuser:`,
  },
  {
    name: 'Dotprompt',
    file: 'prompts/answer.prompt',
    text: `---\nmodel: googleai/gemini-2.5-flash\nconfig:\n  maxOutputTokens: 300\n---\n{{role "system"}}\nToday is {{today}}.\n${POLICY}\n{{role "user"}}\n{{question}}\n`,
    fixed: `{{role "system"}}\n${POLICY}\nToday is {{today}}.\n{{role "user"}}`,
  },
  {
    name: 'GitHub Models block scalar',
    file: 'prompts/answer.prompt.yml',
    text: `name: Answer\nmodel: openai/gpt-4o-mini\nmodelParameters:\n  maxTokens: 300\nmessages:\n  - role: system\n    content: |\n      Customer: {{customer}}\n${indent(POLICY, '      ')}\n  - role: user\n    content: '{{question}}'\n`,
    fixed: `    content: |\n${indent(POLICY, '      ')}\n      Customer: {{customer}}\n  - role: user`,
  },
  {
    name: 'Google GenAI system instruction (TS)',
    file: 'src/gemini.ts',
    text: `import { GoogleGenAI } from '@google/genai';\nconst ai = new GoogleGenAI({});\nexport async function answer(user: string, q: string) {\n  return ai.models.generateContent({\n    model: 'gemini-2.5-flash',\n    contents: q,\n    config: {\n      maxOutputTokens: 300,\n      systemInstruction: \`Customer: \${user}\n${POLICY}\`,\n    },\n  });\n}\n`,
    fixed: `systemInstruction: \`${POLICY}\nCustomer: \${user}\`,`,
  },
  {
    name: 'Vercel AI SDK system (TS)',
    file: 'src/ai.ts',
    text: `import { generateText } from 'ai';\nimport { openai } from '@ai-sdk/openai';\nexport async function answer(user: string, q: string) {\n  return generateText({\n    model: openai('gpt-4o-mini'),\n    maxOutputTokens: 300,\n    system: \`Customer: \${user}\n${POLICY}\`,\n    prompt: q,\n  });\n}\n`,
    fixed: `system: \`${POLICY}\nCustomer: \${user}\`,`,
  },
  {
    name: 'LiteLLM f-string (Python)',
    file: 'app/lite.py',
    text: `from litellm import completion\n\ndef answer(user, q):\n    return completion(\n        model="gpt-4o-mini",\n        max_tokens=300,\n        messages=[{"role": "system", "content": f"""Customer: {user}\n${POLICY}"""}, {"role": "user", "content": q}],\n    )\n`,
    fixed: `"content": f"""${POLICY}\nCustomer: {user}"""}`,
  },
];

describe('rule uncacheable-prefix', () => {
  for (const testCase of CASES) {
    it(`${testCase.name}: moves the variable line after the fixed text; the saving is realised`, async () => {
      const before = onlySite(await analyze(testCase.file, testCase.text, { monthlyCalls: 100_000 }));
      const finding = findingOf(before, 'uncacheable-prefix');
      assert.ok(finding.monthlySavings! > 0);
      const { text, site } = await applyFix(testCase.file, testCase.text, preferredFix(finding), before.site.id, { monthlyCalls: 100_000 });
      assert.ok(text.includes(testCase.fixed), `fixed text:\n${text}`);
      assert.deepStrictEqual(findingsOf(site, 'uncacheable-prefix'), []);
      assert.ok(site.estimate.tokens.cached > before.estimate.tokens.cached);
      assert.strictEqual(Math.round((monthly(before) - monthly(site)) * 100) / 100, finding.monthlySavings, 'the stated saving is what the fixed file saves');
    });
  }

  it('states the tokens, what would be cached and the saving, at the variable', async () => {
    const before = onlySite(await analyze(CASES[0].file, CASES[0].text, { monthlyCalls: 100_000 }));
    const finding = findingOf(before, 'uncacheable-prefix');
    // 1,408 tokens (1,024 + 3 × 128) × ($0.15 − $0.075)/M × hit rate 0.99999 × 100,000 calls.
    assert.strictEqual(
      finding.message,
      '${new Date().toDateString()} changes between calls and comes before 1,441 tokens of fixed text, so OpenAI can never serve that text from its prompt cache. With the variable part after it, 1,408 tokens would be cached (expected hit rate 100% at 100,000 calls a month): $10.56/month less.',
    );
    assert.strictEqual(finding.monthlySavings, 10.56);
    assert.deepStrictEqual(finding.range, { start: { line: 7, character: 43 }, end: { line: 7, character: 71 } });
    assert.strictEqual(preferredFix(finding).title, 'Move ${new Date().toDateString()} and ${user} after the fixed text');
  });

  it('an interpolation spanning two lines is marked on its first only (every rule finding is one line)', async () => {
    const text = CASES[0].text.replace('${new Date().toDateString()}', '${new Date()\n        .toDateString()}');
    const finding = findingOf(onlySite(await analyze(CASES[0].file, text, { monthlyCalls: 100_000 })), 'uncacheable-prefix');
    // The rule gives 7:43–8:24 (`${new Date()` to `.toDateString()}`); runRules keeps line 7, to its end.
    assert.deepStrictEqual(finding.range, { start: { line: 7, character: 43 }, end: { line: 7, character: 55 } });
  });

  it('offers no fix for a one-line string but still states the saving', async () => {
    const oneLine = CASES[0].text.replace(/content: `Today[^`]*`/s, `content: \`Today is \${day}. ${POLICY.replace(/\n/g, ' ')}\``);
    const finding = findingOf(onlySite(await analyze('src/answer.ts', oneLine, { monthlyCalls: 100_000 })), 'uncacheable-prefix');
    assert.deepStrictEqual(
      finding.fixes.map((fix) => fix.title),
      ['Ignore uncacheable-prefix here (promptcost-ignore comment)'],
    );
    assert.ok(finding.monthlySavings! > 0);
  });

  it('does not fire when the fixed text is below the cache minimum, when the variable part is already last, or on Anthropic', async () => {
    const short = CASES[0].text.replace(POLICY, 'Answer briefly.');
    assert.deepStrictEqual(findingsOf(onlySite(await analyze('src/answer.ts', short)), 'uncacheable-prefix'), []);
    const fixed = (
      await applyFix(
        CASES[0].file,
        CASES[0].text,
        preferredFix(findingOf(onlySite(await analyze(CASES[0].file, CASES[0].text)), 'uncacheable-prefix')),
        'src/answer.ts#answer',
      )
    ).text;
    assert.deepStrictEqual(findingsOf(onlySite(await analyze('src/answer.ts', fixed)), 'uncacheable-prefix'), []);
    const claude = CASES[2].text.replace('type: openai\n    name: gpt-4o-mini', 'type: anthropic\n    name: claude-sonnet-4-5');
    assert.deepStrictEqual(findingsOf(onlySite(await analyze('prompts/answer.prompty', claude)), 'uncacheable-prefix'), []);
  });

  it('on Anthropic calls, advises a block of its own with a breakpoint, with the saving and no edit', async () => {
    const claude = `import Anthropic from '@anthropic-ai/sdk';\nconst anthropic = new Anthropic();\nexport async function answer(user: string, q: string) {\n  return anthropic.messages.create({\n    model: 'claude-sonnet-4-5',\n    max_tokens: 300,\n    system: \`Customer: \${user}\n${POLICY}\`,\n    messages: [{ role: 'user', content: q }],\n  });\n}\n`;
    const finding = findingOf(onlySite(await analyze('src/claude.ts', claude, { monthlyCalls: 100_000 })), 'uncacheable-prefix');
    // 1,676 tokens (the run and its block's framing) × ($3 − $0.30)/M × 100,000 calls, less the second block's framing.
    assert.strictEqual(
      finding.message,
      '${user} changes between calls and comes before 1,672 tokens of fixed text, so Anthropic can never serve that text from its prompt cache. With the fixed text first, in a block of its own with cache_control, and the variable part in a block after it, 1,676 tokens would be cached (expected hit rate 100% at 100,000 calls a month): $451.31/month less.',
    );
    assert.strictEqual(finding.monthlySavings, 451.31);
    assert.deepStrictEqual(
      finding.fixes.map((fix) => fix.title),
      ['Ignore uncacheable-prefix here (promptcost-ignore comment)'],
    );
  });

  it('moves lines in a CRLF file with tab indentation and keeps both', async () => {
    // YAML forbids tabs for indentation, so the tab case is the TS template literal.
    const tabbedTs = CASES[0].text.replace(/\n {6}\{/g, '\n\t\t\t{').replace(/\n/g, '\r\n');
    for (const [file, text] of [
      ['prompts/answer.prompt.yml', CASES[4].text.replace(/\n/g, '\r\n')],
      ['src/answer.ts', tabbedTs],
    ] as const) {
      const before = onlySite(await analyze(file, text, { monthlyCalls: 100_000 }));
      const { text: fixedText, site } = await applyFix(file, text, preferredFix(findingOf(before, 'uncacheable-prefix')), before.site.id, {
        monthlyCalls: 100_000,
      });
      assert.ok(!/[^\r]\n/.test(fixedText), `${file}: no bare LF`);
      assert.deepStrictEqual(findingsOf(site, 'uncacheable-prefix'), []);
    }
  });
});
