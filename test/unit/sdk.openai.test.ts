import * as assert from 'assert';
import { estimateSite } from '../../src/core/cost/estimateSite';
import { mayContainLlmCalls } from '../../src/core/extract/code/extractCode';
import { providerOfBaseUrl } from '../../src/core/extract/sdks/openaiCompatible';
import { sdkImportName } from '../../src/core/providers/sdkPackages';
import { PriceBook } from '../../src/core/pricing/priceBook';
import { TokenCounter } from '../../src/core/tokens/tokenCounter';
import type { PromptSite } from '../../src/core/types';
import { parseProjectConfig } from '../../src/core/volume/projectConfig';
import { assertInsertionReparses, at, dynamic, extractFixture, shape, siteById, source, span, text, assertLimitEditReparses } from './sdkHelpers';
import { sharedEncoder } from './sharedEncoder';

const counter = new TokenCounter(sharedEncoder);

/** A site's estimate with no promptcost.yaml, gpt-4o-mini as the assumed model and 10,000 calls a month. */
async function estimateOf(site: PromptSite) {
  const { config } = parseProjectConfig('');
  return estimateSite(site, { counter, prices: new PriceBook(), project: config, defaultModel: 'gpt-4o-mini', monthlyCalls: 10_000 });
}

describe('OpenAI SDK calls', () => {
  describe('chat completions in TypeScript', () => {
    const file = 'openai/chat.ts';
    const src = source(file);

    it('reads model, messages and cap from an imported constant, a template and a literal cap', async () => {
      const result = await extractFixture(file);
      assert.deepStrictEqual(result.findings, []);
      assert.deepStrictEqual(
        result.sites.map((site) => site.id),
        ['openai/chat.ts#classify', 'openai/chat.ts#summarize', 'openai/chat.ts#triageAll', 'openai/chat.ts#withDefaults'],
      );
      const site = siteById(result, 'openai/chat.ts#classify');
      assert.strictEqual(site.kind, 'sdk-call');
      assert.strictEqual(site.sdk, 'openai.chat');
      assert.strictEqual(site.file, file);
      assert.deepStrictEqual(site.range, span(src, 'client.chat.completions.create({', '})'));
      assert.deepStrictEqual(site.model, {
        id: 'gpt-4o-mini',
        range: at(src, 'model: TRIAGE_MODEL', 1, 'TRIAGE_MODEL'),
        resolved: true,
        provider: 'openai',
        from: { constant: 'TRIAGE_MODEL', importedFrom: 'openai/prompts.ts' },
      });
      assert.deepStrictEqual(shape(site), [
        // One static segment per literal of the constant's concatenation.
        [
          'system',
          ['You are the support assistant for Acme Cloud. Classify each ticket as billing, outage, account or other. ', 'Answer with the category only.'],
        ],
        ['user', ['Ticket:\n', '{variable:ticket}']],
      ]);
      assert.deepStrictEqual(site.messages[0].range, at(src, "{ role: 'system', content: SUPPORT_SYSTEM_PROMPT }"));
      assert.deepStrictEqual(site.messages[0].roleRange, at(src, "role: 'system'", 1, "'system'"));
      assert.deepStrictEqual(site.messages[1].segments, [
        text('Ticket:\n', at(src, 'Ticket:\\n')),
        dynamic('${ticket}', 'ticket', 'variable', at(src, '${ticket}')),
      ]);
      assert.deepStrictEqual(site.outputCap, { param: 'max_completion_tokens', value: 20, range: at(src, 'max_completion_tokens: 20', 1, '20') });
      assert.strictEqual(site.outputCapInsertion, undefined);
      assert.strictEqual(site.tools, undefined);
      assert.deepStrictEqual(site.options, {});
    });

    it('reads an env default model, a file read prompt, spread history, a name and content parts', async () => {
      const site = siteById(await extractFixture(file), 'openai/chat.ts#summarize');
      assert.deepStrictEqual(site.model, {
        id: 'gpt-4o',
        range: at(src, "process.env.SUMMARY_MODEL ?? 'gpt-4o'"),
        resolved: true,
        provider: 'openai',
        from: { envVariable: 'SUMMARY_MODEL' },
      });
      assert.deepStrictEqual(shape(site), [
        ['developer', ['You triage incoming support tickets for Acme Cloud.\nReply with a JSON object: {"priority": "p1" | "p2" | "p3", "reason": string}.\n']],
        ['user', ['{history:history}']],
        ['user', ['agent', '{variable:thread}', '{media:image_url}']],
      ]);
      assert.deepStrictEqual(site.options, { reasoningEffort: 'low' });
      assert.strictEqual(site.outputCap, undefined);
      const after = at(src, "reasoning_effort: 'low',").end;
      assert.deepStrictEqual(site.outputCapInsertion, {
        param: 'max_completion_tokens',
        range: { start: after, end: after },
        template: '\n    max_completion_tokens: {value},',
      });
    });

    it('marks a call in a loop and reads the promptcost comment above it', async () => {
      const site = siteById(await extractFixture(file), 'openai/chat.ts#triageAll');
      assert.deepStrictEqual(site.model, { id: 'gpt-4.1-nano', range: at(src, "'gpt-4.1-nano'"), resolved: true, provider: 'openai' });
      assert.deepStrictEqual(site.outputCap, { param: 'max_tokens', value: 40, range: at(src, 'max_tokens: 40', 1, '40') });
      assert.deepStrictEqual(site.options, { inLoop: true, inlineVolume: { monthlyCalls: 120000, outputTokens: 40 } });
      assert.deepStrictEqual(shape(site), [['user', ['{variable:ticket}']]]);
    });

    it('reads options built in a variable from spread defaults, and inserts the cap into that variable', async () => {
      const site = siteById(await extractFixture(file), 'openai/chat.ts#withDefaults');
      assert.deepStrictEqual(site.range, at(src, 'client.chat.completions.create(params)'));
      assert.deepStrictEqual(site.model, { id: 'gpt-4o-mini', range: at(src, "model: 'gpt-4o-mini'", 1, "'gpt-4o-mini'"), resolved: true, provider: 'openai' });
      assert.deepStrictEqual(shape(site), [['user', ['{variable:question}']]]);
      const fixed = await assertInsertionReparses(file, 'openai/chat.ts#withDefaults');
      assert.ok(fixed.includes('content: question }], max_completion_tokens: 512 };'), fixed);
    });

    it('inserts max_completion_tokens into the options object', async () => {
      const fixed = await assertInsertionReparses(file, 'openai/chat.ts#summarize');
      assert.ok(fixed.includes("reasoning_effort: 'low',\n    max_completion_tokens: 512,\n  });"), fixed);
    });
  });

  describe('responses and Azure in TypeScript', () => {
    const file = 'openai/responses.ts';
    const src = source(file);

    it('reads instructions, input, tools as JSON, reasoning effort and max_output_tokens', async () => {
      const result = await extractFixture(file);
      assert.deepStrictEqual(
        result.sites.map((site) => [site.id, site.sdk]),
        [
          ['openai/responses.ts#answer', 'openai.responses'],
          ['openai/responses.ts#streamAnswer', 'openai.responses'],
          ['openai/responses.ts#azureReply', 'openai.chat'],
        ],
      );
      const site = siteById(result, 'openai/responses.ts#answer');
      assert.deepStrictEqual(site.model, { id: 'gpt-5', range: at(src, "'gpt-5'"), resolved: true, provider: 'openai' });
      assert.deepStrictEqual(site.messages, [
        {
          role: 'system',
          roleRange: at(src, 'instructions'),
          range: at(src, "instructions: 'Answer from the order database. Be brief.'"),
          segments: [text('Answer from the order database. Be brief.', at(src, 'Answer from the order database. Be brief.'))],
        },
        {
          role: 'user',
          range: at(src, 'input: question', 1, 'question'),
          segments: [dynamic('question', 'question', 'variable', at(src, 'input: question', 1, 'question'))],
        },
      ]);
      assert.deepStrictEqual(site.tools, [
        text(
          '{"type":"function","name":"lookup_order","description":"Find an order by its id.","parameters":{"type":"object","properties":{"id":{"type":"string"}},"required":["id"]}}',
          at(src, 'tools: [lookupOrder', 1, 'lookupOrder'),
        ),
        // The spread of a parameter: unknown tools, sized as a variable.
        dynamic('[…]', 'tools', 'variable', at(src, '[lookupOrder, ...tools]')),
      ]);
      assert.deepStrictEqual(site.outputCap, { param: 'max_output_tokens', value: 2000, range: at(src, '2000') });
      assert.deepStrictEqual(site.options, { reasoningEffort: 'minimal' });
    });

    it('reads a Responses input list with typed parts, and offers max_output_tokens', async () => {
      const site = siteById(await extractFixture(file), 'openai/responses.ts#streamAnswer');
      assert.deepStrictEqual(shape(site), [
        ['system', ['You are terse.']],
        ['user', ['{variable:question}']],
      ]);
      assert.strictEqual(site.outputCap, undefined);
      assert.strictEqual(site.outputCapInsertion?.param, 'max_output_tokens');
      await assertInsertionReparses(file, 'openai/responses.ts#streamAnswer');
    });

    it('treats an Azure model as a deployment and a messages parameter as history', async () => {
      const site = siteById(await extractFixture(file), 'openai/responses.ts#azureReply');
      assert.deepStrictEqual(site.model, {
        id: 'support-gpt4o',
        range: at(src, "model: 'support-gpt4o'", 1, "'support-gpt4o'"),
        resolved: false,
        deployment: 'support-gpt4o',
        provider: 'azure',
      });
      assert.deepStrictEqual(shape(site), [['user', ['{history:messages}']]]);
      assert.strictEqual(site.outputCapInsertion?.param, 'max_completion_tokens');
      await assertInsertionReparses(file, 'openai/responses.ts#azureReply');
    });
  });

  it('finds the client of a JavaScript class through this.client, and offers no cap where spread options may set one', async () => {
    const file = 'openai/assistant.js';
    const src = source(file);
    const result = await extractFixture(file);
    assert.deepStrictEqual(
      result.sites.map((site) => site.id),
      ['openai/assistant.js#Assistant.ask'],
    );
    const [site] = result.sites;
    assert.deepStrictEqual(site.model, { id: 'gpt-4o', range: at(src, "'gpt-4o'"), resolved: true, provider: 'openai' });
    assert.deepStrictEqual(shape(site), [['user', ['{variable:question}']]]);
    assert.strictEqual(site.outputCap, undefined);
    assert.strictEqual(site.outputCapInsertion, undefined);
  });

  describe('Python', () => {
    const file = 'openai/chat.py';
    const src = source(file);

    it('reads keyword arguments, f-strings and a prompt read from a file next to the module', async () => {
      const result = await extractFixture(file);
      assert.deepStrictEqual(result.findings, []);
      assert.deepStrictEqual(
        result.sites.map((site) => [site.id, site.sdk, site.model?.id]),
        [
          ['openai/chat.py#reply', 'openai.chat', 'gpt-4o'],
          ['openai/chat.py#quick', 'openai.chat', 'gpt-4o-mini'],
          ['openai/chat.py#legacy', 'openai.chat', 'gpt-3.5-turbo'],
          ['openai/chat.py#research', 'openai.responses', 'o4-mini'],
          ['openai/chat.py#azure_reply', 'openai.chat', 'support-gpt35'],
          ['openai/chat.py#cheap', 'openai.chat', 'deepseek-chat'],
          ['openai/chat.py#Drafter.draft', 'openai.chat', 'gpt-4o'],
        ],
      );
      const site = siteById(result, 'openai/chat.py#reply');
      assert.deepStrictEqual(site.range, span(src, 'client.chat.completions.create(', '\n    )'));
      assert.deepStrictEqual(site.model, { id: 'gpt-4o', range: at(src, '"gpt-4o"'), resolved: true, provider: 'openai' });
      assert.deepStrictEqual(shape(site), [
        ['system', ['You triage incoming support tickets for Acme Cloud.\nReply with a JSON object: {"priority": "p1" | "p2" | "p3", "reason": string}.\n']],
        ['user', ['Customer ', '{variable:customer}', ' asks: ', '{variable:question}']],
      ]);
      assert.deepStrictEqual(site.messages[1].segments[1], dynamic('{customer}', 'customer', 'variable', at(src, '{customer}')));
      assert.deepStrictEqual(site.outputCap, { param: 'max_completion_tokens', value: 300, range: at(src, '300') });
    });

    it('inserts max_completion_tokens as a keyword argument', async () => {
      const site = siteById(await extractFixture(file), 'openai/chat.py#quick');
      assert.strictEqual(site.outputCapInsertion?.template, ', max_completion_tokens={value}');
      const beforeParen = at(src, '}])', 1, '}]').end;
      assert.deepStrictEqual(site.outputCapInsertion?.range, { start: beforeParen, end: beforeParen });
      await assertInsertionReparses(file, 'openai/chat.py#quick');
      await assertInsertionReparses(file, 'openai/chat.py#legacy');
    });

    it('reads a Responses call with reasoning and an async Azure client', async () => {
      const result = await extractFixture(file);
      const research = siteById(result, 'openai/chat.py#research');
      assert.deepStrictEqual(shape(research), [
        ['system', ['Cite sources.']],
        ['user', ['{variable:topic}']],
      ]);
      assert.deepStrictEqual(research.outputCap, { param: 'max_output_tokens', value: 4000, range: at(src, '4000') });
      assert.deepStrictEqual(research.options, { reasoningEffort: 'high' });
      const azure = siteById(result, 'openai/chat.py#azure_reply');
      assert.deepStrictEqual(azure.model, {
        id: 'support-gpt35',
        range: at(src, '"support-gpt35"'),
        resolved: false,
        deployment: 'support-gpt35',
        provider: 'azure',
      });
      assert.deepStrictEqual(azure.outputCap, { param: 'max_tokens', value: 200, range: at(src, '200') });
      assert.deepStrictEqual(shape(azure), [['user', ['{history:history}']]]);
    });

    it('names the provider of the server a client is pointed at with base_url', async () => {
      const site = siteById(await extractFixture(file), 'openai/chat.py#cheap');
      assert.deepStrictEqual(site.model, { id: 'deepseek-chat', range: at(src, '"deepseek-chat"'), resolved: true, provider: 'deepseek' });
      assert.deepStrictEqual(site.outputCap, { param: 'max_tokens', value: 500, range: at(src, 'max_tokens=500', 1, '500') });
    });

    it('finds self.client set in __init__, and offers no cap next to **kwargs', async () => {
      const site = siteById(await extractFixture(file), 'openai/chat.py#Drafter.draft');
      assert.deepStrictEqual(site.model, {
        id: 'gpt-4o',
        range: at(src, 'model="gpt-4o", messages=[{"role": "user", "content": question}], **kwargs', 1, '"gpt-4o"'),
        resolved: true,
        provider: 'openai',
      });
      assert.strictEqual(site.outputCap, undefined);
      assert.strictEqual(site.outputCapInsertion, undefined);
    });
  });

  describe('raw and streamed response views, and beta parse', () => {
    it('reads a TypeScript create followed by .withResponse() or .asResponse() as the create call', async () => {
      const file = 'openai/rawResponses.ts';
      const src = source(file);
      const result = await extractFixture(file);
      assert.deepStrictEqual(result.findings, []);
      assert.deepStrictEqual(
        result.sites.map((site) => [site.id, site.sdk, site.model?.id, site.model?.provider]),
        [
          ['openai/rawResponses.ts#replyWithHeaders', 'openai.chat', 'gpt-4o-mini', 'openai'],
          ['openai/rawResponses.ts#rawReply', 'openai.responses', 'gpt-4.1-mini', 'openai'],
          ['openai/rawResponses.ts#readInvoice', 'openai.chat', 'gpt-4o-2024-08-06', 'openai'],
        ],
      );
      const headers = siteById(result, 'openai/rawResponses.ts#replyWithHeaders');
      // The site is the create call; `.withResponse()` only changes what the promise resolves to.
      assert.deepStrictEqual(headers.range, span(src, 'client.chat.completions', 'max_completion_tokens: 200 })'));
      assert.deepStrictEqual(shape(headers), [['user', ['{variable:question}']]]);
      assert.deepStrictEqual(headers.outputCap, { param: 'max_completion_tokens', value: 200, range: at(src, 'max_completion_tokens: 200', 1, '200') });
      const raw = siteById(result, 'openai/rawResponses.ts#rawReply');
      assert.deepStrictEqual(raw.range, at(src, "client.responses.create({ model: 'gpt-4.1-mini', input: question })"));
      assert.strictEqual(raw.outputCapInsertion?.param, 'max_output_tokens');
      await assertInsertionReparses(file, 'openai/rawResponses.ts#rawReply');
    });

    it('reads client.beta.chat.completions.parse in TypeScript as a chat call', async () => {
      const file = 'openai/rawResponses.ts';
      const src = source(file);
      const site = siteById(await extractFixture(file), 'openai/rawResponses.ts#readInvoice');
      assert.deepStrictEqual(site.range, span(src, 'client.beta.chat.completions.parse({', '\n  })'));
      assert.deepStrictEqual(site.model, { id: 'gpt-4o-2024-08-06', range: at(src, "'gpt-4o-2024-08-06'"), resolved: true, provider: 'openai' });
      assert.deepStrictEqual(shape(site), [
        ['system', ['Extract the invoice total.']],
        ['user', ['{variable:text}']],
      ]);
      assert.strictEqual(site.outputCapInsertion?.param, 'max_completion_tokens');
      await assertInsertionReparses(file, 'openai/rawResponses.ts#readInvoice');
    });

    it('reads Python with_raw_response and with_streaming_response before or after the resource', async () => {
      const file = 'openai/rawResponses.py';
      const src = source(file);
      const result = await extractFixture(file);
      assert.deepStrictEqual(result.findings, []);
      assert.deepStrictEqual(
        result.sites.map((site) => [site.id, site.sdk, site.model?.id, site.model?.provider, site.outputCap?.value]),
        [
          ['openai/rawResponses.py#reply_with_headers', 'openai.chat', 'gpt-4o-mini', 'openai', 200],
          ['openai/rawResponses.py#reply_raw', 'openai.chat', 'gpt-4o', 'openai', undefined],
          ['openai/rawResponses.py#stream_reply', 'openai.chat', 'gpt-4.1-nano', 'openai', undefined],
          ['openai/rawResponses.py#stream_reply_outer', 'openai.chat', 'gpt-4.1-mini', 'openai', undefined],
          ['openai/rawResponses.py#research_raw', 'openai.responses', 'o4-mini', 'openai', 1000],
          ['openai/rawResponses.py#research_streamed', 'openai.responses', 'gpt-5-mini', 'openai', undefined],
          ['openai/rawResponses.py#read_invoice', 'openai.chat', 'gpt-4o-2024-08-06', 'openai', undefined],
        ],
      );
      const raw = siteById(result, 'openai/rawResponses.py#reply_raw');
      assert.deepStrictEqual(raw.range, span(src, 'client.chat.completions.with_raw_response.create(', '}])'));
      assert.deepStrictEqual(shape(raw), [['user', ['{variable:question}']]]);
      assert.deepStrictEqual(shape(siteById(result, 'openai/rawResponses.py#research_streamed')), [
        ['system', ['Cite sources.']],
        ['user', ['{variable:topic}']],
      ]);
      assert.deepStrictEqual(shape(siteById(result, 'openai/rawResponses.py#read_invoice')), [
        ['system', ['Extract the invoice total.']],
        ['user', ['{variable:text}']],
      ]);
      const fixed = await assertInsertionReparses(file, 'openai/rawResponses.py#stream_reply');
      assert.ok(fixed.includes('messages=[{"role": "user", "content": question}],\n        max_completion_tokens=512\n    ) as response:'), fixed);
    });
  });

  describe('the package imported by its entry file', () => {
    it("reads a stream on a client imported from 'openai/index' as it reads one imported from 'openai'", async () => {
      const file = 'openai/indexImport.ts';
      const src = [
        "import OpenAI from 'openai/index';",
        'const client = new OpenAI();',
        'export async function main() {',
        '  const stream = client.chat.completions',
        "    .stream({ model: 'gpt-4o-2024-08-06', max_tokens: 300, messages: [{ role: 'user', content: 'What is 8x + 7 = -23?' }] })",
        "    .on('refusal.delta', () => {});",
        '  return stream;',
        '}',
      ].join('\n');
      const result = await extractFixture(file, src);
      assert.deepStrictEqual(
        result.sites.map((site) => [site.id, site.sdk, site.range.start.line, site.model?.id, site.model?.provider, site.outputCap?.value]),
        [['openai/indexImport.ts#main', 'openai.chat', 3, 'gpt-4o-2024-08-06', 'openai', 300]],
      );
      assert.deepStrictEqual(shape(result.sites[0]), [['user', ['What is 8x + 7 = -23?']]]);
      assert.deepStrictEqual(result.unreadCalls ?? [], []);
    });

    it('knows an SDK by its entry file only, not by any other subpath', () => {
      assert.deepStrictEqual(
        [
          'openai/index',
          'openai/index.js',
          '@anthropic-ai/sdk/index.mjs',
          '@mistralai/mistralai/index',
          'openai/resources/index',
          'mylib/index',
          './index',
          'openai',
        ].map(sdkImportName),
        ['openai', 'openai', '@anthropic-ai/sdk', '@mistralai/mistralai', 'openai/resources/index', 'mylib/index', './index', 'openai'],
      );
      assert.deepStrictEqual(["import OpenAI from 'openai/index.js';", "import OpenAI from 'openai/index';"].map(mayContainLlmCalls), [true, true]);
    });
  });

  describe('calls that send no prompt', () => {
    for (const file of ['openai/notPrompts.ts', 'openai/notPrompts.py']) {
      it(`finds no site among retrieve, a resumed stream, images, embeddings, audio and moderations (${file})`, async () => {
        assert.deepStrictEqual(await extractFixture(file), { sites: [], findings: [] });
      });
    }

    it('finds no site for a call that resumes a response with starting_after alone', async () => {
      const resume =
        "import OpenAI from 'openai';\nconst client = new OpenAI();\nclient.responses.stream({ model: 'gpt-5', input: 'x', starting_after: 12 });\n";
      assert.deepStrictEqual(await extractFixture('openai/resume.ts', resume), { sites: [], findings: [] });
      // The same call without starting_after is a site: the test above fails for the right reason.
      assert.strictEqual((await extractFixture('openai/resume.ts', resume.replace(', starting_after: 12', ''))).sites.length, 1);
    });
  });

  describe('a method kept in a variable', () => {
    it('reads `completion = client.chat.completions.create` then `completion(...)` as the chat call', async () => {
      const code = [
        'from openai import OpenAI',
        '',
        'client = OpenAI()',
        'completion = client.chat.completions.create',
        '',
        '',
        'def ask(question):',
        '    return completion(model="gpt-4.1-mini", max_tokens=200, messages=[{"role": "user", "content": question}])',
        '',
      ].join('\n');
      const { sites } = await extractFixture('openai/bound.py', code);
      assert.deepStrictEqual(
        sites.map((site) => [site.id, site.sdk, site.model?.id, site.outputCap?.value, site.range.start.line + 1]),
        [['openai/bound.py#ask', 'openai.chat', 'gpt-4.1-mini', 200, 8]],
      );
      // A name bound to the call's result is no method: calling it is not a site.
      const result = code.replace('completion = client.chat.completions.create', 'completion = client.chat.completions.create(model="gpt-4o", messages=[])');
      assert.deepStrictEqual(
        (await extractFixture('openai/bound.py', result)).sites.map((site) => site.range.start.line + 1),
        [4],
      );
    });
  });

  describe('legacy completions', () => {
    it('reads the Python SDK before 1.0 (`openai.ChatCompletion.create`, `openai.Completion.acreate`) and a client a method returns', async () => {
      const code = [
        'import openai',
        '',
        '',
        'class Model:',
        '    def get_client(self, key):',
        '        return make_client(key)',
        '',
        '    def execute(self, prompt, key):',
        '        client = self.get_client(key)',
        '        return client.completions.create(model="gpt-3.5-turbo-instruct", prompt=prompt, max_tokens=200)',
        '',
        '',
        'def old_chat(messages):',
        '    return openai.ChatCompletion.create(model="gpt-4", messages=messages, max_tokens=300)',
        '',
        '',
        'async def old_text(prompt):',
        '    return await openai.Completion.acreate(model="text-davinci-003", prompt=prompt, max_tokens=100)',
        '',
      ].join('\n');
      const { sites } = await extractFixture('openai/legacy.py', code);
      assert.deepStrictEqual(
        sites.map((site) => [site.range.start.line + 1, site.sdk, site.model?.id, site.outputCap?.value]),
        [
          [10, 'openai.completions', 'gpt-3.5-turbo-instruct', 200],
          [14, 'openai.chat', 'gpt-4', 300],
          [18, 'openai.completions', 'text-davinci-003', 100],
        ],
      );
    });

    it('reads a TypeScript text prompt with its cap, and offers max_tokens where there is none', async () => {
      const file = 'openai/completions.ts';
      const src = source(file);
      const result = await extractFixture(file);
      assert.deepStrictEqual(result.findings, []);
      assert.deepStrictEqual(
        result.sites.map((site) => [site.id, site.sdk]),
        [
          ['openai/completions.ts#thankYouNote', 'openai.completions'],
          ['openai/completions.ts#translate', 'openai.completions'],
        ],
      );
      const note = siteById(result, 'openai/completions.ts#thankYouNote');
      assert.deepStrictEqual(note.range, span(src, 'client.completions.create({', '\n  })'));
      assert.deepStrictEqual(note.model, { id: 'gpt-3.5-turbo-instruct', range: at(src, "'gpt-3.5-turbo-instruct'"), resolved: true, provider: 'openai' });
      assert.deepStrictEqual(note.messages, [
        {
          role: 'user',
          range: span(src, '`Write a one-line', 'Note:`'),
          segments: [
            text('Write a one-line thank-you note to ', at(src, 'Write a one-line thank-you note to ')),
            dynamic('${customer}', 'customer', 'variable', at(src, '${customer}')),
            text(' for renewing their Acme Cloud plan.\n\nNote:', at(src, ' for renewing their Acme Cloud plan.\\n\\nNote:')),
          ],
        },
      ]);
      assert.deepStrictEqual(note.outputCap, { param: 'max_tokens', value: 60, range: at(src, 'max_tokens: 60', 1, '60') });
      const translate = siteById(result, 'openai/completions.ts#translate');
      assert.deepStrictEqual(shape(translate), [['user', ['Translate to French: Good morning, how can I help you today?']]]);
      assert.strictEqual(translate.outputCapInsertion?.param, 'max_tokens');
      const fixed = await assertInsertionReparses(file, 'openai/completions.ts#translate');
      assert.ok(fixed.includes("how can I help you today?', max_tokens: 512 });"), fixed);
    });

    it('counts the prompt as plain text: no chat framing around it', async () => {
      const site = siteById(await extractFixture('openai/completions.ts'), 'openai/completions.ts#translate');
      const { estimate, findings } = await estimateOf(site);
      assert.deepStrictEqual(findings, []);
      assert.deepStrictEqual(estimate.model, {
        id: 'gpt-3.5-turbo-instruct',
        canonical: 'gpt-3.5-turbo-instruct',
        source: 'file',
        origin: 'literal',
        provider: 'openai',
        pricedAs: undefined,
      });
      // 14 cl100k tokens of text and nothing else; 4,096 is the model's output maximum, as no cap is set.
      assert.deepStrictEqual(estimate.tokens, {
        input: 14,
        static: 14,
        dynamic: 0,
        framing: 0,
        tools: 0,
        cacheablePrefix: 14,
        cached: 0,
        outputExpected: 300,
        outputMax: 4096,
        tokenizer: 'cl100k_base',
        exact: true,
      });
      assert.deepStrictEqual(
        estimate.messages.map((message) => [message.role, message.tokens]),
        [['user', 14]],
      );
      // 14 × $1.50/M + 300 × $2.00/M.
      assert.strictEqual(estimate.cost.perCall!.toFixed(8), '0.00062100');
      // The same text sent as a chat message adds 3 + "user" (1) around it and 3 to prime the reply.
      const asChat = await estimateOf({ ...site, sdk: 'openai.chat' });
      assert.deepStrictEqual([asChat.estimate.tokens.input, asChat.estimate.tokens.framing], [21, 7]);
    });

    it("reads Python prompts, a list of prompts and the raw and streaming views; Anthropic's legacy completions go to the Anthropic module", async () => {
      const file = 'openai/completions.py';
      const src = source(file);
      const result = await extractFixture(file);
      assert.deepStrictEqual(result.findings, []);
      assert.deepStrictEqual(
        result.sites.map((site) => [site.id, site.sdk, site.model?.id, site.outputCap?.value]),
        [
          ['openai/completions.py#thank_you_note', 'openai.completions', 'gpt-3.5-turbo-instruct', 60],
          ['openai/completions.py#subject_lines', 'openai.completions', 'davinci-002', 12],
          ['openai/completions.py#stream_slogan', 'openai.completions', 'babbage-002', undefined],
          ['openai/completions.py#legacy_claude', 'anthropic.completions', 'claude-2.1', 300],
        ],
      );
      assert.deepStrictEqual(shape(siteById(result, 'openai/completions.py#thank_you_note')), [
        ['user', ['Write a one-line thank-you note to ', '{variable:customer}', ' for renewing their Acme Cloud plan.\n\nNote:']],
      ]);
      // Each prompt of the list is completed, and billed, on its own.
      const subjects = siteById(result, 'openai/completions.py#subject_lines');
      assert.deepStrictEqual(shape(subjects), [
        ['user', ['Subject line for: ', '{variable:first}']],
        ['user', ['Subject line for: ', '{variable:second}']],
      ]);
      assert.deepStrictEqual(subjects.range, span(src, 'client.completions.with_raw_response.create(', 'max_tokens=12)'));
      const slogan = siteById(result, 'openai/completions.py#stream_slogan');
      assert.deepStrictEqual(slogan.messages, [
        {
          role: 'user',
          range: at(src, 'prompt=product', 1, 'product'),
          segments: [dynamic('product', 'product', 'variable', at(src, 'prompt=product', 1, 'product'))],
        },
      ]);
      const fixed = await assertInsertionReparses(file, 'openai/completions.py#stream_slogan');
      assert.ok(fixed.includes('create(model="babbage-002", prompt=product, max_tokens=512) as response:'), fixed);
      const { estimate } = await estimateOf(subjects);
      assert.strictEqual(estimate.tokens.framing, 0);
    });
  });

  describe('OpenAI-compatible servers and SDKs', () => {
    /** Per site: the model, its provider, the provider the estimate priced it under (or `unpriced`). */
    async function pricedSites(file: string) {
      const result = await extractFixture(file);
      assert.deepStrictEqual(result.findings, []);
      const rows = [];
      for (const site of result.sites) {
        const { estimate } = await estimateOf(site);
        rows.push([site.id, site.model?.id, site.model?.provider ?? site.provider, estimate.cost.priced ? estimate.model.provider : 'unpriced']);
      }
      return rows;
    }

    it('prices a TypeScript OpenAI client under the provider its baseURL points at', async () => {
      assert.deepStrictEqual(await pricedSites('openai/compatible.ts'), [
        ['openai/compatible.ts#fastDraft', 'llama-3.3-70b-versatile', 'groq', 'groq'],
        ['openai/compatible.ts#openWeights', 'meta-llama/Llama-3.3-70B-Instruct-Turbo', 'together', 'together'],
        ['openai/compatible.ts#routed', 'meta-llama/llama-3.3-70b-instruct', 'openrouter', 'openrouter'],
        // The id names its provider itself: OpenRouter passes OpenAI's price on.
        ['openai/compatible.ts#routedToOpenai', 'openai/gpt-4o-mini', undefined, 'openai'],
        ['openai/compatible.ts#fireworksSummary', 'accounts/fireworks/models/llama-v3p1-8b-instruct', 'fireworks', 'fireworks'],
        ['openai/compatible.ts#grokReply', 'grok-3-mini', 'x-ai', 'x-ai'],
        ['openai/compatible.ts#geminiReply', 'gemini-2.5-flash', 'google', 'google'],
        // Ollama runs on the user's machine: no price, never $0 and never another provider's.
        ['openai/compatible.ts#localReply', 'llama3.2:3b', 'ollama', 'unpriced'],
        // A server the registry does not know names no provider, and Groq's model id is priced nowhere else.
        ['openai/compatible.ts#viaGateway', 'llama-3.3-70b-versatile', undefined, 'unpriced'],
      ]);
    });

    it('reads the model, messages and cap of a call on a compatible server as OpenAI chat', async () => {
      const file = 'openai/compatible.ts';
      const src = source(file);
      const site = siteById(await extractFixture(file), 'openai/compatible.ts#fastDraft');
      assert.strictEqual(site.sdk, 'openai.chat');
      assert.deepStrictEqual(site.model, { id: 'llama-3.3-70b-versatile', range: at(src, "'llama-3.3-70b-versatile'"), resolved: true, provider: 'groq' });
      assert.deepStrictEqual(shape(site), [['user', ['{variable:question}']]]);
      assert.deepStrictEqual(site.outputCap, { param: 'max_tokens', value: 300, range: at(src, 'max_tokens: 300', 1, '300') });
      const { estimate } = await estimateOf(site);
      assert.deepStrictEqual(estimate.model, {
        id: 'llama-3.3-70b-versatile',
        canonical: 'llama-3.3-70b-versatile',
        source: 'file',
        origin: 'literal',
        provider: 'groq',
        pricedAs: undefined,
      });
      // 107 input tokens × $0.59/M + 150 (half the 300-token cap) × $0.79/M.
      assert.deepStrictEqual([estimate.tokens.input, estimate.cost.perCall!.toFixed(8)], [107, '0.00018163']);
    });

    it('prices a Python client by its base_url, an Ollama host on any machine included, and keeps the provider of an unknown model', async () => {
      assert.deepStrictEqual(await pricedSites('openai/compatible.py'), [
        ['openai/compatible.py#reason', 'deepseek-reasoner', 'deepseek', 'deepseek'],
        ['openai/compatible.py#small_reply', 'mistral-small-latest', 'mistral', 'mistral'],
        // Legacy completions on Together; the price data has no price for this model.
        ['openai/compatible.py#complete_code', 'Qwen/Qwen2.5-Coder-32B-Instruct', 'together', 'unpriced'],
        // DeepSeek's price for deepseek-r1 is not what a model run on Ollama costs.
        ['openai/compatible.py#local_reasoning', 'deepseek-r1:8b', 'ollama', 'unpriced'],
        // No model known: the provider stays, so no OpenAI default is assumed for a local server.
        ['openai/compatible.py#local_default', undefined, 'ollama', 'unpriced'],
        // A base URL read from the environment could be any server.
        ['openai/compatible.py#configured_reply', 'gpt-4o-mini', undefined, 'openai'],
      ]);
      const result = await extractFixture('openai/compatible.py');
      assert.strictEqual(siteById(result, 'openai/compatible.py#complete_code').sdk, 'openai.completions');
      const local = await estimateOf(siteById(result, 'openai/compatible.py#local_reasoning'));
      assert.deepStrictEqual([local.estimate.model.canonical, local.estimate.model.provider], ['ollama/deepseek-r1:8b', 'ollama']);
      const unknown = await estimateOf(siteById(result, 'openai/compatible.py#local_default'));
      assert.deepStrictEqual(
        unknown.findings.map((finding) => finding.rule),
        ['unknown-model'],
      );
      assert.strictEqual(unknown.estimate.model.id, undefined);
    });

    it('reads Groq, Together and Cerebras SDK clients in TypeScript as chat calls of their provider', async () => {
      const file = 'openai/compatibleSdks.ts';
      const src = source(file);
      assert.deepStrictEqual(await pricedSites(file), [
        ['openai/compatibleSdks.ts#instant', 'llama-3.1-8b-instant', 'groq', 'groq'],
        ['openai/compatibleSdks.ts#openWeights', 'meta-llama/Llama-3.3-70B-Instruct-Turbo', 'together', 'together'],
        ['openai/compatibleSdks.ts#wafer', 'llama-3.3-70b', 'cerebras', 'cerebras'],
      ]);
      const wafer = siteById(await extractFixture(file), 'openai/compatibleSdks.ts#wafer');
      assert.strictEqual(wafer.sdk, 'openai.chat');
      assert.deepStrictEqual(wafer.range, span(src, 'cerebras.chat.completions.create({', '\n  })'));
      assert.deepStrictEqual(shape(wafer), [
        ['system', ['Answer in one sentence.']],
        ['user', ['{variable:question}']],
      ]);
      await assertInsertionReparses(file, 'openai/compatibleSdks.ts#wafer');
    });

    it('reads Groq, Together and Cerebras SDK clients in Python, legacy completions and an unknown model included', async () => {
      assert.deepStrictEqual(await pricedSites('openai/compatibleSdks.py'), [
        ['openai/compatibleSdks.py#instant', 'llama-3.1-8b-instant', 'groq', 'groq'],
        ['openai/compatibleSdks.py#complete_code', 'Qwen/Qwen2.5-Coder-32B-Instruct', 'together', 'unpriced'],
        ['openai/compatibleSdks.py#wafer', undefined, 'cerebras', 'unpriced'],
      ]);
      const result = await extractFixture('openai/compatibleSdks.py');
      assert.deepStrictEqual(
        result.sites.map((site) => site.sdk),
        ['openai.chat', 'openai.completions', 'openai.chat'],
      );
      assert.strictEqual(siteById(result, 'openai/compatibleSdks.py#wafer').modelVariable, 'CEREBRAS_MODEL');
    });

    it('prices an OpenAI client pointed at Perplexity under perplexity, and labels a call with no model perplexity', async () => {
      const file = 'openai/perplexity.ts';
      const src = [
        "import OpenAI from 'openai';",
        'const perplexity = new OpenAI({ apiKey: process.env.PERPLEXITY_API_KEY, baseURL: "https://api.perplexity.ai/" });',
        'export async function research(question: string, model: string) {',
        "  await perplexity.chat.completions.create({ model: 'sonar-pro', max_tokens: 500, messages: [{ role: 'user', content: question }] });",
        "  return perplexity.chat.completions.create({ model, stream: true, messages: [{ role: 'user', content: question }] });",
        '}',
      ].join('\n');
      const result = await extractFixture(file, src);
      const [pro, unknown] = result.sites;
      assert.deepStrictEqual(
        result.sites.map((site) => [site.range.start.line, site.sdk, site.model?.id, site.model?.provider ?? site.provider, site.outputCap?.value]),
        [
          [3, 'openai.chat', 'sonar-pro', 'perplexity', 500],
          [4, 'openai.chat', undefined, 'perplexity', undefined],
        ],
      );
      const { estimate } = await estimateOf(pro);
      assert.deepStrictEqual([estimate.model.canonical, estimate.model.provider, estimate.cost.priced], ['sonar-pro', 'perplexity', true]);
      // No OpenAI default is assumed for a Perplexity call whose model is not known.
      const unpriced = await estimateOf(unknown);
      assert.deepStrictEqual([unpriced.estimate.model.id, unpriced.estimate.cost.priced], [undefined, false]);
    });

    it('prices a Python client given base_url="https://api.perplexity.ai" under perplexity', async () => {
      const file = 'openai/perplexity.py';
      const src = [
        'from openai import OpenAI',
        'client = OpenAI(api_key=KEY, base_url="https://api.perplexity.ai")',
        'def ask(question):',
        '    return client.chat.completions.create(model="sonar", max_tokens=256, messages=[{"role": "user", "content": question}])',
      ].join('\n');
      const [site] = (await extractFixture(file, src)).sites;
      assert.deepStrictEqual(site.model, { id: 'sonar', range: at(src, '"sonar"'), resolved: true, provider: 'perplexity' });
      assert.deepStrictEqual([site.range.start.line, site.outputCap?.value], [3, 256]);
      const { estimate } = await estimateOf(site);
      assert.deepStrictEqual([estimate.model.canonical, estimate.model.provider], ['sonar', 'perplexity']);
    });

    it("tells the provider from a base URL by host (subdomains included) or by Ollama's port", () => {
      assert.deepStrictEqual(
        [
          'https://api.openai.com/v1',
          'http://127.0.0.1:11434',
          'localhost:11434/v1',
          'https://eu.api.groq.com/openai/v1',
          'https://user:secret@openrouter.ai/api/v1',
          'https://API.X.AI/v1',
          'https://api.groq.com.example.net/v1',
          'https://proxy.example.net/api.groq.com',
          'http://localhost:8000/v1',
          'https://api.perplexity.ai/',
        ].map(providerOfBaseUrl),
        ['openai', 'ollama', 'ollama', 'groq', 'openrouter', 'x-ai', undefined, undefined, undefined, 'perplexity'],
      );
    });

    it('lets files that import only a compatible SDK through the pre-filter', () => {
      assert.deepStrictEqual(
        [
          "import Groq from 'groq-sdk';\nconst groq = new Groq();",
          "import Together from 'together-ai';",
          "import Cerebras from '@cerebras/cerebras_cloud_sdk';",
          'from groq import AsyncGroq',
          'import together',
          'from cerebras.cloud.sdk import Cerebras',
          "import Groq from 'groq-sdk-extras';",
        ].map(mayContainLlmCalls),
        [true, true, true, true, true, true, false],
      );
    });
  });

  it('does not list parsing a raw response, embeddings, images, audio, files or lookups as unread calls', async () => {
    const src = [
      'from openai import OpenAI',
      'client = OpenAI()',
      'def run(params):',
      '    response = client.chat.completions.with_raw_response.create(**params)',
      '    completion = response.parse()',
      '    client.embeddings.create(model="text-embedding-3-small", input="x")',
      '    client.images.generate(model="dall-e-3", prompt="a cat")',
      '    client.audio.speech.create(model="tts-1", voice="alloy", input="hi")',
      '    client.audio.speech.with_streaming_response.create(model="tts-1", voice="alloy", input="hi")',
      '    client.moderations.create(input="x")',
      '    client.fine_tuning.jobs.create(training_file="f", model="gpt-4o-mini")',
      '    client.files.create(file=upload, purpose="batch")',
      '    client.files.delete("f")',
      '    client.models.list()',
      '    client.batches.retrieve("b")',
      '    client.batches.list()',
      '    client.batches.cancel("b")',
      '    client.responses.retrieve("r")',
      '    client.responses.delete("r")',
      '    client.responses.cancel("r")',
      '    client.batches.create(input_file_id="f", endpoint="/v1/chat/completions", completion_window="24h")',
    ].join('\n');
    const result = await extractFixture('openai/notGeneration.py', src);
    assert.deepStrictEqual(
      result.sites.map((site) => [site.range.start.line, site.sdk]),
      [[3, 'openai.chat']],
    );
    // A batch of requests in an uploaded file does generate: it stays listed as a shape not read.
    assert.deepStrictEqual(
      result.unreadCalls?.map((call) => [call.callee, call.sdk, call.range.start.line]),
      [['client.batches.create', 'openai', 20]],
    );
  });

  describe('runTools', () => {
    const file = 'openai/runTools.ts';
    const src = source(file);

    it('reads runTools as a Chat Completions agent: maxChatCompletions in its options, else the default of 10', async () => {
      const result = await extractFixture(file);
      assert.deepStrictEqual(
        result.sites.map((site) => [site.id, site.sdk, site.model?.id]),
        [
          ['openai/runTools.ts#support', 'openai.chat', 'gpt-4o'],
          ['openai/runTools.ts#bounded', 'openai.chat', 'gpt-4o-mini'],
          ['openai/runTools.ts#withOptions', 'openai.chat', 'gpt-4o'],
        ],
      );
      const support = siteById(result, 'openai/runTools.ts#support');
      assert.deepStrictEqual(shape(support), [['user', ['{variable:question}']]]);
      const { limitEdit, ...agent } = support.options.agent!;
      assert.deepStrictEqual(agent, { kind: 'openai-runtools', maxTurns: 10, limitText: "maxChatCompletions: 10, runTools' default", limitIsDefault: true });
      assert.deepStrictEqual(limitEdit?.sets, 'maxChatCompletions: 10');
      assert.deepStrictEqual(siteById(result, 'openai/runTools.ts#bounded').options.agent, {
        kind: 'openai-runtools',
        maxTurns: 4,
        limitText: 'maxChatCompletions: 4',
        limitRange: at(src, 'maxChatCompletions: 4', 1, '4'),
      });
    });

    it('sets maxChatCompletions in a new options argument, or in the options there are', async () => {
      const fixed = await assertLimitEditReparses(file, 'openai/runTools.ts#support');
      assert.ok(fixed.includes('    tools,\n  }, { maxChatCompletions: 10 });'), fixed);
      const merged = await assertLimitEditReparses(file, 'openai/runTools.ts#withOptions');
      assert.ok(merged.includes('{ timeout: 5000, maxChatCompletions: 10 }'), merged);
    });
  });
});
