import * as assert from 'assert';
import { sdkDefaultCap } from '../../src/core/providers/providers';
import { assertInsertionReparses, at, extractFixture, shape, siteById, source, span } from './sdkHelpers';

describe('LangChain chat model calls', () => {
  describe('TypeScript', () => {
    const file = 'langchain/chains.ts';
    const src = source(file);

    it('reads the model and cap from the constructor and messages from invoke', async () => {
      const result = await extractFixture(file);
      assert.deepStrictEqual(result.findings, []);
      assert.deepStrictEqual(
        result.sites.map((site) => site.id),
        ['langchain/chains.ts#answer', 'langchain/chains.ts#critique', 'langchain/chains.ts#stream', 'langchain/chains.ts#universal'],
      );
      const site = siteById(result, 'langchain/chains.ts#answer');
      assert.strictEqual(site.sdk, 'langchain');
      assert.deepStrictEqual(site.range, span(src, 'llm.invoke(', '])'));
      assert.deepStrictEqual(site.model, { id: 'gpt-4o', range: at(src, "'gpt-4o'"), resolved: true, provider: 'openai' });
      assert.deepStrictEqual(shape(site), [
        ['system', ['You answer billing questions.']],
        ['user', ['{variable:question}']],
      ]);
      assert.deepStrictEqual(site.outputCap, { param: 'maxTokens', value: 500, range: at(src, '500') });
    });

    it('gives ChatAnthropic without maxTokens its default, and reads tuples', async () => {
      const site = siteById(await extractFixture(file), 'langchain/chains.ts#critique');
      assert.deepStrictEqual(site.model, { id: 'claude-sonnet-4-5', range: at(src, "'claude-sonnet-4-5'"), resolved: true, provider: 'anthropic' });
      assert.deepStrictEqual(shape(site), [
        ['system', ['You are a harsh editor.']],
        ['user', ['Critique:\n', '{variable:draft}']],
      ]);
      assert.deepStrictEqual(site.messages[1].roleRange, at(src, "'human'"));
      assert.deepStrictEqual(site.defaultOutputCap, {
        value: 16384,
        source: "@langchain/anthropic's ChatAnthropic sends max_tokens 16,384 for this model when maxTokens is not set",
      });
      const end = at(src, 'temperature: 0').end;
      assert.deepStrictEqual(site.outputCapInsertion, { param: 'maxTokens', range: { start: end, end }, template: ', maxTokens: {value}' });
      const fixed = await assertInsertionReparses(file, 'langchain/chains.ts#critique');
      assert.ok(fixed.includes("new ChatAnthropic({ model: 'claude-sonnet-4-5', temperature: 0, maxTokens: 512 })"), fixed);
    });

    it('follows withStructuredOutput back to the model, and reads initChatModel', async () => {
      const result = await extractFixture(file);
      const stream = siteById(result, 'langchain/chains.ts#stream');
      assert.deepStrictEqual(stream.model?.id, 'claude-sonnet-4-5');
      assert.deepStrictEqual(shape(stream), [['user', ['{variable:question}']]]);
      const universal = siteById(result, 'langchain/chains.ts#universal');
      assert.deepStrictEqual(universal.model, { id: 'anthropic:claude-haiku-4-5', range: at(src, "'anthropic:claude-haiku-4-5'"), resolved: true });
      assert.deepStrictEqual(universal.outputCap, { param: 'maxTokens', value: 256, range: at(src, '256') });
    });
  });

  describe('Python', () => {
    const file = 'langchain/chains.py';
    const src = source(file);

    it('reads keyword arguments, tuples and message classes', async () => {
      const result = await extractFixture(file);
      assert.deepStrictEqual(result.findings, []);
      assert.deepStrictEqual(
        result.sites.map((site) => site.id),
        [
          'langchain/chains.py#answer',
          'langchain/chains.py#critique',
          'langchain/chains.py#batch',
          'langchain/chains.py#universal',
          'langchain/chains.py#tools',
        ],
      );
      const answer = siteById(result, 'langchain/chains.py#answer');
      assert.deepStrictEqual(answer.model, { id: 'gpt-4o-mini', range: at(src, '"gpt-4o-mini"'), resolved: true, provider: 'openai' });
      assert.deepStrictEqual(answer.outputCap, { param: 'max_tokens', value: 300, range: at(src, '300') });
      assert.deepStrictEqual(shape(answer), [
        ['system', ['You answer billing questions.']],
        ['user', ['{variable:question}']],
      ]);
      const critique = siteById(result, 'langchain/chains.py#critique');
      assert.deepStrictEqual(shape(critique), [
        ['system', ['You are a harsh editor.']],
        ['user', ['{variable:draft}']],
      ]);
      assert.deepStrictEqual(critique.defaultOutputCap, {
        value: 64000,
        source: "langchain_anthropic's ChatAnthropic sends max_tokens 64,000 for this model when max_tokens is not set",
      });
      const fixed = await assertInsertionReparses(file, 'langchain/chains.py#critique');
      assert.ok(fixed.includes('ChatAnthropic(model="claude-sonnet-4-5-20250929", max_tokens=512)'), fixed);
    });

    it('reads an Azure deployment, init_chat_model with a provider, and bind_tools', async () => {
      const result = await extractFixture(file);
      const batch = siteById(result, 'langchain/chains.py#batch');
      assert.deepStrictEqual(batch.model, {
        id: 'support-gpt4o',
        range: at(src, '"support-gpt4o"'),
        resolved: false,
        deployment: 'support-gpt4o',
        provider: 'azure',
      });
      assert.deepStrictEqual(shape(batch), [['user', ['{variable:questions}']]]);
      const universal = siteById(result, 'langchain/chains.py#universal');
      assert.deepStrictEqual(universal.model, {
        id: 'claude-opus-4-1-20250805',
        range: at(src, '"claude-opus-4-1-20250805"'),
        resolved: true,
        provider: 'anthropic',
      });
      assert.strictEqual(universal.defaultOutputCap?.value, 32000);
      await assertInsertionReparses(file, 'langchain/chains.py#universal');
      const tools = siteById(result, 'langchain/chains.py#tools');
      assert.strictEqual(tools.model?.id, 'gpt-4o-mini');
      assert.deepStrictEqual(shape(tools), [['user', ['{variable:question}']]]);
    });
  });

  describe('chains and runnables', () => {
    it('TypeScript: prices prompt.pipe(model) and RunnableSequence.from where the chain is invoked', async () => {
      const file = 'langchain/runnables.ts';
      const src = source(file);
      const result = await extractFixture(file);
      assert.deepStrictEqual(result.findings, []);
      assert.deepStrictEqual(
        result.sites.map((site) => [site.id, site.model?.id, site.model?.provider, site.outputCap?.value]),
        [
          ['langchain/runnables.ts#summarize', 'gpt-4o-mini', 'openai', 400],
          ['langchain/runnables.ts#inline', 'gpt-4o-mini', 'openai', 400],
          ['langchain/runnables.ts#sequence', 'claude-haiku-4-5', 'anthropic', 200],
        ],
      );
      const summarize = siteById(result, 'langchain/runnables.ts#summarize');
      assert.deepStrictEqual(summarize.range, span(src, 'chain.invoke(', '})'));
      assert.deepStrictEqual(summarize.outputCap, { param: 'maxTokens', value: 400, range: at(src, '400') });
      // `audience` is given as text by the input object; `text` is a variable.
      assert.deepStrictEqual(shape(summarize), [
        ['system', ['You summarize for ', 'executives', '.']],
        ['user', ['{variable:text}']],
      ]);
      assert.deepStrictEqual(summarize.messages[1].segments[0].range, at(src, '{text}'));
      assert.deepStrictEqual(shape(siteById(result, 'langchain/runnables.ts#inline'))[0], ['system', ['You summarize for ', 'engineers', '.']]);
      assert.deepStrictEqual(shape(siteById(result, 'langchain/runnables.ts#sequence')), [
        ['user', ['Write a haiku about ', '{variable:topic}', '. Use ', '{', 'braces', '}', '.']],
      ]);
    });

    it('Python: prices LCEL pipes, RunnableSequence and the legacy LLMChain', async () => {
      const file = 'langchain/runnables.py';
      const src = source(file);
      const result = await extractFixture(file);
      assert.deepStrictEqual(result.findings, []);
      assert.deepStrictEqual(
        result.sites.map((site) => [site.id, site.model?.id, site.model?.provider, site.outputCap?.param, site.outputCap?.value]),
        [
          ['langchain/runnables.py#answer', 'gpt-4o-mini', 'openai', 'max_tokens', 250],
          ['langchain/runnables.py#inline', 'gpt-4o-mini', 'openai', 'max_tokens', 250],
          ['langchain/runnables.py#sequence', 'gemini-2.5-flash', 'google', 'max_output_tokens', 128],
          ['langchain/runnables.py#legacy', 'gpt-4o-mini', 'openai', 'max_tokens', 250],
          ['langchain/runnables.py#legacy_run', 'gpt-4o-mini', 'openai', 'max_tokens', 250],
        ],
      );
      const answer = siteById(result, 'langchain/runnables.py#answer');
      assert.deepStrictEqual(answer.range, span(src, 'chain.invoke(', '})'));
      assert.deepStrictEqual(shape(answer), [
        ['system', ['You are a support agent for ', 'Acme', '.']],
        ['user', ['{history:history}']],
        ['user', ['{variable:question}']],
      ]);
      assert.deepStrictEqual(answer.messages[2].segments[0].range, at(src, '{question}'));
      assert.deepStrictEqual(shape(siteById(result, 'langchain/runnables.py#inline')), [['user', ['Answer briefly: ', '{variable:question}']]]);
      assert.deepStrictEqual(shape(siteById(result, 'langchain/runnables.py#sequence')), [['user', ['Translate to French: ', '{variable:text}']]]);
      assert.deepStrictEqual(shape(siteById(result, 'langchain/runnables.py#legacy')), [['user', ['Tell me a joke about ', '{variable:topic}']]]);
      assert.deepStrictEqual(shape(siteById(result, 'langchain/runnables.py#legacy_run')), [['user', ['Rhyme with ', '{variable:word}']]]);
    });
  });

  it("knows ChatAnthropic's default caps in both languages", () => {
    assert.deepStrictEqual(
      ['claude-sonnet-4-5', 'claude-opus-4-8', 'claude-3-7-sonnet-latest', 'claude-3-haiku-20240307'].map(
        (id) => sdkDefaultCap('anthropic', 'langchain-js', id)?.value,
      ),
      [16384, 16384, 8192, 4096],
    );
    assert.deepStrictEqual(
      [
        'claude-sonnet-4-5-20250929',
        'claude-sonnet-4-20250514',
        'claude-haiku-4-5-20251001',
        'claude-opus-4-1-20250805',
        'claude-3-5-haiku-latest',
        'claude-3-7-sonnet-20250219',
        'claude-opus-4-6',
      ].map((id) => sdkDefaultCap('anthropic', 'langchain-python', id)?.value),
      [64000, 64000, 64000, 32000, 8192, 64000, 32000],
    );
  });

  it('reads the model classes of the other LangChain integrations from one table, each under its provider', async () => {
    const rows = async (file: string) =>
      (await extractFixture(file)).sites.map((site) => [
        site.id.split('#')[1],
        site.model?.id,
        site.model?.provider,
        site.outputCap?.param,
        site.outputCap?.value,
      ]);
    assert.deepStrictEqual(await rows('langchain/integrations.py'), [
      ['ask_all', 'mistral-large-latest', 'mistral', 'max_tokens', 300],
      ['ask_all.2', 'llama-3.3-70b-versatile', 'groq', 'max_tokens', 200],
      ['ask_all.3', 'llama3.1', 'ollama', 'num_predict', 256],
      // A Bedrock id names its vendor itself; `model_id` is ChatBedrock's spelling.
      ['ask_all.4', 'anthropic.claude-3-5-haiku-20241022-v1:0', undefined, 'max_tokens', 400],
      ['ask_all.5', 'deepseek-chat', 'deepseek', undefined, undefined],
      ['ask_all.6', 'grok-3-mini', 'x-ai', 'max_tokens', 100],
      // The plain LLM class of langchain_openai, not the openai SDK's client.
      ['ask_all.7', 'gpt-3.5-turbo-instruct', 'openai', 'max_tokens', 60],
    ]);
    assert.deepStrictEqual(await rows('langchain/integrations.ts'), [
      ['askAll', 'mistral-small-latest', 'mistral', 'maxTokens', 150],
      ['askAll.2', 'qwen2.5', 'ollama', 'numPredict', 128],
      ['askAll.3', 'meta-llama/Llama-3.3-70B-Instruct-Turbo', 'together', undefined, undefined],
    ]);
  });
});
