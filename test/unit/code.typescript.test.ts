import * as assert from 'assert';
import { performance } from 'perf_hooks';
import { codeLanguage, parseCode } from '../../src/core/extract/code/parseCode';
import { NO_OTHER_FILES } from '../../src/core/codeModel/sourceReader';
import { generatedTypeScript } from './codeGenerated';
import { applyInsertion, callTo, dynamic, entry, locate, locateIn, parseFixture, parseSnippet, range, str, text } from './codeHelpers';

describe('TypeScript front end', () => {
  describe('the support fixture (imports, a file read, a class, loops)', () => {
    it('lists the imports and every call in document order', async () => {
      const { code } = await parseFixture('ts', 'support.ts');
      assert.strictEqual(code.file, 'support.ts');
      assert.strictEqual(code.language, 'typescript');
      assert.strictEqual(code.hasSyntaxErrors, false);
      assert.deepStrictEqual(code.imports, {
        OpenAI: { module: 'openai', name: 'default' },
        Anthropic: { module: '@anthropic-ai/sdk', name: 'default' },
        fs: { module: 'fs', name: '*' },
        path: { module: 'path', name: '*' },
        SYSTEM_PROMPT: { module: './prompts', name: 'SYSTEM_PROMPT' },
        tone: { module: './prompts', name: 'TONE' },
      });
      assert.deepStrictEqual(
        code.calls.map((site) => [site.call.callee, site.enclosingFunction, site.inLoop]),
        [
          ['OpenAI', '<module>', false],
          ['fs.readFileSync', '<module>', false],
          ['path.join', '<module>', false],
          ['messages.push', 'answer', false],
          ['client.chat.completions.create', 'answer', false],
          ['Anthropic', '<module>', false],
          ['Promise.all', 'Summarizer.summarize', false],
          ['documents.map', 'Summarizer.summarize', false],
          ['this.anthropic.messages.create', 'Summarizer.summarize', true],
          ['client.responses.create', 'classify', true],
        ],
      );
    });

    it('resolves the chat call: client root, env default, pushed messages, an imported constant', async () => {
      const { source, code } = await parseFixture('ts', 'support.ts');
      const site = callTo(code, 'client.chat.completions.create');
      assert.deepStrictEqual(site.call.chain, ['client', 'chat', 'completions', 'create']);
      assert.strictEqual(site.call.isNew, false);
      assert.strictEqual(site.commentAbove, 'promptcost: monthlyCalls=50000');
      assert.deepStrictEqual(site.call.range, range(14, 25, 18, 4));

      const root = site.call.root;
      assert.ok(root?.type === 'value' && root.value.kind === 'call');
      assert.deepStrictEqual(root.value.range, locate(source, 'client', 1));
      assert.strictEqual(root.value.call.callee, 'OpenAI');
      assert.strictEqual(root.value.call.isNew, true);
      assert.deepStrictEqual(root.value.call.range, locate(source, 'new OpenAI()'));
      assert.deepStrictEqual(root.value.call.root, { type: 'import', module: 'openai', name: 'default' });

      assert.strictEqual(site.call.args.positional.length, 1);
      const options = site.call.args.positional[0];
      assert.ok(options.kind === 'object');
      assert.deepStrictEqual(
        options.entries.map((e) => [e.key, e.keyRange, e.range]),
        [
          ['model', range(15, 4, 15, 9), range(15, 4, 15, 16)],
          ['messages', range(16, 4, 16, 12), range(16, 4, 16, 12)],
          ['temperature', range(17, 4, 17, 15), range(17, 4, 17, 20)],
        ],
      );
      assert.deepStrictEqual(
        entry(options, 'model'),
        str([text('gpt-4o-mini', locate(source, 'gpt-4o-mini'))], range(15, 11, 15, 16), { type: 'env-default', variable: 'SUPPORT_MODEL' }),
      );
      assert.deepStrictEqual(entry(options, 'temperature'), { kind: 'number', value: 0.2, range: range(17, 17, 17, 20) });

      const messages = entry(options, 'messages');
      assert.ok(messages?.kind === 'array');
      assert.strictEqual(messages.unresolvedSpreads, 0);
      assert.deepStrictEqual(messages.range, range(16, 4, 16, 12));
      assert.deepStrictEqual(
        messages.items.map((item) => entry(item, 'content')),
        [
          // From prompts.ts: its text, placed where this file names it.
          str([text('You are the support agent of Acme.\nAnswer briefly.', range(11, 47, 11, 60))], range(11, 47, 11, 60), {
            type: 'constant',
            name: 'SYSTEM_PROMPT',
            file: 'prompts.ts',
          }),
          str([text('Question: ', range(12, 42, 12, 52)), dynamic('${question}', 'question', range(12, 52, 12, 63))], range(12, 41, 12, 64), {
            type: 'literal',
          }),
        ],
      );
    });

    it('offers an insertion point after the trailing comma of a multi-line object, which reparses', async () => {
      const { source, code } = await parseFixture('ts', 'support.ts');
      const options = callTo(code, 'client.chat.completions.create').call.args.positional[0];
      assert.ok(options.kind === 'object');
      assert.deepStrictEqual(options.insertion, { position: { line: 17, character: 21 }, before: '\n    ', after: ',', style: 'object' });
      const fixed = applyInsertion(source, options.insertion, 'max_completion_tokens: 500');
      assert.ok(fixed.includes('    temperature: 0.2,\n    max_completion_tokens: 500,\n  });'));
      const reparsed = await parseSnippet(fixed, 'support.ts');
      assert.strictEqual(reparsed.hasSyntaxErrors, false);
      const cap = entry(callTo(reparsed, 'client.chat.completions.create').call.args.positional[0], 'max_completion_tokens');
      assert.deepStrictEqual(cap, { kind: 'number', value: 500, range: range(18, 27, 18, 30) });
    });

    it('resolves a class field client in a per-item callback and prompt text read from disk', async () => {
      const { source, code } = await parseFixture('ts', 'support.ts');
      const site = callTo(code, 'this.anthropic.messages.create');
      assert.deepStrictEqual(site.call.chain, ['this', 'anthropic', 'messages', 'create']);
      assert.strictEqual(site.inLoop, true);
      assert.strictEqual(site.commentAbove, undefined);
      const root = site.call.root;
      assert.ok(root?.type === 'value' && root.value.kind === 'call');
      assert.strictEqual(root.value.call.callee, 'Anthropic');
      assert.deepStrictEqual(root.value.call.root, { type: 'import', module: '@anthropic-ai/sdk', name: 'default' });
      const options = site.call.args.positional[0];
      const readAt = locate(source, "fs.readFileSync(path.join(__dirname, 'prompts/system.md'), 'utf8')");
      assert.deepStrictEqual(
        entry(options, 'system'),
        str([text('Summarize the document in three bullet points.\n', readAt)], locate(source, 'GUIDE', 1), { type: 'file', path: 'prompts/system.md' }),
      );
      assert.deepStrictEqual(entry(options, 'max_tokens'), { kind: 'number', value: 512, range: locate(source, '512') });
      const messages = entry(options, 'messages');
      assert.ok(messages?.kind === 'array');
      assert.deepStrictEqual(entry(messages.items[0], 'content'), {
        kind: 'unknown',
        text: 'doc',
        name: 'doc',
        range: locateIn(source, 'content: doc', 'doc'),
      });
      assert.ok(options.kind === 'object');
      assert.deepStrictEqual(options.insertion, { position: { line: 28, character: 143 }, before: ', ', after: '', style: 'object' });
    });

    it('follows a re-exported constant two files deep into a template literal', async () => {
      const { source, code } = await parseFixture('ts', 'support.ts');
      const site = callTo(code, 'client.responses.create');
      assert.strictEqual(site.inLoop, true);
      assert.strictEqual(site.commentAbove, 'promptcost-ignore missing-max-tokens');
      const instructions = entry(site.call.args.positional[0], 'instructions');
      const toneName = locateIn(source, '${tone}', 'tone');
      assert.deepStrictEqual(
        instructions,
        str(
          [text('Be friendly.', toneName), text(' Label: ', locate(source, ' Label: ')), dynamic('${label}', 'label', locate(source, '${label}'))],
          locate(source, '`${tone} Label: ${label}`'),
          { type: 'literal' },
        ),
      );
    });
  });

  it('keeps the calls before and after a syntax error', async () => {
    const { code } = await parseFixture('ts', 'broken.ts');
    assert.strictEqual(code.hasSyntaxErrors, true);
    assert.deepStrictEqual(
      code.calls.map((site) => [site.call.callee, site.call.range.start.line]),
      [
        ['OpenAI', 1],
        ['client.chat.completions.create', 3],
        ['client.responses.create', 9],
      ],
    );
    const after = callTo(code, 'client.responses.create').call;
    assert.deepStrictEqual(
      entry(after.args.positional[0], 'input'),
      str([text('after the error', range(9, 56, 9, 71))], range(9, 55, 9, 72), { type: 'literal' }),
    );
    assert.deepStrictEqual(after.root?.type, 'value');
  });

  it('reads every import form', async () => {
    const source = [
      "import OpenAI, { AzureOpenAI as Azure, type ClientOptions } from 'openai';",
      "import * as ai from 'ai';",
      "import type { Foo } from './types';",
      "const Anthropic = require('@anthropic-ai/sdk');",
      "const { BedrockRuntimeClient, ConverseCommand: Converse } = require('@aws-sdk/client-bedrock-runtime');",
      "const { ChatOpenAI } = require('@langchain/openai').default;",
      "const generateText = require('ai').generateText;",
    ].join('\n');
    const code = await parseSnippet(source, 'src/imports.ts');
    assert.deepStrictEqual(code.imports, {
      OpenAI: { module: 'openai', name: 'default' },
      Azure: { module: 'openai', name: 'AzureOpenAI' },
      ai: { module: 'ai', name: '*' },
      Anthropic: { module: '@anthropic-ai/sdk', name: 'default' },
      BedrockRuntimeClient: { module: '@aws-sdk/client-bedrock-runtime', name: 'BedrockRuntimeClient' },
      Converse: { module: '@aws-sdk/client-bedrock-runtime', name: 'ConverseCommand' },
      generateText: { module: 'ai', name: 'generateText' },
    });
  });

  it('builds chains through calls, `new`, optional chaining, subscripts and casts', async () => {
    const source = [
      "import { BedrockRuntimeClient, ConverseCommand } from '@aws-sdk/client-bedrock-runtime';",
      "import { GoogleGenerativeAI } from '@google/generative-ai';",
      "await new BedrockRuntimeClient({}).send(new ConverseCommand({ modelId: 'm' }));",
      "const model = new GoogleGenerativeAI(key).getGenerativeModel({ model: 'gemini-1.5-flash' });",
      'await model.generateContent(q);',
      "client?.chat['completions']!.create({ model: 'x' });",
      '(await getClient() as OpenAI).responses.create({});',
      '(() => 1)();',
      'factory()();',
      'class Bot { client = new OpenAI(); handle = async () => this.client.responses.create({}); }',
    ].join('\n');
    const code = await parseSnippet(source, 'src/chains.ts');
    assert.deepStrictEqual(
      code.calls.map((site) => [
        site.call.callee,
        site.call.chain,
        site.call.isNew,
        site.call.root?.type === 'value' ? `value:${site.call.root.value.kind}` : (site.call.root?.type ?? 'none'),
      ]),
      [
        ['new BedrockRuntimeClient({}).send', ['BedrockRuntimeClient', 'send'], false, 'value:call'],
        ['BedrockRuntimeClient', ['BedrockRuntimeClient'], true, 'import'],
        ['ConverseCommand', ['ConverseCommand'], true, 'import'],
        ['new GoogleGenerativeAI(key).getGenerativeModel', ['GoogleGenerativeAI', 'getGenerativeModel'], false, 'value:call'],
        ['GoogleGenerativeAI', ['GoogleGenerativeAI'], true, 'import'],
        ['model.generateContent', ['model', 'generateContent'], false, 'value:call'],
        ["client?.chat['completions']!.create", ['client', 'chat', 'completions', 'create'], false, 'none'],
        ['(await getClient() as OpenAI).responses.create', ['getClient', 'responses', 'create'], false, 'value:call'],
        ['getClient', ['getClient'], false, 'none'],
        ['factory', ['factory'], false, 'none'],
        ['OpenAI', ['OpenAI'], true, 'none'],
        ['this.client.responses.create', ['this', 'client', 'responses', 'create'], false, 'value:call'],
      ],
    );
    // `model` is the getGenerativeModel(...) call, whose own root is the `new` call.
    const root = callTo(code, 'model.generateContent').call.root;
    assert.ok(root?.type === 'value' && root.value.kind === 'call');
    assert.strictEqual(root.value.call.callee, 'new GoogleGenerativeAI(key).getGenerativeModel');
    assert.deepStrictEqual(
      entry(root.value.call.args.positional[0], 'model'),
      str([text('gemini-1.5-flash', range(3, 71, 3, 87))], range(3, 70, 3, 88), { type: 'literal' }),
    );
    assert.strictEqual(root.value.call.root?.type === 'value' && root.value.call.root.value.kind === 'call' && root.value.call.root.value.call.isNew, true);
  });

  it('names enclosing functions and marks loops and per-item callbacks', async () => {
    const source = [
      'for (let i = init(); check(i); step(i)) body(i);',
      'while (cond()) { inner(); }',
      'do { d(); } while (w());',
      'for (const x of source()) forOf(x);',
      'for await (const chunk of stream()) forAwait(chunk);',
      'items.forEach((x) => each(x));',
      'await Promise.all(items.map(async (x) => mapped(x)));',
      'Array.from({ length: 3 }, () => fromCb());',
      'const handler = function () { notLoop(); };',
      'const o = { async summarize() { objMethod(); }, run: () => objArrow() };',
      'class K { field = async () => fieldArrow(); static make() { staticM(); } constructor() { ctor(); } }',
      'export default () => defaultArrow();',
      'module.exports.handler = async () => cjs();',
      'app.post("/x", async () => { anonymous(); });',
    ].join('\n');
    const code = await parseSnippet(source, 'src/loops.ts');
    assert.deepStrictEqual(
      code.calls.map((site) => `${site.call.callee} ${site.enclosingFunction}${site.inLoop ? ' loop' : ''}`),
      [
        'init <module>',
        'check <module> loop',
        'step <module> loop',
        'body <module> loop',
        'cond <module> loop',
        'inner <module> loop',
        'd <module> loop',
        'w <module> loop',
        'source <module>',
        'forOf <module> loop',
        'stream <module>',
        'forAwait <module> loop',
        'items.forEach <module>',
        'each <module> loop',
        'Promise.all <module>',
        'items.map <module>',
        'mapped <module> loop',
        'Array.from <module>',
        'fromCb <module> loop',
        'notLoop handler',
        'objMethod o.summarize',
        'objArrow o.run',
        'fieldArrow K.field',
        'staticM K.make',
        'ctor K.constructor',
        'defaultArrow default',
        'cjs handler',
        'app.post <module>',
        'anonymous <module>',
      ],
    );
  });

  it('takes the comment directly above a call or its statement, not one after a blank line or after code', async () => {
    const source = [
      '// promptcost: monthlyCalls=100',
      '// second line',
      'const a = await first();',
      '/**',
      ' * promptcost: outputTokens=50',
      ' */',
      'second();',
      '// detached',
      '',
      'third();',
      'x(); // trailing',
      'fourth();',
      'const [r1, r2] = await Promise.all([',
      '  // promptcost-ignore missing-max-tokens',
      '  one(),',
      '  two(),',
      ']);',
    ].join('\n');
    const code = await parseSnippet(source, 'src/comments.ts');
    assert.deepStrictEqual(
      code.calls.map((site) => [site.call.callee, site.commentAbove]),
      [
        ['first', 'promptcost: monthlyCalls=100\nsecond line'],
        ['second', 'promptcost: outputTokens=50'],
        ['third', undefined],
        ['x', undefined],
        ['fourth', undefined],
        ['Promise.all', undefined],
        ['one', 'promptcost-ignore missing-max-tokens'],
        ['two', undefined],
      ],
    );
  });

  describe('insertion points', () => {
    const cases: Array<{ name: string; source: string; expected: { line: number; character: number; before: string; after: string }; fixed: string }> = [
      {
        name: 'a single-line object',
        source: "create({ model: 'x', messages });",
        expected: { line: 0, character: 29, before: ', ', after: '' },
        fixed: "create({ model: 'x', messages, max_tokens: 5 });",
      },
      {
        name: 'a multi-line object without a trailing comma',
        source: "create({\n  model: 'x',\n  messages\n});",
        expected: { line: 2, character: 10, before: ',\n  ', after: '' },
        fixed: "create({\n  model: 'x',\n  messages,\n  max_tokens: 5\n});",
      },
      {
        name: 'a trailing comma followed by a comment',
        source: "create({\n    model: 'x',\n    messages, // the chat\n});",
        expected: { line: 2, character: 25, before: '\n    ', after: ',' },
        fixed: "create({\n    model: 'x',\n    messages, // the chat\n    max_tokens: 5,\n});",
      },
      {
        name: 'an empty object',
        source: 'create({});',
        expected: { line: 0, character: 8, before: ' ', after: ' ' },
        fixed: 'create({ max_tokens: 5 });',
      },
      {
        name: 'a CRLF file',
        source: "create({\r\n  model: 'x',\r\n});",
        expected: { line: 1, character: 13, before: '\r\n  ', after: ',' },
        fixed: "create({\r\n  model: 'x',\r\n  max_tokens: 5,\r\n});",
      },
    ];
    for (const { name, source, expected, fixed } of cases) {
      it(`in ${name}`, async () => {
        const code = await parseSnippet(source, 'src/insert.ts');
        const options = code.calls[0].call.args.positional[0];
        assert.ok(options.kind === 'object');
        assert.deepStrictEqual(options.insertion, {
          position: { line: expected.line, character: expected.character },
          before: expected.before,
          after: expected.after,
          style: 'object',
        });
        assert.strictEqual(applyInsertion(source, options.insertion, 'max_tokens: 5'), fixed);
      });
    }

    it('of an argument list: after the last argument, or inside empty parentheses', async () => {
      const code = await parseSnippet('f(a,\n  b);\ng();', 'src/args.ts');
      assert.deepStrictEqual(code.calls[0].call.args.insertion, { position: { line: 1, character: 3 }, before: ',\n  ', after: '', style: 'object' });
      assert.deepStrictEqual(code.calls[1].call.args.insertion, { position: { line: 2, character: 2 }, before: '', after: '', style: 'object' });
    });
  });

  it('parses JSX in .jsx and .tsx files', async () => {
    const jsx = await parseSnippet('const view = <Button onClick={() => track("x")}>{label}</Button>;', 'src/view.jsx');
    assert.strictEqual(jsx.language, 'javascript');
    assert.strictEqual(jsx.hasSyntaxErrors, false);
    assert.deepStrictEqual(
      jsx.calls.map((site) => site.call.callee),
      ['track'],
    );
    const tsx = await parseSnippet('export const View = (p: Props) => <div>{format<string>(p.x)}</div>;', 'src/view.tsx');
    assert.strictEqual(tsx.hasSyntaxErrors, false);
    assert.deepStrictEqual(
      tsx.calls.map((site) => site.call.callee),
      ['format'],
    );
  });

  it('picks the language by extension and ignores other files', async () => {
    assert.deepStrictEqual(['a.ts', 'a.mts', 'a.cts', 'a.tsx', 'a.js', 'a.mjs', 'a.cjs', 'a.jsx', 'a.py', 'a.md', 'a.d.ts', 'Makefile'].map(codeLanguage), [
      'typescript',
      'typescript',
      'typescript',
      'typescript',
      'javascript',
      'javascript',
      'javascript',
      'javascript',
      'python',
      undefined,
      'typescript',
      undefined,
    ]);
    assert.strictEqual(await parseCode('client.create()', 'notes.md', NO_OTHER_FILES), undefined);
  });

  it('reads broken input as broken, never as a failure of its own', async () => {
    // Each input with whether it has syntax errors: an exception anywhere in parsing or resolution rejects
    // (no longer passed off as a syntax error), and a call that fails to be read is a failure, so both would show.
    // Each input, whether it has syntax errors, and where reading stopped when brackets nest too deep for the parser.
    const inputs: Array<[string, boolean, number?]> = [
      ['', false],
      ['\u0000\uFFFF\uD800 binary', true],
      ['['.repeat(5000), false, 0],
      ['f('.repeat(2000), false, 0],
      ['`${'.repeat(500), false, 0],
      ["const x = 'a' +".repeat(300), true],
      ['class { constructor( { this.x = }', true],
    ];
    for (const [input, hasSyntaxErrors, readUpTo] of inputs) {
      const code = await parseCode(input, 'src/junk.ts', NO_OTHER_FILES);
      assert.deepStrictEqual(
        [code?.hasSyntaxErrors, code?.calls.length, code?.failures, code?.readUpTo],
        [hasSyntaxErrors, 0, [], readUpTo],
        JSON.stringify(input.slice(0, 20)),
      );
    }
  });

  it('parses a generated 5,000-line file', async function () {
    const { text: source, calls } = generatedTypeScript(5000);
    const started = performance.now();
    const code = await parseCode(source, 'src/generated.ts', NO_OTHER_FILES);
    const ms = performance.now() - started;
    this.test!.title += ` (${ms.toFixed(0)} ms)`;
    assert.strictEqual(code?.calls.length, calls);
    assert.strictEqual(calls, 2507);
    assert.strictEqual(code?.hasSyntaxErrors, false);
  });
});
