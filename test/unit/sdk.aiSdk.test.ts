import * as assert from 'assert';
import { sdkDefaultCap } from '../../src/core/providers/providers';
import { assertInsertionReparses, assertLimitEditReparses, at, extractFixture, shape, siteById, source, span } from './sdkHelpers';

describe('Vercel AI SDK calls', () => {
  const file = 'aiSdk/generate.ts';
  const src = source(file);

  it('reads a provider factory model, system, prompt and maxOutputTokens', async () => {
    const result = await extractFixture(file);
    assert.deepStrictEqual(result.findings, []);
    assert.deepStrictEqual(
      result.sites.map((site) => site.id),
      [
        'aiSdk/generate.ts#reply',
        'aiSdk/generate.ts#chat',
        'aiSdk/generate.ts#extract',
        'aiSdk/generate.ts#viaGateway',
        'aiSdk/generate.ts#onAzure',
        'aiSdk/generate.ts#fast',
      ],
    );
    const site = siteById(result, 'aiSdk/generate.ts#reply');
    assert.strictEqual(site.sdk, 'ai-sdk');
    assert.deepStrictEqual(site.range, span(src, 'generateText({', '})'));
    assert.deepStrictEqual(site.model, { id: 'gpt-4o', range: at(src, "'gpt-4o'"), resolved: true, provider: 'openai' });
    assert.deepStrictEqual(shape(site), [
      ['system', ['You are the Acme Cloud assistant.']],
      ['user', ['{variable:question}']],
    ]);
    assert.deepStrictEqual(site.messages[0].roleRange, at(src, 'system: SYSTEM', 1, 'system'));
    assert.deepStrictEqual(site.outputCap, { param: 'maxOutputTokens', value: 500, range: at(src, '500') });
  });

  it('gives an uncapped Anthropic model the provider default, and reads cacheControl on a message', async () => {
    const site = siteById(await extractFixture(file), 'aiSdk/generate.ts#chat');
    assert.deepStrictEqual(site.model, { id: 'claude-sonnet-4-5', range: at(src, "'claude-sonnet-4-5'"), resolved: true, provider: 'anthropic' });
    assert.deepStrictEqual(shape(site), [
      ['system', ['You are the Acme Cloud assistant.'], true],
      ['user', ['{history:history}']],
      // A part marked for caching ends a cached piece of its message.
      ['user', ['Refunds: annual plans within 30 days.'], true],
      ['user', ['{variable:question}']],
    ]);
    assert.deepStrictEqual(site.options, { cacheTtl: '1h' });
    assert.strictEqual(site.outputCap, undefined);
    assert.deepStrictEqual(site.defaultOutputCap, {
      value: 64000,
      source: "the AI SDK's Anthropic provider sends max_tokens 64,000 (the model's maximum output) when maxOutputTokens is not set",
    });
    const fixed = await assertInsertionReparses(file, 'aiSdk/generate.ts#chat');
    assert.ok(fixed.includes('maxOutputTokens: 512'), fixed);
  });

  it('reads openai.chat(...), a template prompt and the v4 maxTokens', async () => {
    const site = siteById(await extractFixture(file), 'aiSdk/generate.ts#extract');
    assert.deepStrictEqual(site.model, { id: 'gpt-4o-mini', range: at(src, "'gpt-4o-mini'"), resolved: true, provider: 'openai' });
    assert.deepStrictEqual(shape(site), [['user', ['Extract the total from:\n', '{variable:invoice}']]]);
    assert.deepStrictEqual(site.outputCap, { param: 'maxTokens', value: 100, range: at(src, '100') });
  });

  it('reads an AI Gateway string and an Azure deployment through wrapLanguageModel', async () => {
    const result = await extractFixture(file);
    const gateway = siteById(result, 'aiSdk/generate.ts#viaGateway');
    assert.deepStrictEqual(gateway.model, { id: 'openai/gpt-5', range: at(src, "'openai/gpt-5'"), resolved: true });
    assert.strictEqual(gateway.defaultOutputCap, undefined);
    await assertInsertionReparses(file, 'aiSdk/generate.ts#viaGateway');
    const azure = siteById(result, 'aiSdk/generate.ts#onAzure');
    assert.deepStrictEqual(azure.model, {
      id: 'support-gpt4o',
      range: at(src, "'support-gpt4o'"),
      resolved: false,
      deployment: 'support-gpt4o',
      provider: 'azure',
    });
    assert.deepStrictEqual(shape(azure), [['user', ['{variable:question}', '{media:image}']]]);
  });

  it('names no provider for createOpenAI pointed at another server', async () => {
    const site = siteById(await extractFixture(file), 'aiSdk/generate.ts#fast');
    assert.deepStrictEqual(site.model, { id: 'llama-3.3-70b-versatile', range: at(src, "'llama-3.3-70b-versatile'"), resolved: true });
    assert.deepStrictEqual(site.outputCap, { param: 'maxOutputTokens', value: 200, range: at(src, 'maxOutputTokens: 200', 1, '200') });
  });

  it("knows the Anthropic provider's default caps", () => {
    assert.deepStrictEqual(
      [
        'claude-opus-4-6',
        'claude-opus-5',
        'claude-sonnet-4-6',
        'claude-sonnet-5',
        'claude-sonnet-4-5-20250929',
        'claude-haiku-4-5',
        'claude-opus-4-1',
        'claude-sonnet-4-20250514',
        'claude-3-5-haiku-latest',
        'claude-3-haiku-20240307',
      ].map((id) => sdkDefaultCap('anthropic', 'ai-sdk', id)?.value),
      [128000, 128000, 128000, 128000, 64000, 64000, 32000, 64000, 8192, 4096],
    );
  });

  describe('agents', () => {
    const file = 'aiSdk/agents.ts';
    const src = source(file);

    it('reads the step limit of generateText / streamText with tools: stopWhen, a list of conditions, v4 maxSteps', async () => {
      const result = await extractFixture(file);
      assert.deepStrictEqual(siteById(result, 'aiSdk/agents.ts#research').options.agent, {
        kind: 'ai-sdk',
        maxTurns: 5,
        limitText: 'stepCountIs(5)',
        limitRange: at(src, 'stepCountIs(5)'),
      });
      assert.deepStrictEqual(siteById(result, 'aiSdk/agents.ts#triage').options.agent, {
        kind: 'ai-sdk',
        maxTurns: 8,
        limitText: 'stepCountIs(8)',
        limitRange: at(src, 'stepCountIs(8)'),
      });
      assert.deepStrictEqual(siteById(result, 'aiSdk/agents.ts#legacy').options.agent, {
        kind: 'ai-sdk',
        maxTurns: 3,
        limitText: 'maxSteps: 3',
        limitRange: at(src, 'maxSteps: 3', 1, '3'),
      });
    });

    it('finds no agent in generateText with tools and no stopWhen: it makes one step', async () => {
      const site = siteById(await extractFixture(file), 'aiSdk/agents.ts#oneStep');
      assert.strictEqual(site.options.agent, undefined);
      assert.strictEqual(site.tools?.length, 1);
    });

    it('reads a ToolLoopAgent run where it is generated: model, instructions and tools from the definition, its default of 20 steps', async () => {
      const site = siteById(await extractFixture(file), 'aiSdk/agents.ts#ask');
      assert.strictEqual(site.model?.id, 'gpt-4o-mini');
      assert.deepStrictEqual(site.range, at(src, 'helper.generate({ prompt: question })'));
      assert.deepStrictEqual(shape(site), [
        ['system', ['You answer questions about Acme Cloud.']],
        ['user', ['{variable:question}']],
      ]);
      assert.strictEqual(site.tools?.length, 1);
      const { limitEdit, ...agent } = site.options.agent!;
      assert.deepStrictEqual(agent, {
        kind: 'ai-sdk-agent',
        maxTurns: 20,
        limitText: "stepCountIs(20), the ToolLoopAgent class's default",
        limitIsDefault: true,
      });
      assert.deepStrictEqual(limitEdit?.sets, 'stopWhen: stepCountIs(10)');
      assert.strictEqual(limitEdit?.turns, 10);
    });

    it("sets the agent's own limit with stopWhen: stepCountIs(10), importing stepCountIs when it must", async () => {
      const fixed = await assertLimitEditReparses(file, 'aiSdk/agents.ts#ask');
      assert.ok(fixed.includes('tools: { search },\n  stopWhen: stepCountIs(10),\n});'), fixed);
      const bare = src.replace('stepCountIs, hasToolCall, tool, ToolLoopAgent }', 'hasToolCall, tool, ToolLoopAgent }');
      const imported = await assertLimitEditReparses(file, 'aiSdk/agents.ts#ask', bare);
      assert.ok(imported.includes("import { generateText, streamText, hasToolCall, tool, ToolLoopAgent, stepCountIs } from 'ai';"), imported);
    });

    it('writes stepCountIs as the file has it: through a namespace import, or required in CommonJS', async () => {
      const agent = (header: string, construct: string) =>
        [
          header,
          '',
          `const helper = new ${construct}({ model: openai('gpt-4o-mini'), instructions: 'Hi.', tools: {} });`,
          '',
          'export async function ask(q: string) {',
          '  return helper.generate({ prompt: q });',
          '}',
          '',
        ].join('\n');
      const namespaced = await assertLimitEditReparses(
        'aiSdk/agents.ts',
        'aiSdk/agents.ts#ask',
        agent("import * as ai from 'ai';\nimport { openai } from '@ai-sdk/openai';", 'ai.ToolLoopAgent'),
      );
      assert.ok(namespaced.includes('tools: {}, stopWhen: ai.stepCountIs(10) });'), namespaced);
      assert.ok(namespaced.startsWith("import * as ai from 'ai';\nimport { openai }"), 'no import added');
      const required = await assertLimitEditReparses(
        'aiSdk/agents.js',
        'aiSdk/agents.js#ask',
        agent("const { ToolLoopAgent } = require('ai');\nconst { openai } = require('@ai-sdk/openai');", 'ToolLoopAgent').replace('q: string', 'q'),
      );
      assert.ok(required.startsWith("const { ToolLoopAgent, stepCountIs } = require('ai');\n"), required);
      assert.ok(required.includes('stopWhen: stepCountIs(10) });'), required);
    });

    it('reads Experimental_Agent (AI SDK 5.0): its stopWhen, and no agent without one (one step by default)', async () => {
      const other = 'aiSdk/experimentalAgent.ts';
      const result = await extractFixture(other);
      const planned = siteById(result, 'aiSdk/experimentalAgent.ts#plan');
      assert.deepStrictEqual(shape(planned), [
        ['system', ['You plan trips.']],
        ['user', ['{variable:request}']],
      ]);
      assert.deepStrictEqual(planned.options.agent, {
        kind: 'ai-sdk-agent',
        maxTurns: 12,
        limitText: 'stepCountIs(12)',
        limitRange: at(source(other), 'stepCountIs(12)'),
      });
      const answered = siteById(result, 'aiSdk/experimentalAgent.ts#answer');
      assert.strictEqual(answered.model?.id, 'gpt-4o');
      assert.strictEqual(answered.options.agent, undefined);
    });
  });
});
