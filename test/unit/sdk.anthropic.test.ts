import * as assert from 'assert';
import { applyEdits } from '../../src/core/text/applyEdits';
import { analyze, applyFix, findingOf, findingsOf, preferredFix } from './ruleHelpers';
import { assertInsertionReparses, at, extractFixture, shape, siteById, source, span, text, assertLimitEditReparses } from './sdkHelpers';

const GUIDE = 'You triage support tickets for Acme Cloud. Pick the team that owns the problem.';

/**
 * Applies the cache breakpoint edit of message `index` (its insertion, or its removal when it has a
 * breakpoint) and extracts again: the message's breakpoint is flipped, and nothing else changes.
 */
async function assertBreakpointEditFlips(file: string, id: string, index: number): Promise<void> {
  const original = source(file);
  const before = siteById(await extractFixture(file, original), id);
  const message = before.messages[index];
  const edits = message.cacheBreakpoint ? message.cacheBreakpointRemoval : message.cacheBreakpointInsertion;
  assert.ok(edits, `${id} message ${index} offers a breakpoint edit`);
  const edited = await extractFixture(file, applyEdits(original, edits));
  assert.deepStrictEqual(edited.findings, []);
  const after = siteById(edited, id);
  const expected = shape(before);
  expected[index] = message.cacheBreakpoint ? [message.role, expected[index][1]] : [message.role, expected[index][1], true];
  assert.deepStrictEqual(shape(after), expected);
}

const KNOWLEDGE =
  '# Acme Cloud knowledge base\n\nAcme Cloud runs managed Postgres in five regions. Backups are taken every hour and kept for 30 days.\nPoint-in-time restore is available on the Pro plan and above.\n';

describe('Anthropic SDK calls', () => {
  describe('TypeScript', () => {
    const file = 'anthropic/messages.ts';
    const src = source(file);

    it('splits a system prompt at its cache_control block and reads the 1h TTL', async () => {
      const result = await extractFixture(file);
      assert.deepStrictEqual(result.findings, []);
      assert.deepStrictEqual(
        result.sites.map((site) => site.id),
        [
          'anthropic/messages.ts#answer',
          'anthropic/messages.ts#think',
          'anthropic/messages.ts#onBedrock',
          'anthropic/messages.ts#nightly',
          'anthropic/messages.ts#nightly.2',
        ],
      );
      const site = siteById(result, 'anthropic/messages.ts#answer');
      assert.strictEqual(site.sdk, 'anthropic.messages');
      assert.deepStrictEqual(site.range, span(src, 'anthropic.messages.create({', '})'));
      assert.deepStrictEqual(site.model, { id: 'claude-sonnet-4-5', range: at(src, "'claude-sonnet-4-5'"), resolved: true, provider: 'anthropic' });
      assert.deepStrictEqual(shape(site), [
        ['system', ['You answer questions about Acme Cloud.', KNOWLEDGE], true],
        ['user', ['{variable:question}']],
      ]);
      const system = span(src, 'system: [', ']');
      assert.deepStrictEqual(site.messages[0].range, system);
      assert.deepStrictEqual(site.messages[0].roleRange, at(src, 'system: [', 1, 'system'));
      assert.deepStrictEqual(site.messages[0].segments[0], text('You answer questions about Acme Cloud.', at(src, 'You answer questions about Acme Cloud.')));
      assert.deepStrictEqual(site.outputCap, { param: 'max_tokens', value: 1024, range: at(src, '1024') });
      assert.deepStrictEqual(site.options, { cacheTtl: '1h' });
    });

    it('reads a breakpoint inside a message, thinking budget and streaming', async () => {
      const site = siteById(await extractFixture(file), 'anthropic/messages.ts#think');
      assert.deepStrictEqual(site.model, { id: 'claude-opus-4-1', range: at(src, "'claude-opus-4-1'"), resolved: true, provider: 'anthropic' });
      assert.deepStrictEqual(shape(site), [
        ['user', ['Work through this carefully.'], true],
        ['user', ['{variable:problem}']],
      ]);
      assert.deepStrictEqual(site.options, { thinkingBudget: 4096 });
      assert.deepStrictEqual(site.outputCap, { param: 'max_tokens', value: 8192, range: at(src, '8192') });
    });

    it('reads a Bedrock client: the model id carries its provider, and max_tokens is missing', async () => {
      const site = siteById(await extractFixture(file), 'anthropic/messages.ts#onBedrock');
      assert.deepStrictEqual(site.model, {
        id: 'us.anthropic.claude-haiku-4-5-20251001-v1:0',
        range: at(src, "'us.anthropic.claude-haiku-4-5-20251001-v1:0'"),
        resolved: true,
      });
      assert.deepStrictEqual(shape(site), [
        ['system', ['Be brief.']],
        ['user', ['{variable:question}']],
      ]);
      assert.strictEqual(site.outputCap, undefined);
      assert.strictEqual(site.defaultOutputCap, undefined);
      assert.strictEqual(site.outputCapInsertion?.param, 'max_tokens');
      const fixed = await assertInsertionReparses(file, 'anthropic/messages.ts#onBedrock');
      assert.ok(fixed.includes("messages: [{ role: 'user', content: question }],\n    max_tokens: 512,\n  });"), fixed);
    });

    it('gives each batch request its own site, priced as batch', async () => {
      const result = await extractFixture(file);
      const [summary, tags] = [siteById(result, 'anthropic/messages.ts#nightly'), siteById(result, 'anthropic/messages.ts#nightly.2')];
      assert.deepStrictEqual(summary.range, span(src, "{ model: 'claude-haiku-4-5', max_tokens: 300", '}] }'));
      assert.deepStrictEqual(summary.options, { batch: true });
      assert.deepStrictEqual(summary.outputCap, { param: 'max_tokens', value: 300, range: at(src, '300') });
      assert.deepStrictEqual(shape(summary), [['user', ['Summarise: ', '{variable:tickets[0].body}']]]);
      assert.deepStrictEqual(tags.options, { batch: true });
      assert.deepStrictEqual(shape(tags), [
        ['system', ['Reply with tags only.']],
        ['user', ['{variable:tickets[1].body}']],
      ]);
    });
  });

  describe('Python', () => {
    const file = 'anthropic/messages.py';
    const src = source(file);

    it('puts automatic caching on the last message', async () => {
      const result = await extractFixture(file);
      assert.deepStrictEqual(result.findings, []);
      assert.deepStrictEqual(
        result.sites.map((site) => site.id),
        [
          'anthropic/messages.py#review',
          'anthropic/messages.py#chat',
          'anthropic/messages.py#nightly',
          'anthropic/messages.py#nightly.2',
          'anthropic/messages.py#backfill',
        ],
      );
      const site = siteById(result, 'anthropic/messages.py#review');
      assert.deepStrictEqual(site.model, { id: 'claude-sonnet-4-6', range: at(src, '"claude-sonnet-4-6"'), resolved: true, provider: 'anthropic' });
      assert.deepStrictEqual(shape(site), [
        ['system', ['You are a meticulous code reviewer. Point out bugs first, style last.']],
        ['user', ['Review this diff:\n', '{variable:diff}'], true],
      ]);
      assert.deepStrictEqual(site.outputCap, { param: 'max_tokens', value: 2048, range: at(src, '2048') });
    });

    it('reads a cached system block, unpacked history and a missing max_tokens on an async stream', async () => {
      const site = siteById(await extractFixture(file), 'anthropic/messages.py#chat');
      assert.deepStrictEqual(shape(site), [
        ['system', ['You are a meticulous code reviewer. Point out bugs first, style last.'], true],
        ['user', ['{history:history}']],
        ['user', ['{variable:question}']],
      ]);
      assert.strictEqual(site.outputCap, undefined);
      assert.strictEqual(site.outputCapInsertion?.template.trim(), 'max_tokens={value},');
      await assertInsertionReparses(file, 'anthropic/messages.py#chat');
    });

    it('reads batch requests written as dicts and as Request(...) objects', async () => {
      const result = await extractFixture(file);
      const first = siteById(result, 'anthropic/messages.py#nightly');
      assert.deepStrictEqual(first.options, { batch: true });
      assert.deepStrictEqual(first.outputCap, { param: 'max_tokens', value: 200, range: at(src, '"max_tokens": 200', 1, '200') });
      assert.deepStrictEqual(shape(first), [['user', ['{variable:first}']]]);
      const second = siteById(result, 'anthropic/messages.py#nightly.2');
      assert.deepStrictEqual(second.range, span(src, 'MessageCreateParamsNonStreaming(model=', '}])'));
      assert.deepStrictEqual(second.options, { batch: true });
      assert.deepStrictEqual(shape(second), [['user', ['{variable:second}']]]);
      const fixed = await assertInsertionReparses(file, 'anthropic/messages.py#nightly.2');
      assert.ok(fixed.includes('"content": second}], max_tokens=512),'), fixed);
    });

    it('keeps one batch site with unknown prompts when requests come from a comprehension', async () => {
      const site = siteById(await extractFixture(file), 'anthropic/messages.py#backfill');
      assert.deepStrictEqual(site.options, { batch: true });
      assert.strictEqual(site.model, undefined);
      const requests = span(src, '[Request(custom_id=t.id', 'for t in tickets]');
      assert.deepStrictEqual(site.range, requests);
      assert.deepStrictEqual(site.messages, [
        {
          role: 'user',
          range: requests,
          segments: [
            {
              kind: 'dynamic',
              text: src.slice(src.indexOf('[Request(custom_id=t.id'), src.indexOf('for t in tickets]') + 'for t in tickets]'.length),
              range: requests,
              name: 'requests',
              dynamicKind: 'history',
            },
          ],
        },
      ]);
    });
  });
  describe('structured outputs, beta and raw responses (TypeScript)', () => {
    const file = 'anthropic/structured.ts';
    const src = source(file);

    it('reads messages.parse like messages.create: cached system block, cap, the breakpoint removable', async () => {
      const result = await extractFixture(file);
      assert.deepStrictEqual(result.findings, []);
      assert.deepStrictEqual(
        result.sites.map((site) => site.id),
        ['anthropic/structured.ts#triage', 'anthropic/structured.ts#draftReply', 'anthropic/structured.ts#withRequestId', 'anthropic/structured.ts#rawHttp'],
      );
      const site = siteById(result, 'anthropic/structured.ts#triage');
      assert.strictEqual(site.sdk, 'anthropic.messages');
      assert.deepStrictEqual(site.range, span(src, 'client.messages.parse({', '})'));
      assert.deepStrictEqual(site.model, { id: 'claude-sonnet-4-5', range: at(src, "'claude-sonnet-4-5'"), resolved: true, provider: 'anthropic' });
      assert.deepStrictEqual(shape(site), [
        ['system', [GUIDE], true],
        ['user', ['{variable:ticket}']],
      ]);
      assert.deepStrictEqual(site.outputCap, { param: 'max_tokens', value: 512, range: at(src, '512') });
      assert.deepStrictEqual(site.options, {});
      await assertBreakpointEditFlips(file, 'anthropic/structured.ts#triage', 0);
    });

    it('reads beta.messages.create: max_tokens is inserted, a breakpoint can be added to the system prompt', async () => {
      const site = siteById(await extractFixture(file), 'anthropic/structured.ts#draftReply');
      assert.strictEqual(site.sdk, 'anthropic.messages');
      assert.deepStrictEqual(site.model, { id: 'claude-opus-4-1', range: at(src, "'claude-opus-4-1'"), resolved: true, provider: 'anthropic' });
      assert.deepStrictEqual(shape(site), [
        ['system', [GUIDE]],
        ['user', ['{variable:ticket}']],
      ]);
      assert.strictEqual(site.outputCap, undefined);
      const fixed = await assertInsertionReparses(file, 'anthropic/structured.ts#draftReply');
      assert.ok(fixed.includes("messages: [{ role: 'user', content: ticket }],\n    max_tokens: 512,\n  });"), fixed);
      await assertBreakpointEditFlips(file, 'anthropic/structured.ts#draftReply', 0);
    });

    it('reads the call under .withResponse() and .asResponse(): the site is the request', async () => {
      const result = await extractFixture(file);
      const withResponse = siteById(result, 'anthropic/structured.ts#withRequestId');
      assert.deepStrictEqual(withResponse.range, span(src, "client.messages\n    .create({ model: 'claude-haiku-4-5', max_tokens: 256", '})'));
      assert.deepStrictEqual(withResponse.model, { id: 'claude-haiku-4-5', range: at(src, "'claude-haiku-4-5'"), resolved: true, provider: 'anthropic' });
      assert.deepStrictEqual(shape(withResponse), [
        ['system', [GUIDE]],
        ['user', ['{variable:ticket}']],
      ]);
      assert.deepStrictEqual(withResponse.outputCap, { param: 'max_tokens', value: 256, range: at(src, '256') });
      await assertBreakpointEditFlips(file, 'anthropic/structured.ts#withRequestId', 0);
      const asResponse = siteById(result, 'anthropic/structured.ts#rawHttp');
      assert.deepStrictEqual(asResponse.range, span(src, "client.messages.create({ model: 'claude-haiku-4-5', max_tokens: 128", '})'));
      assert.deepStrictEqual(shape(asResponse), [['user', ['{variable:ticket}']]]);
      assert.deepStrictEqual(asResponse.outputCap, { param: 'max_tokens', value: 128, range: at(src, '128') });
    });
  });

  describe('structured outputs, beta and raw responses (Python)', () => {
    const file = 'anthropic/structured.py';
    const src = source(file);

    it('reads messages.parse and beta.messages.parse; a missing max_tokens is inserted', async () => {
      const result = await extractFixture(file);
      assert.deepStrictEqual(result.findings, []);
      assert.deepStrictEqual(
        result.sites.map((site) => site.id),
        [
          'anthropic/structured.py#triage',
          'anthropic/structured.py#triage_beta',
          'anthropic/structured.py#with_request_id',
          'anthropic/structured.py#raw_first',
          'anthropic/structured.py#streamed_lines',
        ],
      );
      const site = siteById(result, 'anthropic/structured.py#triage');
      assert.strictEqual(site.sdk, 'anthropic.messages');
      assert.deepStrictEqual(site.range, span(src, 'client.messages.parse(', 'output_format=Triage,\n    )'));
      assert.deepStrictEqual(shape(site), [
        ['system', [GUIDE], true],
        ['user', ['{variable:ticket}']],
      ]);
      assert.deepStrictEqual(site.outputCap, { param: 'max_tokens', value: 512, range: at(src, '512') });
      await assertBreakpointEditFlips(file, 'anthropic/structured.py#triage', 0);

      const beta = siteById(result, 'anthropic/structured.py#triage_beta');
      assert.deepStrictEqual(beta.model, { id: 'claude-sonnet-4-5', range: at(src, '"claude-sonnet-4-5"', 2), resolved: true, provider: 'anthropic' });
      assert.deepStrictEqual(shape(beta), [['user', ['{variable:ticket}']]]);
      assert.strictEqual(beta.outputCap, undefined);
      assert.strictEqual(beta.outputCapInsertion?.template.trim(), 'max_tokens={value},');
      await assertInsertionReparses(file, 'anthropic/structured.py#triage_beta');
    });

    it('reads with_raw_response and with_streaming_response on the resource and on the client', async () => {
      const result = await extractFixture(file);
      const raw = siteById(result, 'anthropic/structured.py#with_request_id');
      assert.strictEqual(raw.sdk, 'anthropic.messages');
      assert.deepStrictEqual(raw.range, span(src, 'client.messages.with_raw_response.create(', '],\n    )'));
      assert.deepStrictEqual(raw.model, { id: 'claude-haiku-4-5', range: at(src, '"claude-haiku-4-5"'), resolved: true, provider: 'anthropic' });
      assert.deepStrictEqual(shape(raw), [
        ['system', [GUIDE]],
        ['user', ['{variable:ticket}']],
      ]);
      assert.deepStrictEqual(raw.outputCap, { param: 'max_tokens', value: 256, range: at(src, 'max_tokens=256', 1, '256') });
      await assertBreakpointEditFlips(file, 'anthropic/structured.py#with_request_id', 0);

      // Automatic caching on the request marks the last message, as on messages.create.
      const onClient = siteById(result, 'anthropic/structured.py#raw_first');
      assert.deepStrictEqual(onClient.range, span(src, 'client.with_raw_response.messages.create(', '],\n    )'));
      assert.deepStrictEqual(shape(onClient), [
        ['system', [GUIDE]],
        ['user', ['{variable:ticket}'], true],
      ]);
      assert.deepStrictEqual(onClient.outputCap, { param: 'max_tokens', value: 256, range: at(src, 'max_tokens=256', 2, '256') });

      const streamed = siteById(result, 'anthropic/structured.py#streamed_lines');
      assert.deepStrictEqual(streamed.range, span(src, 'client.beta.messages.with_streaming_response.create(', '],\n    )'));
      assert.deepStrictEqual(shape(streamed), [['user', ['{variable:ticket}']]]);
      assert.deepStrictEqual(streamed.outputCap, { param: 'max_tokens', value: 128, range: at(src, '128') });
    });
  });

  describe('legacy Text Completions', () => {
    it('reads the prompt as one text, the SDK turn markers as their text, and max_tokens_to_sample (TypeScript)', async () => {
      const file = 'anthropic/completions.ts';
      const src = source(file);
      const result = await extractFixture(file);
      assert.deepStrictEqual(result.findings, []);
      assert.deepStrictEqual(
        result.sites.map((site) => site.id),
        ['anthropic/completions.ts#summarise', 'anthropic/completions.ts#isBilling'],
      );
      const site = siteById(result, 'anthropic/completions.ts#summarise');
      assert.strictEqual(site.sdk, 'anthropic.completions');
      assert.deepStrictEqual(site.range, span(src, 'anthropic.completions.create({', '})'));
      assert.deepStrictEqual(site.model, { id: 'claude-2.1', range: at(src, "'claude-2.1'"), resolved: true, provider: 'anthropic' });
      assert.deepStrictEqual(shape(site), [
        ['user', ['\n\nHuman: Summarise this article in three bullet points.\n\n', '{variable:article}', '\n\nAssistant:']],
      ]);
      assert.deepStrictEqual(site.messages[0].range, span(src, 'prompt: `', 'Assistant:`'));
      assert.deepStrictEqual(site.messages[0].roleRange, at(src, 'prompt: `', 1, 'prompt'));
      assert.deepStrictEqual(site.outputCap, { param: 'max_tokens_to_sample', value: 300, range: at(src, '300') });
      assert.strictEqual(site.messages[0].cacheBreakpointInsertion, undefined, 'Text Completions take no cache_control');

      const markers = siteById(result, 'anthropic/completions.ts#isBilling');
      assert.deepStrictEqual(shape(markers), [
        ['user', ['\n\nHuman:', ' Is this ticket about billing? Answer yes or no.\n\n', '{variable:ticket}', '\n\nAssistant:']],
      ]);
      assert.deepStrictEqual(markers.messages[0].segments[0], text('\n\nHuman:', at(src, '${HUMAN_PROMPT}')));
      assert.strictEqual(markers.outputCap, undefined);
      const fixed = await assertInsertionReparses(file, 'anthropic/completions.ts#isBilling');
      assert.ok(fixed.includes('${AI_PROMPT}`,\n    max_tokens_to_sample: 512,\n  });'), fixed);
    });

    it('reads anthropic.HUMAN_PROMPT / AI_PROMPT and with_raw_response (Python)', async () => {
      const file = 'anthropic/completions.py';
      const src = source(file);
      const result = await extractFixture(file);
      assert.deepStrictEqual(result.findings, []);
      const translate = siteById(result, 'anthropic/completions.py#translate');
      assert.strictEqual(translate.sdk, 'anthropic.completions');
      assert.deepStrictEqual(shape(translate), [['user', ['\n\nHuman:', ' Translate into French: ', '{variable:sentence}', '\n\nAssistant:']]]);
      assert.deepStrictEqual(translate.outputCap, { param: 'max_tokens_to_sample', value: 200, range: at(src, '200') });
      const greet = siteById(result, 'anthropic/completions.py#greet');
      assert.strictEqual(greet.sdk, 'anthropic.completions');
      assert.deepStrictEqual(greet.range, span(src, 'client.with_raw_response.completions.create(', '",\n    )'));
      assert.deepStrictEqual(shape(greet), [['user', ['\n\nHuman: Write a one-line welcome for new Acme Cloud customers.\n\nAssistant:']]]);
      assert.strictEqual(greet.outputCapInsertion?.template.trim(), 'max_tokens_to_sample={value},');
      await assertInsertionReparses(file, 'anthropic/completions.py#greet');
    });

    it('counts the prompt as written: no chat framing, nothing cached, no model swap written into the call', async () => {
      const file = 'anthropic/completions.py';
      const greet = (await analyze(file, source(file))).sites.find((entry) => entry.site.id === 'anthropic/completions.py#greet');
      assert.ok(greet);
      // 20 tokens of prompt, as Claude's estimate counts "\n\nHuman: Write a one-line welcome…\n\nAssistant:".
      assert.deepStrictEqual(greet.estimate.tokens, {
        input: 20,
        static: 20,
        dynamic: 0,
        framing: 0,
        tools: 0,
        cacheablePrefix: 20,
        cached: 0,
        outputExpected: 300,
        outputMax: 4096,
        exact: false,
        // A short part reads as prose: 1.15–1.20 round to the same 20.
        inputRange: [20, 20],
        tokenizer: 'estimate:claude',
      });
      assert.deepStrictEqual(
        greet.estimate.messages.map((message) => message.tokens),
        [20],
      );
      assert.strictEqual(greet.estimate.cache.mode, 'none');
      // claude-2.1 at $8 / $24 per million: 20 × 8 + 300 × 24 = 7,360 µ$.
      assert.strictEqual(greet.estimate.cost.perCall, 0.00736);
      // A cheaper Claude model is named, but no edit swaps it in: the legacy API serves only its legacy models.
      assert.deepStrictEqual(
        findingOf(greet, 'cheaper-model').fixes.map((fix) => fix.title),
        ['Ignore cheaper-model here (promptcost-ignore comment)'],
      );
      const capped = await applyFix(file, source(file), preferredFix(findingOf(greet, 'missing-max-tokens')), greet.site.id);
      assert.ok(capped.text.includes('max_tokens_to_sample=400,'), capped.text);
      assert.strictEqual(capped.site.estimate.tokens.outputMax, 400);
      assert.deepStrictEqual(findingsOf(capped.site, 'missing-max-tokens'), []);
    });

    it('the same prompt sent as a message is counted with its chat framing', async () => {
      const file = 'app/greet.py';
      const prompt = '\\n\\nHuman: Write a one-line welcome for new Acme Cloud customers.\\n\\nAssistant:';
      const call = (method: string, args: string) =>
        `import anthropic\nclient = anthropic.Anthropic()\n\ndef greet():\n    return client.${method}(model="claude-2.1", ${args})\n`;
      const completion = (await analyze(file, call('completions.create', `max_tokens_to_sample=300, prompt="${prompt}"`))).sites[0];
      const message = (await analyze(file, call('messages.create', `max_tokens=300, messages=[{"role": "user", "content": "${prompt}"}]`))).sites[0];
      assert.strictEqual(completion.estimate.tokens.static, message.estimate.tokens.static);
      assert.strictEqual(completion.estimate.tokens.framing, 0);
      // 3 reply priming + 3 per message + 1 for "user".
      assert.strictEqual(message.estimate.tokens.framing, 7);
      assert.strictEqual(message.estimate.tokens.input - completion.estimate.tokens.input, 7);
    });

    it("does not claim OpenAI's legacy completions.create", async () => {
      const text = `import OpenAI from 'openai';\nconst client = new OpenAI();\nexport function hello() {\n  return client.completions.create({ model: 'gpt-3.5-turbo-instruct', prompt: 'Say hello', max_tokens: 7 });\n}\n`;
      const result = await extractFixture('app/instruct.ts', text);
      assert.deepStrictEqual(
        result.sites.filter((site) => site.sdk === 'anthropic.completions'),
        [],
      );
    });
  });

  describe('a client the code picks at run time', () => {
    it("an unknown model on an Anthropic, Vertex or Bedrock client is never priced with another provider's default", async () => {
      const code = [
        'from anthropic import Anthropic, AnthropicBedrock, AnthropicVertex',
        '',
        'def loop(provider, model: str):',
        '    if provider == "a":',
        '        client = Anthropic()',
        '    elif provider == "v":',
        '        client = AnthropicVertex()',
        '    elif provider == "b":',
        '        client = AnthropicBedrock()',
        '    return client.beta.messages.with_raw_response.create(max_tokens=10, messages=[], model=model)',
        '',
        'def direct(model: str):',
        '    return Anthropic().messages.create(max_tokens=10, messages=[], model=model)',
        '',
      ].join('\n');
      const analysis = await analyze('loop.py', code);
      // The default model is OpenAI's gpt-4o-mini: nothing is assumed for either call.
      assert.deepStrictEqual(
        analysis.sites.map(({ site, estimate }) => [site.range.start.line + 1, site.provider, estimate.model.id ?? null, estimate.model.origin]),
        [
          [10, 'aws', null, 'unknown'],
          [13, 'anthropic', null, 'unknown'],
        ],
      );
      // With a default for Anthropic, that one is assumed for the direct call, and said to be.
      const withDefault = await analyze('loop.py', code, { project: { defaults: { model: { anthropic: 'claude-haiku-4-5' } } } });
      assert.deepStrictEqual(
        withDefault.sites.map(({ estimate }) => [estimate.model.id ?? null, estimate.model.origin]),
        [
          [null, 'unknown'],
          ['claude-haiku-4-5', 'assumed'],
        ],
      );
    });
  });

  it('does not list the managed-agent resources, token counts or batch lookups of a client as unread calls', async () => {
    const src = [
      "import Anthropic from '@anthropic-ai/sdk';",
      "import { generateId } from 'ai';",
      'const client = new Anthropic();',
      'export async function setUp(model: string) {',
      '  const id = generateId();',
      "  await client.beta.environments.create({ name: 'sandbox' });",
      "  await client.beta.vaults.create({ name: 'secrets' });",
      "  await client.beta.vaults.credentials.create('vault', { name: 'token' });",
      "  await client.skills.create({ display_title: 'pdf' });",
      '  await client.models.list();',
      "  await client.messages.countTokens({ model, messages: [{ role: 'user', content: id }] });",
      "  await client.messages.batches.retrieve('batch');",
      '  await client.messages.batches.list();',
      "  await client.messages.batches.cancel('batch');",
      "  await client.beta.sessions.events.stream('session');",
      '}',
    ].join('\n');
    assert.deepStrictEqual(await extractFixture('anthropic/agentResources.ts', src), { sites: [], findings: [] });
  });

  describe('tool runner', () => {
    it('reads toolRunner (TS) and tool_runner (Python) as agents: max_iterations, else no limit', async () => {
      for (const [file, written] of [
        ['anthropic/toolRunner.ts', 'max_iterations: 6'],
        ['anthropic/toolRunner.py', 'max_iterations=3'],
      ]) {
        const src = source(file);
        const result = await extractFixture(file);
        assert.deepStrictEqual(
          result.sites.map((site) => [site.id, site.sdk, site.model?.id]),
          [
            [`${file}#forecast`, 'anthropic.messages', 'claude-sonnet-4-5'],
            [`${file}#bounded`, 'anthropic.messages', 'claude-haiku-4-5'],
          ],
        );
        const forecast = siteById(result, `${file}#forecast`);
        assert.deepStrictEqual(shape(forecast), [['user', ['{variable:question}']]]);
        const { limitEdit, ...agent } = forecast.options.agent!;
        assert.deepStrictEqual(agent, {
          kind: 'anthropic-tool-runner',
          maxTurns: null,
          limitText: "no max_iterations: the tool runner's default is no limit",
          limitIsDefault: true,
        });
        assert.strictEqual(limitEdit?.sets, file.endsWith('.py') ? 'max_iterations=10' : 'max_iterations: 10');
        const turns = Number(written.slice(-1));
        assert.deepStrictEqual(siteById(result, `${file}#bounded`).options.agent, {
          kind: 'anthropic-tool-runner',
          maxTurns: turns,
          limitText: written,
          limitRange: at(src, written, 1, String(turns)),
        });
      }
    });

    it('sets max_iterations where the code sets none', async () => {
      const fixed = await assertLimitEditReparses('anthropic/toolRunner.ts', 'anthropic/toolRunner.ts#forecast');
      assert.ok(fixed.includes('    tools: [weather],\n    max_iterations: 10,\n  });'), fixed);
      const python = await assertLimitEditReparses('anthropic/toolRunner.py', 'anthropic/toolRunner.py#forecast');
      assert.ok(python.includes('        messages=[{"role": "user", "content": question}],\n        max_iterations=10,\n    )'), python);
    });
  });
});
