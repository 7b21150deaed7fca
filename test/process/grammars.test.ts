import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import * as oniguruma from 'vscode-oniguruma';
import * as vsctm from 'vscode-textmate';
import { CODE_SERVER_VERSION, ensureCodeServer } from '../harness/codeServer';
import { REPO_ROOT, TEST_CACHE } from '../harness/paths';

const SYNTAXES = path.join(REPO_ROOT, 'syntaxes');

/** What each grammar is allowed to pull in from other grammars (VS Code ships both). */
const EXTERNAL_INCLUDES = new Set(['source.yaml', 'text.html.markdown#block']);

/** Scopes a grammar may emit without its own language suffix: shared with Markdown's front matter and the YAML grammar. */
const SHARED_SCOPES = new Set(['meta.embedded.block.frontmatter', 'source.yaml']);

interface Language {
  id: 'prompty' | 'dotprompt';
  scopeName: string;
  fileType: string;
}
const LANGUAGES: Language[] = [
  { id: 'prompty', scopeName: 'source.prompty', fileType: 'prompty' },
  { id: 'dotprompt', scopeName: 'source.dotprompt', fileType: 'prompt' },
];

const grammarPath = (id: string) => path.join(SYNTAXES, `${id}.tmLanguage.json`);
const configPath = (id: string) => path.join(SYNTAXES, `${id}.language-configuration.json`);
const readJson = (file: string): unknown => JSON.parse(fs.readFileSync(file, 'utf8'));

/**
 * A stand-in for VS Code's YAML grammar, which no small npm package ships. Its block-scalar rule
 * never ends, like a real grammar in the middle of an unfinished `|` scalar: the front matter must
 * still close at the `---` fence.
 */
const YAML_STUB = {
  scopeName: 'source.yaml',
  patterns: [
    {
      match: '^[ \\t]*([A-Za-z_][\\w-]*)[ \\t]*(:)(?=[ \\t]|$)',
      captures: { 1: { name: 'entity.name.tag.yaml' }, 2: { name: 'punctuation.separator.key-value.mapping.yaml' } },
    },
    { begin: '\\|$', end: '(?!)', name: 'string.unquoted.block.yaml' },
  ],
};

let wasmLoaded: Promise<void> | undefined;
/** The WASM can be loaded once per process; every registry shares it. */
function onigLib(): Promise<vsctm.IOnigLib> {
  wasmLoaded ??= oniguruma.loadWASM(fs.readFileSync(require.resolve('vscode-oniguruma/release/onig.wasm')));
  return wasmLoaded.then(() => ({
    createOnigScanner: (sources: string[]) => new oniguruma.OnigScanner(sources),
    createOnigString: (text: string) => new oniguruma.OnigString(text),
  }));
}

/** scopeName → grammar file; scopes not listed are missing, as an uninstalled grammar would be. */
function registry(files: Record<string, string>, inline: Record<string, object> = {}): vsctm.Registry {
  return new vsctm.Registry({
    onigLib: onigLib(),
    loadGrammar: async (scopeName) => {
      if (inline[scopeName]) return vsctm.parseRawGrammar(JSON.stringify(inline[scopeName]), `${scopeName}.json`);
      const file = files[scopeName];
      return file ? vsctm.parseRawGrammar(fs.readFileSync(file, 'utf8'), file) : null;
    },
  });
}

interface Token {
  line: number;
  text: string;
  scopes: string[];
}

function tokenize(grammar: vsctm.IGrammar, text: string): Token[] {
  const tokens: Token[] = [];
  let state = vsctm.INITIAL;
  text.split('\n').forEach((line, index) => {
    const result = grammar.tokenizeLine(line, state);
    for (const token of result.tokens) {
      tokens.push({ line: index, text: line.slice(token.startIndex, token.endIndex), scopes: token.scopes });
    }
    state = result.ruleStack;
  });
  return tokens;
}

/** Scopes of the `occurrence`-th token on `line` whose text is exactly `text`. */
function scopesOf(tokens: Token[], line: number, text: string, occurrence = 0): string[] {
  const found = tokens.filter((t) => t.line === line && t.text === text)[occurrence];
  if (!found) {
    const onLine = tokens.filter((t) => t.line === line).map((t) => JSON.stringify(t.text));
    assert.fail(`no token ${JSON.stringify(text)} #${occurrence} on line ${line}; the line has ${onLine.join(' ')}`);
  }
  return found.scopes;
}

type RawRule = Record<string, unknown>;

/** Every rule object in a grammar, wherever it is nested (repository, patterns, captures, injections). */
function* rules(node: unknown): Generator<RawRule> {
  if (Array.isArray(node)) {
    for (const item of node) yield* rules(item);
  } else if (node && typeof node === 'object') {
    yield node as RawRule;
    for (const value of Object.values(node)) yield* rules(value);
  }
}

describe('prompt file grammars', () => {
  describe('grammar and configuration files', () => {
    for (const language of LANGUAGES) {
      const grammar = readJson(grammarPath(language.id)) as {
        scopeName: string;
        name: string;
        fileTypes: string[];
        patterns: unknown[];
        repository: Record<string, unknown>;
        injections: Record<string, unknown>;
      };

      it(`${language.id}: names its scope ${language.scopeName} and claims only .${language.fileType}`, () => {
        assert.strictEqual(grammar.scopeName, language.scopeName);
        assert.deepStrictEqual(grammar.fileTypes, [language.fileType]);
        assert.deepStrictEqual(grammar.patterns, [{ include: '#front-matter' }, { include: '#body' }]);
      });

      it(`${language.id}: every include resolves and every repository rule is used`, () => {
        const used = new Set<string>();
        for (const rule of rules(grammar)) {
          if (typeof rule.include !== 'string') continue;
          if (rule.include.startsWith('#')) {
            const name = rule.include.slice(1);
            assert.ok(name in grammar.repository, `${rule.include} is not in the repository`);
            used.add(name);
          } else {
            assert.ok(EXTERNAL_INCLUDES.has(rule.include), `unexpected external include ${rule.include}`);
          }
        }
        assert.deepStrictEqual(
          Object.keys(grammar.repository).filter((name) => !used.has(name)),
          [],
        );
      });

      it(`${language.id}: every regular expression compiles in Oniguruma`, async () => {
        await onigLib();
        let count = 0;
        for (const rule of rules(grammar)) {
          for (const key of ['match', 'begin', 'end', 'while'] as const) {
            const source = rule[key];
            if (typeof source !== 'string') continue;
            // vscode-textmate substitutes back-references to the begin match before compiling end/while.
            const compilable = key === 'end' || key === 'while' ? source.replace(/\\[1-9]/g, 'x') : source;
            assert.doesNotThrow(() => new oniguruma.OnigScanner([compilable]).dispose(), `${key}: ${source}`);
            count++;
          }
        }
        assert.ok(count > 20, `only ${count} expressions found`);
      });

      it(`${language.id}: every scope it defines carries the .${language.id} suffix`, () => {
        const foreign: string[] = [];
        for (const rule of rules(grammar)) {
          for (const key of ['name', 'contentName'] as const) {
            const value = rule[key];
            if (typeof value !== 'string' || value === grammar.name) continue;
            for (const scope of value.split(' ')) {
              if (!scope.endsWith(`.${language.id}`) && !SHARED_SCOPES.has(scope)) foreign.push(scope);
            }
          }
        }
        assert.deepStrictEqual(foreign, []);
      });

      it(`${language.id}: injections take priority and stay out of the front matter`, () => {
        const selectors = Object.keys(grammar.injections);
        assert.ok(selectors.length > 0);
        for (const selector of selectors) assert.match(selector, /^L:/);
        const bodySelector = selectors.find((s) => s.startsWith(`L:${language.scopeName} - (`));
        assert.ok(bodySelector, `no body injection in ${selectors.join(' | ')}`);
        assert.ok(bodySelector.includes(`meta.frontmatter.${language.id}`), bodySelector);
      });

      it(`${language.id}: language configuration parses and its block comment is a comment to the grammar`, async () => {
        const config = readJson(configPath(language.id)) as {
          comments: { blockComment: [string, string] };
          brackets: [string, string][];
          autoClosingPairs: { open: string; close: string }[];
          folding: { markers: { start: string; end: string } };
        };
        assert.ok(config.brackets.some(([open, close]) => open === '{{' && close === '}}'));
        assert.ok(config.autoClosingPairs.some((pair) => pair.open === '{{' && pair.close === '}}'));
        const [open, close] = config.comments.blockComment;
        const loaded = await registry({ [language.scopeName]: grammarPath(language.id) }).loadGrammar(language.scopeName);
        assert.ok(loaded);
        const tokens = tokenize(loaded, `${open} note ${close}`);
        assert.deepStrictEqual(
          tokens.map((t) => t.scopes.at(-1)),
          [`punctuation.definition.comment.begin.${language.id}`, `comment.block.${language.id}`, `punctuation.definition.comment.end.${language.id}`],
        );
        new RegExp(config.folding.markers.start);
        new RegExp(config.folding.markers.end);
      });
    }

    it('folding markers pair template blocks', () => {
      const marker = (id: string, kind: 'start' | 'end') =>
        new RegExp((readJson(configPath(id)) as { folding: { markers: Record<string, string> } }).folding.markers[kind]);
      const starts = (id: string, lines: string[]) => lines.filter((line) => marker(id, 'start').test(line));
      const ends = (id: string, lines: string[]) => lines.filter((line) => marker(id, 'end').test(line));
      const prompty = [
        '{% if vip %}',
        '  {%- for a in articles %}',
        '{% endfor %}',
        '{% endif %}',
        '{{#items}}',
        '{{/items}}',
        '{{^}}',
        '{% set x = 1 %}',
        '{{x}}',
      ];
      assert.deepStrictEqual(starts('prompty', prompty), ['{% if vip %}', '  {%- for a in articles %}', '{{#items}}']);
      assert.deepStrictEqual(ends('prompty', prompty), ['{% endfor %}', '{% endif %}', '{{/items}}']);
      const dotprompt = ['{{#if premium}}', '{{~#each items}}', '{{else}}', '{{^}}', '{{/each}}', '{{/if}}', '{{x}}'];
      assert.deepStrictEqual(starts('dotprompt', dotprompt), ['{{#if premium}}', '{{~#each items}}']);
      assert.deepStrictEqual(ends('dotprompt', dotprompt), ['{{/each}}', '{{/if}}']);
    });
  });

  describe('prompty tokens', () => {
    const sample = [
      '---', //                                                0
      'name: Support reply', //                                1
      'description: |', //                                     2
      '  A block scalar the YAML grammar never closes.', //     3
      '---', //                                                4
      'system:', //                                            5
      'Answer using {{ articles }} and {{customer.name}}.', // 6
      '{% for a in articles %}- {{ a.title | upper }}{% endfor %}', // 7
      '{# internal note #}', //                                8
      '{{! mustache note }}', //                               9
      '# user:', //                                            10
      '{{#items}}{{name}}{{/items}}{{{raw}}}{{> footer}}', //  11
      '{% raw %}{{ literal }}{% endraw %}', //                 12
    ].join('\n');
    let tokens: Token[];
    let grammar: vsctm.IGrammar;

    before(async () => {
      const loaded = await registry({ 'source.prompty': grammarPath('prompty') }, { 'source.yaml': YAML_STUB }).loadGrammar('source.prompty');
      assert.ok(loaded);
      grammar = loaded;
      tokens = tokenize(grammar, sample);
    });

    it('scopes the front matter fences like Markdown front matter', () => {
      assert.deepStrictEqual(scopesOf(tokens, 0, '---'), [
        'source.prompty',
        'meta.frontmatter.prompty',
        'punctuation.definition.tag.begin.frontmatter.prompty',
      ]);
      assert.deepStrictEqual(scopesOf(tokens, 4, '---'), ['source.prompty', 'meta.frontmatter.prompty', 'punctuation.definition.tag.end.frontmatter.prompty']);
    });

    it('hands the front matter to the YAML grammar', () => {
      assert.deepStrictEqual(scopesOf(tokens, 1, 'name'), [
        'source.prompty',
        'meta.frontmatter.prompty',
        'meta.embedded.block.frontmatter',
        'source.yaml',
        'entity.name.tag.yaml',
      ]);
    });

    it('closes the front matter at the fence even inside an unfinished YAML construct', () => {
      assert.deepStrictEqual(scopesOf(tokens, 3, '  A block scalar the YAML grammar never closes.'), [
        'source.prompty',
        'meta.frontmatter.prompty',
        'meta.embedded.block.frontmatter',
        'source.yaml',
        'string.unquoted.block.yaml',
      ]);
      assert.deepStrictEqual(scopesOf(tokens, 5, 'system'), ['source.prompty', 'meta.role.prompty', 'entity.name.tag.role.prompty']);
    });

    it('scopes a role line', () => {
      assert.deepStrictEqual(scopesOf(tokens, 5, ':'), ['source.prompty', 'meta.role.prompty', 'punctuation.separator.role.prompty']);
      assert.deepStrictEqual(scopesOf(tokens, 10, '#'), ['source.prompty', 'meta.role.prompty', 'punctuation.definition.role.prompty']);
      assert.deepStrictEqual(scopesOf(tokens, 10, 'user'), ['source.prompty', 'meta.role.prompty', 'entity.name.tag.role.prompty']);
    });

    it('scopes {{ var }} as an embedded expression', () => {
      const expression = ['source.prompty', 'meta.embedded.expression.prompty'];
      assert.deepStrictEqual(scopesOf(tokens, 6, '{{'), [...expression, 'punctuation.definition.template-expression.begin.prompty']);
      assert.deepStrictEqual(scopesOf(tokens, 6, 'articles'), [...expression, 'variable.other.prompty']);
      assert.deepStrictEqual(scopesOf(tokens, 6, '}}'), [...expression, 'punctuation.definition.template-expression.end.prompty']);
      assert.deepStrictEqual(scopesOf(tokens, 6, 'Answer using '), ['source.prompty']);
      assert.deepStrictEqual(scopesOf(tokens, 6, 'customer'), [...expression, 'variable.other.prompty']);
      assert.deepStrictEqual(scopesOf(tokens, 6, '.'), [...expression, 'punctuation.accessor.prompty']);
      assert.deepStrictEqual(scopesOf(tokens, 6, 'name'), [...expression, 'variable.other.property.prompty']);
    });

    it('scopes Jinja statements and filters', () => {
      const statement = ['source.prompty', 'meta.embedded.statement.prompty'];
      assert.deepStrictEqual(scopesOf(tokens, 7, '{%'), [...statement, 'punctuation.definition.template-statement.begin.prompty']);
      assert.deepStrictEqual(scopesOf(tokens, 7, 'for'), [...statement, 'keyword.control.loop.prompty']);
      assert.deepStrictEqual(scopesOf(tokens, 7, 'a'), [...statement, 'variable.other.prompty']);
      assert.deepStrictEqual(scopesOf(tokens, 7, 'in'), [...statement, 'keyword.operator.logical.prompty']);
      assert.deepStrictEqual(scopesOf(tokens, 7, '%}'), [...statement, 'punctuation.definition.template-statement.end.prompty']);
      assert.deepStrictEqual(scopesOf(tokens, 7, 'endfor'), [...statement, 'keyword.control.loop.prompty']);
      assert.deepStrictEqual(scopesOf(tokens, 7, '|'), ['source.prompty', 'meta.embedded.expression.prompty', 'keyword.operator.filter.prompty']);
      assert.deepStrictEqual(scopesOf(tokens, 7, 'upper'), ['source.prompty', 'meta.embedded.expression.prompty', 'support.function.filter.prompty']);
    });

    it('scopes Jinja and Mustache comments', () => {
      assert.deepStrictEqual(scopesOf(tokens, 8, '{#'), ['source.prompty', 'comment.block.prompty', 'punctuation.definition.comment.begin.prompty']);
      assert.deepStrictEqual(scopesOf(tokens, 8, ' internal note '), ['source.prompty', 'comment.block.prompty']);
      assert.deepStrictEqual(scopesOf(tokens, 8, '#}'), ['source.prompty', 'comment.block.prompty', 'punctuation.definition.comment.end.prompty']);
      assert.deepStrictEqual(scopesOf(tokens, 9, '{{!'), ['source.prompty', 'comment.block.prompty', 'punctuation.definition.comment.begin.prompty']);
      assert.deepStrictEqual(scopesOf(tokens, 9, ' mustache note '), ['source.prompty', 'comment.block.prompty']);
    });

    it('scopes Mustache sections, triple-stash and partials', () => {
      const section = ['source.prompty', 'meta.embedded.expression.section.prompty'];
      assert.deepStrictEqual(scopesOf(tokens, 11, '#'), [...section, 'keyword.control.section.begin.prompty']);
      assert.deepStrictEqual(scopesOf(tokens, 11, 'items'), [...section, 'variable.other.prompty']);
      assert.deepStrictEqual(scopesOf(tokens, 11, '/'), [...section, 'keyword.control.section.end.prompty']);
      assert.deepStrictEqual(scopesOf(tokens, 11, '{{{'), [
        'source.prompty',
        'meta.embedded.expression.unescaped.prompty',
        'punctuation.definition.template-expression.begin.prompty',
      ]);
      assert.deepStrictEqual(scopesOf(tokens, 11, '>'), ['source.prompty', 'meta.embedded.expression.partial.prompty', 'keyword.control.partial.prompty']);
      assert.deepStrictEqual(scopesOf(tokens, 11, 'footer'), [
        'source.prompty',
        'meta.embedded.expression.partial.prompty',
        'entity.name.function.partial.prompty',
      ]);
    });

    it('leaves {% raw %} content unhighlighted', () => {
      assert.deepStrictEqual(scopesOf(tokens, 12, '{{ literal }}'), ['source.prompty', 'meta.raw.prompty']);
    });

    it('recognises exactly the role lines Prompty splits on', () => {
      const isRole = (line: string) => tokenize(grammar, line).some((t) => t.scopes.includes('entity.name.tag.role.prompty'));
      const roles = ['user:', '  Assistant :', '# developer:', '#tool:', 'function:', 'SYSTEM:', 'assistant[type="tool_call"]:'];
      const notRoles = ['user: hello', 'username:', 'the user:', 'users:', '## notes:'];
      assert.deepStrictEqual(
        roles.filter((line) => !isRole(line)),
        [],
      );
      assert.deepStrictEqual(notRoles.filter(isRole), []);
    });

    it('treats --- as front matter only on the first line', () => {
      const later = tokenize(grammar, 'user:\n---\nname: x\n---');
      assert.ok(later.every((t) => !t.scopes.includes('meta.frontmatter.prompty')));
    });

    it('highlights ${env:NAME} and ${file:path} references in the front matter', () => {
      const env = tokenize(grammar, '---\nendpoint: ${env:AZURE_OPENAI_ENDPOINT:fallback}\nsample: ${file:sample.json}\n---');
      assert.deepStrictEqual(scopesOf(env, 1, 'AZURE_OPENAI_ENDPOINT'), [
        'source.prompty',
        'meta.frontmatter.prompty',
        'meta.embedded.block.frontmatter',
        'source.yaml',
        'meta.reference.prompty',
        'variable.other.environment.prompty',
      ]);
      assert.strictEqual(scopesOf(env, 1, 'fallback').at(-1), 'string.unquoted.default-value.prompty');
      assert.strictEqual(scopesOf(env, 2, 'sample.json').at(-1), 'string.unquoted.path.prompty');
    });
  });

  describe('dotprompt tokens', () => {
    const sample = [
      '---', //                                         0
      'model: googleai/gemini-2.5-flash', //            1
      '---', //                                         2
      '{{role "system"}}', //                           3
      'You are {{style}}. {{! short note }}', //        4
      '{{!-- long }} note --}}', //                     5
      '{{history}}', //                                 6
      '{{media url=photoUrl}}', //                      7
      '{{section "output"}}', //                        8
      '{{> greeting name=name}}', //                    9
      '{{#if premium}}yes{{else}}no{{/if}}', //         10
      '{{#each items as |item|}}{{@index}} {{item.title}}{{/each}}', // 11
      '{{{rawHtml}}} \\{{escaped}} {{~ trimmed ~}}', // 12
    ].join('\n');
    let tokens: Token[];

    before(async () => {
      const loaded = await registry({ 'source.dotprompt': grammarPath('dotprompt') }, { 'source.yaml': YAML_STUB }).loadGrammar('source.dotprompt');
      assert.ok(loaded);
      tokens = tokenize(loaded, sample);
    });

    it('scopes the front matter and hands it to the YAML grammar', () => {
      assert.deepStrictEqual(scopesOf(tokens, 0, '---'), [
        'source.dotprompt',
        'meta.frontmatter.dotprompt',
        'punctuation.definition.tag.begin.frontmatter.dotprompt',
      ]);
      assert.deepStrictEqual(scopesOf(tokens, 1, 'model'), [
        'source.dotprompt',
        'meta.frontmatter.dotprompt',
        'meta.embedded.block.frontmatter',
        'source.yaml',
        'entity.name.tag.yaml',
      ]);
      assert.deepStrictEqual(scopesOf(tokens, 2, '---'), [
        'source.dotprompt',
        'meta.frontmatter.dotprompt',
        'punctuation.definition.tag.end.frontmatter.dotprompt',
      ]);
    });

    it('scopes {{role "system"}} as a role switch', () => {
      const role = ['source.dotprompt', 'meta.embedded.expression.role.dotprompt'];
      const string = [...role, 'string.quoted.double.dotprompt'];
      assert.deepStrictEqual(
        tokens.filter((t) => t.line === 3).map((t) => [t.text, t.scopes]),
        [
          ['{{', [...role, 'punctuation.definition.template-expression.begin.dotprompt']],
          ['role', [...role, 'keyword.control.role.dotprompt']],
          [' ', role],
          ['"', [...string, 'punctuation.definition.string.begin.dotprompt']],
          ['system', [...string, 'entity.name.tag.role.dotprompt']],
          ['"', [...string, 'punctuation.definition.string.end.dotprompt']],
          ['}}', [...role, 'punctuation.definition.template-expression.end.dotprompt']],
        ],
      );
    });

    it('scopes {{var}} as an embedded expression', () => {
      const expression = ['source.dotprompt', 'meta.embedded.expression.dotprompt'];
      assert.deepStrictEqual(scopesOf(tokens, 4, '{{'), [...expression, 'punctuation.definition.template-expression.begin.dotprompt']);
      assert.deepStrictEqual(scopesOf(tokens, 4, 'style'), [...expression, 'variable.other.dotprompt']);
      assert.deepStrictEqual(scopesOf(tokens, 4, '}}'), [...expression, 'punctuation.definition.template-expression.end.dotprompt']);
      assert.deepStrictEqual(scopesOf(tokens, 4, 'You are '), ['source.dotprompt']);
    });

    it('scopes both comment forms, and }} does not end a long comment', () => {
      assert.deepStrictEqual(scopesOf(tokens, 4, '{{!'), ['source.dotprompt', 'comment.block.dotprompt', 'punctuation.definition.comment.begin.dotprompt']);
      assert.deepStrictEqual(scopesOf(tokens, 4, ' short note '), ['source.dotprompt', 'comment.block.dotprompt']);
      assert.deepStrictEqual(scopesOf(tokens, 5, '{{!--'), ['source.dotprompt', 'comment.block.dotprompt', 'punctuation.definition.comment.begin.dotprompt']);
      assert.deepStrictEqual(scopesOf(tokens, 5, ' long }} note '), ['source.dotprompt', 'comment.block.dotprompt']);
      assert.deepStrictEqual(scopesOf(tokens, 5, '--}}'), ['source.dotprompt', 'comment.block.dotprompt', 'punctuation.definition.comment.end.dotprompt']);
    });

    it('scopes the Dotprompt helpers', () => {
      const expression = ['source.dotprompt', 'meta.embedded.expression.dotprompt'];
      assert.deepStrictEqual(scopesOf(tokens, 6, 'history'), [...expression, 'keyword.control.history.dotprompt']);
      assert.deepStrictEqual(scopesOf(tokens, 7, 'media'), [...expression, 'support.function.builtin.dotprompt']);
      assert.deepStrictEqual(scopesOf(tokens, 7, 'url'), [...expression, 'entity.other.attribute-name.dotprompt']);
      assert.deepStrictEqual(scopesOf(tokens, 7, '='), [...expression, 'punctuation.separator.key-value.dotprompt']);
      assert.deepStrictEqual(scopesOf(tokens, 7, 'photoUrl'), [...expression, 'variable.other.dotprompt']);
      assert.deepStrictEqual(scopesOf(tokens, 8, 'section'), [...expression, 'keyword.control.section.dotprompt']);
      assert.deepStrictEqual(scopesOf(tokens, 8, 'output'), [...expression, 'string.quoted.double.dotprompt']);
    });

    it('scopes {{> partial}}', () => {
      const partial = ['source.dotprompt', 'meta.embedded.expression.partial.dotprompt'];
      assert.deepStrictEqual(scopesOf(tokens, 9, '{{'), [...partial, 'punctuation.definition.template-expression.begin.dotprompt']);
      assert.deepStrictEqual(scopesOf(tokens, 9, '>'), [...partial, 'keyword.control.partial.dotprompt']);
      assert.deepStrictEqual(scopesOf(tokens, 9, 'greeting'), [...partial, 'entity.name.function.partial.dotprompt']);
      assert.deepStrictEqual(scopesOf(tokens, 9, 'name'), [...partial, 'entity.other.attribute-name.dotprompt']);
    });

    it('scopes block helpers and else', () => {
      const block = ['source.dotprompt', 'meta.embedded.expression.block.dotprompt'];
      assert.deepStrictEqual(scopesOf(tokens, 10, '#'), [...block, 'keyword.control.block.begin.dotprompt']);
      assert.deepStrictEqual(scopesOf(tokens, 10, 'if'), [...block, 'keyword.control.conditional.dotprompt']);
      assert.deepStrictEqual(scopesOf(tokens, 10, 'premium'), [...block, 'variable.other.dotprompt']);
      assert.deepStrictEqual(scopesOf(tokens, 10, 'yes'), ['source.dotprompt']);
      assert.deepStrictEqual(scopesOf(tokens, 10, 'else'), [...block, 'keyword.control.conditional.dotprompt']);
      assert.deepStrictEqual(scopesOf(tokens, 10, '/'), [...block, 'keyword.control.block.end.dotprompt']);
      assert.deepStrictEqual(scopesOf(tokens, 10, 'if', 1), [...block, 'keyword.control.conditional.dotprompt']);
      assert.deepStrictEqual(scopesOf(tokens, 11, 'each'), [...block, 'keyword.control.loop.dotprompt']);
      assert.deepStrictEqual(scopesOf(tokens, 11, 'as'), [...block, 'keyword.control.as.dotprompt']);
      assert.deepStrictEqual(scopesOf(tokens, 11, 'item'), [...block, 'variable.parameter.dotprompt']);
      assert.deepStrictEqual(scopesOf(tokens, 11, '@index'), ['source.dotprompt', 'meta.embedded.expression.dotprompt', 'variable.language.data.dotprompt']);
      assert.deepStrictEqual(scopesOf(tokens, 11, 'title'), ['source.dotprompt', 'meta.embedded.expression.dotprompt', 'variable.other.property.dotprompt']);
    });

    it('scopes triple-stash, escapes and whitespace control', () => {
      const unescaped = ['source.dotprompt', 'meta.embedded.expression.unescaped.dotprompt'];
      assert.deepStrictEqual(scopesOf(tokens, 12, '{{{'), [...unescaped, 'punctuation.definition.template-expression.begin.dotprompt']);
      assert.deepStrictEqual(scopesOf(tokens, 12, 'rawHtml'), [...unescaped, 'variable.other.dotprompt']);
      assert.deepStrictEqual(scopesOf(tokens, 12, '}}}'), [...unescaped, 'punctuation.definition.template-expression.end.dotprompt']);
      assert.deepStrictEqual(scopesOf(tokens, 12, '\\'), ['source.dotprompt', 'constant.character.escape.dotprompt']);
      assert.deepStrictEqual(scopesOf(tokens, 12, '{{escaped}}'), ['source.dotprompt']);
      assert.deepStrictEqual(scopesOf(tokens, 12, '{{~'), [
        'source.dotprompt',
        'meta.embedded.expression.dotprompt',
        'punctuation.definition.template-expression.begin.dotprompt',
      ]);
      assert.deepStrictEqual(scopesOf(tokens, 12, '~}}'), [
        'source.dotprompt',
        'meta.embedded.expression.dotprompt',
        'punctuation.definition.template-expression.end.dotprompt',
      ]);
    });
  });

  /**
   * With the Markdown and YAML grammars VS Code itself ships: they come with the code-server the
   * real-editor tests use, installed here first when missing (once per machine).
   */
  describe("with VS Code's own Markdown and YAML grammars", () => {
    const extensions = path.join(TEST_CACHE, `code-server-${CODE_SERVER_VERSION}`, 'node_modules/code-server/lib/vscode/extensions');
    const files = {
      'source.prompty': grammarPath('prompty'),
      'source.dotprompt': grammarPath('dotprompt'),
      'text.html.markdown': path.join(extensions, 'markdown-basics/syntaxes/markdown.tmLanguage.json'),
      'source.yaml': path.join(extensions, 'yaml/syntaxes/yaml.tmLanguage.json'),
      'source.yaml.1.2': path.join(extensions, 'yaml/syntaxes/yaml-1.2.tmLanguage.json'),
      'source.yaml.embedded': path.join(extensions, 'yaml/syntaxes/yaml-embedded.tmLanguage.json'),
    };
    let prompty: vsctm.IGrammar;
    let dotprompt: vsctm.IGrammar;

    before(async function () {
      this.timeout(600_000);
      ensureCodeServer();
      const missing = Object.values(files).filter((file) => !fs.existsSync(file));
      assert.deepStrictEqual(missing, [], 'code-server no longer ships these grammars');
      const shared = registry(files);
      const [p, d] = await Promise.all([shared.loadGrammar('source.prompty'), shared.loadGrammar('source.dotprompt')]);
      assert.ok(p && d);
      prompty = p;
      dotprompt = d;
    });

    it('ends the real YAML at the fence even after an empty block scalar', () => {
      const tokens = tokenize(prompty, '---\nname: x\ndescription: |\n---\nsystem:\nHi');
      assert.deepStrictEqual(scopesOf(tokens, 1, 'name').slice(0, 4), [
        'source.prompty',
        'meta.frontmatter.prompty',
        'meta.embedded.block.frontmatter',
        'source.yaml',
      ]);
      assert.strictEqual(scopesOf(tokens, 1, 'name').at(-1), 'entity.name.tag.yaml');
      assert.deepStrictEqual(scopesOf(tokens, 3, '---'), ['source.prompty', 'meta.frontmatter.prompty', 'punctuation.definition.tag.end.frontmatter.prompty']);
      assert.deepStrictEqual(scopesOf(tokens, 4, 'system'), ['source.prompty', 'meta.role.prompty', 'entity.name.tag.role.prompty']);
    });

    it('highlights ${env:NAME} inside real YAML values', () => {
      const tokens = tokenize(prompty, '---\nmodel:\n  connection:\n    endpoint: ${env:ENDPOINT}\n---');
      assert.strictEqual(scopesOf(tokens, 3, 'ENDPOINT').at(-1), 'variable.other.environment.prompty');
    });

    it('keeps template tags and role lines inside Markdown blocks', () => {
      const tokens = tokenize(prompty, 'system:\n- item {{ x }}\n# user:\n```\n{{code}}\n```\n**{{bold}}**');
      const x = scopesOf(tokens, 1, 'x');
      assert.ok(x.includes('markup.list.unnumbered.markdown'), x.join(' '));
      assert.deepStrictEqual(x.slice(-2), ['meta.embedded.expression.prompty', 'variable.other.prompty']);
      assert.deepStrictEqual(scopesOf(tokens, 2, 'user'), ['source.prompty', 'meta.role.prompty', 'entity.name.tag.role.prompty']);
      assert.deepStrictEqual(scopesOf(tokens, 4, 'code').slice(-2), ['meta.embedded.expression.prompty', 'variable.other.prompty']);
      assert.deepStrictEqual(scopesOf(tokens, 6, 'bold').slice(-2), ['meta.embedded.expression.prompty', 'variable.other.prompty']);
    });

    it('keeps Handlebars tags inside Markdown blocks', () => {
      const tokens = tokenize(dotprompt, '---\ninput:\n  default: {a: [1,\n---\n{{role "user"}}\n* list {{item}}');
      assert.deepStrictEqual(scopesOf(tokens, 4, 'user'), [
        'source.dotprompt',
        'meta.embedded.expression.role.dotprompt',
        'string.quoted.double.dotprompt',
        'entity.name.tag.role.dotprompt',
      ]);
      const item = scopesOf(tokens, 5, 'item');
      assert.ok(item.includes('markup.list.unnumbered.markdown'), item.join(' '));
      assert.deepStrictEqual(item.slice(-2), ['meta.embedded.expression.dotprompt', 'variable.other.dotprompt']);
    });
  });
});
