import * as assert from 'assert';
import { assertInsertionReparses, at, extractFixture, shape, siteById, source, span } from './sdkHelpers';

describe('AWS Bedrock Converse calls', () => {
  describe('TypeScript', () => {
    const file = 'bedrock/converse.ts';
    const src = source(file);

    it('reads a ConverseCommand: system with a cache point, messages and inferenceConfig.maxTokens', async () => {
      const result = await extractFixture(file);
      assert.deepStrictEqual(result.findings, []);
      assert.deepStrictEqual(
        result.sites.map((site) => site.id),
        ['bedrock/converse.ts#answer', 'bedrock/converse.ts#stream'],
      );
      const site = siteById(result, 'bedrock/converse.ts#answer');
      assert.strictEqual(site.sdk, 'bedrock.converse');
      assert.deepStrictEqual(site.range, span(src, 'client.send(', '\n  )'));
      assert.deepStrictEqual(site.model, {
        id: 'us.anthropic.claude-sonnet-4-5-20250929-v1:0',
        range: at(src, "'us.anthropic.claude-sonnet-4-5-20250929-v1:0'"),
        resolved: true,
      });
      assert.deepStrictEqual(shape(site), [
        ['system', ['Refunds are possible within 30 days of purchase for annual plans.'], true],
        ['user', ['{variable:question}']],
      ]);
      assert.deepStrictEqual(site.outputCap, { param: 'inferenceConfig.maxTokens', value: 512, range: at(src, '512') });
    });

    it('inserts maxTokens into an existing inferenceConfig', async () => {
      const site = siteById(await extractFixture(file), 'bedrock/converse.ts#stream');
      assert.deepStrictEqual(site.model, { id: 'amazon.nova-pro-v1:0', range: at(src, "'amazon.nova-pro-v1:0'"), resolved: true });
      const fixed = await assertInsertionReparses(file, 'bedrock/converse.ts#stream');
      assert.ok(fixed.includes('inferenceConfig: { temperature: 0.5, maxTokens: 512 }'), fixed);
    });
  });

  describe('Python', () => {
    const file = 'bedrock/converse.py';
    const src = source(file);

    it('reads converse on a boto3 bedrock-runtime client and adds inferenceConfig when absent', async () => {
      const result = await extractFixture(file);
      assert.deepStrictEqual(result.findings, []);
      assert.deepStrictEqual(
        result.sites.map((site) => site.id),
        ['bedrock/converse.py#answer', 'bedrock/converse.py#capped'],
      );
      const site = siteById(result, 'bedrock/converse.py#answer');
      assert.deepStrictEqual(site.model, {
        id: 'anthropic.claude-3-5-sonnet-20240620-v1:0',
        range: at(src, '"anthropic.claude-3-5-sonnet-20240620-v1:0"'),
        resolved: true,
      });
      assert.deepStrictEqual(shape(site), [
        ['system', ['Answer briefly.']],
        ['user', ['{variable:question}']],
      ]);
      const end = at(src, '[{"text": question}]}],').end;
      assert.deepStrictEqual(site.outputCapInsertion, {
        param: 'inferenceConfig.maxTokens',
        range: { start: end, end },
        template: '\n        inferenceConfig={"maxTokens": {value}},',
      });
      const fixed = await assertInsertionReparses(file, 'bedrock/converse.py#answer');
      assert.ok(fixed.includes('inferenceConfig={"maxTokens": 512}'), fixed);
    });

    it('reads inferenceConfig={"maxTokens": …} on converse_stream', async () => {
      const site = siteById(await extractFixture(file), 'bedrock/converse.py#capped');
      assert.deepStrictEqual(site.model?.id, 'meta.llama3-3-70b-instruct-v1:0');
      assert.deepStrictEqual(site.outputCap, { param: 'inferenceConfig.maxTokens', value: 256, range: at(src, '256') });
    });
  });
});
