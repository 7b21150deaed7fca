import * as assert from 'assert';
import type { CodeValue } from '../../src/core/codeModel/codeModel';
import type { SourceReader } from '../../src/core/codeModel/sourceReader';
import type { Range } from '../../src/core/types';
import { callTo, dynamic, entry, folderReader, locate, locateIn, parseSnippet, range, str, text } from './codeHelpers';

/** The arguments of the first `probe(...)` call in a snippet placed at `file` of a fixture folder. */
async function probe(source: string, file: string, reader: SourceReader): Promise<CodeValue[]> {
  const code = await parseSnippet(source, file, reader);
  const site = callTo(code, 'probe');
  return [...site.call.args.positional, ...site.call.args.named.map((named) => named.value)];
}

/** A static segment for `needle` at its `occurrence`-th place in `source`. */
function at(source: string, needle: string, occurrence = 0): ReturnType<typeof text> {
  return text(needle, locate(source, needle, occurrence));
}

function unknown(value: string, where: Range, name?: string): CodeValue {
  const result: CodeValue = { kind: 'unknown', text: value, range: where };
  if (name !== undefined) result.name = name;
  return result;
}

/** A parameter as resolution reads it: unknown, under its name, with its default beside it. */
function withDefault(source: string, name: string, parameterDefault: CodeValue): CodeValue {
  return { ...unknown(name, locate(source, name, 1), name), parameterDefault } as CodeValue;
}

describe('Value resolution', () => {
  describe('TypeScript / JavaScript', () => {
    const reader = folderReader('ts');
    const resolve = (source: string, file = 'values.ts') => probe(source, file, reader);

    it('reads all quote kinds with exact ranges, decoding escapes', async () => {
      const source = "probe('single', \"double\", `back`, 'tab\\there \\u00e9\\x41\\\nnext', '');";
      const [single, double, back, escaped, empty] = await resolve(source);
      assert.deepStrictEqual(single, str([at(source, 'single')], locate(source, "'single'"), { type: 'literal' }));
      assert.deepStrictEqual(double, str([at(source, 'double')], locate(source, '"double"'), { type: 'literal' }));
      assert.deepStrictEqual(back, str([at(source, 'back')], locate(source, '`back`'), { type: 'literal' }));
      assert.deepStrictEqual(escaped, str([text('tab\there éA' + 'next', range(0, 35, 1, 4))], range(0, 34, 1, 5), { type: 'literal' }));
      assert.deepStrictEqual(empty, str([], locate(source, "''"), { type: 'literal' }));
    });

    it('keeps template text static, `${x}` dynamic, and splices known constants and numbers', async () => {
      const source = "const NAME = 'Acme';\nprobe(`Dear ${user.name}, welcome to ${NAME} (${1 + 2}).`);";
      const [value] = await resolve(source);
      assert.deepStrictEqual(
        value,
        str(
          [
            at(source, 'Dear '),
            dynamic('${user.name}', 'user.name', locate(source, '${user.name}')),
            at(source, ', welcome to '),
            at(source, 'Acme'),
            at(source, ' ('),
            text('3', locate(source, '1 + 2')),
            at(source, ').'),
          ],
          locate(source, '`Dear ${user.name}, welcome to ${NAME} (${1 + 2}).`'),
          { type: 'literal' },
        ),
      );
    });

    it('concatenates with `+`, joins arrays, trims and dedents with exact ranges', async () => {
      const source = [
        "const NAME = 'Acme';",
        "probe('Hello ' + NAME + '!' + count, ['a', NAME, later].join('\\n'), '  padded  '.trim(), dedent`",
        '    Line one',
        '      indented',
        '    Line three',
        '`);',
        'const later = 1;',
      ].join('\n');
      const [concat, joined, trimmed, dedented] = await resolve(source);
      assert.deepStrictEqual(
        concat,
        str(
          [at(source, 'Hello '), at(source, 'Acme'), at(source, '!'), dynamic('count', 'count', locate(source, 'count'))],
          locate(source, "'Hello ' + NAME + '!' + count"),
          {
            type: 'literal',
          },
        ),
      );
      const newline = text('\n', locate(source, '\\n'));
      assert.deepStrictEqual(
        joined,
        str(
          [text('a', locateIn(source, "['a'", 'a')), newline, at(source, 'Acme'), newline, dynamic('later', 'later', locate(source, 'later'))],
          locate(source, "['a', NAME, later].join('\\n')"),
          {
            type: 'literal',
          },
        ),
      );
      assert.deepStrictEqual(trimmed, str([at(source, 'padded')], locate(source, "'  padded  '.trim()"), { type: 'literal' }));
      // One segment from the first kept character to the last: the removed indentation is inside it.
      assert.deepStrictEqual(
        dedented,
        str(
          [text('Line one\n  indented\nLine three', range(2, 4, 4, 14))],
          { start: locate(source, 'dedent`').start, end: range(5, 0, 5, 1).end },
          { type: 'literal' },
        ),
      );
    });

    it('resolves constants in scope: module, enclosing function, block; parameters and later declarations stay unknown', async () => {
      const source = [
        "const MODEL = 'gpt-4o';",
        'function outer(model: string) {',
        "  const inner = 'inner text';",
        '  return () => {',
        "    if (x) { const blocked = 'no'; }",
        '    probe(MODEL, inner, model, blocked, LATE, USED_LATER);',
        '  };',
        '}',
        "const LATE = 'declared after the function';",
        "probe(USED_LATER); const USED_LATER = 'tdz';",
      ].join('\n');
      const [model, inner, parameter, blocked, late, usedLater] = await resolve(source);
      assert.deepStrictEqual(model, str([at(source, 'gpt-4o')], locate(source, 'MODEL', 1), { type: 'constant', name: 'MODEL' }));
      assert.deepStrictEqual(inner, str([at(source, 'inner text')], locateIn(source, 'MODEL, inner', 'inner'), { type: 'constant', name: 'inner' }));
      assert.deepStrictEqual(parameter, unknown('model', locateIn(source, 'inner, model', 'model'), 'model'));
      assert.deepStrictEqual(blocked, unknown('blocked', locate(source, 'blocked', 1), 'blocked'));
      assert.deepStrictEqual(late, str([at(source, 'declared after the function')], locate(source, 'LATE'), { type: 'constant', name: 'LATE' }));
      // A function body may run after the module has loaded; a module-level use before the declaration cannot.
      assert.deepStrictEqual(usedLater, str([at(source, 'tdz')], locate(source, 'USED_LATER'), { type: 'constant', name: 'USED_LATER' }));
      const code = await parseSnippet(source, 'values.ts', reader);
      assert.deepStrictEqual(callTo(code, 'probe', 1).call.args.positional[0], unknown('USED_LATER', locate(source, 'USED_LATER', 1), 'USED_LATER'));
    });

    it('reads env variables with and without defaults', async () => {
      const source = [
        "probe(process.env.MODEL ?? 'gpt-4o', process.env['MODEL'] || 'gpt-4.1', import.meta.env.VITE_MODEL ?? 'gpt-5',",
        "  process.env.MODEL, process.env.MAX ?? 700, Number(process.env.MAX ?? '800'), parseInt(process.env.MAX || '900', 10));",
      ].join('\n');
      const [nullish, or, vite, bare, numeric, converted, parsed] = await resolve(source);
      assert.deepStrictEqual(nullish, str([at(source, 'gpt-4o')], locate(source, "process.env.MODEL ?? 'gpt-4o'"), { type: 'env-default', variable: 'MODEL' }));
      assert.deepStrictEqual(or, str([at(source, 'gpt-4.1')], locate(source, "process.env['MODEL'] || 'gpt-4.1'"), { type: 'env-default', variable: 'MODEL' }));
      assert.deepStrictEqual(
        vite,
        str([at(source, 'gpt-5')], locate(source, "import.meta.env.VITE_MODEL ?? 'gpt-5'"), { type: 'env-default', variable: 'VITE_MODEL' }),
      );
      assert.deepStrictEqual(bare, { ...unknown('process.env.MODEL', locate(source, 'process.env.MODEL', 1), 'MODEL'), envRead: true });
      assert.deepStrictEqual(numeric, {
        ...unknown('process.env.MAX ?? 700', locate(source, 'process.env.MAX ?? 700'), 'MAX'),
        envRead: true,
        envDefault: { kind: 'number', value: 700, range: locate(source, '700') },
      });
      assert.deepStrictEqual(converted, {
        ...unknown("Number(process.env.MAX ?? '800')", locate(source, "Number(process.env.MAX ?? '800')"), 'MAX'),
        envDefault: { kind: 'number', value: 800, range: locate(source, "process.env.MAX ?? '800'") },
      });
      assert.deepStrictEqual(parsed, {
        ...unknown("parseInt(process.env.MAX || '900', 10)", locate(source, "parseInt(process.env.MAX || '900', 10)"), 'MAX'),
        envDefault: { kind: 'number', value: 900, range: locate(source, "process.env.MAX || '900'") },
      });
    });

    it('merges object spreads in order, later keys winning, and counts unresolved spreads', async () => {
      const source = [
        "const KEY = 'computed';",
        "const BASE = { model: 'gpt-4o', temperature: 0 };",
        "probe({ ...BASE, ...overrides, model: 'gpt-4o-mini', max_tokens: 4 * 256, 'quoted-key': true, [KEY]: null, messages, stream() {} });",
      ].join('\n');
      const [options] = await resolve(source);
      assert.ok(options.kind === 'object');
      assert.strictEqual(options.unresolvedSpreads, 1);
      assert.deepStrictEqual(
        options.range,
        locate(source, "{ ...BASE, ...overrides, model: 'gpt-4o-mini', max_tokens: 4 * 256, 'quoted-key': true, [KEY]: null, messages, stream() {} }"),
      );
      // The spread's `model` keeps its place (first) and takes the later value, as in JavaScript.
      assert.deepStrictEqual(
        options.entries.map((e) => [e.key, e.keyRange, e.range]),
        [
          ['model', locateIn(source, "model: 'gpt-4o-mini'", 'model'), locate(source, "model: 'gpt-4o-mini'")],
          ['temperature', locate(source, 'temperature'), locate(source, 'temperature: 0')],
          ['max_tokens', locate(source, 'max_tokens'), locate(source, 'max_tokens: 4 * 256')],
          ['quoted-key', locate(source, "'quoted-key'"), locate(source, "'quoted-key': true")],
          ['computed', locate(source, '[KEY]'), locate(source, '[KEY]: null')],
          ['messages', locate(source, 'messages'), locate(source, 'messages')],
          ['stream', locate(source, 'stream'), locate(source, 'stream() {}')],
        ],
      );
      assert.deepStrictEqual(entry(options, 'model'), str([at(source, 'gpt-4o-mini')], locate(source, "'gpt-4o-mini'"), { type: 'literal' }));
      assert.deepStrictEqual(entry(options, 'temperature'), { kind: 'number', value: 0, range: locateIn(source, 'temperature: 0', '0') });
      assert.deepStrictEqual(entry(options, 'max_tokens'), { kind: 'number', value: 1024, range: locate(source, '4 * 256') });
      assert.deepStrictEqual(entry(options, 'quoted-key'), { kind: 'boolean', value: true, range: locate(source, 'true') });
      assert.deepStrictEqual(entry(options, 'computed'), { kind: 'null', range: locate(source, 'null') });
      assert.deepStrictEqual(entry(options, 'messages'), unknown('messages', locate(source, 'messages'), 'messages'));
      assert.deepStrictEqual(entry(options, 'stream'), unknown('stream() {}', locate(source, 'stream() {}')));
    });

    it('builds message arrays from spreads and pushes after the declaration', async () => {
      const source = [
        'export async function chat(question: string, history: Msg[]) {',
        "  const messages = [{ role: 'system', content: SYSTEM }, ...history];",
        "  messages.push({ role: 'user', content: question });",
        '  for (const extra of extras) messages.push(extra);',
        '  probe({ messages });',
        "  messages.push({ role: 'assistant', content: 'late' });",
        '}',
        "const SYSTEM = 'Be brief.';",
      ].join('\n');
      const [options] = await resolve(source);
      const messages = entry(options, 'messages');
      assert.ok(messages?.kind === 'array');
      // `...history` and the push inside the loop: two unknown stretches of items.
      assert.strictEqual(messages.unresolvedSpreads, 2);
      assert.deepStrictEqual(messages.range, locate(source, 'messages', 3));
      assert.deepStrictEqual(
        messages.items.map((item) => [entry(item, 'role'), entry(item, 'content')]),
        [
          [
            str([at(source, 'system')], locate(source, "'system'"), { type: 'literal' }),
            str([at(source, 'Be brief.')], locate(source, 'SYSTEM'), { type: 'constant', name: 'SYSTEM' }),
          ],
          [str([at(source, 'user')], locate(source, "'user'"), { type: 'literal' }), unknown('question', locate(source, 'question', 1), 'question')],
        ],
      );
    });

    it('reads prompt files through the source reader, relative to the root or to this file', async () => {
      const source = [
        "import { readFileSync } from 'node:fs';",
        "import { readFile } from 'fs/promises';",
        "import { join } from 'node:path';",
        "const viaDirname = readFileSync(join(__dirname, 'system.md'), 'utf-8');",
        "const fromRoot = fs.readFileSync('prompts/system.md', 'utf8');",
        "const viaUrl = readFileSync(new URL('./system.md', import.meta.url)).toString();",
        "const viaPromises = await fs.promises.readFile(path.resolve(__dirname, './system.md'), 'utf8');",
        "const PATH = path.join(process.cwd(), 'prompts', 'system.md');",
        "const viaAwait = await readFile(PATH, 'utf8');",
        "const missing = readFileSync('prompts/none.md', 'utf8');",
        "const outside = readFileSync('../../etc/passwd', 'utf8');",
        'probe(viaDirname, fromRoot, viaUrl, viaPromises, viaAwait, missing, outside);',
      ].join('\n');
      const values = await resolve(source, 'prompts/reader.ts');
      const content = 'Summarize the document in three bullet points.\n';
      const expressions = [
        "readFileSync(join(__dirname, 'system.md'), 'utf-8')",
        "fs.readFileSync('prompts/system.md', 'utf8')",
        "readFileSync(new URL('./system.md', import.meta.url))",
        "await fs.promises.readFile(path.resolve(__dirname, './system.md'), 'utf8')",
        "await readFile(PATH, 'utf8')",
      ];
      const names = ['viaDirname', 'fromRoot', 'viaUrl', 'viaPromises', 'viaAwait'];
      expressions.forEach((expression, i) => {
        const readAt = locate(source, expression.replace(/^await /, ''));
        assert.deepStrictEqual(values[i], str([text(content, readAt)], locate(source, names[i], 1), { type: 'file', path: 'prompts/system.md' }), names[i]);
      });
      assert.deepStrictEqual(values[5], unknown("readFileSync('prompts/none.md', 'utf8')", locate(source, 'missing', 1)));
      assert.deepStrictEqual(values[6], unknown("readFileSync('../../etc/passwd', 'utf8')", locate(source, 'outside', 1)));
    });

    it('follows imports: named, re-exported, `export *`, default, namespace members and CommonJS', async () => {
      const source = [
        "import GREETING, { MAX_TOKENS, FEW_SHOT } from './lib';",
        "import * as prompts from './prompts';",
        "const legacy = require('./lib/legacy');",
        "const { MODEL } = require('./lib/legacy.js');",
        'probe(GREETING, MAX_TOKENS, FEW_SHOT, prompts.SYSTEM_PROMPT, legacy.SUFFIX, MODEL);',
      ].join('\n');
      const [greeting, maxTokens, fewShot, system, suffix, model] = await resolve(source, 'main.ts');
      const placed = (needle: string, occurrence = 0) => locate(source, needle, occurrence);
      assert.deepStrictEqual(
        greeting,
        str([text('Welcome to ', placed('GREETING', 1)), text('Acme', placed('GREETING', 1)), text('.', placed('GREETING', 1))], placed('GREETING', 1), {
          type: 'constant',
          name: 'default',
          file: 'lib/index.ts',
        }),
      );
      assert.deepStrictEqual(maxTokens, { kind: 'number', value: 1024, range: placed('MAX_TOKENS', 1) });
      assert.ok(fewShot.kind === 'array');
      assert.deepStrictEqual(fewShot.range, placed('FEW_SHOT', 1));
      assert.deepStrictEqual(
        fewShot.items.map((item) => entry(item, 'content')),
        [
          str([text('Ping', placed('FEW_SHOT', 1))], placed('FEW_SHOT', 1), { type: 'literal' }),
          str([text('Pong', placed('FEW_SHOT', 1))], placed('FEW_SHOT', 1), { type: 'literal' }),
        ],
      );
      assert.deepStrictEqual(
        system,
        str([text('You are the support agent of Acme.\nAnswer briefly.', placed('prompts.SYSTEM_PROMPT'))], placed('prompts.SYSTEM_PROMPT'), {
          type: 'constant',
          name: 'SYSTEM_PROMPT',
          file: 'prompts.ts',
        }),
      );
      assert.deepStrictEqual(
        suffix,
        str([text('Legacy: ', placed('legacy.SUFFIX')), text('end', placed('legacy.SUFFIX'))], placed('legacy.SUFFIX'), {
          type: 'constant',
          name: 'SUFFIX',
          file: 'lib/legacy.js',
        }),
      );
      assert.deepStrictEqual(model, str([text('gpt-3.5-turbo', placed('MODEL', 1))], placed('MODEL', 1), { type: 'env-default', variable: 'LEGACY_MODEL' }));
    });

    it('follows imports up to four files away, and stops at cycles', async () => {
      const source = "import { V as near } from './hops/a1';\nimport { V as far } from './hops/b1';\nimport { A } from './cycle-a';\nprobe(near, far, A);";
      const [near, far, cycle] = await resolve(source, 'main.ts');
      assert.deepStrictEqual(
        near,
        str([text('four files away', locate(source, 'near', 1))], locate(source, 'near', 1), { type: 'constant', name: 'V', file: 'hops/a3.ts' }),
      );
      assert.deepStrictEqual(far, unknown('far', locate(source, 'far', 1), 'far'));
      // cycle-a's A = B + ' and A', cycle-b's B = A + ' and B': the second visit of A is unknown.
      const placed = locateIn(source, 'far, A)', 'A');
      assert.deepStrictEqual(
        cycle,
        str([dynamic('A', 'A', placed), text(' and B', placed), text(' and A', placed)], placed, { type: 'constant', name: 'A', file: 'cycle-a.ts' }),
      );
    });

    it('reads an imported file again once its text changed: the parse shared between analyses is of the old text', async () => {
      const texts: Record<string, string> = { 'shared.ts': "export const MODEL = 'gpt-4o';\n" };
      const changing: SourceReader = { read: async (file) => texts[file] };
      const source = "import { MODEL } from './shared';\nprobe(MODEL);";
      const model = async () => {
        const [value] = await probe(source, 'main.ts', changing);
        return value.kind === 'string' ? value.segments.map((segment) => segment.text).join('') : value.kind;
      };
      assert.strictEqual(await model(), 'gpt-4o');
      assert.strictEqual(await model(), 'gpt-4o');
      texts['shared.ts'] = "export const MODEL = 'gpt-4.1-mini';\n";
      assert.strictEqual(await model(), 'gpt-4.1-mini');
    });

    it('keeps calls as calls, numbers as numbers, and anything else unknown with its text', async () => {
      const source = "probe(openai('gpt-4o'), -5, 2 ** 10, true, null, undefined, cond ? 'a' : 'b', () => 1, user.name);";
      const [call, negative, power, yes, nothing, undef, ternary, arrow, member] = await resolve(source);
      assert.ok(call.kind === 'call');
      assert.deepStrictEqual(call.range, locate(source, "openai('gpt-4o')"));
      assert.strictEqual(call.call.callee, 'openai');
      assert.deepStrictEqual(call.call.args.positional, [str([at(source, 'gpt-4o')], locate(source, "'gpt-4o'"), { type: 'literal' })]);
      assert.deepStrictEqual(negative, { kind: 'number', value: -5, range: locate(source, '-5') });
      assert.deepStrictEqual(power, { kind: 'number', value: 1024, range: locate(source, '2 ** 10') });
      assert.deepStrictEqual(yes, { kind: 'boolean', value: true, range: locate(source, 'true') });
      assert.deepStrictEqual(nothing, { kind: 'null', range: locate(source, 'null') });
      assert.deepStrictEqual(undef, { kind: 'null', range: locate(source, 'undefined') });
      assert.deepStrictEqual(ternary, unknown("cond ? 'a' : 'b'", locate(source, "cond ? 'a' : 'b'")));
      assert.deepStrictEqual(arrow, unknown('() => 1', locate(source, '() => 1')));
      assert.deepStrictEqual(member, unknown('user.name', locate(source, 'user.name')));
    });

    it('survives a reader that throws', async () => {
      const throwing: SourceReader = { read: async () => Promise.reject(new Error('disk on fire')) };
      const source = "import { SYSTEM_PROMPT } from './prompts';\nprobe(SYSTEM_PROMPT, readFileSync('prompts/system.md', 'utf8'));";
      const [imported, read] = await probe(source, 'main.ts', throwing);
      assert.deepStrictEqual(imported, unknown('SYSTEM_PROMPT', locate(source, 'SYSTEM_PROMPT', 1), 'SYSTEM_PROMPT'));
      assert.deepStrictEqual(read, unknown("readFileSync('prompts/system.md', 'utf8')", locate(source, "readFileSync('prompts/system.md', 'utf8')")));
    });

    it('keeps a parameter unknown, with its default beside it: plain, typed, destructured, from a constant', async () => {
      const source = [
        "const FAST = 'gpt-4.1-mini';",
        "function ask(question: string, model = 'gpt-4o', { cap = 300 }: Options = {}, fast: string = FAST, optional?: string, whole = { a: 1 }) {",
        '  probe(question, model, cap, fast, optional);',
        '}',
      ].join('\n');
      const [question, model, cap, fast, optional] = await resolve(source);
      assert.deepStrictEqual(question, unknown('question', locate(source, 'question', 1), 'question'));
      assert.deepStrictEqual(model, withDefault(source, 'model', str([at(source, 'gpt-4o')], locate(source, "'gpt-4o'"), { type: 'literal' })));
      assert.deepStrictEqual(cap, withDefault(source, 'cap', { kind: 'number', value: 300, range: locate(source, '300') }));
      assert.deepStrictEqual(
        fast,
        withDefault(source, 'fast', str([at(source, 'gpt-4.1-mini')], locate(source, 'FAST', 1), { type: 'constant', name: 'FAST' })),
      );
      assert.deepStrictEqual(optional, unknown('optional', locate(source, 'optional', 1), 'optional'));
    });

    it('reads parameter defaults in JavaScript (assignment patterns)', async () => {
      const source = "function ask(q, model = 'gpt-4o', { cap = 300 } = {}) {\n  probe(model, cap);\n}";
      const [model, cap] = await resolve(source, 'values.js');
      assert.deepStrictEqual(model, withDefault(source, 'model', str([at(source, 'gpt-4o')], locate(source, "'gpt-4o'"), { type: 'literal' })));
      assert.deepStrictEqual(cap, withDefault(source, 'cap', { kind: 'number', value: 300, range: locate(source, '300') }));
    });
  });
  describe('Python', () => {
    const reader = folderReader('py');
    const resolve = (source: string, file = 'app/values.py') => probe(source, file, reader);

    it('keeps a parameter unknown, with its default beside it: plain, typed, keyword-only; None is no default', async () => {
      const source = [
        'def call(prompt, model="claude-haiku-4-5", *, max_tokens: int = 400, history=None):',
        '    probe(prompt, model, max_tokens, history)',
      ].join('\n');
      const [prompt, model, cap, history] = await resolve(source);
      assert.deepStrictEqual(prompt, unknown('prompt', locate(source, 'prompt', 1), 'prompt'));
      assert.deepStrictEqual(
        model,
        withDefault(source, 'model', str([at(source, 'claude-haiku-4-5')], locate(source, '"claude-haiku-4-5"'), { type: 'literal' })),
      );
      assert.deepStrictEqual(cap, withDefault(source, 'max_tokens', { kind: 'number', value: 400, range: locate(source, '400') }));
      assert.deepStrictEqual(history, withDefault(source, 'history', { kind: 'null', range: locate(source, 'None') }));
    });

    it('reads all quote kinds, raw and triple-quoted strings, implicit concatenation; bytes stay unknown', async () => {
      const source = ['probe(\'single\', "double", r"C:\\new", u"unicode", "tab\\tesc\\u00e9", b"bytes", """', '  triple', '""", "one " \'two\')'].join('\n');
      const [single, double, raw, unicode, escaped, bytes, triple, implicit] = await resolve(source);
      assert.deepStrictEqual(single, str([at(source, 'single')], locate(source, "'single'"), { type: 'literal' }));
      assert.deepStrictEqual(double, str([at(source, 'double')], locate(source, '"double"'), { type: 'literal' }));
      assert.deepStrictEqual(raw, str([at(source, 'C:\\new')], locate(source, 'r"C:\\new"'), { type: 'literal' }));
      assert.deepStrictEqual(unicode, str([at(source, 'unicode')], locate(source, 'u"unicode"'), { type: 'literal' }));
      assert.deepStrictEqual(escaped, str([text('tab\tescé', locate(source, 'tab\\tesc\\u00e9'))], locate(source, '"tab\\tesc\\u00e9"'), { type: 'literal' }));
      assert.deepStrictEqual(bytes, unknown('b"bytes"', locate(source, 'b"bytes"')));
      const opening = locate(source, '"""');
      const closing = locate(source, '"""', 1);
      assert.deepStrictEqual(
        triple,
        str([text('\n  triple\n', { start: opening.end, end: closing.start })], { start: opening.start, end: closing.end }, { type: 'literal' }),
      );
      assert.deepStrictEqual(implicit, str([at(source, 'one '), at(source, 'two')], locate(source, '"one " \'two\''), { type: 'literal' }));
    });

    it('keeps f-string text static, `{x}` dynamic, `{{ }}` single braces, and splices known constants', async () => {
      const source = ['NAME = "Acme"', 'probe(f"Dear {user}, {{literal}} from {NAME} {count:>5} {item!r}.")'].join('\n');
      const [value] = await resolve(source);
      assert.deepStrictEqual(
        value,
        str(
          [
            at(source, 'Dear '),
            dynamic('{user}', 'user', locate(source, '{user}')),
            text(', {literal} from ', locate(source, ', {{literal}} from ')),
            at(source, 'Acme'),
            text(' ', locateIn(source, '{NAME} {count', ' ')),
            dynamic('{count:>5}', 'count', locate(source, '{count:>5}')),
            text(' ', locateIn(source, '{count:>5} {item', ' ')),
            dynamic('{item!r}', 'item', locate(source, '{item!r}')),
            at(source, '.'),
          ],
          locate(source, 'f"Dear {user}, {{literal}} from {NAME} {count:>5} {item!r}."'),
          { type: 'literal' },
        ),
      );
    });

    it('fills `%` and `.format` placeholders from known arguments, else leaves them dynamic', async () => {
      const source = [
        'NAME = "Acme"',
        'probe("Hi %s, %d%% sure, %(x)s" % (name, 42), "%(who)s likes %(what)s" % {"who": NAME, "what": thing},',
        '      "Dear {}, welcome to {company}. {{x}} {0}".format(user, company=NAME))',
      ].join('\n');
      const [percent, named, format] = await resolve(source);
      assert.deepStrictEqual(
        percent,
        str(
          [
            at(source, 'Hi '),
            dynamic('%s', 'name', locate(source, '%s')),
            at(source, ', '),
            text('42', locate(source, '42')),
            text('%', locate(source, '%%')),
            at(source, ' sure, '),
            dynamic('%(x)s', 'x', locate(source, '%(x)s')),
          ],
          locate(source, '"Hi %s, %d%% sure, %(x)s" % (name, 42)'),
          { type: 'literal' },
        ),
      );
      assert.deepStrictEqual(
        named,
        str(
          [at(source, 'Acme'), at(source, ' likes '), dynamic('%(what)s', 'what', locate(source, '%(what)s'))],
          locate(source, '"%(who)s likes %(what)s" % {"who": NAME, "what": thing}'),
          { type: 'literal' },
        ),
      );
      assert.deepStrictEqual(
        format,
        str(
          [
            at(source, 'Dear '),
            dynamic('{}', 'user', locate(source, '{}')),
            at(source, ', welcome to '),
            at(source, 'Acme'),
            at(source, '. '),
            text('{', locateIn(source, '{{x}}', '{{')),
            text('x', locateIn(source, '{{x}}', 'x')),
            text('}', locateIn(source, '{{x}}', '}}')),
            text(' ', locateIn(source, '{{x}} {0}', ' ')),
            dynamic('{0}', 'user', locate(source, '{0}')),
          ],
          locate(source, '"Dear {}, welcome to {company}. {{x}} {0}".format(user, company=NAME)'),
          { type: 'literal' },
        ),
      );
    });

    it('dedents and strips with exact ranges, and joins lists', async () => {
      const source = [
        'import textwrap',
        'from textwrap import dedent',
        'PROMPT = textwrap.dedent("""',
        '    Line one',
        '      indented',
        '    Line three',
        '""").strip()',
        'probe(PROMPT, dedent("  a\\n  b"), "\\n".join(["first", PROMPT, later]), "  x  ".rstrip())',
      ].join('\n');
      const [dedented, inline, joined, stripped] = await resolve(source);
      assert.deepStrictEqual(
        dedented,
        str([text('Line one\n  indented\nLine three', range(3, 4, 5, 14))], locate(source, 'PROMPT', 1), { type: 'constant', name: 'PROMPT' }),
      );
      assert.deepStrictEqual(inline, str([text('a\nb', locate(source, 'a\\n  b'))], locate(source, 'dedent("  a\\n  b")'), { type: 'literal' }));
      const newline = text('\n', locate(source, '\\n', 1));
      assert.deepStrictEqual(
        joined,
        str(
          [
            at(source, 'first'),
            newline,
            text('Line one\n  indented\nLine three', range(3, 4, 5, 14)),
            newline,
            dynamic('later', 'later', locate(source, 'later')),
          ],
          locate(source, '"\\n".join(["first", PROMPT, later])'),
          { type: 'literal' },
        ),
      );
      assert.deepStrictEqual(stripped, str([text('  x', locate(source, '  x'))], locate(source, '"  x  ".rstrip()'), { type: 'literal' }));
    });

    it('resolves module constants, the latest assignment before the use, and leaves parameters unknown', async () => {
      const source = [
        'MODEL = "gpt-4o"',
        'def run(question, model="ignored"):',
        '    prompt = "first"',
        '    prompt = prompt + " then second"',
        '    probe(MODEL, prompt, question, model, LATER)',
        'LATER = "module constant assigned after the function"',
      ].join('\n');
      const [model, prompt, question, parameter, later] = await resolve(source);
      assert.deepStrictEqual(model, str([at(source, 'gpt-4o')], locate(source, 'MODEL', 1), { type: 'constant', name: 'MODEL' }));
      assert.deepStrictEqual(
        prompt,
        str([at(source, 'first'), at(source, ' then second')], locateIn(source, 'MODEL, prompt', 'prompt'), { type: 'constant', name: 'prompt' }),
      );
      assert.deepStrictEqual(question, unknown('question', locate(source, 'question', 1), 'question'));
      assert.deepStrictEqual(parameter, withDefault(source, 'model', str([at(source, 'ignored')], locate(source, '"ignored"'), { type: 'literal' })));
      assert.deepStrictEqual(
        later,
        str([at(source, 'module constant assigned after the function')], locate(source, 'LATER'), { type: 'constant', name: 'LATER' }),
      );
    });

    it('reads env variables with and without defaults', async () => {
      const source = [
        'import os',
        'probe(os.getenv("MODEL", "gpt-4o"), os.environ.get("MODEL", "gpt-4.1"), os.environ.get("MODEL") or "gpt-5",',
        '      os.environ["MODEL"], os.getenv("MODEL"), int(os.getenv("MAX", "800")), int(os.environ.get("MAX", 900)))',
      ].join('\n');
      const [getenv, get, or, item, bare, converted, numeric] = await resolve(source);
      assert.deepStrictEqual(getenv, str([at(source, 'gpt-4o')], locate(source, 'os.getenv("MODEL", "gpt-4o")'), { type: 'env-default', variable: 'MODEL' }));
      assert.deepStrictEqual(
        get,
        str([at(source, 'gpt-4.1')], locate(source, 'os.environ.get("MODEL", "gpt-4.1")'), { type: 'env-default', variable: 'MODEL' }),
      );
      assert.deepStrictEqual(or, str([at(source, 'gpt-5')], locate(source, 'os.environ.get("MODEL") or "gpt-5"'), { type: 'env-default', variable: 'MODEL' }));
      assert.deepStrictEqual(item, { ...unknown('os.environ["MODEL"]', locate(source, 'os.environ["MODEL"]'), 'MODEL'), envRead: true });
      assert.deepStrictEqual(bare, { ...unknown('os.getenv("MODEL")', locate(source, 'os.getenv("MODEL")'), 'MODEL'), envRead: true });
      assert.deepStrictEqual(converted, {
        ...unknown('int(os.getenv("MAX", "800"))', locate(source, 'int(os.getenv("MAX", "800"))'), 'MAX'),
        envDefault: { kind: 'number', value: 800, range: locate(source, 'os.getenv("MAX", "800")') },
      });
      assert.deepStrictEqual(numeric, {
        ...unknown('int(os.environ.get("MAX", 900))', locate(source, 'int(os.environ.get("MAX", 900))'), 'MAX'),
        envDefault: { kind: 'number', value: 900, range: locate(source, '900') },
      });
    });

    it('merges `**` spreads into dicts and keyword arguments, later keys winning', async () => {
      const source = [
        'BASE = {"model": "gpt-4o", "temperature": 0}',
        'probe({**BASE, **extra, "model": "gpt-4o-mini", "max_tokens": 4 * 256}, dict(model="x", **BASE), *rest, top_p=1, **BASE, **more)',
      ].join('\n');
      const code = await parseSnippet(source, 'app/values.py', reader);
      const { args } = callTo(code, 'probe').call;
      const [literal, built, spread] = args.positional;
      assert.ok(literal.kind === 'object' && built.kind === 'object');
      assert.strictEqual(literal.unresolvedSpreads, 1);
      assert.deepStrictEqual(
        literal.entries.map((e) => [e.key, e.value.kind === 'string' ? e.value.segments[0].text : e.value.kind === 'number' ? e.value.value : e.value.kind]),
        [
          ['model', 'gpt-4o-mini'],
          ['temperature', 0],
          ['max_tokens', 1024],
        ],
      );
      assert.deepStrictEqual(literal.insertion, { position: locate(source, '4 * 256').end, before: ', ', after: '', style: 'dict' });
      assert.deepStrictEqual(
        built.entries.map((e) => [e.key, e.range]),
        [
          ['model', locate(source, '"model": "gpt-4o"')],
          ['temperature', locate(source, '"temperature": 0')],
        ],
      );
      assert.deepStrictEqual(built.insertion.style, 'kwargs');
      assert.deepStrictEqual(spread, unknown('*rest', locate(source, '*rest')));
      assert.strictEqual(args.unresolvedSpreads, 2);
      assert.deepStrictEqual(
        args.named.map((e) => e.key),
        ['top_p', 'model', 'temperature'],
      );
    });

    it('builds message lists from `append`, `extend` and `+=` after the assignment', async () => {
      const source = [
        'def chat(question, history):',
        '    messages = [{"role": "system", "content": "Be brief."}]',
        '    messages += [{"role": "user", "content": question}]',
        '    messages.extend(history)',
        '    for extra in extras:',
        '        messages.append(extra)',
        '    probe(messages=messages)',
      ].join('\n');
      const [messages] = await resolve(source);
      assert.ok(messages.kind === 'array');
      assert.strictEqual(messages.unresolvedSpreads, 2);
      assert.deepStrictEqual(
        messages.items.map((item) => entry(item, 'content')),
        [str([at(source, 'Be brief.')], locate(source, '"Be brief."'), { type: 'literal' }), unknown('question', locate(source, 'question', 1), 'question')],
      );
    });

    it('reads prompt files through open(), pathlib and os.path, relative to the root or to this file', async () => {
      const source = [
        'import os',
        'from pathlib import Path',
        'HERE = Path(__file__).resolve().parent',
        'a = open(os.path.join(os.path.dirname(__file__), "assets", "guide.md")).read()',
        'b = Path("app/assets/guide.md").read_text(encoding="utf-8")',
        'c = (HERE / "assets" / "guide.md").read_text()',
        'with open("app/assets/guide.md", encoding="utf-8") as handle:',
        '    d = handle.read()',
        'e = HERE.joinpath("assets", "guide.md").read_text()',
        'f = open("app/assets/guide.md", "rb").read()',
        'g = Path("app/none.md").read_text()',
        'probe(a, b, c, d, e, f, g)',
      ].join('\n');
      const values = await resolve(source, 'app/reader.py');
      const content = 'Summarize the document in three bullet points.\n';
      // `probe(a, b, …)`: the i-th one-letter argument.
      const argument = (i: number) => range(11, 6 + 3 * i, 11, 7 + 3 * i);
      const reads = [
        'open(os.path.join(os.path.dirname(__file__), "assets", "guide.md")).read()',
        'Path("app/assets/guide.md").read_text(encoding="utf-8")',
        '(HERE / "assets" / "guide.md").read_text()',
        'handle.read()',
        'HERE.joinpath("assets", "guide.md").read_text()',
      ];
      reads.forEach((expression, i) => {
        const name = 'abcde'[i];
        assert.deepStrictEqual(values[i], str([text(content, locate(source, expression))], argument(i), { type: 'file', path: 'app/assets/guide.md' }), name);
      });
      assert.deepStrictEqual(values[5], unknown('open("app/assets/guide.md", "rb").read()', argument(5)));
      assert.deepStrictEqual(values[6], unknown('Path("app/none.md").read_text()', argument(6)));
    });

    it('follows relative, absolute and module-attribute imports, and stops at cycles', async () => {
      const source = [
        'from .prompts import SYSTEM',
        'from app.settings import MODEL, LIMITS',
        'import app.prompts',
        'from app import prompts as p',
        'from .cycle_a import A',
        'probe(SYSTEM, MODEL, LIMITS, app.prompts.TONE, p.USER_TEMPLATE, A)',
      ].join('\n');
      const [system, model, limits, tone, template, cycle] = await resolve(source, 'app/handler.py');
      const placed = (needle: string) => locateIn(source, 'probe(SYSTEM, MODEL, LIMITS, app.prompts.TONE, p.USER_TEMPLATE, A)', needle);
      assert.deepStrictEqual(
        system,
        str([text('You are the support agent of Acme.\nAnswer briefly.\n', placed('SYSTEM'))], placed('SYSTEM'), {
          type: 'constant',
          name: 'SYSTEM',
          file: 'app/prompts.py',
        }),
      );
      assert.deepStrictEqual(model, str([text('gpt-4o-mini', placed('MODEL'))], placed('MODEL'), { type: 'env-default', variable: 'APP_MODEL' }));
      assert.ok(limits.kind === 'object');
      assert.deepStrictEqual(
        limits.entries.map((e) => [e.key, e.value.kind === 'number' ? e.value.value : e.value.kind, e.range]),
        [
          ['max_tokens', 512, placed('LIMITS')],
          ['temperature', 0.2, placed('LIMITS')],
        ],
      );
      assert.deepStrictEqual(
        tone,
        str([text('Be friendly.', placed('app.prompts.TONE'))], placed('app.prompts.TONE'), { type: 'constant', name: 'TONE', file: 'app/prompts.py' }),
      );
      assert.deepStrictEqual(
        template,
        // A plain string: `{question}` is text until `.format` fills it.
        str([text('Customer question: {question}', placed('p.USER_TEMPLATE'))], placed('p.USER_TEMPLATE'), {
          type: 'constant',
          name: 'USER_TEMPLATE',
          file: 'app/prompts.py',
        }),
      );
      const a = placed(', A)');
      const aName = range(a.start.line, a.start.character + 2, a.end.line, a.end.character - 1);
      assert.deepStrictEqual(
        cycle,
        str([dynamic('A', 'A', aName), text(' and B', aName), text(' and A', aName)], aName, { type: 'constant', name: 'A', file: 'app/cycle_a.py' }),
      );
    });

    it('keeps calls as calls, numbers as numbers, and anything else unknown with its text', async () => {
      const source = 'probe(types.GenerateContentConfig(max_output_tokens=1_000), -3.5, 0x10, True, None, x if c else y, lambda: 1)';
      const [call, negative, hex, yes, none, conditional, lambda] = await resolve(source);
      assert.ok(call.kind === 'call');
      assert.deepStrictEqual(call.call.chain, ['types', 'GenerateContentConfig']);
      assert.deepStrictEqual(
        call.call.args.named.map((e) => [e.key, e.value]),
        [['max_output_tokens', { kind: 'number', value: 1000, range: locate(source, '1_000') }]],
      );
      assert.deepStrictEqual(negative, { kind: 'number', value: -3.5, range: locate(source, '-3.5') });
      assert.deepStrictEqual(hex, { kind: 'number', value: 16, range: locate(source, '0x10') });
      assert.deepStrictEqual(yes, { kind: 'boolean', value: true, range: locate(source, 'True') });
      assert.deepStrictEqual(none, { kind: 'null', range: locate(source, 'None') });
      assert.deepStrictEqual(conditional, unknown('x if c else y', locate(source, 'x if c else y')));
      assert.deepStrictEqual(lambda, unknown('lambda: 1', locate(source, 'lambda: 1')));
    });
  });
});
