import * as assert from 'assert';
import { readdirSync } from 'fs';
import * as path from 'path';
import { applyEdits } from '../../src/core/text/applyEdits';
import type { Message, PromptSite } from '../../src/core/types';
import { extractFixture, siteById, source } from './sdkHelpers';

/** Segment texts per message: what the estimate counts, which an edit must not change. */
function texts(site: PromptSite): string[][] {
  return site.messages.map((message) => message.segments.map((segment) => segment.text));
}

function breakpoints(site: PromptSite): boolean[] {
  return site.messages.map((message) => message.cacheBreakpoint === true);
}

/**
 * Applies the insertion of message `index` of site `id`, checks the file is now exactly `expected`,
 * parses cleanly and has that breakpoint (and no other change), then applies the removal the
 * re-extracted message offers and checks the file is back to `original`, insertion offered again.
 */
async function roundTrip(file: string, original: string, id: string, index: number, expected: string): Promise<void> {
  const before = await extractFixture(file, original);
  assert.deepStrictEqual(before.findings, []);
  const site = siteById(before, id);
  const message = site.messages[index];
  assert.ok(message, `${id} has a message ${index}`);
  assert.notStrictEqual(message.cacheBreakpoint, true, 'no breakpoint before');
  assert.strictEqual(message.cacheBreakpointRemoval, undefined, 'no removal without a breakpoint');
  assert.ok(message.cacheBreakpointInsertion, `${id} message ${index} offers an insertion`);

  const fixed = applyEdits(original, message.cacheBreakpointInsertion);
  assert.strictEqual(fixed, expected);

  const after = await extractFixture(file, fixed);
  assert.ok(!after.findings.some((finding) => finding.rule === 'syntax-error'), 'the fixed file parses');
  assert.deepStrictEqual(after.findings, before.findings);
  const fixedSite = siteById(after, id);
  assert.deepStrictEqual(texts(fixedSite), texts(site), 'the same text is sent');
  const expectedBreakpoints = breakpoints(site);
  expectedBreakpoints[index] = true;
  assert.deepStrictEqual(breakpoints(fixedSite), expectedBreakpoints, 'only this message gains a breakpoint');
  const marked = fixedSite.messages[index];
  assert.strictEqual(marked.cacheBreakpointInsertion, undefined, 'no insertion once there is a breakpoint');
  assert.ok(marked.cacheBreakpointRemoval, 'the breakpoint can be removed again');

  const restored = applyEdits(fixed, marked.cacheBreakpointRemoval);
  assert.strictEqual(restored, original);
  const again = siteById(await extractFixture(file, restored), id);
  assert.deepStrictEqual(breakpoints(again), breakpoints(site));
  assert.deepStrictEqual(again.messages[index].cacheBreakpointInsertion, message.cacheBreakpointInsertion);
}

/** Every message of every site: which offer an insertion, which a removal. */
async function offers(file: string, text: string): Promise<Array<[string, number, 'insertion' | 'removal' | 'none']>> {
  const result = await extractFixture(file, text);
  return result.sites.flatMap((site) =>
    site.messages.map((message: Message, i): [string, number, 'insertion' | 'removal' | 'none'] => [
      site.id,
      i,
      message.cacheBreakpointInsertion ? 'insertion' : message.cacheBreakpointRemoval ? 'removal' : 'none',
    ]),
  );
}

describe('cache breakpoint edits', () => {
  describe('Anthropic SDK, TypeScript', () => {
    const file = 'edits/anthropic.ts';
    const original = [
      "import Anthropic from '@anthropic-ai/sdk';",
      '',
      'const client = new Anthropic();',
      "const system = 'You review pull requests.';",
      '',
      'export async function review(diff: string) {',
      '  return client.messages.create({',
      "    model: 'claude-sonnet-4-5',",
      '    max_tokens: 1024,',
      "    system: 'You are a careful reviewer.',",
      '    messages: [',
      "      { role: 'user', content: [{ type: 'text', text: 'Style guide: …' }, { type: 'text', text: 'House rules' }] },",
      "      { role: 'assistant', content: 'Understood.' },",
      "      { role: 'user', content: `Review:\\n${diff}` },",
      '    ],',
      '  });',
      '}',
      '',
      'export async function blocks(question: string) {',
      '  return client.messages.create({',
      "    model: 'claude-haiku-4-5',",
      '    max_tokens: 512,',
      '    system: [',
      "      { type: 'text', text: 'You answer billing questions.' },",
      '      {',
      "        type: 'text',",
      "        text: 'Plans: Free, Pro, Team.',",
      '      },',
      '    ],',
      "    messages: [{ role: 'user', content: question }],",
      '  });',
      '}',
      '',
      'export async function shorthand(question: string) {',
      "  return client.messages.create({ model: 'claude-haiku-4-5', max_tokens: 512, system, messages: [{ role: 'user', content: question }] });",
      '}',
      '',
    ].join('\n');

    it('turns a system string into one text block with cache_control, and back', async () => {
      const expected = original.replace(
        "    system: 'You are a careful reviewer.',",
        "    system: [{ type: 'text', text: 'You are a careful reviewer.', cache_control: { type: 'ephemeral' } }],",
      );
      await roundTrip(file, original, 'edits/anthropic.ts#review', 0, expected);
    });

    it('adds cache_control to the last block of a single-line content list', async () => {
      const expected = original.replace("{ type: 'text', text: 'House rules' }", "{ type: 'text', text: 'House rules', cache_control: { type: 'ephemeral' } }");
      await roundTrip(file, original, 'edits/anthropic.ts#review', 1, expected);
    });

    it('wraps message text (a template literal kept as written)', async () => {
      const expected = original.replace(
        "      { role: 'assistant', content: 'Understood.' },",
        "      { role: 'assistant', content: [{ type: 'text', text: 'Understood.', cache_control: { type: 'ephemeral' } }] },",
      );
      await roundTrip(file, original, 'edits/anthropic.ts#review', 2, expected);
      const templated = original.replace(
        'content: `Review:\\n${diff}` }',
        "content: [{ type: 'text', text: `Review:\\n${diff}`, cache_control: { type: 'ephemeral' } }] }",
      );
      await roundTrip(file, original, 'edits/anthropic.ts#review', 3, templated);
    });

    it('adds cache_control on its own line to a multi-line last block of system', async () => {
      const expected = original.replace(
        "        text: 'Plans: Free, Pro, Team.',\n",
        "        text: 'Plans: Free, Pro, Team.',\n        cache_control: { type: 'ephemeral' },\n",
      );
      await roundTrip(file, original, 'edits/anthropic.ts#blocks', 0, expected);
    });

    it('spells out a shorthand `system` entry and restores it on removal', async () => {
      const expected = original.replace(
        'max_tokens: 512, system, messages',
        "max_tokens: 512, system: [{ type: 'text', text: system, cache_control: { type: 'ephemeral' } }], messages",
      );
      await roundTrip(file, original, 'edits/anthropic.ts#shorthand', 0, expected);
    });

    it('offers nothing for content the analysis cannot see (a parameter)', async () => {
      const site = siteById(await extractFixture(file, original), 'edits/anthropic.ts#blocks');
      assert.strictEqual(site.messages[1].cacheBreakpointInsertion, undefined);
      assert.strictEqual(site.messages[1].cacheBreakpointRemoval, undefined);
    });

    it('wraps text built by concatenation as one expression, kept as written', async () => {
      const text = [
        "import Anthropic from '@anthropic-ai/sdk';",
        'const client = new Anthropic();',
        "const ROLE = 'support agent';",
        "export const ask = (q: string) => client.beta.messages.create({ model: 'claude-haiku-4-5', max_tokens: 100, system: 'You are a ' + ROLE + '.', messages: [{ role: 'user', content: q }] });",
        '',
      ].join('\n');
      const expected = text.replace(
        "system: 'You are a ' + ROLE + '.',",
        "system: [{ type: 'text', text: 'You are a ' + ROLE + '.', cache_control: { type: 'ephemeral' } }],",
      );
      await roundTrip('edits/concat.ts', text, 'edits/concat.ts#ask', 0, expected);
    });

    it('covers Bedrock clients and batch requests of the SDK fixture', async () => {
      const text = source('anthropic/messages.ts');
      await roundTrip(
        'anthropic/messages.ts',
        text,
        'anthropic/messages.ts#onBedrock',
        0,
        text.replace("system: 'Be brief.',", "system: [{ type: 'text', text: 'Be brief.', cache_control: { type: 'ephemeral' } }],"),
      );
      await roundTrip(
        'anthropic/messages.ts',
        text,
        'anthropic/messages.ts#nightly.2',
        0,
        text.replace("system: 'Reply with tags only.',", "system: [{ type: 'text', text: 'Reply with tags only.', cache_control: { type: 'ephemeral' } }],"),
      );
    });

    it('keeps CRLF line breaks', async () => {
      const crlf = original.replace(/\n/g, '\r\n');
      const expected = crlf.replace(
        "        text: 'Plans: Free, Pro, Team.',\r\n",
        "        text: 'Plans: Free, Pro, Team.',\r\n        cache_control: { type: 'ephemeral' },\r\n",
      );
      await roundTrip('edits/crlf.ts', crlf, 'edits/crlf.ts#blocks', 0, expected);
    });

    it('keeps tab indentation', async () => {
      const tabbed = [
        "import Anthropic from '@anthropic-ai/sdk';",
        '',
        'const client = new Anthropic();',
        '',
        'export async function tabs(question: string) {',
        '\treturn client.messages.create({',
        "\t\tmodel: 'claude-haiku-4-5',",
        '\t\tmax_tokens: 512,',
        '\t\tsystem: [',
        '\t\t\t{',
        "\t\t\t\ttype: 'text',",
        "\t\t\t\ttext: 'Answer in French.'",
        '\t\t\t}',
        '\t\t],',
        "\t\tmessages: [{ role: 'user', content: question }],",
        '\t});',
        '}',
        '',
      ].join('\n');
      const expected = tabbed.replace(
        "\t\t\t\ttext: 'Answer in French.'\n",
        "\t\t\t\ttext: 'Answer in French.',\n\t\t\t\tcache_control: { type: 'ephemeral' }\n",
      );
      await roundTrip('edits/tabs.ts', tabbed, 'edits/tabs.ts#tabs', 0, expected);
    });

    it('writes double quotes in a file that uses them', async () => {
      const quoted = [
        'import Anthropic from "@anthropic-ai/sdk";',
        'const client = new Anthropic();',
        'export const ask = (q: string) => client.messages.create({ model: "claude-haiku-4-5", max_tokens: 100, system: "Be brief.", messages: [{ role: "user", content: q }] });',
        '',
      ].join('\n');
      const expected = quoted.replace('system: "Be brief."', 'system: [{ type: "text", text: "Be brief.", cache_control: { type: "ephemeral" } }]');
      await roundTrip('edits/quotes.ts', quoted, 'edits/quotes.ts#ask', 0, expected);
    });

    it('offers removal, not insertion, where a breakpoint is, and nothing it cannot write cleanly', async () => {
      const text = [
        "import Anthropic from '@anthropic-ai/sdk';",
        'const client = new Anthropic();',
        "const OPTIONS = { model: 'claude-haiku-4-5', max_tokens: 100, system: 'Kept in a constant.', messages: [] };",
        'export async function cached(base: object, blocks: object[], question: string) {',
        '  await client.messages.create(OPTIONS);',
        "  await client.messages.create({ ...base, system: 'Spread around.', messages: [{ role: 'user', content: question }] });",
        "  await client.messages.create({ model: 'claude-haiku-4-5', max_tokens: 100, messages: [{ role: 'user', content: [{ type: 'text', text: 'a' }, ...blocks] }] });",
        "  await client.messages.create({ model: 'claude-opus-4-1', max_tokens: 100, messages: [{ role: 'assistant', content: [{ type: 'text', text: 'a' }, { type: 'thinking', thinking: 'hm', signature: 's' }] }] });",
        "  return client.messages.create({ model: 'claude-haiku-4-5', max_tokens: 100, system: [{ type: 'text', text: 'Cached.', cache_control: { type: 'ephemeral' } }], messages: [{ role: 'user', content: question }] });",
        '}',
        '',
      ].join('\n');
      assert.deepStrictEqual(await offers('edits/negative.ts', text), [
        ['edits/negative.ts#cached', 0, 'none'],
        ['edits/negative.ts#cached.2', 0, 'none'],
        ['edits/negative.ts#cached.2', 1, 'none'],
        ['edits/negative.ts#cached.3', 0, 'none'],
        ['edits/negative.ts#cached.4', 0, 'none'],
        ['edits/negative.ts#cached.5', 0, 'removal'],
        ['edits/negative.ts#cached.5', 1, 'none'],
      ]);
      const site = siteById(await extractFixture('edits/negative.ts', text), 'edits/negative.ts#cached.5');
      assert.strictEqual(site.messages[0].cacheBreakpoint, true);
      assert.strictEqual(
        applyEdits(text, site.messages[0].cacheBreakpointRemoval!),
        text.replace("system: [{ type: 'text', text: 'Cached.', cache_control: { type: 'ephemeral' } }]", "system: 'Cached.'"),
      );
    });

    it('removes one block marker among several, keeping the blocks', async () => {
      const text = [
        "import Anthropic from '@anthropic-ai/sdk';",
        'const client = new Anthropic();',
        'export const ask = (q: string) =>',
        '  client.messages.create({',
        "    model: 'claude-haiku-4-5',",
        '    max_tokens: 100,',
        '    system: [',
        "      { type: 'text', text: 'One.' },",
        "      { type: 'text', text: 'Two.', cache_control: { type: 'ephemeral', ttl: '1h' } },",
        '    ],',
        "    messages: [{ role: 'user', content: q }],",
        '  });',
        '',
      ].join('\n');
      const site = siteById(await extractFixture('edits/remove.ts', text), 'edits/remove.ts#ask');
      assert.deepStrictEqual(breakpoints(site), [true, false]);
      assert.strictEqual(applyEdits(text, site.messages[0].cacheBreakpointRemoval!), text.replace(", cache_control: { type: 'ephemeral', ttl: '1h' }", ''));
    });
  });

  describe('Anthropic SDK, Python', () => {
    const file = 'edits/anthropic.py';
    const original = [
      'import anthropic',
      '',
      'client = anthropic.Anthropic()',
      'GUIDE = "You are a meticulous code reviewer."',
      '',
      '',
      'def review(diff):',
      '    return client.messages.create(',
      '        model="claude-sonnet-4-6",',
      '        max_tokens=2048,',
      '        system=GUIDE,',
      '        messages=[',
      '            {',
      '                "role": "user",',
      '                "content": [',
      '                    {"type": "text", "text": "Checklist: tests, names, errors."},',
      '                    {',
      '                        "type": "text",',
      '                        "text": f"Review this diff:\\n{diff}",',
      '                    },',
      '                ],',
      '            },',
      '        ],',
      '    )',
      '',
      '',
      'def automatic(question):',
      '    return client.messages.create(',
      '        model="claude-sonnet-4-6",',
      '        max_tokens=2048,',
      '        cache_control={"type": "ephemeral"},',
      '        system="Answer briefly.",',
      '        messages=[{"role": "user", "content": question}],',
      '    )',
      '',
    ].join('\n');

    it('turns a system= keyword argument into a one-block list with "cache_control"', async () => {
      const expected = original.replace('        system=GUIDE,', '        system=[{"type": "text", "text": GUIDE, "cache_control": {"type": "ephemeral"}}],');
      await roundTrip(file, original, 'edits/anthropic.py#review', 0, expected);
    });

    it('adds "cache_control" on its own line to a multi-line last block', async () => {
      const expected = original.replace(
        '                        "text": f"Review this diff:\\n{diff}",\n',
        '                        "text": f"Review this diff:\\n{diff}",\n                        "cache_control": {"type": "ephemeral"},\n',
      );
      await roundTrip(file, original, 'edits/anthropic.py#review', 1, expected);
    });

    it('adds a keyword to a typed-dict block constructor, never to a helper call', async () => {
      const text = [
        'import anthropic',
        'from anthropic.types import TextBlockParam',
        '',
        'client = anthropic.Anthropic()',
        '',
        '',
        'def ask(make_block):',
        '    return client.messages.create(',
        '        model="claude-haiku-4-5",',
        '        max_tokens=100,',
        '        messages=[{"role": "user", "content": [TextBlockParam(type="text", text="Docs")]}, {"role": "assistant", "content": [make_block("Hm")]}],',
        '    )',
        '',
      ].join('\n');
      const expected = text.replace(
        'TextBlockParam(type="text", text="Docs")',
        'TextBlockParam(type="text", text="Docs", cache_control={"type": "ephemeral"})',
      );
      await roundTrip('edits/typed.py', text, 'edits/typed.py#ask', 0, expected);
      assert.deepStrictEqual(await offers('edits/typed.py', text), [
        ['edits/typed.py#ask', 0, 'insertion'],
        ['edits/typed.py#ask', 1, 'none'],
      ]);
    });

    it('removes automatic caching from the last message, which offers no insertion', async () => {
      const site = siteById(await extractFixture(file, original), 'edits/anthropic.py#automatic');
      assert.deepStrictEqual(breakpoints(site), [false, true]);
      assert.ok(site.messages[0].cacheBreakpointInsertion);
      assert.strictEqual(site.messages[1].cacheBreakpointInsertion, undefined);
      const removed = applyEdits(original, site.messages[1].cacheBreakpointRemoval!);
      assert.strictEqual(removed, original.replace('        cache_control={"type": "ephemeral"},\n', ''));
      const after = siteById(await extractFixture(file, removed), 'edits/anthropic.py#automatic');
      assert.deepStrictEqual(breakpoints(after), [false, false]);
    });
  });

  describe('AI SDK', () => {
    const file = 'edits/aiSdk.ts';
    const original = [
      "import { generateText, streamText } from 'ai';",
      "import { anthropic } from '@ai-sdk/anthropic';",
      "import { openai } from '@ai-sdk/openai';",
      '',
      "const SYSTEM = 'You are the Acme Cloud assistant.';",
      '',
      'export function chat(question: string) {',
      '  return streamText({',
      "    model: anthropic('claude-sonnet-4-5'),",
      '    messages: [',
      "      { role: 'system', content: SYSTEM },",
      '      {',
      "        role: 'user',",
      "        content: [{ type: 'text', text: 'Refunds: annual plans within 30 days.' }],",
      "        providerOptions: { openai: { user: 'docs' } },",
      '      },',
      "      { role: 'user', content: question },",
      '    ],',
      '  });',
      '}',
      '',
      'export function ask(question: string) {',
      "  return generateText({ model: anthropic('claude-haiku-4-5'), system: SYSTEM, prompt: question });",
      '}',
      '',
      'export function elsewhere(question: string) {',
      "  return generateText({ model: openai('gpt-4o'), system: SYSTEM, messages: [{ role: 'user', content: 'Hi' }] });",
      '}',
      '',
    ].join('\n');

    it('adds providerOptions.anthropic.cacheControl to a message', async () => {
      const expected = original.replace(
        "      { role: 'system', content: SYSTEM },",
        "      { role: 'system', content: SYSTEM, providerOptions: { anthropic: { cacheControl: { type: 'ephemeral' } } } },",
      );
      await roundTrip(file, original, 'edits/aiSdk.ts#chat', 0, expected);
    });

    it('adds anthropic to provider options that are already there', async () => {
      const expected = original.replace(
        "providerOptions: { openai: { user: 'docs' } },",
        "providerOptions: { openai: { user: 'docs' }, anthropic: { cacheControl: { type: 'ephemeral' } } },",
      );
      await roundTrip(file, original, 'edits/aiSdk.ts#chat', 1, expected);
    });

    it('makes a system string an AI SDK 6 system message with the option, and back', async () => {
      const expected = original.replace(
        'system: SYSTEM, prompt: question',
        "system: { role: 'system', content: SYSTEM, providerOptions: { anthropic: { cacheControl: { type: 'ephemeral' } } } }, prompt: question",
      );
      await roundTrip(file, original, 'edits/aiSdk.ts#ask', 0, expected);
    });

    it('offers nothing for a model that is not Anthropic’s', async () => {
      const site = siteById(await extractFixture(file, original), 'edits/aiSdk.ts#elsewhere');
      assert.deepStrictEqual(
        site.messages.map((message) => [message.cacheBreakpointInsertion, message.cacheBreakpointRemoval]),
        [
          [undefined, undefined],
          [undefined, undefined],
        ],
      );
    });
  });

  describe('LangChain', () => {
    it('wraps a Python SystemMessage for ChatAnthropic', async () => {
      const original = [
        'from langchain_anthropic import ChatAnthropic',
        'from langchain_core.messages import HumanMessage, SystemMessage',
        '',
        'claude = ChatAnthropic(model="claude-sonnet-4-5-20250929")',
        '',
        '',
        'def critique(draft):',
        '    return claude.invoke([SystemMessage(content="You are a harsh editor."), HumanMessage(content=draft)])',
        '',
      ].join('\n');
      const expected = original.replace(
        'SystemMessage(content="You are a harsh editor.")',
        'SystemMessage(content=[{"type": "text", "text": "You are a harsh editor.", "cache_control": {"type": "ephemeral"}}])',
      );
      await roundTrip('edits/langchain.py', original, 'edits/langchain.py#critique', 0, expected);
    });

    it('wraps a JS message tuple for ChatAnthropic, and leaves ChatOpenAI alone', async () => {
      const original = [
        "import { ChatAnthropic } from '@langchain/anthropic';",
        "import { ChatOpenAI } from '@langchain/openai';",
        '',
        "const claude = new ChatAnthropic({ model: 'claude-sonnet-4-5' });",
        "const gpt = new ChatOpenAI({ model: 'gpt-4o-mini' });",
        '',
        "export const critique = (draft: string) => claude.invoke([['system', 'You are a harsh editor.'], ['human', draft]]);",
        "export const answer = (question: string) => gpt.invoke([['system', 'You answer billing questions.'], ['human', question]]);",
        '',
      ].join('\n');
      const expected = original.replace(
        "['system', 'You are a harsh editor.']",
        "['system', [{ type: 'text', text: 'You are a harsh editor.', cache_control: { type: 'ephemeral' } }]]",
      );
      await roundTrip('edits/langchain.ts', original, 'edits/langchain.ts#critique', 0, expected);
      assert.deepStrictEqual(
        (await offers('edits/langchain.ts', original)).filter(([id]) => id === 'edits/langchain.ts#answer'),
        [
          ['edits/langchain.ts#answer', 0, 'none'],
          ['edits/langchain.ts#answer', 1, 'none'],
        ],
      );
    });
  });

  describe('LiteLLM', () => {
    const original = [
      'import litellm',
      '',
      'SYSTEM = "You route support tickets."',
      '',
      '',
      'def route(ticket):',
      '    return litellm.completion(',
      '        model="anthropic/claude-sonnet-4-5",',
      '        messages=[{"role": "system", "content": SYSTEM}, {"role": "user", "content": ticket}],',
      '    )',
      '',
      '',
      'def cheap(ticket):',
      '    return litellm.completion(model="gpt-4o-mini", messages=[{"role": "system", "content": SYSTEM}, {"role": "user", "content": ticket}])',
      '',
    ].join('\n');

    it('wraps message content for a Claude model', async () => {
      const expected = original.replace(
        '        messages=[{"role": "system", "content": SYSTEM}, ',
        '        messages=[{"role": "system", "content": [{"type": "text", "text": SYSTEM, "cache_control": {"type": "ephemeral"}}]}, ',
      );
      await roundTrip('edits/litellm.py', original, 'edits/litellm.py#route', 0, expected);
    });

    it('offers no insertion for other models', async () => {
      assert.deepStrictEqual(
        (await offers('edits/litellm.py', original)).filter(([id]) => id === 'edits/litellm.py#cheap'),
        [
          ['edits/litellm.py#cheap', 0, 'none'],
          ['edits/litellm.py#cheap', 1, 'none'],
        ],
      );
    });
  });

  describe('Bedrock Converse', () => {
    it('appends a cachePoint block to a TS system list', async () => {
      const original = [
        "import { BedrockRuntimeClient, ConverseCommand } from '@aws-sdk/client-bedrock-runtime';",
        '',
        "const client = new BedrockRuntimeClient({ region: 'us-east-1' });",
        '',
        'export async function answer(question: string) {',
        '  return client.send(',
        '    new ConverseCommand({',
        "      modelId: 'us.anthropic.claude-sonnet-4-5-20250929-v1:0',",
        "      system: [{ text: 'Refunds are possible within 30 days.' }],",
        "      messages: [{ role: 'user', content: [{ text: question }] }],",
        '    }),',
        '  );',
        '}',
        '',
      ].join('\n');
      const expected = original.replace(
        "      system: [{ text: 'Refunds are possible within 30 days.' }],",
        "      system: [{ text: 'Refunds are possible within 30 days.' }, { cachePoint: { type: 'default' } }],",
      );
      await roundTrip('edits/bedrock.ts', original, 'edits/bedrock.ts#answer', 0, expected);
    });

    it('appends a cachePoint block on its own line to a multi-line Python content list', async () => {
      const original = [
        'import boto3',
        '',
        'bedrock = boto3.client("bedrock-runtime")',
        '',
        '',
        'def answer(question):',
        '    return bedrock.converse(',
        '        modelId="anthropic.claude-3-5-haiku-20241022-v1:0",',
        '        messages=[',
        '            {',
        '                "role": "user",',
        '                "content": [',
        '                    {"text": "Policy: refunds within 30 days."},',
        '                    {"text": "Plans: Free, Pro, Team."}',
        '                ],',
        '            },',
        '            {"role": "user", "content": [{"text": question}]},',
        '        ],',
        '    )',
        '',
      ].join('\n');
      const expected = original.replace(
        '                    {"text": "Plans: Free, Pro, Team."}\n',
        '                    {"text": "Plans: Free, Pro, Team."},\n                    {"cachePoint": {"type": "default"}}\n',
      );
      await roundTrip('edits/bedrock.py', original, 'edits/bedrock.py#answer', 0, expected);
    });
  });

  describe('Bedrock Converse, other models', () => {
    it('offers no cache point to a model without prompt caching (Llama)', async () => {
      assert.deepStrictEqual(
        (await offers('bedrock/converse.py', source('bedrock/converse.py'))).filter(([id]) => id === 'bedrock/converse.py#capped'),
        [['bedrock/converse.py#capped', 0, 'none']],
      );
    });
  });

  describe('OpenAI', () => {
    it('offers neither insertion nor removal, even with a cache_control block', async () => {
      const text = [
        "import OpenAI from 'openai';",
        'const client = new OpenAI();',
        "export const ask = () => client.chat.completions.create({ model: 'gpt-4o', messages: [{ role: 'system', content: 'Sys' }, { role: 'user', content: [{ type: 'text', text: 'x', cache_control: { type: 'ephemeral' } }] }] });",
        '',
      ].join('\n');
      const site = siteById(await extractFixture('edits/openai.ts', text), 'edits/openai.ts#ask');
      assert.deepStrictEqual(breakpoints(site), [false, true]);
      assert.deepStrictEqual(await offers('edits/openai.ts', text), [
        ['edits/openai.ts#ask', 0, 'none'],
        ['edits/openai.ts#ask', 1, 'none'],
      ]);
    });
  });

  describe('every SDK fixture', () => {
    const root = path.join(__dirname, '..', 'fixtures', 'sdks');
    const files = readdirSync(root).flatMap((folder) =>
      readdirSync(path.join(root, folder))
        .filter((name) => /\.(ts|js|py)$/.test(name))
        .map((name) => `${folder}/${name}`),
    );

    it('offers insertion only without a breakpoint and removal only with one; every edit reparses', async () => {
      let insertions = 0;
      let removals = 0;
      for (const file of files) {
        const result = await extractFixture(file);
        const original = source(file);
        for (const site of result.sites) {
          for (const [i, message] of site.messages.entries()) {
            const where = `${site.id} message ${i}`;
            if (message.cacheBreakpoint) assert.strictEqual(message.cacheBreakpointInsertion, undefined, where);
            else assert.strictEqual(message.cacheBreakpointRemoval, undefined, where);
            if (site.sdk.startsWith('openai') || site.sdk.startsWith('google')) {
              assert.strictEqual(message.cacheBreakpointInsertion, undefined, where);
              assert.strictEqual(message.cacheBreakpointRemoval, undefined, where);
            }
            for (const edits of [message.cacheBreakpointInsertion, message.cacheBreakpointRemoval]) {
              if (!edits) continue;
              if (edits === message.cacheBreakpointInsertion) insertions++;
              else removals++;
              const edited = await extractFixture(file, applyEdits(original, edits));
              assert.deepStrictEqual(edited.findings, result.findings, `${where}: the edited file parses`);
              const editedSite = siteById(edited, site.id);
              assert.deepStrictEqual(texts(editedSite).flat(), texts(site).flat(), `${where}: the same text is sent`);
            }
          }
        }
      }
      // The fixtures hold both kinds (a guard against the checks above passing vacuously).
      assert.ok(insertions >= 10, `${insertions} insertions`);
      assert.ok(removals >= 5, `${removals} removals`);
    });
  });
});
