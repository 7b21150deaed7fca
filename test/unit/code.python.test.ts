import * as assert from 'assert';
import { performance } from 'perf_hooks';
import { parseCode } from '../../src/core/extract/code/parseCode';
import { NO_OTHER_FILES } from '../../src/core/codeModel/sourceReader';
import { generatedPython } from './codeGenerated';
import { applyInsertion, callTo, dynamic, entry, locate, locateIn, parseFixture, parseSnippet, range, str, text } from './codeHelpers';

describe('Python front end', () => {
  describe('the app fixture (relative and package imports, a file read, a class, comprehensions)', () => {
    it('lists the imports and every call in document order', async () => {
      const { code } = await parseFixture('py', 'app/main.py');
      assert.strictEqual(code.language, 'python');
      assert.strictEqual(code.hasSyntaxErrors, false);
      assert.deepStrictEqual(code.imports, {
        asyncio: { module: 'asyncio', name: '*' },
        os: { module: 'os', name: '*' },
        Path: { module: 'pathlib', name: 'Path' },
        OpenAI: { module: 'openai', name: 'OpenAI' },
        AsyncAnthropic: { module: 'anthropic', name: 'AsyncAnthropic' },
        SYSTEM: { module: '.prompts', name: 'SYSTEM' },
        TEMPLATE: { module: '.prompts', name: 'USER_TEMPLATE' },
        prompts: { module: 'app', name: 'prompts' },
      });
      assert.deepStrictEqual(
        code.calls.map((site) => [site.call.callee, site.enclosingFunction, site.inLoop]),
        [
          ['OpenAI', '<module>', false],
          ['os.getenv', '<module>', false],
          ['(Path(__file__).parent / "assets" / "guide.md").read_text', '<module>', false],
          ['Path', '<module>', false],
          ['messages.append', 'answer', false],
          ['TEMPLATE.format', 'answer', false],
          ['client.chat.completions.create', 'answer', false],
          ['AsyncAnthropic', 'Summarizer.__init__', false],
          ['asyncio.gather', 'Summarizer.summarize', false],
          ['self.client.messages.create', 'Summarizer.summarize', true],
          ['client.responses.create', 'classify', true],
        ],
      );
    });

    it('resolves the chat call: client root, env default, appended messages, constants of another module', async () => {
      const { source, code } = await parseFixture('py', 'app/main.py');
      const site = callTo(code, 'client.chat.completions.create');
      assert.deepStrictEqual(site.call.chain, ['client', 'chat', 'completions', 'create']);
      assert.strictEqual(site.call.isNew, false);
      assert.strictEqual(site.commentAbove, 'promptcost: monthlyCalls=20000');
      assert.deepStrictEqual(site.call.range, range(19, 15, 23, 5));
      const root = site.call.root;
      assert.ok(root?.type === 'value' && root.value.kind === 'call');
      assert.strictEqual(root.value.call.callee, 'OpenAI');
      assert.deepStrictEqual(root.value.call.root, { type: 'import', module: 'openai', name: 'OpenAI' });

      const { args } = site.call;
      assert.deepStrictEqual(args.positional, []);
      assert.deepStrictEqual(
        args.named.map((e) => [e.key, e.keyRange, e.range]),
        [
          ['model', range(20, 8, 20, 13), range(20, 8, 20, 19)],
          ['messages', range(21, 8, 21, 16), range(21, 8, 21, 25)],
          ['temperature', range(22, 8, 22, 19), range(22, 8, 22, 23)],
        ],
      );
      assert.deepStrictEqual(
        args.named[0].value,
        str([text('gpt-4o-mini', locate(source, 'gpt-4o-mini'))], range(20, 14, 20, 19), { type: 'env-default', variable: 'SUPPORT_MODEL' }),
      );
      const messages = args.named[1].value;
      assert.ok(messages.kind === 'array');
      const systemAt = locateIn(source, '"content": SYSTEM', 'SYSTEM');
      const templateAt = locateIn(source, 'TEMPLATE.format', 'TEMPLATE');
      assert.deepStrictEqual(
        messages.items.map((item) => entry(item, 'content')),
        [
          // textwrap.dedent of a triple-quoted string in app/prompts.py, placed where this file names it.
          str([text('You are the support agent of Acme.\nAnswer briefly.\n', systemAt)], systemAt, {
            type: 'constant',
            name: 'SYSTEM',
            file: 'app/prompts.py',
          }),
          str([text('Customer question: ', templateAt), dynamic('{question}', 'question', templateAt)], locate(source, 'TEMPLATE.format(question=question)'), {
            type: 'literal',
          }),
        ],
      );
    });

    it('offers a keyword-argument insertion point after the trailing comma, which reparses', async () => {
      const { source, code } = await parseFixture('py', 'app/main.py');
      const { insertion } = callTo(code, 'client.chat.completions.create').call.args;
      assert.deepStrictEqual(insertion, { position: { line: 22, character: 24 }, before: '\n        ', after: ',', style: 'kwargs' });
      const fixed = applyInsertion(source, insertion, 'max_completion_tokens=500');
      assert.ok(fixed.includes('        temperature=0.2,\n        max_completion_tokens=500,\n    )'));
      const reparsed = await parseSnippet(fixed, 'app/main.py');
      assert.strictEqual(reparsed.hasSyntaxErrors, false);
      const cap = callTo(reparsed, 'client.chat.completions.create').call.args.named.find((e) => e.key === 'max_completion_tokens');
      assert.deepStrictEqual(cap?.value, { kind: 'number', value: 500, range: range(23, 30, 23, 33) });
    });

    it('resolves `self.client` set in __init__, a comprehension loop and a file read through pathlib', async () => {
      const { source, code } = await parseFixture('py', 'app/main.py');
      const site = callTo(code, 'self.client.messages.create');
      assert.deepStrictEqual(site.call.chain, ['self', 'client', 'messages', 'create']);
      assert.strictEqual(site.inLoop, true);
      const root = site.call.root;
      assert.ok(root?.type === 'value' && root.value.kind === 'call');
      assert.strictEqual(root.value.call.callee, 'AsyncAnthropic');
      assert.deepStrictEqual(root.value.call.root, { type: 'import', module: 'anthropic', name: 'AsyncAnthropic' });
      const system = site.call.args.named.find((e) => e.key === 'system')?.value;
      const readAt = locate(source, '(Path(__file__).parent / "assets" / "guide.md").read_text()');
      assert.deepStrictEqual(
        system,
        str([text('Summarize the document in three bullet points.\n', readAt)], locateIn(source, 'system=GUIDE', 'GUIDE'), {
          type: 'file',
          path: 'app/assets/guide.md',
        }),
      );

      const gather = callTo(code, 'asyncio.gather');
      assert.strictEqual(gather.inLoop, false);
      assert.strictEqual(gather.call.args.unresolvedSpreads, 1);
      assert.strictEqual(gather.call.args.positional.length, 1);
      assert.strictEqual(gather.call.args.positional[0].kind, 'unknown');
    });

    it('reads a constant through a module imported as a package attribute into an f-string', async () => {
      const { source, code } = await parseFixture('py', 'app/main.py');
      const site = callTo(code, 'client.responses.create');
      assert.strictEqual(site.commentAbove, 'promptcost-ignore missing-max-tokens');
      const instructions = site.call.args.named.find((e) => e.key === 'instructions')?.value;
      assert.deepStrictEqual(
        instructions,
        str(
          [
            text('Be friendly.', locate(source, 'prompts.TONE')),
            text(' Label: ', locate(source, ' Label: ')),
            dynamic('{label}', 'label', locate(source, '{label}')),
          ],
          locate(source, 'f"{prompts.TONE} Label: {label}"'),
          { type: 'literal' },
        ),
      );
    });
  });

  it('keeps the calls before and after a syntax error', async () => {
    const { code } = await parseFixture('py', 'broken.py');
    assert.strictEqual(code.hasSyntaxErrors, true);
    assert.deepStrictEqual(
      code.calls.map((site) => [site.call.callee, site.call.range.start.line]),
      [
        ['OpenAI', 1],
        ['client.chat.completions.create', 3],
        ['client.responses.create', 9],
      ],
    );
    const model = callTo(code, 'client.responses.create').call.args.named.find((e) => e.key === 'model');
    assert.deepStrictEqual(model?.value, str([text('gpt-5', range(9, 31, 9, 36))], range(9, 30, 9, 37), { type: 'literal' }));
  });

  it('reads every import form', async () => {
    const source = [
      'import os, anthropic as ant',
      'import google.generativeai as genai',
      'import app.prompts',
      'from . import prompts',
      'from .prompts import SYSTEM as S, USER',
      'from ..shared.text import TONE',
      'from openai import (OpenAI,',
      '    AzureOpenAI)',
      'from litellm import *',
    ].join('\n');
    const code = await parseSnippet(source, 'app/sub/imports.py');
    assert.deepStrictEqual(code.imports, {
      os: { module: 'os', name: '*' },
      ant: { module: 'anthropic', name: '*' },
      genai: { module: 'google.generativeai', name: '*' },
      app: { module: 'app', name: '*' },
      prompts: { module: '.', name: 'prompts' },
      S: { module: '.prompts', name: 'SYSTEM' },
      USER: { module: '.prompts', name: 'USER' },
      TONE: { module: '..shared.text', name: 'TONE' },
      OpenAI: { module: 'openai', name: 'OpenAI' },
      AzureOpenAI: { module: 'openai', name: 'AzureOpenAI' },
    });
  });

  it('builds chains through calls and resolves roots of constructor chains', async () => {
    const source = [
      'import boto3',
      'from langchain_openai import ChatOpenAI',
      'boto3.client("bedrock-runtime").converse(modelId="m", messages=[])',
      'ChatOpenAI(model="gpt-4o", max_tokens=500).invoke(msgs)',
      'llm = ChatOpenAI(model="gpt-4o-mini")',
      'llm.invoke("hi")',
      'super().run()',
    ].join('\n');
    const code = await parseSnippet(source, 'app/chains.py');
    assert.deepStrictEqual(
      code.calls.map((site) => [
        site.call.callee,
        site.call.chain,
        site.call.root?.type === 'value' ? `value:${site.call.root.value.kind}` : (site.call.root?.type ?? 'none'),
      ]),
      [
        ['boto3.client("bedrock-runtime").converse', ['boto3', 'client', 'converse'], 'value:call'],
        ['boto3.client', ['boto3', 'client'], 'import'],
        ['ChatOpenAI(model="gpt-4o", max_tokens=500).invoke', ['ChatOpenAI', 'invoke'], 'value:call'],
        ['ChatOpenAI', ['ChatOpenAI'], 'import'],
        ['ChatOpenAI', ['ChatOpenAI'], 'import'],
        ['llm.invoke', ['llm', 'invoke'], 'value:call'],
        ['super().run', ['super', 'run'], 'value:call'],
        ['super', ['super'], 'none'],
      ],
    );
    const root = callTo(code, 'ChatOpenAI(model="gpt-4o", max_tokens=500).invoke').call.root;
    assert.ok(root?.type === 'value' && root.value.kind === 'call');
    assert.deepStrictEqual(
      root.value.call.args.named.map((e) => [e.key, e.value.kind === 'number' ? e.value.value : e.value.kind]),
      [
        ['model', 'string'],
        ['max_tokens', 500],
      ],
    );
  });

  it('names enclosing functions and marks loops, comprehensions and per-item lambdas', async () => {
    const source = [
      'for x in source():',
      '    body(x)',
      'else:',
      '    after_else()',
      'while cond():',
      '    inner()',
      'ys = [comp(y) for y in first() for z in second(y) if keep(z)]',
      'g = {k: dcomp(k) for k in keys()}',
      'results = await asyncio.gather(*[gathered(d) for d in docs])',
      'list(map(lambda d: mapped(d), docs))',
      'fn = lambda: lam()',
      'class K:',
      '    @decorator(arg())',
      '    async def method(self):',
      '        def nested():',
      '            nest()',
      '        return meth()',
      'async def top():',
      '    async for chunk in stream():',
      '        streamed(chunk)',
    ].join('\n');
    const code = await parseSnippet(source, 'app/loops.py');
    assert.deepStrictEqual(
      code.calls.map((site) => `${site.call.callee} ${site.enclosingFunction}${site.inLoop ? ' loop' : ''}`),
      [
        'source <module>',
        'body <module> loop',
        'after_else <module>',
        'cond <module> loop',
        'inner <module> loop',
        'comp <module> loop',
        'first <module>',
        'second <module> loop',
        'keep <module> loop',
        'dcomp <module> loop',
        'keys <module>',
        'asyncio.gather <module>',
        'gathered <module> loop',
        'list <module>',
        'map <module>',
        'mapped <module> loop',
        'lam fn',
        'decorator <module>',
        'arg <module>',
        'nest nested',
        'meth K.method',
        'stream top',
        'streamed top loop',
      ],
    );
  });

  it('takes the comment lines directly above a call or its statement', async () => {
    const source = [
      'def run():',
      '    # promptcost: monthlyCalls=100',
      '    # second line',
      '    first()',
      '    # detached',
      '',
      '    second()',
      '    x()  # trailing',
      '    third()',
      '    results = gather(',
      '        # promptcost-ignore missing-max-tokens',
      '        one(),',
      '        two(),',
      '    )',
    ].join('\n');
    const code = await parseSnippet(source, 'app/comments.py');
    assert.deepStrictEqual(
      code.calls.map((site) => [site.call.callee, site.commentAbove]),
      [
        ['first', 'promptcost: monthlyCalls=100\nsecond line'],
        ['second', undefined],
        ['x', undefined],
        ['third', undefined],
        ['gather', undefined],
        ['one', 'promptcost-ignore missing-max-tokens'],
        ['two', undefined],
      ],
    );
  });

  describe('insertion points', () => {
    const cases: Array<{ name: string; source: string; expected: { line: number; character: number; before: string; after: string }; fixed: string }> = [
      {
        name: 'single-line keyword arguments',
        source: 'create(model="x", messages=m)',
        expected: { line: 0, character: 28, before: ', ', after: '' },
        fixed: 'create(model="x", messages=m, max_tokens=5)',
      },
      {
        name: 'multi-line arguments without a trailing comma',
        source: 'create(\n    model="x",\n    messages=m\n)',
        expected: { line: 2, character: 14, before: ',\n    ', after: '' },
        fixed: 'create(\n    model="x",\n    messages=m,\n    max_tokens=5\n)',
      },
      {
        name: 'a trailing comma followed by a comment',
        source: 'create(\n    model="x",\n    messages=m,  # the chat\n)',
        expected: { line: 2, character: 27, before: '\n    ', after: ',' },
        fixed: 'create(\n    model="x",\n    messages=m,  # the chat\n    max_tokens=5,\n)',
      },
      {
        name: 'aligned continuation lines',
        source: 'create(model="x",\n       messages=m)',
        expected: { line: 1, character: 17, before: ',\n       ', after: '' },
        fixed: 'create(model="x",\n       messages=m,\n       max_tokens=5)',
      },
      {
        name: 'empty parentheses',
        source: 'create()',
        expected: { line: 0, character: 7, before: '', after: '' },
        fixed: 'create(max_tokens=5)',
      },
    ];
    for (const { name, source, expected, fixed } of cases) {
      it(`in ${name}`, async () => {
        const code = await parseSnippet(source, 'app/insert.py');
        const { insertion } = code.calls[0].call.args;
        assert.deepStrictEqual(insertion, {
          position: { line: expected.line, character: expected.character },
          before: expected.before,
          after: expected.after,
          style: 'kwargs',
        });
        assert.strictEqual(applyInsertion(source, insertion, 'max_tokens=5'), fixed);
      });
    }

    it('of a dict literal', async () => {
      const source = 'create(config={\n    "temperature": 0,\n})';
      const code = await parseSnippet(source, 'app/insert.py');
      const config = code.calls[0].call.args.named[0].value;
      assert.ok(config.kind === 'object');
      assert.deepStrictEqual(config.insertion, { position: { line: 1, character: 21 }, before: '\n    ', after: ',', style: 'dict' });
      assert.strictEqual(
        applyInsertion(source, config.insertion, '"max_output_tokens": 5'),
        'create(config={\n    "temperature": 0,\n    "max_output_tokens": 5,\n})',
      );
    });
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
      ['f"{'.repeat(300), false, 0],
      ['x = "a" +\n'.repeat(300), true],
      ['class K:\n    def __init__(self:\n        self.x = ', true],
    ];
    for (const [input, hasSyntaxErrors, readUpTo] of inputs) {
      const code = await parseCode(input, 'app/junk.py', NO_OTHER_FILES);
      assert.deepStrictEqual(
        [code?.hasSyntaxErrors, code?.calls.length, code?.failures, code?.readUpTo],
        [hasSyntaxErrors, 0, [], readUpTo],
        JSON.stringify(input.slice(0, 20)),
      );
    }
  });

  it('parses a generated 5,000-line file', async function () {
    const { text: source, calls } = generatedPython(5000);
    const started = performance.now();
    const code = await parseCode(source, 'app/generated.py', NO_OTHER_FILES);
    const ms = performance.now() - started;
    this.test!.title += ` (${ms.toFixed(0)} ms)`;
    assert.strictEqual(code?.calls.length, calls);
    assert.strictEqual(calls, 2259);
    assert.strictEqual(code?.hasSyntaxErrors, false);
  });
});
