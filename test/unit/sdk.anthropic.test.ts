import * as assert from 'assert';
import { assertInsertionReparses, at, extractFixture, shape, siteById, source, span, text } from './sdkHelpers';

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
});
