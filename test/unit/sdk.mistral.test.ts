import * as assert from 'assert';
import { mayContainLlmCalls } from '../../src/core/extract/code/extractCode';
import { isTextCompletionApi, type PromptSite } from '../../src/core/types';
import { analyze, onlySite } from './ruleHelpers';
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
        tokenizer: 'estimate:mistral',
        exact: false,
      });
      // mistral-large-latest at $2 / $6 per million: 135 × 2 + 300 × 6 = 2,070 µ$.
      assert.strictEqual(entry.estimate.cost.perCall, 0.00207);
      assert.deepStrictEqual(entry.findings, []);
    });
  });

  describe('fill-in-the-middle', () => {
    /** Per site: line, API, model, provider, cap and the prompt as [role, segments]. */
    function rows(sites: PromptSite[]) {
      return sites.map((site) => [site.range.start.line, site.sdk, site.model?.id, site.model?.provider, site.outputCap?.value, shape(site)]);
    }

    it('reads Python fim.complete, stream and their async twins: prompt and suffix as input, max_tokens as the cap', async () => {
      const src = [
        'from mistralai import Mistral',
        'client = Mistral(api_key=KEY)',
        'prompt = "def fibonacci(n: int):"',
        'suffix = "print(fibonacci(10))"',
        'response = client.fim.complete(model="codestral-latest", prompt=prompt, suffix=suffix, max_tokens=200)',
        'for chunk in client.fim.stream(model="codestral-latest", prompt=prompt):',
        '    print(chunk)',
        'async def main(code):',
        '    await client.fim.complete_async(model="codestral-2508", prompt=code)',
        '    await client.fim.stream_async(model="codestral-2508", prompt=code, suffix=None, max_tokens=64)',
      ].join('\n');
      const result = await extractFixture('mistral/fim.py', src);
      assert.deepStrictEqual(rows(result.sites), [
        [
          4,
          'mistral.fim',
          'codestral-latest',
          'mistral',
          200,
          [
            ['user', ['def fibonacci(n: int):']],
            ['user', ['print(fibonacci(10))']],
          ],
        ],
        [5, 'mistral.fim', 'codestral-latest', 'mistral', undefined, [['user', ['def fibonacci(n: int):']]]],
        [8, 'mistral.fim', 'codestral-2508', 'mistral', undefined, [['user', ['{variable:code}']]]],
        [9, 'mistral.fim', 'codestral-2508', 'mistral', 64, [['user', ['{variable:code}']]]],
      ]);
      assert.strictEqual(result.sites[1].outputCapInsertion?.template, ', max_tokens={value}');
      assert.deepStrictEqual(result.unreadCalls ?? [], []);
    });

    it('reads TypeScript fim.complete and fim.stream with maxTokens', async () => {
      const src = [
        "import { Mistral } from '@mistralai/mistralai';",
        'const client = new Mistral({ apiKey: process.env.MISTRAL_API_KEY });',
        'export async function fill(before: string, after: string) {',
        "  await client.fim.stream({ model: 'codestral-latest', prompt: before });",
        "  return client.fim.complete({ model: 'codestral-latest', prompt: before, suffix: after, maxTokens: 128 });",
        '}',
      ].join('\n');
      const result = await extractFixture('mistral/fim.ts', src);
      assert.deepStrictEqual(rows(result.sites), [
        [3, 'mistral.fim', 'codestral-latest', 'mistral', undefined, [['user', ['{variable:before}']]]],
        [
          4,
          'mistral.fim',
          'codestral-latest',
          'mistral',
          128,
          [
            ['user', ['{variable:before}']],
            ['user', ['{variable:after}']],
          ],
        ],
      ]);
      assert.deepStrictEqual(result.sites[1].outputCap, { param: 'maxTokens', value: 128, range: at(src, '128') });
    });

    it('prices fill-in-the-middle as a text completion: no chat framing, Codestral rates', async () => {
      const src = [
        'from mistralai import Mistral',
        'client = Mistral(api_key=KEY)',
        'client.fim.complete(model="codestral-latest", prompt="def fibonacci(n: int):", suffix="print(fibonacci(10))", max_tokens=200)',
      ].join('\n');
      const entry = onlySite(await analyze('mistral/fim.py', src));
      assert.strictEqual(isTextCompletionApi(entry.site.sdk), true);
      assert.deepStrictEqual([entry.estimate.model.canonical, entry.estimate.model.provider, entry.estimate.tokens.framing], ['codestral', 'mistral', 0]);
      assert.deepStrictEqual([entry.estimate.tokens.input, entry.estimate.tokens.outputMax], [12, 200]);
      assert.deepStrictEqual(entry.findings, []);
    });

    it('does not read fim.complete on a client of another SDK', async () => {
      const src = ['from mistralai import Mistral', 'from acme import Completer', 'client = Completer()', 'client.fim.complete(model="x", prompt="y")'].join(
        '\n',
      );
      assert.deepStrictEqual((await extractFixture('mistral/notFim.py', src)).sites, []);
    });
  });

  describe('Azure and Google Cloud clients', () => {
    it('reads chat calls on MistralAzure (azure) and MistralGCP / MistralGoogleCloud (mistral) clients', async () => {
      const src = [
        'import os',
        'from mistralai.azure.client import MistralAzure',
        'from mistralai.gcp.client import MistralGCP',
        'from mistralai_gcp import MistralGoogleCloud',
        'AZURE_MODEL = os.environ.get("AZURE_MODEL", "mistral-small-2503")',
        'azure = MistralAzure(api_key=KEY, server_url=ENDPOINT, api_version="2024-05-01-preview")',
        'res = azure.chat.complete(model=AZURE_MODEL, messages=[{"role": "user", "content": "hi"}], max_tokens=64)',
        'gcp = MistralGCP(project_id="p", region="europe-west4")',
        'async def main():',
        '    await gcp.chat.complete_async(model="mistral-small-latest", messages=[{"role": "user", "content": "hi"}], max_tokens=32)',
        'legacy = MistralGoogleCloud()',
        'legacy.chat.stream(model="codestral-2501", messages=[{"role": "user", "content": "hi"}])',
      ].join('\n');
      const result = await extractFixture('mistral/cloud.py', src);
      assert.deepStrictEqual(
        result.sites.map((site) => [site.range.start.line, site.sdk, site.model?.id, site.model?.provider, site.outputCap?.value]),
        [
          [6, 'mistral.chat', 'mistral-small-2503', 'azure', 64],
          [9, 'mistral.chat', 'mistral-small-latest', 'mistral', 32],
          [11, 'mistral.chat', 'codestral-2501', 'mistral', undefined],
        ],
      );
      assert.deepStrictEqual(result.unreadCalls ?? [], []);
      const gcp = (await analyze('mistral/cloud.py', src)).sites[1];
      assert.deepStrictEqual([gcp.estimate.model.canonical, gcp.estimate.model.provider, gcp.estimate.cost.priced], ['mistral-small-latest', 'mistral', true]);
    });

    it('reads a client of the v1 mistralai_azure package, and lets a file importing only it through the pre-filter', async () => {
      const src = [
        'from mistralai_azure import MistralAzure',
        'client = MistralAzure(azure_api_key=KEY, azure_endpoint=ENDPOINT)',
        'client.chat.complete(model="mistral-large-2411", messages=[{"role": "user", "content": "hi"}])',
      ].join('\n');
      const [site] = (await extractFixture('mistral/azureV1.py', src)).sites;
      assert.deepStrictEqual([site.range.start.line, site.model?.id, site.model?.provider], [2, 'mistral-large-2411', 'azure']);
      assert.strictEqual(mayContainLlmCalls('from mistralai_gcp import MistralGoogleCloud'), true);
    });

    it('gives a client passed in as a parameter the provider of the only cloud client class the file imports', async () => {
      const src = [
        'from mistralai.azure.client import MistralAzure',
        'def ask(client: MistralAzure, question):',
        '    return client.chat.complete(model="mistral-small-2503", messages=[{"role": "user", "content": question}])',
      ].join('\n');
      const [site] = (await extractFixture('mistral/azureParameter.py', src)).sites;
      assert.deepStrictEqual([site.range.start.line, site.model?.id, site.model?.provider], [2, 'mistral-small-2503', 'azure']);
      const both = src.replace(
        'from mistralai.azure.client import MistralAzure',
        'from mistralai import Mistral\nfrom mistralai.azure.client import MistralAzure',
      );
      const [either] = (await extractFixture('mistral/azureParameter.py', both)).sites;
      assert.deepStrictEqual([either.range.start.line, either.model?.provider], [3, 'mistral']);
    });
  });
});
