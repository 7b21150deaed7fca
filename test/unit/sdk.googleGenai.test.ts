import * as assert from 'assert';
import { assertInsertionReparses, at, extractFixture, shape, siteById, source, span } from './sdkHelpers';

/** The options of a chat send in a loop over a `questions` list a caller passes: a turn of the conversation per item. */
function chatOverQuestions(file: string, header: string): object {
  const text = source(file);
  return {
    conversation: true,
    inLoop: true,
    agent: {
      kind: 'google-chat',
      maxTurns: null,
      perItem: true,
      limitText: 'one turn per item of questions',
      limitRange: at(text, header, 1, 'questions'),
      loopRange: at(text, header),
    },
  };
}

describe('Google Gen AI SDK calls', () => {
  describe('TypeScript', () => {
    const file = 'googleGenai/generate.ts';
    const src = source(file);

    it('reads contents, config.systemInstruction, config.maxOutputTokens and the thinking budget', async () => {
      const result = await extractFixture(file);
      assert.deepStrictEqual(result.findings, []);
      assert.deepStrictEqual(
        result.sites.map((site) => site.id),
        [
          'googleGenai/generate.ts#releaseNotes',
          'googleGenai/generate.ts#translate',
          'googleGenai/generate.ts#caption',
          'googleGenai/generate.ts#interact',
          'googleGenai/generate.ts#label',
        ],
      );
      const site = siteById(result, 'googleGenai/generate.ts#releaseNotes');
      assert.strictEqual(site.sdk, 'google.genai');
      assert.deepStrictEqual(site.range, span(src, 'ai.models.generateContent({', '})'));
      assert.deepStrictEqual(site.model, { id: 'gemini-2.5-flash', range: at(src, "'gemini-2.5-flash'"), resolved: true, provider: 'google' });
      assert.deepStrictEqual(shape(site), [
        ['system', ['You write release notes for Acme Cloud customers.']],
        ['user', ['Changes:\n', '{variable:changes}']],
      ]);
      assert.deepStrictEqual(site.messages[0].roleRange, at(src, 'systemInstruction'));
      assert.deepStrictEqual(site.outputCap, { param: 'config.maxOutputTokens', value: 1024, range: at(src, '1024') });
      assert.deepStrictEqual(site.options, { thinkingBudget: 0 });
    });

    it('reads Content turns with parts, and inserts the cap into the existing config', async () => {
      const site = siteById(await extractFixture(file), 'googleGenai/generate.ts#translate');
      assert.deepStrictEqual(site.model?.id, 'gemini-2.5-pro');
      assert.deepStrictEqual(shape(site), [['user', ['Translate into ', '{variable:language}', ':', '{variable:text}']]]);
      assert.deepStrictEqual(site.messages[0].roleRange, at(src, "role: 'user'", 1, "'user'"));
      assert.deepStrictEqual(site.outputCapInsertion?.param, 'config.maxOutputTokens');
      const fixed = await assertInsertionReparses(file, 'googleGenai/generate.ts#translate');
      assert.ok(fixed.includes('config: { temperature: 0.2, maxOutputTokens: 512 },'), fixed);
    });

    it('reads inline media as a media part and adds a config when there is none', async () => {
      const site = siteById(await extractFixture(file), 'googleGenai/generate.ts#caption');
      assert.deepStrictEqual(shape(site), [['user', ['{media:inlineData}', 'Describe this screenshot.']]]);
      const end = at(src, "'Describe this screenshot.']").end;
      assert.deepStrictEqual(site.outputCapInsertion, {
        param: 'config.maxOutputTokens',
        range: { start: end, end },
        template: ', config: { maxOutputTokens: {value} }',
      });
      const fixed = await assertInsertionReparses(file, 'googleGenai/generate.ts#caption');
      assert.ok(fixed.includes("'Describe this screenshot.'], config: { maxOutputTokens: 512 } });"), fixed);
    });

    it('reads the Interactions API in snake_case and inserts into generation_config', async () => {
      const site = siteById(await extractFixture(file), 'googleGenai/generate.ts#interact');
      assert.deepStrictEqual(site.model?.id, 'gemini-3-flash-preview');
      assert.deepStrictEqual(shape(site), [
        ['system', ['Answer in one paragraph.']],
        ['user', ['{variable:question}']],
      ]);
      assert.deepStrictEqual(site.options, { reasoningEffort: 'low' });
      assert.strictEqual(site.outputCapInsertion?.param, 'generation_config.max_output_tokens');
      await assertInsertionReparses(file, 'googleGenai/generate.ts#interact');
    });

    it('reads a legacy model object: model, system instruction and cap live on getGenerativeModel', async () => {
      const site = siteById(await extractFixture(file), 'googleGenai/generate.ts#label');
      assert.deepStrictEqual(site.model, { id: 'gemini-1.5-flash', range: at(src, "'gemini-1.5-flash'"), resolved: true, provider: 'google' });
      assert.deepStrictEqual(shape(site), [
        ['system', ['You label support tickets.']],
        ['user', ['{variable:ticket}']],
      ]);
      assert.deepStrictEqual(site.outputCap, { param: 'generationConfig.maxOutputTokens', value: 64, range: at(src, 'maxOutputTokens: 64', 1, '64') });
    });
  });

  describe('Python', () => {
    const file = 'googleGenai/generate.py';
    const src = source(file);

    it('reads types.GenerateContentConfig keyword arguments', async () => {
      const result = await extractFixture(file);
      assert.deepStrictEqual(result.findings, []);
      assert.deepStrictEqual(
        result.sites.map((site) => site.id),
        [
          'googleGenai/generate.py#summarize',
          'googleGenai/generate.py#classify',
          'googleGenai/generate.py#plain',
          'googleGenai/generate.py#interact',
          'googleGenai/generate.py#legacy_answer',
        ],
      );
      const site = siteById(result, 'googleGenai/generate.py#summarize');
      assert.deepStrictEqual(site.model, { id: 'gemini-2.5-pro', range: at(src, '"gemini-2.5-pro"'), resolved: true, provider: 'google' });
      assert.deepStrictEqual(shape(site), [
        ['system', ['Summarise incident reports for executives.']],
        ['user', ['{variable:report}']],
      ]);
      assert.deepStrictEqual(site.outputCap, { param: 'config.max_output_tokens', value: 512, range: at(src, '512') });
    });

    it('reads types.Content / Part.from_text and inserts into a dict config', async () => {
      const site = siteById(await extractFixture(file), 'googleGenai/generate.py#classify');
      assert.deepStrictEqual(shape(site), [['user', ['{variable:ticket}']]]);
      const end = at(src, 'config={"temperature": 0', 1, '0').end;
      assert.deepStrictEqual(site.outputCapInsertion, {
        param: 'config.max_output_tokens',
        range: { start: end, end },
        template: ', "max_output_tokens": {value}',
      });
      const fixed = await assertInsertionReparses(file, 'googleGenai/generate.py#classify');
      assert.ok(fixed.includes('config={"temperature": 0, "max_output_tokens": 512},'), fixed);
    });

    it('adds config={...} when a call has none', async () => {
      const site = siteById(await extractFixture(file), 'googleGenai/generate.py#plain');
      const end = at(src, 'contents=question').end;
      assert.deepStrictEqual(site.outputCapInsertion, {
        param: 'config.max_output_tokens',
        range: { start: end, end },
        template: ', config={"max_output_tokens": {value}}',
      });
      const fixed = await assertInsertionReparses(file, 'googleGenai/generate.py#plain');
      assert.ok(fixed.includes('contents=question, config={"max_output_tokens": 512})'), fixed);
    });

    it('reads the Interactions API cap and a legacy GenerativeModel', async () => {
      const result = await extractFixture(file);
      const interact = siteById(result, 'googleGenai/generate.py#interact');
      assert.deepStrictEqual(interact.outputCap, { param: 'generation_config.max_output_tokens', value: 256, range: at(src, '256') });
      const legacy = siteById(result, 'googleGenai/generate.py#legacy_answer');
      assert.deepStrictEqual(legacy.model, { id: 'gemini-1.5-flash', range: at(src, '"gemini-1.5-flash"'), resolved: true, provider: 'google' });
      assert.deepStrictEqual(shape(legacy), [['user', ['{variable:question}']]]);
      assert.strictEqual(legacy.outputCapInsertion?.param, 'generation_config.max_output_tokens');
      const fixed = await assertInsertionReparses(file, 'googleGenai/generate.py#legacy_answer');
      assert.ok(fixed.includes('generation_config={"temperature": 0.1, "max_output_tokens": 512})'), fixed);
    });
  });

  it('reads each send of a chat session: the model, system, history and cap of the session, the conversation so far, the message', async () => {
    const read = async (file: string) =>
      (await extractFixture(file)).sites.map((site) => [site.id, site.model?.id, site.outputCap?.param, site.outputCap?.value, site.options, shape(site)]);
    assert.deepStrictEqual(await read('googleGenai/chat.ts'), [
      [
        'googleGenai/chat.ts#tutor',
        'gemini-2.5-flash',
        'config.maxOutputTokens',
        300,
        // Each send in the loop is a turn of the session's conversation; a loop over items a caller passes
        // is bounded by them, however many they are.
        chatOverQuestions('googleGenai/chat.ts', 'for (const question of questions) {'),
        [
          ['system', ['You are a patient maths tutor.']],
          ['user', ['Hello']],
          ['assistant', ['Hi! What shall we study?']],
          ['user', ['{history:conversation}']],
          ['user', ['{variable:question}']],
        ],
      ],
    ]);
    assert.deepStrictEqual(await read('googleGenai/chat.py'), [
      [
        'googleGenai/chat.py#tutor',
        'gemini-2.5-flash',
        'config.max_output_tokens',
        200,
        chatOverQuestions('googleGenai/chat.py', 'for question in questions:'),
        [
          ['user', ['{history:conversation}']],
          ['user', ['{variable:question}']],
        ],
      ],
    ]);
  });

  it('finds no site for an agent run (interactions.create with an agent and no model), and keeps one with a model', async () => {
    const src = [
      "import { GoogleGenAI } from '@google/genai';",
      'const ai = new GoogleGenAI({});',
      'export async function run() {',
      '  const interaction = await ai.interactions.create({',
      "    agent: 'agents/antigravity-preview-05-2026',",
      "    input: 'hello implicit environment with sources',",
      "    environment: { type: 'remote' },",
      '  });',
      "  return ai.interactions.create({ model: 'gemini-2.5-flash', input: 'Summarise the run.' });",
      '}',
    ].join('\n');
    const result = await extractFixture('googleGenai/agent.ts', src);
    assert.deepStrictEqual(
      result.sites.map((site) => [site.range.start.line, site.sdk, site.model?.id, site.model?.provider]),
      [[8, 'google.genai', 'gemini-2.5-flash', 'google']],
    );
    // Claimed, so not reported as a call Prompt Cost could not read.
    assert.deepStrictEqual(result.unreadCalls ?? [], []);
    const python = [
      'from google import genai',
      'client = genai.Client()',
      'client.interactions.create(agent="deep-research-pro-preview", input="Research TPUs.")',
    ].join('\n');
    assert.deepStrictEqual((await extractFixture('googleGenai/agent.py', python)).sites, []);
  });

  it('an image, speech or video generation is no site, and the hint at its first line says why', async () => {
    const ts = [
      "import { GoogleGenAI, Modality } from '@google/genai';",
      'const ai = new GoogleGenAI({});',
      'export async function picture(prompt: string) {',
      "  return ai.models.generateContent({ model: 'gemini-2.5-flash-image', contents: prompt, config: { responseModalities: [Modality.IMAGE] } });",
      '}',
      'export async function illustrated(prompt: string) {',
      "  return ai.models.generateContent({ model: 'gemini-2.5-flash-image', contents: prompt, config: { responseModalities: ['TEXT', 'IMAGE'] } });",
      '}',
    ].join('\n');
    const result = await extractFixture('googleGenai/media.ts', ts);
    // Asked for text and images, the call answers in text too: a site.
    assert.deepStrictEqual(
      result.sites.map((site) => site.id),
      ['googleGenai/media.ts#illustrated'],
    );
    assert.deepStrictEqual(
      result.findings.map((finding) => [finding.rule, finding.severity, finding.message, finding.range]),
      [
        [
          'non-text-output',
          'hint',
          'This call makes images only (it asks for image output only): Prompt Cost estimates text generation, so it is not priced here.',
          { start: { line: 3, character: 9 }, end: { line: 3, character: 139 } },
        ],
      ],
    );
    const python = [
      'from google import genai',
      'from google.genai import types',
      '',
      'client = genai.Client()',
      '',
      '',
      'def speak(text):',
      '    return client.models.generate_content(',
      '        model="gemini-2.5-flash-preview-tts",',
      '        contents=text,',
      '        config=types.GenerateContentConfig(response_modalities=["AUDIO"]),',
      '    )',
      '',
      '',
      'def clip(prompt):',
      '    return client.models.generate_content(model="veo-3.0-generate-001", contents=prompt)',
      '',
    ].join('\n');
    const spoken = await extractFixture('googleGenai/media.py', python);
    assert.deepStrictEqual(spoken.sites, []);
    assert.deepStrictEqual(
      spoken.findings.map((finding) => [finding.message, finding.range.start.line, finding.range.end.line]),
      [
        ['This call makes audio only (it asks for audio output only): Prompt Cost estimates text generation, so it is not priced here.', 7, 7],
        ['This call makes video only (veo-3.0-generate-001 makes video): Prompt Cost estimates text generation, so it is not priced here.', 15, 15],
      ],
    );
  });

  it("reads a chat session's sends in a loop as an agent's turns, bounded by the loop", async () => {
    const ts = source('googleGenai/chatLoop.ts');
    const result = await extractFixture('googleGenai/chatLoop.ts');
    assert.deepStrictEqual(siteById(result, 'googleGenai/chatLoop.ts#interview').options.agent, {
      kind: 'google-chat',
      maxTurns: 6,
      limitText: 'round < MAX_ROUNDS',
      limitRange: at(ts, 'round < MAX_ROUNDS'),
      loopRange: at(ts, 'for (let round = 0; round < MAX_ROUNDS; round++) {'),
    });
    assert.strictEqual(siteById(result, 'googleGenai/chatLoop.ts#once').options.agent, undefined);
    const py = source('googleGenai/chatLoop.py');
    assert.deepStrictEqual(siteById(await extractFixture('googleGenai/chatLoop.py'), 'googleGenai/chatLoop.py#interview').options.agent, {
      kind: 'google-chat',
      maxTurns: 4,
      limitText: 'range(4)',
      limitRange: at(py, 'range(4)'),
      loopRange: at(py, 'for _ in range(4):'),
    });
  });
});
