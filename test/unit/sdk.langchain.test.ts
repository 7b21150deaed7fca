import * as assert from 'assert';
import { sdkDefaultCap } from '../../src/core/providers/providers';
import { TokenCounter } from '../../src/core/tokens/tokenCounter';
import { assertInsertionReparses, at, extractFixture, shape, siteById, source, span } from './sdkHelpers';
import { sharedEncoder } from './sharedEncoder';

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

  describe('legacy chains that bring their own prompt', () => {
    const file = 'langchain/legacy.py';
    const src = source(file);
    // LangChain's ConversationChain DEFAULT_TEMPLATE (chains/conversation/prompt.py), split at its variables.
    const conversationIntro =
      'The following is a friendly conversation between a human and an AI. The AI is talkative and provides lots of specific details from its context. If the AI does not know the answer to a question, it truthfully says it does not know.\n\nCurrent conversation:\n';
    // The stuff chain's prompts (chains/question_answering/stuff_prompt.py): CHAT_PROMPT for chat models, PROMPT otherwise.
    const qaChatSystem =
      "Use the following pieces of context to answer the user's question. \nIf you don't know the answer, just say that you don't know, don't try to make up an answer.\n----------------\n";
    const qaCompletionIntro =
      "Use the following pieces of context to answer the question at the end. If you don't know the answer, just say that you don't know, don't try to make up an answer.\n\n";

    it('prices ConversationChain where it is run, with the default prompt, the memory as history, and marks it a conversation', async () => {
      const result = await extractFixture(file);
      assert.deepStrictEqual(result.findings, []);
      assert.deepStrictEqual(
        result.sites.map((site) => [site.id, site.range.start.line + 1, site.model?.id, site.model?.provider, site.outputCap?.param, site.outputCap?.value]),
        [
          ['langchain/legacy.py#chat', 13, 'gpt-4o-mini', 'openai', 'max_tokens', 300],
          ['langchain/legacy.py#greet', 17, 'gpt-4o-mini', 'openai', 'max_tokens', 300],
          ['langchain/legacy.py#tutor', 26, 'claude-haiku-4-5', 'anthropic', 'max_tokens', 200],
          ['langchain/legacy.py#ask', 31, 'gpt-4o-mini', 'openai', 'max_tokens', 300],
          ['langchain/legacy.py#ask_completion', 36, 'gpt-3.5-turbo-instruct', 'openai', 'max_tokens', 120],
          ['langchain/legacy.py#ask_custom', 42, 'gpt-4o-mini', 'openai', 'max_tokens', 300],
          ['langchain/legacy.py#ask_composed', 47, 'gpt-4o-mini', 'openai', 'max_tokens', 300],
        ],
      );
      const chat = siteById(result, 'langchain/legacy.py#chat');
      assert.deepStrictEqual(chat.range, span(src, 'conversation.predict(', ')'));
      assert.deepStrictEqual(chat.model, { id: 'gpt-4o-mini', range: at(src, '"gpt-4o-mini"'), resolved: true, provider: 'openai' });
      assert.deepStrictEqual(shape(chat), [['user', [conversationIntro, '{history:history}', '\nHuman: ', '{variable:input}', '\nAI:']]]);
      assert.strictEqual(chat.options.conversation, true);
      // The file does not spell the built-in prompt: it sits at the constructor that chose it.
      assert.deepStrictEqual(chat.messages[0].range, at(src, 'ConversationChain(llm=llm, memory=ConversationBufferMemory())'));
      const staticText = chat.messages[0].segments.flatMap((segment) => (segment.kind === 'static' ? [segment.text] : [])).join('');
      assert.strictEqual((await new TokenCounter(sharedEncoder).countText(staticText, 'gpt-4o-mini')).tokens, 57);
      // A string given for `input` is the turn's text.
      assert.deepStrictEqual(shape(siteById(result, 'langchain/legacy.py#greet')), [
        ['user', [conversationIntro, '{history:history}', '\nHuman: ', 'Hello there!', '\nAI:']],
      ]);
      // `prompt=` replaces the default; the memory's `memory_key` names the history variable.
      const tutor = siteById(result, 'langchain/legacy.py#tutor');
      assert.deepStrictEqual(shape(tutor), [['user', ['You tutor maths.\n', '{history:chat_history}', '\nStudent: ', '{variable:input}', '\nTutor:']]]);
      assert.strictEqual(tutor.options.conversation, true);
    });

    it('prices RetrievalQA where it is run, with the stuff prompt for the model kind, and leaves map_reduce unread', async () => {
      const result = await extractFixture(file);
      const ask = siteById(result, 'langchain/legacy.py#ask');
      assert.deepStrictEqual(ask.range, span(src, 'qa.invoke(', '})'));
      assert.deepStrictEqual(shape(ask), [
        ['system', [qaChatSystem, '{variable:context}']],
        ['user', ['{variable:question}']],
      ]);
      assert.strictEqual(ask.options.conversation, undefined);
      assert.deepStrictEqual(shape(siteById(result, 'langchain/legacy.py#ask_completion')), [
        ['user', [qaCompletionIntro, '{variable:context}', '\n\nQuestion: ', '{variable:question}', '\nHelpful Answer:']],
      ]);
      assert.deepStrictEqual(shape(siteById(result, 'langchain/legacy.py#ask_custom')), [
        ['user', ['Answer from these notes:\n', '{variable:context}', '\nQ: ', '{variable:question}']],
      ]);
      assert.deepStrictEqual(shape(siteById(result, 'langchain/legacy.py#ask_composed')), shape(ask));
      assert.deepStrictEqual(
        result.unreadCalls?.map((call) => [call.callee, call.range.start.line + 1]),
        [['qa.invoke', 53]],
      );
    });

    it('TypeScript: reads new ConversationChain({ llm, memory }) the same way', async () => {
      const result = await extractFixture('langchain/legacy.ts');
      const chat = siteById(result, 'langchain/legacy.ts#chat');
      assert.deepStrictEqual([chat.model?.id, chat.model?.provider, chat.outputCap?.value, chat.options.conversation], ['gpt-4o-mini', 'openai', 300, true]);
      assert.deepStrictEqual(shape(chat), [['user', [conversationIntro, '{history:history}', '\nHuman: ', '{variable:input}', '\nAI:']]]);
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
