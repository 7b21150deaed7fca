import * as assert from 'assert';
import { assertLimitEditSets, at, extractFixture, shape, siteById, source, span } from './sdkHelpers';

describe('OpenAI Agents SDK runs', () => {
  describe('TypeScript (@openai/agents)', () => {
    const file = 'openaiAgents/run.ts';
    const src = source(file);

    it('prices run(agent, input, { maxTurns }) with the Agent it starts', async () => {
      const result = await extractFixture(file);
      assert.deepStrictEqual(result.findings, []);
      assert.deepStrictEqual(
        result.sites.map((site) => site.id),
        ['openaiAgents/run.ts#ask', 'openaiAgents/run.ts#askDefault', 'openaiAgents/run.ts#askRunner'],
      );
      const site = siteById(result, 'openaiAgents/run.ts#ask');
      assert.strictEqual(site.sdk, 'openai.responses');
      assert.deepStrictEqual(site.range, at(src, 'run(agent, question, { maxTurns: 5 })'));
      assert.strictEqual(site.range.start.line, 13);
      assert.deepStrictEqual(site.model, { id: 'gpt-4.1-mini', range: at(src, "'gpt-4.1-mini'"), resolved: true, provider: 'openai' });
      assert.deepStrictEqual(site.outputCap, { param: 'maxTokens', value: 500, range: at(src, 'maxTokens: 500', 1, '500') });
      assert.deepStrictEqual(shape(site), [
        ['system', ['You answer questions about the weather.']],
        ['user', ['{variable:question}']],
      ]);
      assert.strictEqual(site.tools?.length, 1);
      assert.deepStrictEqual(site.options.agent, { kind: 'openai-agents', maxTurns: 5, limitText: 'maxTurns: 5', limitRange: at(src, 'maxTurns: 5') });
    });

    it("falls back on the runner's default of 10 turns, with the edit that sets maxTurns", async () => {
      const result = await extractFixture(file);
      const site = siteById(result, 'openaiAgents/run.ts#askDefault');
      const agent = site.options.agent;
      assert.strictEqual(agent?.maxTurns, 10);
      assert.strictEqual(agent?.limitIsDefault, true);
      assert.strictEqual(agent?.limitText, 'maxTurns default 10 (DEFAULT_MAX_TURNS in @openai/agents-core)');
      assert.strictEqual(agent?.limitRange, undefined);
      assert.deepStrictEqual(
        agent?.limitEdit?.edits.map((edit) => edit.newText),
        [', { maxTurns: 10 }'],
      );
      const edited = await assertLimitEditSets(file, 'openaiAgents/run.ts#askDefault', 'maxTurns: 10');
      assert.ok(edited.includes('return run(agent, question, { maxTurns: 10 });'));
    });

    it('reads new Runner().run with an options object; an agent with no model keeps provider openai', async () => {
      const result = await extractFixture(file);
      const site = siteById(result, 'openaiAgents/run.ts#askRunner');
      assert.deepStrictEqual(site.range, span(src, 'runner.run(helper', ')'));
      assert.strictEqual(site.model, undefined);
      assert.strictEqual(site.provider, 'openai');
      assert.deepStrictEqual(shape(site), [
        ['system', ['Be brief.']],
        ['user', ['{variable:question}']],
      ]);
      assert.strictEqual(site.tools, undefined);
      assert.strictEqual(site.outputCapInsertion?.param, 'modelSettings.maxTokens');
      assert.strictEqual(site.options.agent?.maxTurns, 10);
      assert.deepStrictEqual(
        site.options.agent?.limitEdit?.edits.map((edit) => edit.newText),
        [', maxTurns: 10'],
      );
      const edited = await assertLimitEditSets(file, 'openaiAgents/run.ts#askRunner', 'maxTurns: 10');
      assert.ok(edited.includes('runner.run(helper, question, { stream: true, maxTurns: 10 })'));
    });
  });

  describe('Python (agents)', () => {
    const file = 'openaiAgents/run.py';
    const src = source(file);

    it('prices Runner.run / run_sync / run_streamed with the Agent they start', async () => {
      const result = await extractFixture(file);
      assert.deepStrictEqual(result.findings, []);
      assert.deepStrictEqual(
        result.sites.map((site) => site.id),
        ['openaiAgents/run.py#ask', 'openaiAgents/run.py#ask_default', 'openaiAgents/run.py#ask_streamed'],
      );
      const site = siteById(result, 'openaiAgents/run.py#ask');
      assert.strictEqual(site.range.start.line, 18);
      assert.deepStrictEqual(site.model, { id: 'gpt-4.1-mini', range: at(src, '"gpt-4.1-mini"'), resolved: true, provider: 'openai' });
      assert.deepStrictEqual(site.outputCap, { param: 'max_tokens', value: 500, range: at(src, 'max_tokens=500', 1, '500') });
      assert.deepStrictEqual(shape(site), [
        ['system', ['You answer questions about the weather.']],
        ['user', ['{variable:question}']],
      ]);
      assert.strictEqual(site.tools?.length, 1);
      assert.deepStrictEqual(site.options.agent, { kind: 'openai-agents', maxTurns: 5, limitText: 'max_turns=5', limitRange: at(src, 'max_turns=5') });
    });

    it('gives run_sync and run_streamed the default max_turns and the edit that sets it', async () => {
      const result = await extractFixture(file);
      const sync = siteById(result, 'openaiAgents/run.py#ask_default').options.agent;
      assert.deepStrictEqual(
        { maxTurns: sync?.maxTurns, limitIsDefault: sync?.limitIsDefault, limitText: sync?.limitText },
        { maxTurns: 10, limitIsDefault: true, limitText: 'max_turns default 10 (agents.run.DEFAULT_MAX_TURNS)' },
      );
      const edited = await assertLimitEditSets(file, 'openaiAgents/run.py#ask_default', 'max_turns=10');
      assert.ok(edited.includes('Runner.run_sync(agent, question, max_turns=10)'));
      const streamed = siteById(result, 'openaiAgents/run.py#ask_streamed');
      assert.strictEqual(streamed.provider, 'openai');
      assert.strictEqual(streamed.model, undefined);
      assert.deepStrictEqual(shape(streamed), [
        ['system', ['Be brief.']],
        ['user', ['{variable:question}']],
      ]);
      // Python's ModelSettings is a dataclass: no dict is written for a cap.
      assert.strictEqual(streamed.outputCapInsertion, undefined);
      await assertLimitEditSets(file, 'openaiAgents/run.py#ask_streamed', 'max_turns=10');
    });
  });
});
