import * as assert from 'assert';
import { assertLimitEditSets, at, extractFixture, shape, siteById, source } from './sdkHelpers';

describe('Pydantic AI runs', () => {
  const file = 'pydanticAi/agent.py';
  const src = source(file);

  it('prices run_sync with the Agent it runs and its usage_limits request_limit', async () => {
    const result = await extractFixture(file);
    assert.deepStrictEqual(result.findings, []);
    assert.deepStrictEqual(
      result.sites.map((site) => site.id),
      ['pydanticAi/agent.py#play', 'pydanticAi/agent.py#play_async', 'pydanticAi/agent.py#haiku', 'pydanticAi/agent.py#answer'],
    );
    const site = siteById(result, 'pydanticAi/agent.py#play');
    assert.strictEqual(site.sdk, 'pydantic-ai');
    assert.strictEqual(site.range.start.line, 17);
    assert.deepStrictEqual(site.model, { id: 'openai:gpt-4o', range: at(src, "'openai:gpt-4o'"), resolved: true });
    assert.deepStrictEqual(site.outputCap, { param: 'max_tokens', value: 300, range: at(src, 'max_tokens=300', 1, '300') });
    assert.deepStrictEqual(shape(site), [
      ['system', ['You are a dice game host.']],
      ['user', ['{variable:guess}']],
    ]);
    // roll_dice, passed by name, is sent as the schema its def gives.
    assert.deepStrictEqual(
      site.tools?.map((tool) => [tool.kind, tool.text, tool.range.start.line]),
      [['static', '{"name":"roll_dice","description":"","parameters":{"type":"object","properties":{},"required":[]}}', 4]],
    );
    assert.deepStrictEqual(site.options.agent, { kind: 'pydantic-ai', maxTurns: 5, limitText: 'request_limit=5', limitRange: at(src, 'request_limit=5') });
  });

  it("counts the functions decorated @agent.tool / @agent.tool_plain as the agent's tools, each by the schema its def gives", async () => {
    const site = siteById(await extractFixture(file), 'pydanticAi/agent.py#answer');
    assert.deepStrictEqual(
      site.tools?.map((tool) => [tool.kind, tool.text, tool.range.start.line]),
      [
        [
          'static',
          '{"name":"invoice_total","description":"The total of an invoice, in the currency asked for.","parameters":{"type":"object","properties":{"invoice_id":{"type":"string"},"currency":{"type":"string"}},"required":["invoice_id"]}}',
          36,
        ],
        [
          'static',
          '{"name":"refund_policy","description":"The refund policy, in one paragraph.","parameters":{"type":"object","properties":{},"required":[]}}',
          42,
        ],
      ],
    );
    // Another agent's decorators are not this one's.
    assert.strictEqual(siteById(await extractFixture(file), 'pydanticAi/agent.py#haiku').tools, undefined);
  });

  it('gives a run with no usage_limits the default request_limit of 50 and the edit that sets 10', async () => {
    const result = await extractFixture(file);
    const agent = siteById(result, 'pydanticAi/agent.py#play_async').options.agent;
    assert.deepStrictEqual(
      { maxTurns: agent?.maxTurns, limitIsDefault: agent?.limitIsDefault, limitText: agent?.limitText },
      { maxTurns: 50, limitIsDefault: true, limitText: 'request_limit default 50 (pydantic_ai.UsageLimits)' },
    );
    // UsageLimits is imported already: only the keyword argument is written.
    assert.deepStrictEqual(
      agent?.limitEdit?.edits.map((edit) => edit.newText),
      [', usage_limits=UsageLimits(request_limit=10)'],
    );
    const edited = await assertLimitEditSets(file, 'pydanticAi/agent.py#play_async', 'request_limit=10');
    assert.ok(edited.includes('await agent.run(guess, usage_limits=UsageLimits(request_limit=10))'));
  });

  it('reads model= and instructions=, and run_stream in async with', async () => {
    const result = await extractFixture(file);
    const site = siteById(result, 'pydanticAi/agent.py#haiku');
    assert.deepStrictEqual(site.model, { id: 'anthropic:claude-3-5-haiku-latest', range: at(src, "'anthropic:claude-3-5-haiku-latest'"), resolved: true });
    assert.deepStrictEqual(shape(site), [
      ['system', ['Write one haiku.']],
      ['user', ['{variable:topic}']],
    ]);
    assert.strictEqual(site.tools, undefined);
    assert.strictEqual(site.outputCap, undefined);
    assert.strictEqual(site.outputCapInsertion?.template, ', model_settings={"max_tokens": {value}}');
    await assertLimitEditSets(file, 'pydanticAi/agent.py#haiku', 'request_limit=10');
  });

  it('imports UsageLimits after from __future__ when the file does not', async () => {
    const noImport = 'pydanticAi/noImport.py';
    const result = await extractFixture(noImport);
    const site = siteById(result, 'pydanticAi/noImport.py#answer');
    assert.deepStrictEqual(site.model?.id, 'openai:gpt-4o-mini');
    assert.deepStrictEqual(shape(site), [
      ['system', ['Answer in one word.']],
      ['user', ['{variable:question}']],
    ]);
    const edited = await assertLimitEditSets(noImport, 'pydanticAi/noImport.py#answer', 'request_limit=10');
    assert.ok(edited.startsWith('from __future__ import annotations\nfrom pydantic_ai import UsageLimits\n'));
    assert.ok(edited.includes('agent.run_sync(question, usage_limits=UsageLimits(request_limit=10))'));
  });
});
