import * as assert from 'assert';
import { assertInsertionReparses, at, extractFixture, shape, siteById, source, span } from './sdkHelpers';

describe('LiteLLM calls', () => {
  const file = 'litellm/complete.py';
  const src = source(file);

  it("reads provider/model ids and gives uncapped Claude calls LiteLLM's default", async () => {
    const result = await extractFixture(file);
    assert.deepStrictEqual(result.findings, []);
    assert.deepStrictEqual(
      result.sites.map((site) => site.id),
      ['litellm/complete.py#route', 'litellm/complete.py#capped', 'litellm/complete.py#on_azure'],
    );
    const site = siteById(result, 'litellm/complete.py#route');
    assert.strictEqual(site.sdk, 'litellm');
    assert.deepStrictEqual(site.range, span(src, 'completion(\n', '\n    )'));
    assert.deepStrictEqual(site.model, { id: 'anthropic/claude-sonnet-4-5', range: at(src, '"anthropic/claude-sonnet-4-5"'), resolved: true });
    assert.deepStrictEqual(shape(site), [
      ['system', ['You route support tickets.']],
      ['user', ['{variable:ticket}']],
    ]);
    assert.strictEqual(site.outputCap, undefined);
    assert.deepStrictEqual(site.defaultOutputCap, {
      value: 4096,
      source: 'LiteLLM sends max_tokens 4,096 (DEFAULT_ANTHROPIC_CHAT_MAX_TOKENS) to Claude when the call sets none',
    });
    assert.strictEqual(site.outputCapInsertion?.param, 'max_tokens');
    await assertInsertionReparses(file, 'litellm/complete.py#route');
  });

  it('reads litellm.completion with max_tokens, and an Azure deployment with max_completion_tokens', async () => {
    const result = await extractFixture(file);
    const capped = siteById(result, 'litellm/complete.py#capped');
    assert.deepStrictEqual(capped.model, { id: 'gpt-4o-mini', range: at(src, '"gpt-4o-mini"'), resolved: true });
    assert.deepStrictEqual(capped.outputCap, { param: 'max_tokens', value: 64, range: at(src, 'max_tokens=64', 1, '64') });
    assert.strictEqual(capped.defaultOutputCap, undefined);
    const azure = siteById(result, 'litellm/complete.py#on_azure');
    assert.deepStrictEqual(azure.model, {
      id: 'azure/support-gpt4o',
      range: at(src, '"azure/support-gpt4o"'),
      resolved: false,
      deployment: 'support-gpt4o',
      provider: 'azure',
    });
    assert.deepStrictEqual(azure.outputCap, { param: 'max_completion_tokens', value: 200, range: at(src, '200') });
    assert.deepStrictEqual(shape(azure), [['user', ['{history:messages}']]]);
  });

  it('reads a Router alias through model_list: one model, or every model deployed under the name', async () => {
    const routerFile = 'litellm/router.py';
    const routerSrc = source(routerFile);
    const result = await extractFixture(routerFile);
    assert.deepStrictEqual(
      result.sites.map((site) => [site.id, site.model]),
      [
        [
          'litellm/router.py#quick',
          { id: 'groq/llama-3.3-70b-versatile', range: at(routerSrc, '"groq/llama-3.3-70b-versatile"'), resolved: true, from: { routerAlias: 'fast' } },
        ],
        [
          'litellm/router.py#careful',
          {
            id: 'anthropic/claude-sonnet-4-5',
            range: at(routerSrc, '"anthropic/claude-sonnet-4-5"'),
            resolved: true,
            from: { routerAlias: 'smart' },
            passedModels: ['anthropic/claude-sonnet-4-5', 'openai/gpt-4o'],
          },
        ],
      ],
    );
    assert.deepStrictEqual(
      result.sites.map((site) => site.outputCap?.value),
      [200, 500],
    );
  });
});
