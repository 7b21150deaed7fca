import * as assert from 'assert';
import { assertLimitEditSets, at, extractFixture, shape, siteById, source } from './sdkHelpers';

const GRAPH_DEFAULT_TS = "recursionLimit default 25 graph steps, about 12 model turns (LangGraph's default recursion limit)";
const GRAPH_DEFAULT_PY = "recursion_limit default 25 graph steps, about 12 model turns (LangGraph's default recursion limit)";

describe('LangChain agent runs', () => {
  describe('TypeScript', () => {
    const file = 'langchainAgents/agents.ts';
    const src = source(file);

    it('prices createAgent(...).invoke with recursionLimit as half as many model turns', async () => {
      const result = await extractFixture(file);
      assert.deepStrictEqual(result.findings, []);
      assert.deepStrictEqual(
        result.sites.map((site) => site.id),
        ['langchainAgents/agents.ts#research', 'langchainAgents/agents.ts#researchDefault', 'langchainAgents/agents.ts#reactRun'],
      );
      const site = siteById(result, 'langchainAgents/agents.ts#research');
      assert.strictEqual(site.sdk, 'langchain');
      assert.strictEqual(site.range.start.line, 13);
      assert.deepStrictEqual(site.model, { id: 'openai:gpt-4o', range: at(src, "'openai:gpt-4o'"), resolved: true });
      assert.strictEqual(site.outputCap, undefined);
      assert.deepStrictEqual(shape(site), [
        ['system', ['You are a research assistant.']],
        ['user', ['{variable:question}']],
      ]);
      assert.strictEqual(site.tools?.length, 1);
      assert.deepStrictEqual(site.options.agent, {
        kind: 'langchain-agent',
        maxTurns: 6,
        limitText: 'recursionLimit: 12',
        limitRange: at(src, 'recursionLimit: 12'),
      });
    });

    it("gives a run with no config LangGraph's default and the edit that sets recursionLimit 20", async () => {
      const result = await extractFixture(file);
      const agent = siteById(result, 'langchainAgents/agents.ts#researchDefault').options.agent;
      assert.deepStrictEqual(
        { maxTurns: agent?.maxTurns, limitIsDefault: agent?.limitIsDefault, limitText: agent?.limitText },
        { maxTurns: 12, limitIsDefault: true, limitText: GRAPH_DEFAULT_TS },
      );
      const edited = await assertLimitEditSets(file, 'langchainAgents/agents.ts#researchDefault', 'recursionLimit: 20');
      assert.ok(edited.includes('content: question }] }, { recursionLimit: 20 });\n}\n\nconst llm'));
    });

    it('reads createReactAgent({ llm, tools, prompt }) with a chat model object and its cap', async () => {
      const result = await extractFixture(file);
      const site = siteById(result, 'langchainAgents/agents.ts#reactRun');
      assert.deepStrictEqual(site.model, { id: 'claude-3-5-haiku-latest', range: at(src, "'claude-3-5-haiku-latest'"), resolved: true, provider: 'anthropic' });
      assert.deepStrictEqual(site.outputCap, { param: 'maxTokens', value: 400, range: at(src, 'maxTokens: 400', 1, '400') });
      assert.deepStrictEqual(shape(site), [
        ['system', ['Use the search tool.']],
        ['user', ['{variable:question}']],
      ]);
      assert.strictEqual(site.tools?.length, 1);
      assert.strictEqual(site.options.agent?.maxTurns, 12);
      await assertLimitEditSets(file, 'langchainAgents/agents.ts#reactRun', 'recursionLimit: 20');
    });
  });

  describe('Python', () => {
    const file = 'langchainAgents/agents.py';
    const src = source(file);

    it('prices create_agent(...).invoke with config recursion_limit', async () => {
      const result = await extractFixture(file);
      assert.deepStrictEqual(result.findings, []);
      assert.deepStrictEqual(
        result.sites.map((site) => site.id),
        [
          'langchainAgents/agents.py#research',
          'langchainAgents/agents.py#research_default',
          'langchainAgents/agents.py#react_run',
          'langchainAgents/agents.py#execute',
        ],
      );
      const site = siteById(result, 'langchainAgents/agents.py#research');
      assert.strictEqual(site.range.start.line, 15);
      assert.deepStrictEqual(site.model, { id: 'openai:gpt-4o', range: at(src, '"openai:gpt-4o"'), resolved: true });
      assert.deepStrictEqual(shape(site), [
        ['system', ['You are a research assistant.']],
        ['user', ['{variable:question}']],
      ]);
      assert.strictEqual(site.tools?.length, 1);
      assert.deepStrictEqual(site.options.agent, {
        kind: 'langchain-agent',
        maxTurns: 6,
        limitText: 'recursion_limit: 12',
        limitRange: at(src, '"recursion_limit": 12'),
      });
    });

    it('gives create_agent and create_react_agent runs the default, and the config edit', async () => {
      const result = await extractFixture(file);
      const agent = siteById(result, 'langchainAgents/agents.py#research_default').options.agent;
      assert.deepStrictEqual(
        { maxTurns: agent?.maxTurns, limitIsDefault: agent?.limitIsDefault, limitText: agent?.limitText },
        { maxTurns: 12, limitIsDefault: true, limitText: GRAPH_DEFAULT_PY },
      );
      const edited = await assertLimitEditSets(file, 'langchainAgents/agents.py#research_default', 'recursion_limit: 20');
      assert.ok(edited.includes('"content": question}]}, config={"recursion_limit": 20})\n\n\nllm'));
      const react = siteById(result, 'langchainAgents/agents.py#react_run');
      assert.deepStrictEqual(react.model, { id: 'gpt-4o-mini', range: at(src, '"gpt-4o-mini"'), resolved: true, provider: 'openai' });
      assert.deepStrictEqual(react.outputCap, { param: 'max_tokens', value: 300, range: at(src, 'max_tokens=300', 1, '300') });
      assert.deepStrictEqual(shape(react), [
        ['system', ['Use the search tool.']],
        ['user', ['{variable:question}']],
      ]);
      await assertLimitEditSets(file, 'langchainAgents/agents.py#react_run', 'recursion_limit: 20');
    });

    it("reads AgentExecutor's max_iterations and its agent's prompt template", async () => {
      const result = await extractFixture(file);
      const site = siteById(result, 'langchainAgents/agents.py#execute');
      assert.deepStrictEqual(site.model?.id, 'gpt-4o-mini');
      assert.deepStrictEqual(shape(site), [
        ['system', ['You are a helpful assistant.']],
        ['user', ['{variable:input}']],
        ['user', ['{history:agent_scratchpad}']],
      ]);
      assert.strictEqual(site.tools?.length, 1);
      assert.deepStrictEqual(site.options.agent, {
        kind: 'langchain-agent',
        maxTurns: 4,
        limitText: 'max_iterations=4',
        limitRange: at(src, 'max_iterations=4'),
      });
      // Without the limit, AgentExecutor's default of 15 iterations, and the edit that writes max_iterations=10.
      const unset = source(file).replace(', max_iterations=4', '');
      const agent = siteById(await extractFixture(file, unset), 'langchainAgents/agents.py#execute').options.agent;
      assert.deepStrictEqual(
        { maxTurns: agent?.maxTurns, limitIsDefault: agent?.limitIsDefault, limitText: agent?.limitText, sets: agent?.limitEdit?.sets },
        { maxTurns: 15, limitIsDefault: true, limitText: 'max_iterations default 15 (AgentExecutor)', sets: 'max_iterations=10' },
      );
    });
  });
});
