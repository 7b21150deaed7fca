import * as assert from 'assert';
import { assertInsertionReparses, at, extractFixture, shape, siteById, source, span } from './sdkHelpers';
import { analyze } from './ruleHelpers';

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

describe('AWS Bedrock InvokeModel calls', () => {
  describe('TypeScript', () => {
    const file = 'bedrock/invoke.ts';
    const src = source(file);

    it('reads an Anthropic messages body in JSON.stringify: system with cache_control, messages, max_tokens', async () => {
      const result = await extractFixture(file);
      assert.deepStrictEqual(result.findings, []);
      assert.strictEqual(result.unreadCalls, undefined);
      assert.deepStrictEqual(
        result.sites.map((site) => [site.id, site.sdk]),
        [
          ['bedrock/invoke.ts#claude', 'bedrock.invoke'],
          ['bedrock/invoke.ts#llama', 'bedrock.invoke-text'],
          ['bedrock/invoke.ts#nova', 'bedrock.invoke'],
          ['bedrock/invoke.ts#prebuilt', 'bedrock.invoke-text'],
        ],
      );
      const site = siteById(result, 'bedrock/invoke.ts#claude');
      assert.deepStrictEqual(site.range, span(src, 'client.send(', '\n  )'));
      assert.deepStrictEqual(site.model, {
        id: 'anthropic.claude-3-5-haiku-20241022-v1:0',
        range: at(src, "'anthropic.claude-3-5-haiku-20241022-v1:0'"),
        resolved: true,
      });
      assert.deepStrictEqual(shape(site), [
        ['system', ['Answer in one sentence.'], true],
        ['user', ['{variable:question}']],
      ]);
      assert.deepStrictEqual(site.outputCap, { param: 'max_tokens', value: 300, range: at(src, '300') });
    });

    it('reads a Llama prompt body bound to a variable as a plain text prompt, capped by max_gen_len', async () => {
      const site = siteById(await extractFixture(file), 'bedrock/invoke.ts#llama');
      assert.deepStrictEqual(site.model?.id, 'us.meta.llama3-1-8b-instruct-v1:0');
      assert.deepStrictEqual(shape(site), [['user', ['<|begin_of_text|>', '{variable:question}']]]);
      assert.deepStrictEqual(site.outputCap, { param: 'max_gen_len', value: 256, range: at(src, '256') });
      // A prompt body is sent as written: no chat framing, nothing cached.
      const estimate = (await analyze(file, src)).sites.find((entry) => entry.site.id === 'bedrock/invoke.ts#llama')!.estimate;
      assert.strictEqual(estimate.tokens.framing, 0);
      assert.strictEqual(estimate.model.provider, 'aws');
    });

    it('reads a Nova body of a command built before send: content [{ text }], inferenceConfig.maxTokens', async () => {
      const site = siteById(await extractFixture(file), 'bedrock/invoke.ts#nova');
      assert.deepStrictEqual(site.model?.id, 'amazon.nova-lite-v1:0');
      assert.deepStrictEqual(shape(site), [
        ['system', ['Be brief.']],
        ['user', ['{variable:question}']],
      ]);
      assert.deepStrictEqual(site.outputCap, { param: 'inferenceConfig.maxTokens', value: 200, range: at(src, '200') });
    });

    it('keeps the model of a body built elsewhere, its prompt one variable part', async () => {
      const site = siteById(await extractFixture(file), 'bedrock/invoke.ts#prebuilt');
      assert.deepStrictEqual(site.model?.id, 'mistral.mistral-large-2402-v1:0');
      assert.deepStrictEqual(shape(site), [['user', ['{variable:body}']]]);
      assert.strictEqual(site.outputCap, undefined);
      assert.strictEqual(site.outputCapInsertion, undefined);
    });
  });

  describe('Python', () => {
    const file = 'bedrock/invoke.py';
    const src = source(file);

    it('reads invoke_model on a bedrock-runtime client, not a Lambda client or an embeddings model', async () => {
      const result = await extractFixture(file);
      assert.deepStrictEqual(result.findings, []);
      // The embeddings call is claimed as sending no prompt, so it is not listed as missed either.
      assert.strictEqual(result.unreadCalls, undefined);
      assert.deepStrictEqual(
        result.sites.map((site) => [site.id, site.sdk, site.model?.id]),
        [
          ['bedrock/invoke.py#titan', 'bedrock.invoke-text', 'amazon.titan-text-express-v1'],
          ['bedrock/invoke.py#mistral', 'bedrock.invoke-text', 'mistral.mistral-large-2402-v1:0'],
          ['bedrock/invoke.py#nova', 'bedrock.invoke', 'us.amazon.nova-micro-v1:0'],
          ['bedrock/invoke.py#claude', 'bedrock.invoke', 'anthropic.claude-3-5-haiku-20241022-v1:0'],
        ],
      );
    });

    it('reads a Titan inputText body through a variable, capped by textGenerationConfig.maxTokenCount', async () => {
      const site = siteById(await extractFixture(file), 'bedrock/invoke.py#titan');
      assert.deepStrictEqual(site.model, { id: 'amazon.titan-text-express-v1', range: at(src, '"amazon.titan-text-express-v1"'), resolved: true });
      assert.deepStrictEqual(shape(site), [['user', ['{variable:question}']]]);
      assert.deepStrictEqual(site.outputCap, { param: 'textGenerationConfig.maxTokenCount', value: 400, range: at(src, '400') });
    });

    it('reads a Mistral prompt body on the response stream and adds max_tokens to the dict', async () => {
      const site = siteById(await extractFixture(file), 'bedrock/invoke.py#mistral');
      assert.deepStrictEqual(shape(site), [['user', ['<s>[INST] ', '{variable:question}', ' [/INST]']]]);
      const end = at(src, '[/INST]"').end;
      assert.deepStrictEqual(site.outputCapInsertion, { param: 'max_tokens', range: { start: end, end }, template: ', "max_tokens": {value}' });
      const fixed = await assertInsertionReparses(file, 'bedrock/invoke.py#mistral');
      assert.ok(fixed.includes('[/INST]", "max_tokens": 512})'), fixed);
    });

    it('reads Nova max_new_tokens and an Anthropic body without max_tokens', async () => {
      const result = await extractFixture(file);
      const nova = siteById(result, 'bedrock/invoke.py#nova');
      assert.deepStrictEqual(shape(nova), [['user', ['{variable:question}']]]);
      assert.deepStrictEqual(nova.outputCap, { param: 'inferenceConfig.max_new_tokens', value: 150, range: at(src, '150') });
      const claude = siteById(result, 'bedrock/invoke.py#claude');
      assert.deepStrictEqual(shape(claude), [['user', ['{variable:question}']]]);
      assert.strictEqual(claude.outputCap, undefined);
      assert.strictEqual(claude.outputCapInsertion?.param, 'max_tokens');
      const fixed = await assertInsertionReparses(file, 'bedrock/invoke.py#claude');
      assert.ok(fixed.includes('"content": question}], "max_tokens": 512})'), fixed);
    });
  });
});
