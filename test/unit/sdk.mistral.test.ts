import * as assert from 'assert';
import { analyze } from './ruleHelpers';
import { assertInsertionReparses, at, dynamic, extractFixture, shape, siteById, source, span, text } from './sdkHelpers';

const STYLE = 'You write release notes for Acme Cloud. Be concise and keep a friendly tone.';

describe('Mistral SDK calls', () => {
  describe('TypeScript', () => {
    const file = 'mistral/chat.ts';
    const src = source(file);

    it('reads chat.complete: model with its provider, messages and maxTokens', async () => {
      const result = await extractFixture(file);
      assert.deepStrictEqual(result.findings, []);
      assert.deepStrictEqual(
        result.sites.map((site) => site.id),
        ['mistral/chat.ts#releaseNotes', 'mistral/chat.ts#streamAnswer', 'mistral/chat.ts#ask'],
      );
      const site = siteById(result, 'mistral/chat.ts#releaseNotes');
      assert.strictEqual(site.kind, 'sdk-call');
      assert.strictEqual(site.sdk, 'mistral.chat');
      assert.deepStrictEqual(site.range, span(src, 'client.chat.complete({', '})'));
      assert.deepStrictEqual(site.model, { id: 'mistral-small-latest', range: at(src, "'mistral-small-latest'"), resolved: true, provider: 'mistral' });
      assert.deepStrictEqual(shape(site), [
        ['system', [STYLE]],
        ['user', ['Write the notes for these changes:\n', '{variable:changes}']],
      ]);
      assert.deepStrictEqual(site.messages[0].range, at(src, "{ role: 'system', content: STYLE }"));
      assert.deepStrictEqual(site.messages[0].roleRange, at(src, "role: 'system'", 1, "'system'"));
      assert.deepStrictEqual(site.messages[1].segments, [
        text('Write the notes for these changes:\n', at(src, 'Write the notes for these changes:\\n')),
        dynamic('${changes}', 'changes', 'variable', at(src, '${changes}')),
      ]);
      assert.deepStrictEqual(site.outputCap, { param: 'maxTokens', value: 600, range: at(src, '600') });
      assert.deepStrictEqual(site.options, {});
    });

    it('reads chat.stream: text and image chunks, tools, and inserts maxTokens', async () => {
      const site = siteById(await extractFixture(file), 'mistral/chat.ts#streamAnswer');
      assert.deepStrictEqual(site.range, span(src, 'client.chat.stream({', '})'));
      assert.deepStrictEqual(site.model, { id: 'pixtral-large-latest', range: at(src, "'pixtral-large-latest'"), resolved: true, provider: 'mistral' });
      assert.deepStrictEqual(shape(site), [['user', ['What does this screenshot show?', '{media:image_url}', '{variable:question}']]]);
      assert.deepStrictEqual(
        site.tools?.map((tool) => tool.text),
        ['{"type":"function","function":{"name":"open_ticket","description":"Open a support ticket","parameters":{"type":"object","properties":{}}}}'],
      );
      assert.strictEqual(site.outputCap, undefined);
      assert.strictEqual(site.outputCapInsertion?.param, 'maxTokens');
      const fixed = await assertInsertionReparses(file, 'mistral/chat.ts#streamAnswer');
      assert.ok(fixed.includes('properties: {} } } }],\n    maxTokens: 512,\n  });'), fixed);
    });

    it('keeps the provider of a request it cannot read, so a default Mistral model can be assumed', async () => {
      const site = siteById(await extractFixture(file), 'mistral/chat.ts#ask');
      assert.strictEqual(site.model, undefined);
      assert.strictEqual(site.provider, 'mistral');
      assert.deepStrictEqual(site.messages, [
        {
          role: 'user',
          segments: [dynamic('request', 'request', 'history', at(src, 'client.chat.complete(request)', 1, 'request'))],
          range: at(src, 'client.chat.complete(request)', 1, 'request'),
        },
      ]);
    });

    it('claims a client passed in as a parameter in a file that imports the SDK', async () => {
      const passed = `import { Mistral } from '@mistralai/mistralai';\nexport function reply(client: Mistral, q: string) {\n  return client.chat.complete({ model: 'mistral-small-latest', messages: [{ role: 'user', content: q }] });\n}\n`;
      const sites = (await extractFixture('app/passed.ts', passed)).sites;
      assert.deepStrictEqual(
        sites.map((site) => [site.id, site.sdk, site.model?.id]),
        [['app/passed.ts#reply', 'mistral.chat', 'mistral-small-latest']],
      );
    });

    it('does not claim chat.complete on another client, or in a file without the SDK', async () => {
      const other = `import { Mistral } from '@mistralai/mistralai';\nimport { Assistant } from './assistant';\nconst bot = new Assistant();\nexport function reply(q: string) {\n  return bot.chat.complete({ model: 'house-model', messages: [{ role: 'user', content: q }] });\n}\n`;
      assert.deepStrictEqual((await extractFixture('app/other.ts', other)).sites, []);
      const unrelated = `import { lookup } from './chat';\nexport function reply(session: { chat: { complete(q: string): string } }, q: string) {\n  return session.chat.complete(q);\n}\n`;
      assert.deepStrictEqual((await extractFixture('app/unrelated.ts', unrelated)).sites, []);
    });
  });

  describe('Python', () => {
    const file = 'mistral/chat.py';
    const src = source(file);

    it('reads chat.complete with max_tokens and dict messages', async () => {
      const result = await extractFixture(file);
      assert.deepStrictEqual(result.findings, []);
      assert.deepStrictEqual(
        result.sites.map((site) => site.id),
        [
          'mistral/chat.py#release_notes',
          'mistral/chat.py#summarise',
          'mistral/chat.py#stream_answer',
          'mistral/chat.py#stream_later',
          'mistral/chat.py#ask_with',
        ],
      );
      const site = siteById(result, 'mistral/chat.py#release_notes');
      assert.strictEqual(site.sdk, 'mistral.chat');
      assert.deepStrictEqual(site.range, span(src, 'client.chat.complete(', '],\n    )'));
      assert.deepStrictEqual(site.model, { id: 'mistral-large-latest', range: at(src, '"mistral-large-latest"'), resolved: true, provider: 'mistral' });
      assert.deepStrictEqual(shape(site), [
        ['system', [STYLE]],
        ['user', ['Write the notes for these changes:\n', '{variable:changes}']],
      ]);
      assert.deepStrictEqual(site.outputCap, { param: 'max_tokens', value: 600, range: at(src, '600') });
    });

    it('reads complete_async with message classes around unpacked history; max_tokens is inserted', async () => {
      const site = siteById(await extractFixture(file), 'mistral/chat.py#summarise');
      assert.deepStrictEqual(site.model, { id: 'mistral-small-latest', range: at(src, '"mistral-small-latest"'), resolved: true, provider: 'mistral' });
      assert.deepStrictEqual(shape(site), [
        ['system', [STYLE]],
        ['user', ['{history:history}']],
        ['user', ['{variable:question}']],
      ]);
      assert.deepStrictEqual(site.messages[0].range, at(src, 'SystemMessage(content=STYLE)'));
      assert.strictEqual(site.outputCap, undefined);
      assert.strictEqual(site.outputCapInsertion?.template.trim(), 'max_tokens={value},');
      const fixed = await assertInsertionReparses(file, 'mistral/chat.py#summarise');
      assert.ok(fixed.includes('UserMessage(content=question)],\n        max_tokens=512,\n    )'), fixed);
    });

    it('reads stream, stream_async and a client opened with `with Mistral(...) as mistral`', async () => {
      const result = await extractFixture(file);
      const streamed = siteById(result, 'mistral/chat.py#stream_answer');
      assert.deepStrictEqual(streamed.model?.id, 'ministral-8b-latest');
      assert.deepStrictEqual(shape(streamed), [['user', ['{variable:question}', '{media:document_url}']]]);
      assert.deepStrictEqual(streamed.outputCap, { param: 'max_tokens', value: 200, range: at(src, '200') });
      const later = siteById(result, 'mistral/chat.py#stream_later');
      assert.deepStrictEqual(later.range, span(src, 'client.chat.stream_async(', '}])'));
      assert.deepStrictEqual(later.outputCap, { param: 'max_tokens', value: 100, range: at(src, 'max_tokens=100', 1, '100') });
      const opened = siteById(result, 'mistral/chat.py#ask_with');
      assert.deepStrictEqual(opened.range, span(src, 'mistral.chat.complete(', '}])'));
      assert.deepStrictEqual(opened.model, { id: 'mistral-small-latest', range: at(src, '"mistral-small-latest"', 3), resolved: true, provider: 'mistral' });
      assert.deepStrictEqual(shape(opened), [['user', ['{variable:question}']]]);
    });

    it('prices a call at Mistral rates with chat framing', async () => {
      const entry = (await analyze(file, source(file))).sites.find((candidate) => candidate.site.id === 'mistral/chat.py#release_notes');
      assert.ok(entry);
      assert.strictEqual(entry.estimate.model.id, 'mistral-large-latest');
      assert.strictEqual(entry.estimate.model.provider, 'mistral');
      // 24 fixed tokens (Mistral estimate), `changes` at the 100-token default, 11 of framing (3 + 2 messages × (3 + role)).
      assert.deepStrictEqual(entry.estimate.tokens, {
        input: 135,
        static: 24,
        dynamic: 100,
        framing: 11,
        tools: 0,
        cacheablePrefix: 32,
        cached: 0,
        outputExpected: 300,
        outputMax: 600,
        exact: false,
      });
      // mistral-large-latest at $2 / $6 per million: 135 × 2 + 300 × 6 = 2,070 µ$.
      assert.strictEqual(entry.estimate.cost.perCall, 0.00207);
      assert.deepStrictEqual(entry.findings, []);
    });
  });
});
