import * as assert from 'assert';
import { extractGithubModels } from '../../src/core/extract/promptFiles/githubModels';
import { assertInsertionReparses, dynamic, fixture, onlySite, range, text } from './promptFileHelpers';

const read = (name: string) => fixture('githubModels', name);
const extract = (name: string) => extractGithubModels(read(name), `prompts/${name}`);

describe('GitHub Models extractor', () => {
  it('reads model, modelParameters.maxTokens, messages and the first testData row', () => {
    const result = extract('summarize.prompt.yml');
    assert.deepStrictEqual(result.findings, []);
    const site = onlySite(result);
    assert.strictEqual(site.id, 'prompts/summarize.prompt.yml#Thread summarizer');
    assert.strictEqual(site.sdk, 'github-models');
    assert.strictEqual(site.kind, 'prompt-file');
    assert.deepStrictEqual(site.range, range(0, 0, 0, 23));
    assert.deepStrictEqual(site.model, { id: 'openai/gpt-4o-mini', range: range(2, 7, 2, 25), resolved: true });
    assert.deepStrictEqual(site.outputCap, { param: 'modelParameters.maxTokens', value: 400, range: range(4, 13, 4, 16) });
    assert.strictEqual(site.outputCapInsertion, undefined);
    assert.deepStrictEqual(site.samples, {
      customer: 'Dana Whitfield',
      thread: 'Customer: I was charged twice.\nAgent: Refund issued.',
      expected: 'Duplicate charge, refunded.',
    });
    assert.deepStrictEqual(site.messages, [
      {
        role: 'system',
        roleRange: range(7, 10, 7, 16),
        range: range(7, 4, 8, 71),
        segments: [text('You summarize support threads for the next agent on shift.', range(8, 13, 8, 71))],
      },
      {
        role: 'user',
        roleRange: range(9, 10, 9, 14),
        range: range(9, 4, 14, 16),
        // Block scalar lines are mapped back to the file; the text is the parsed value (indent removed, final line break kept).
        segments: [
          text('Customer: ', range(11, 6, 11, 16)),
          dynamic('{{customer}}', 'customer', 'variable', range(11, 16, 11, 28)),
          text('\n\nThread:\n', range(11, 28, 14, 6)),
          dynamic('{{thread}}', 'thread', 'variable', range(14, 6, 14, 16)),
          text('\n', range(14, 16, 15, 0)),
        ],
      },
    ]);
  });

  it('maps segments of quoted, folded, plain and literal scalars back to the file', () => {
    const result = extract('scalar-styles.prompt.yml');
    assert.deepStrictEqual(result.findings, []);
    assert.deepStrictEqual(
      onlySite(result).messages.map((message) => [message.role, message.segments]),
      [
        [
          'system',
          [text('Say "hi" to ', range(3, 14, 3, 28)), dynamic('{{name}}', 'name', 'variable', range(3, 28, 3, 36)), text('\tnow', range(3, 36, 3, 41))],
        ],
        ['user', [text("It's ", range(5, 14, 5, 20)), dynamic('{{day}}', 'day', 'variable', range(5, 20, 5, 27)), text(' today', range(5, 27, 5, 33))]],
        [
          'assistant',
          [
            text('Folded ', range(8, 6, 8, 13)),
            dynamic('{{a}}', 'a', 'variable', range(8, 13, 8, 18)),
            text(' continues here\nnew paragraph ', range(8, 18, 11, 20)),
            dynamic('{{b}}', 'b', 'variable', range(11, 20, 11, 25)),
            text('\n', range(11, 25, 12, 0)),
          ],
        ],
        ['user', [text('plain ', range(13, 13, 13, 19)), dynamic('{{c}}', 'c', 'variable', range(13, 19, 13, 24)), text(' next line', range(13, 24, 14, 15))]],
        [
          'developer',
          [
            text('Literal ', range(17, 6, 17, 14)),
            dynamic('{{d}}', 'd', 'variable', range(17, 14, 17, 19)),
            text('\n  indented ', range(17, 19, 18, 17)),
            dynamic('{{e}}', 'e', 'variable', range(18, 17, 18, 22)),
          ],
        ],
      ],
    );
  });

  it('follows escaped line breaks, and falls back to the whole scalar where escapes and folds cannot be told apart', () => {
    const result = extract('double-quoted-multiline.prompt.yml');
    assert.deepStrictEqual(result.findings, []);
    assert.deepStrictEqual(
      onlySite(result).messages.map((message) => message.segments),
      [
        [
          text('Answer in one paragraph about ', range(3, 14, 4, 22)),
          dynamic('{{topic}}', 'topic', 'variable', range(4, 22, 4, 31)),
          text('.', range(4, 31, 4, 32)),
        ],
        // The text is still the parsed value; only the ranges are the whole scalar's.
        [dynamic('{{question}}', 'question', 'variable', range(6, 13, 8, 16)), text('   \n  thanks', range(6, 13, 8, 16))],
      ],
    );
  });

  describe('output cap insertion', () => {
    const cases: Array<[file: string, at: ReturnType<typeof range>, template: string]> = [
      // A new modelParameters block on the line after model:.
      ['no-model-parameters.prompt.yml', range(2, 0, 2, 0), 'modelParameters:\n  maxTokens: {value}\n'],
      // Inside the existing modelParameters, before its first key.
      ['parameters-no-cap.prompt.yaml', range(3, 0, 3, 0), '  maxTokens: {value}\n'],
      ['crlf.prompt.yml', range(2, 0, 2, 0), 'modelParameters:\r\n  maxTokens: {value}\r\n'],
    ];
    for (const [file, at, template] of cases) {
      it(`${file}: modelParameters.maxTokens at ${at.start.line}:${at.start.character}, and the fixed file re-parses with the cap`, () => {
        const site = onlySite(extract(file));
        assert.strictEqual(site.outputCap, undefined);
        assert.deepStrictEqual(site.outputCapInsertion, { param: 'modelParameters.maxTokens', range: at, template });
        assertInsertionReparses(extractGithubModels, read(file), `prompts/${file}`);
      });
    }

    it('leaves the messages of the fixed file where they were, one block lower', () => {
      const fixed = assertInsertionReparses(extractGithubModels, read('no-model-parameters.prompt.yml'), 'prompts/no-model-parameters.prompt.yml');
      assert.deepStrictEqual(onlySite(extractGithubModels(fixed, 'prompts/no-model-parameters.prompt.yml')).messages[0].segments, [
        text('Answer positive, neutral or negative: ', range(6, 14, 6, 52)),
        dynamic('{{review}}', 'review', 'variable', range(6, 52, 6, 62)),
      ]);
    });
  });

  it('handles CRLF line endings and tabs inside a block scalar', () => {
    const source = read('crlf.prompt.yml');
    assert.ok(source.includes('\r\n'), 'the fixture keeps its CRLF line endings');
    const result = extract('crlf.prompt.yml');
    assert.deepStrictEqual(result.findings, []);
    assert.deepStrictEqual(
      onlySite(result).messages.map((message) => [message.role, message.range, message.segments]),
      [
        [
          'system',
          range(3, 4, 6, 22),
          [
            text('Summarize for ', range(5, 6, 5, 20)),
            dynamic('{{audience}}', 'audience', 'variable', range(5, 20, 5, 32)),
            text(':\n\t- keep it short\n', range(5, 32, 7, 0)),
          ],
        ],
        ['user', range(7, 4, 8, 23), [dynamic('{{text}}', 'text', 'variable', range(8, 14, 8, 22))]],
      ],
    );
  });

  describe('findings', () => {
    it('warns about unknown roles, a message without content and one without a role; rejects a non-mapping message', () => {
      const result = extract('unknown-role.prompt.yml');
      assert.deepStrictEqual(result.findings, [
        {
          rule: 'unknown-role',
          severity: 'warning',
          message: '"sytem" is not a GitHub Models role (system, developer, user, assistant); did you mean "system"? It is counted as a system message.',
          range: range(4, 10, 4, 15),
          fixes: [],
        },
        {
          rule: 'unknown-role',
          severity: 'warning',
          message: '"moderator" is not a GitHub Models role (system, developer, user, assistant). It is counted as a user message.',
          range: range(6, 10, 6, 19),
          fixes: [],
        },
        { rule: 'missing-content', severity: 'warning', message: 'This user message has no content.', range: range(8, 10, 8, 14), fixes: [] },
        {
          rule: 'missing-role',
          severity: 'warning',
          message: 'This message has no role (system, developer, user, assistant); it is counted as a user message.',
          range: range(9, 4, 9, 11),
          fixes: [],
        },
        {
          rule: 'invalid-messages',
          severity: 'error',
          message: 'Each message must be a mapping with role and content.',
          range: range(10, 4, 10, 17),
          fixes: [],
        },
      ]);
      assert.deepStrictEqual(
        onlySite(result).messages.map((message) => [message.role, message.roleRange, message.segments.map((segment) => segment.text)]),
        [
          ['system', range(4, 10, 4, 15), ['Reply in one word.']],
          ['user', range(6, 10, 6, 19), ['Check ', '{{text}}']],
          ['user', range(8, 10, 8, 14), []],
          ['user', undefined, ['Orphan text']],
        ],
      );
    });

    it('reports messages that are not a list', () => {
      const result = extract('invalid-messages.prompt.yml');
      assert.deepStrictEqual(result.findings, [
        {
          rule: 'invalid-messages',
          severity: 'error',
          message: 'messages must be a list of { role, content } entries.',
          range: range(1, 10, 1, 28),
          fixes: [],
        },
      ]);
      assert.deepStrictEqual(onlySite(result).messages, []);
    });

    it('reports missing messages on the first line', () => {
      const result = extract('no-messages.prompt.yaml');
      assert.deepStrictEqual(result.findings, [
        {
          rule: 'invalid-messages',
          severity: 'error',
          message: 'A .prompt.yml file needs messages: a list of { role, content } entries; none was found.',
          range: range(0, 0, 0, 21),
          fixes: [],
        },
      ]);
      assert.strictEqual(onlySite(result).id, 'prompts/no-messages.prompt.yaml#Nothing to send');
    });

    it('reports a model that is not a string', () => {
      const result = extract('non-string-model.prompt.yml');
      assert.deepStrictEqual(result.findings, [
        {
          rule: 'invalid-model',
          severity: 'error',
          message: 'model must be a model id such as "openai/gpt-4o-mini"; found a list.',
          range: range(1, 2, 2, 22),
          fixes: [],
        },
      ]);
      const site = onlySite(result);
      assert.strictEqual(site.model, undefined);
      assert.strictEqual(site.id, 'prompts/non-string-model.prompt.yml#non-string-model');
    });

    it('reports broken YAML and still reads what it can', () => {
      const result = extract('broken-yaml.prompt.yml');
      assert.deepStrictEqual(
        result.findings.map((finding) => [finding.rule, finding.severity, finding.message, finding.range]),
        // The yaml package reports an unterminated quote where the text ends.
        [['invalid-yaml', 'error', 'YAML error: Missing closing "quote', range(4, 0, 4, 0)]],
      );
      const site = onlySite(result);
      assert.deepStrictEqual(site.model, { id: 'openai/gpt-4o', range: range(0, 7, 0, 20), resolved: true });
      assert.deepStrictEqual(
        site.messages.map((message) => message.segments.map((segment) => segment.text)),
        [['unterminated ', '{{x}}']],
      );
    });
  });
});
