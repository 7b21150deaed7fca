import * as assert from 'assert';
import { readFileSync } from 'fs';
import * as path from 'path';
import { RULE_IDS } from '../../src/core/findings/findingCodes';
import { RULES } from '../../src/core/rules/ruleRegistry';
import { cheaperAlternatives } from '../../src/core/pricing/alternatives';
import { PriceBook } from '../../src/core/pricing/priceBook';
import { isCheapestTier } from '../../src/core/providers/providers';
import { parseProjectConfig } from '../../src/core/volume/projectConfig';
import { analyze, applyFix, findingOf, findingsOf, monthly, onlySite, preferredFix } from './ruleHelpers';

const PRICES = new PriceBook({});
const providerOf = (model: string) => (model.startsWith('claude') ? 'anthropic' : model.startsWith('gemini') ? 'google' : 'openai');

const openAiChat = (model: string, cap: string) =>
  `import OpenAI from 'openai';\nconst client = new OpenAI();\nexport async function ask(q: string) {\n  return client.chat.completions.create({\n    model: '${model}',\n    messages: [{ role: 'user', content: q }],\n    ${cap}\n  });\n}\n`;
const pyChat = (model: string, cap: string) =>
  `from openai import OpenAI\nclient = OpenAI()\n\ndef ask(q):\n    return client.chat.completions.create(model="${model}", messages=[{"role": "user", "content": q}], ${cap})\n`;

describe('rule deprecated-max-tokens', () => {
  for (const [name, file, text, renamed] of [
    ['TS', 'src/ask.ts', openAiChat('o4-mini', 'max_tokens: 30000,'), 'max_completion_tokens: 30000,'],
    ['Python', 'app/ask.py', pyChat('gpt-5-mini', 'max_tokens=30000'), 'max_completion_tokens=30000'],
  ] as const) {
    it(`${name}: renames max_tokens on a reasoning model`, async () => {
      const before = onlySite(await analyze(file, text));
      const finding = findingOf(before, 'deprecated-max-tokens');
      assert.strictEqual(finding.severity, 'warning');
      const fix = preferredFix(finding);
      assert.strictEqual(fix.title, 'Rename max_tokens to max_completion_tokens');
      const after = await applyFix(file, text, fix, before.site.id);
      assert.ok(after.text.includes(renamed));
      assert.deepStrictEqual(findingsOf(after.site, 'deprecated-max-tokens'), []);
      assert.deepStrictEqual(after.site.site.outputCap, { ...before.site.outputCap, param: 'max_completion_tokens', range: after.site.site.outputCap!.range });
    });
  }

  it('does not fire on gpt-4o, on max_completion_tokens, or outside OpenAI chat (LiteLLM translates it)', async () => {
    assert.deepStrictEqual(findingsOf(onlySite(await analyze('src/ask.ts', openAiChat('gpt-4o', 'max_tokens: 300,'))), 'deprecated-max-tokens'), []);
    assert.deepStrictEqual(
      findingsOf(onlySite(await analyze('src/ask.ts', openAiChat('o4-mini', 'max_completion_tokens: 30000,'))), 'deprecated-max-tokens'),
      [],
    );
    const lite = `from litellm import completion\n\ndef ask(q):\n    return completion(model="o4-mini", messages=[{"role": "user", "content": q}], max_tokens=30000)\n`;
    assert.deepStrictEqual(findingsOf(onlySite(await analyze('app/lite.py', lite)), 'deprecated-max-tokens'), []);
  });
});

describe('rule cap-above-model-max', () => {
  it('sets the cap to the model maximum (gpt-4o: 16,384) in code and in a prompt file', async () => {
    const before = onlySite(await analyze('src/ask.ts', openAiChat('gpt-4o', 'max_completion_tokens: 50000,')));
    const finding = findingOf(before, 'cap-above-model-max');
    assert.strictEqual(
      finding.message,
      "max_completion_tokens: 50,000 is above gpt-4o's maximum output of 16,384 tokens: providers reject such a request or ignore the cap.",
    );
    assert.deepStrictEqual(finding.range, { start: { line: 6, character: 27 }, end: { line: 6, character: 32 } });
    const after = await applyFix('src/ask.ts', openAiChat('gpt-4o', 'max_completion_tokens: 50000,'), preferredFix(finding), before.site.id);
    assert.ok(after.text.includes('max_completion_tokens: 16384,'));
    assert.deepStrictEqual(findingsOf(after.site, 'cap-above-model-max'), []);

    const yml = 'name: Big\nmodel: openai/gpt-4o-mini\nmodelParameters:\n  maxTokens: 100000\nmessages:\n  - role: user\n    content: hi\n';
    const site = onlySite(await analyze('p/big.prompt.yml', yml));
    const fixed = await applyFix('p/big.prompt.yml', yml, preferredFix(findingOf(site, 'cap-above-model-max')), site.site.id);
    assert.ok(fixed.text.includes('  maxTokens: 16384\n'));
    assert.deepStrictEqual(findingsOf(fixed.site, 'cap-above-model-max'), []);
  });

  it('does not fire at or below the maximum, or for a model whose maximum is unknown', async () => {
    assert.deepStrictEqual(findingsOf(onlySite(await analyze('src/ask.ts', openAiChat('gpt-4o', 'max_completion_tokens: 16384,'))), 'cap-above-model-max'), []);
    assert.deepStrictEqual(
      findingsOf(onlySite(await analyze('src/ask.ts', openAiChat('acme-llm-9000', 'max_completion_tokens: 900000,'))), 'cap-above-model-max'),
      [],
    );
  });
});

describe('rule context-overflow', () => {
  it('is an error when input plus the cap exceed the context window, and not otherwise', async () => {
    const project = { sites: { 'src/ask.ts': { variables: { q: 127_000 } } } };
    const over = onlySite(await analyze('src/ask.ts', openAiChat('gpt-4o', 'max_completion_tokens: 4000,'), { project }));
    const finding = findingOf(over, 'context-overflow');
    assert.strictEqual(finding.severity, 'error');
    assert.strictEqual(
      finding.message,
      "127,007 input tokens + 4,000 for the reply (max_completion_tokens) = 131,007, more than gpt-4o's context window of 128,000 tokens: the call fails. Shorten the prompt or its variables, or pick a model with a larger window.",
    );
    assert.deepStrictEqual(
      finding.fixes.map((fix) => fix.title),
      ['Ignore context-overflow here (promptcost-ignore comment)'],
    );
    const fits = onlySite(await analyze('src/ask.ts', openAiChat('gpt-4.1', 'max_completion_tokens: 4000,'), { project }));
    assert.deepStrictEqual(findingsOf(fits, 'context-overflow'), []);
  });
});

describe('rule unpriced-model', () => {
  it('warns at the model for an unknown id and for an unmapped deployment; silent once priced', async () => {
    const unknown = onlySite(await analyze('src/ask.ts', openAiChat('acme-llm-9000', 'max_completion_tokens: 100,')));
    const finding = findingOf(unknown, 'unpriced-model');
    assert.strictEqual(
      finding.message,
      'No price is known for "acme-llm-9000", so this prompt is unpriced. Pick a model with a price, or add one under prices: in promptcost.yaml.',
    );
    assert.deepStrictEqual(finding.range, { start: { line: 4, character: 11 }, end: { line: 4, character: 26 } });
    const priced = onlySite(
      await analyze('src/ask.ts', openAiChat('acme-llm-9000', 'max_completion_tokens: 100,'), {
        project: { prices: { 'acme-llm-9000': { input: 1, output: 2 } } },
      }),
    );
    assert.deepStrictEqual(findingsOf(priced, 'unpriced-model'), []);

    const azure = `---\nname: Legacy\nmodel:\n  api: chat\n  configuration:\n    type: azure_openai\n    azure_deployment: support-gpt4o\n  parameters:\n    max_tokens: 200\n---\nsystem:\nSummarise.\n`;
    const deployment = findingOf(onlySite(await analyze('p/legacy.prompty', azure)), 'unpriced-model');
    assert.strictEqual(
      deployment.message,
      '"support-gpt4o" is a deployment name, not a model, so this prompt is unpriced. Map it to its model under deployments: in promptcost.yaml, e.g. "support-gpt4o: gpt-4o".',
    );
    assert.deepStrictEqual(
      findingsOf(onlySite(await analyze('p/legacy.prompty', azure, { project: { deployments: { 'support-gpt4o': 'gpt-4o' } } })), 'unpriced-model'),
      [],
    );
  });
});

describe('rule cheaper-model', () => {
  it('suggests same-provider models ≥ 40% cheaper, closest first; switching realises the saving', async () => {
    const text = openAiChat('gpt-4o', 'max_completion_tokens: 600,');
    const before = onlySite(await analyze('src/ask.ts', text, { monthlyCalls: 100_000 }));
    const finding = findingOf(before, 'cheaper-model');
    assert.strictEqual(finding.severity, 'info');
    assert.deepStrictEqual(
      finding.fixes.map((fix) => fix.title),
      [
        'Switch to gpt-4.1-mini ($52.28/month)',
        'Switch to gpt-4o-mini ($19.61/month)',
        'Switch to gpt-4.1-nano ($13.07/month)',
        'Ignore cheaper-model here (promptcost-ignore comment)',
      ],
    );
    const after = await applyFix('src/ask.ts', text, preferredFix(finding), before.site.id, { monthlyCalls: 100_000 });
    assert.ok(after.text.includes("model: 'gpt-4.1-mini',"));
    assert.strictEqual(after.site.estimate.model.id, 'gpt-4.1-mini');
    assert.strictEqual(Math.round((monthly(before) - monthly(after.site)) * 100) / 100, finding.monthlySavings);
    // gpt-4o: 107 input tokens at $2.50/M + 300 output at $10/M = $326.75/month at 100,000 calls; gpt-4.1-mini ($0.40/$1.60) $52.28.
    assert.strictEqual(finding.monthlySavings, 274.47);
  });

  it('keeps a provider prefix and rewrites an environment default, never a reasoning model for a non-reasoning one', async () => {
    const yml = 'name: A\nmodel: openai/gpt-4o\nmodelParameters:\n  maxTokens: 300\nmessages:\n  - role: user\n    content: hi\n';
    const site = onlySite(await analyze('p/a.prompt.yml', yml));
    const fix = preferredFix(findingOf(site, 'cheaper-model'));
    assert.deepStrictEqual(fix.edits[0].newText, 'openai/gpt-4.1-mini');
    const env = openAiChat('gpt-4o', 'max_completion_tokens: 300,').replace("model: 'gpt-4o'", "model: process.env.MODEL ?? 'gpt-4o'");
    const envSite = onlySite(await analyze('src/ask.ts', env));
    const after = await applyFix('src/ask.ts', env, preferredFix(findingOf(envSite, 'cheaper-model')), envSite.site.id);
    assert.ok(after.text.includes("model: process.env.MODEL ?? 'gpt-4.1-mini',"));
    const titles = findingOf(envSite, 'cheaper-model')
      .fixes.map((candidate) => candidate.title)
      .join(' ');
    assert.ok(!/o4-mini|gpt-5/.test(titles), titles);
  });

  it('does not fire on the cheapest model of a provider or on unpriced models', async () => {
    assert.deepStrictEqual(findingsOf(onlySite(await analyze('src/ask.ts', openAiChat('gpt-4.1-nano', 'max_completion_tokens: 300,'))), 'cheaper-model'), []);
    assert.deepStrictEqual(findingsOf(onlySite(await analyze('src/ask.ts', openAiChat('acme-llm-9000', 'max_completion_tokens: 300,'))), 'cheaper-model'), []);
  });
});

describe('cheaper-model: quiet by default', () => {
  // gpt-4o → gpt-4.1-mini saves $0.0027447 a call (107 input tokens at $2.50/M → $0.40/M, 300 output at $10/M → $1.60/M). The cap of 600 keeps the built-in 300-token reply (half a smaller cap would be expected).
  const text = openAiChat('gpt-4o', 'max_completion_tokens: 600,');
  const cheaper = async (options: Parameters<typeof analyze>[2]) => findingsOf(onlySite(await analyze('src/ask.ts', text, options)), 'cheaper-model');

  it('fires only where the switch saves at least $5/month: $4.99 at 1,818 calls is quiet, $5.00 at 1,820 and $5.01 at 1,823 are not', async () => {
    assert.deepStrictEqual(await cheaper({ monthlyCalls: 1_818 }), []);
    assert.deepStrictEqual(
      (await cheaper({ monthlyCalls: 1_820 })).map((finding) => finding.monthlySavings),
      [5],
    );
    const [above] = await cheaper({ monthlyCalls: 1_823 });
    assert.strictEqual(above.monthlySavings, 5.01);
    assert.strictEqual(
      above.message,
      'gpt-4.1-mini would cost $0.95/month here instead of $5.96 at 1,823 calls a month (−84%), if it does the job: check it on your evals. Also cheaper: gpt-4o-mini $0.36 (−94%), gpt-4.1-nano $0.24 (−96%).',
    );
  });

  it("stays quiet at Prompt Cost's default volume, which nobody chose, and speaks once a volume is set anywhere", async () => {
    const project = (yaml: string) => parseProjectConfig(yaml).config;
    // 10,000 calls a month would save $27.44 (each month rounded to the cent first), but nobody said the call runs that often.
    assert.deepStrictEqual(await cheaper({ monthlyCalls: 10_000, monthlyCallsAssumed: true }), []);
    // The same figure chosen in the setting or with --calls, in promptcost.yaml defaults, or in a comment is the user's.
    for (const options of [
      { monthlyCalls: 10_000 },
      { monthlyCalls: 10_000, monthlyCallsAssumed: true, project: project('defaults: { monthlyCalls: 10000 }\n') },
    ]) {
      assert.deepStrictEqual(
        (await cheaper(options)).map((finding) => finding.monthlySavings),
        [27.44],
      );
    }
    const commented = text.replace('  return client', '  // promptcost: monthlyCalls=10000\n  return client');
    const site = onlySite(await analyze('src/ask.ts', commented, { monthlyCalls: 10_000, monthlyCallsAssumed: true }));
    assert.deepStrictEqual(
      findingsOf(site, 'cheaper-model').map((finding) => finding.monthlySavings),
      [27.44],
    );
  });

  it('promptcost.yaml thresholds: cheaperModelMonthly moves the line both ways; a setting wins over it', async () => {
    const project = (yaml: string) => parseProjectConfig(yaml).config;
    // $4.99 passes a $4.99 threshold; $5.01 does not pass $5.02.
    assert.deepStrictEqual(
      (await cheaper({ monthlyCalls: 1_818, project: project('thresholds: { cheaperModelMonthly: 4.99 }\n') })).map((finding) => finding.monthlySavings),
      [4.99],
    );
    assert.deepStrictEqual(await cheaper({ monthlyCalls: 1_823, project: project('thresholds: { cheaperModelMonthly: 5.02 }\n') }), []);
    // The editor or CLI setting over the file: 5.02 in promptcost.yaml, 5.01 set.
    assert.deepStrictEqual(
      (
        await cheaper({ monthlyCalls: 1_823, project: project('thresholds: { cheaperModelMonthly: 5.02 }\n'), ruleThresholds: { cheaperModelMonthly: 5.01 } })
      ).map((finding) => finding.monthlySavings),
      [5.01],
    );
  });

  it('never fires on the cheapest tier of a line (o4-mini, Haiku, Flash-Lite), whatever the saving; gpt-4.1-mini is not one, gpt-4.1-nano being sold', async () => {
    const none = { monthlyCalls: 1_000_000, ruleThresholds: { cheaperModelMonthly: 0 } };
    for (const model of ['o4-mini', 'gemini-3.5-flash-lite', 'claude-haiku-4-5', 'gpt-4o-mini']) {
      const site = onlySite(await analyze('src/ask.ts', openAiChat(model, 'max_completion_tokens: 600,'), none));
      assert.deepStrictEqual(findingsOf(site, 'cheaper-model'), [], model);
    }
    // o4-mini ($1.10/$4.40) and gemini-3.5-flash-lite ($0.30/$2.50) have models ≥ 40% cheaper: only their tier keeps them quiet.
    assert.deepStrictEqual(
      cheaperAlternatives(onlySite(await analyze('src/ask.ts', openAiChat('o4-mini', 'max_completion_tokens: 600,'), none)).estimate, PRICES, 1, 0.4).map(
        (alternative) => alternative.model,
      ),
      ['gpt-5-mini'],
    );
    assert.deepStrictEqual(
      cheaperAlternatives(
        onlySite(await analyze('src/ask.ts', openAiChat('gemini-3.5-flash-lite', 'max_completion_tokens: 600,'), none)).estimate,
        PRICES,
        1,
        0.4,
      ).map((alternative) => alternative.model),
      ['gemini-2.5-flash-lite'],
    );
    const mini = findingOf(onlySite(await analyze('src/ask.ts', openAiChat('gpt-4.1-mini', 'max_completion_tokens: 600,'), none)), 'cheaper-model');
    assert.strictEqual(mini.monthlySavings, 326.75);
    const sold = (id: string) => id === 'gpt-4.1-nano';
    assert.deepStrictEqual(
      [
        'gpt-4.1-nano',
        'gpt-4o-mini',
        'gpt-4.1-mini',
        'gpt-4o',
        'claude-3-5-haiku-20241022',
        'claude-sonnet-4-5',
        'gemini-2.5-flash-lite',
        'gemini-2.5-flash',
      ].map((model) => isCheapestTier(providerOf(model), model, sold)),
      [true, true, false, false, true, false, true, false],
    );
  });
});

describe('rule batch-candidate', () => {
  const loop = `from openai import OpenAI\nclient = OpenAI()\n\ndef run(tickets):\n    for ticket in tickets:\n        client.chat.completions.create(model="gpt-4o-mini", messages=[{"role": "user", "content": ticket}], max_completion_tokens=300)\n`;
  it('a loop in a job saves 50% through the batch API; tier: batch realises it', async () => {
    const before = onlySite(await analyze('jobs/tag.py', loop));
    const finding = findingOf(before, 'batch-candidate');
    assert.strictEqual(finding.severity, 'hint');
    // gpt-4o-mini: 107 input tokens at $0.15/M + 150 output (half the 300-token cap) at $0.60/M = $1.06/month at 10,000 calls; half of it.
    assert.strictEqual(finding.monthlySavings, 0.53);
    assert.ok(finding.message.includes('https://platform.openai.com/docs/guides/batch'));
    const batched = onlySite(await analyze('jobs/tag.py', loop, { project: { sites: { 'jobs/tag.py': { tier: 'batch' } } } }));
    assert.strictEqual(Math.round((monthly(before) - monthly(batched)) * 100) / 100, 0.53);
    assert.deepStrictEqual(findingsOf(batched, 'batch-candidate'), []);
  });

  it('does not fire in request handlers or outside loops', async () => {
    assert.deepStrictEqual(findingsOf(onlySite(await analyze('app/views.py', loop)), 'batch-candidate'), []);
    const single = loop.replace('    for ticket in tickets:\n        client', '    client').replace('"content": ticket', '"content": tickets');
    assert.deepStrictEqual(findingsOf(onlySite(await analyze('jobs/tag.py', single)), 'batch-candidate'), []);
  });
});

describe('severities and promptcost-ignore', () => {
  const text = openAiChat('gpt-4o', '');
  it('promptcost.yaml rules: and editor settings set severities; off silences', async () => {
    const raised = onlySite(await analyze('src/ask.ts', text, { project: { rules: { 'missing-max-tokens': 'error', 'cheaper-model': 'off' } } }));
    assert.strictEqual(findingOf(raised, 'missing-max-tokens').severity, 'error');
    assert.deepStrictEqual(findingsOf(raised, 'cheaper-model'), []);
  });

  it('an ignore comment may list several rules and sit above a promptcost volume comment', async () => {
    const commented = text.replace(
      '  return client',
      '  // promptcost-ignore missing-max-tokens, cheaper-model\n  // promptcost: monthlyCalls=500\n  return client',
    );
    const site = onlySite(await analyze('src/ask.ts', commented));
    assert.deepStrictEqual(
      site.findings.map((finding) => finding.rule),
      [],
    );
    assert.strictEqual(site.estimate.monthlyCalls, 500);
  });

  it('a second ignore fix extends the existing comment', async () => {
    const commented = text.replace('  return client', '  // promptcost-ignore missing-max-tokens\n  return client');
    const site = onlySite(await analyze('src/ask.ts', commented));
    const ignore = findingOf(site, 'cheaper-model').fixes.at(-1)!;
    const after = await applyFix('src/ask.ts', commented, ignore, site.site.id);
    assert.ok(after.text.includes('  // promptcost-ignore missing-max-tokens cheaper-model\n  return client'));
    assert.deepStrictEqual(
      after.site.findings.map((finding) => finding.rule),
      [],
    );
  });

  it('in a prompt file the comment goes in the front matter', async () => {
    const prompty = `---\nname: A\nmodel:\n  api: chat\n  configuration:\n    type: openai\n    name: gpt-4o\n---\nsystem:\nHi {{name}}\n`;
    const site = onlySite(await analyze('p/a.prompty', prompty));
    const after = await applyFix('p/a.prompty', prompty, findingOf(site, 'missing-max-tokens').fixes.at(-1)!, site.site.id);
    assert.ok(after.text.startsWith('---\n# promptcost-ignore missing-max-tokens\nname: A\n'));
    assert.deepStrictEqual(findingsOf(after.site, 'missing-max-tokens'), []);
  });
});

describe('the rule list', () => {
  it('names every rule once, in RULE_IDS order, each with a README section', () => {
    assert.deepStrictEqual(Object.keys(RULES), [...RULE_IDS]);
    const readme = readFileSync(path.join(__dirname, '..', '..', 'README.md'), 'utf8');
    for (const id of RULE_IDS) assert.ok(readme.includes(`#### ${id}\n`), `README has a section for ${id}`);
  });
});
