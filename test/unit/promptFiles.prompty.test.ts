import * as assert from 'assert';
import { readFileSync } from 'fs';
import * as path from 'path';
import { extractPrompty } from '../../src/core/extract/promptFiles/prompty';
import { assertInsertionReparses, dynamic, fixture, onlySite, range, text } from './promptFileHelpers';

const read = (name: string) => fixture('prompty', name);
const extract = (name: string) => extractPrompty(read(name), `prompts/${name}`);

describe('Prompty extractor', () => {
  it('reads a v1 file: model, cap, samples and role-line messages', () => {
    const result = extract('v1-openai.prompty');
    assert.deepStrictEqual(result.findings, []);
    const site = onlySite(result);
    assert.strictEqual(site.id, 'prompts/v1-openai.prompty#Refund policy answer');
    assert.strictEqual(site.kind, 'prompt-file');
    assert.strictEqual(site.sdk, 'prompty');
    assert.strictEqual(site.file, 'prompts/v1-openai.prompty');
    assert.deepStrictEqual(site.range, range(0, 0, 0, 3));
    assert.deepStrictEqual(site.model, { id: 'gpt-4o-mini', range: range(6, 10, 6, 21), resolved: true, provider: 'openai' });
    assert.deepStrictEqual(site.outputCap, { param: 'parameters.max_tokens', value: 300, range: range(8, 16, 8, 19) });
    assert.strictEqual(site.outputCapInsertion, undefined);
    assert.deepStrictEqual(site.samples, { question: 'Can I get a refund for an annual plan after 20 days?' });
    assert.deepStrictEqual(site.options, {});
    assert.deepStrictEqual(site.messages, [
      {
        role: 'system',
        roleRange: range(16, 0, 16, 7),
        range: range(16, 0, 18, 52),
        segments: [
          text(
            "You answer questions about Acme's refund policy. Annual plans can be refunded in full within\n30 days of purchase; monthly plans are not refunded.",
            range(17, 0, 18, 52),
          ),
        ],
      },
      {
        role: 'user',
        roleRange: range(20, 0, 20, 5),
        range: range(20, 0, 21, 12),
        segments: [dynamic('{{question}}', 'question', 'variable', range(21, 0, 21, 12))],
      },
    ]);
  });

  it('reads the sample app prompt the demo opens first', () => {
    const file = 'prompts/support-reply.prompty';
    const source = readFileSync(path.join(__dirname, '..', 'fixtures', 'workspace', file), 'utf8');
    const result = extractPrompty(source, file);
    assert.deepStrictEqual(result.findings, []);
    const site = onlySite(result);
    assert.strictEqual(site.id, 'prompts/support-reply.prompty#Support reply');
    assert.deepStrictEqual(site.model, { id: 'gpt-4o-mini', range: range(9, 10, 9, 21), resolved: true, provider: 'openai' });
    assert.deepStrictEqual(site.outputCap, { param: 'parameters.max_tokens', value: 400, range: range(11, 16, 11, 19) });
    assert.deepStrictEqual(
      site.messages.map((message) => [message.role, message.segments.filter((segment) => segment.kind === 'dynamic').map((segment) => segment.name)]),
      [
        ['system', ['articles']],
        ['user', ['customer_name', 'ticket']],
      ],
    );
  });

  it('keeps a v1 azure_deployment as an unresolved deployment name', () => {
    const site = onlySite(extract('v1-azure.prompty'));
    assert.deepStrictEqual(site.model, { id: 'support-gpt4o', range: range(7, 22, 7, 35), resolved: false, deployment: 'support-gpt4o', provider: 'azure' });
    assert.deepStrictEqual(site.outputCap, { param: 'parameters.max_tokens', value: 250, range: range(9, 16, 9, 19) });
  });

  it('reads a v2 model mapping with provider and options.maxOutputTokens, and Jinja tags', () => {
    const result = extract('v2-capped.prompty');
    assert.deepStrictEqual(result.findings, []);
    const site = onlySite(result);
    assert.deepStrictEqual(site.model, { id: 'claude-sonnet-4-5', range: range(3, 6, 3, 23), resolved: true, provider: 'anthropic' });
    assert.deepStrictEqual(site.outputCap, { param: 'options.maxOutputTokens', value: 800, range: range(6, 21, 6, 24) });
    assert.deepStrictEqual(site.messages[0].segments, [
      text('Turn the merged pull requests into customer-facing release notes.\n', range(10, 0, 11, 0)),
      dynamic('{% for pr in pulls %}', '%for', 'control', range(11, 0, 11, 21)),
      text('\n- ', range(11, 21, 12, 2)),
      dynamic('{{ pr.title }}', 'pr.title', 'variable', range(12, 2, 12, 16)),
      text('\n', range(12, 16, 13, 0)),
      dynamic('{% endfor %}', '%endfor', 'control', range(13, 0, 13, 12)),
    ]);
  });

  it('treats a v2 foundry id as a deployment', () => {
    const site = onlySite(extract('v2-foundry.prompty'));
    assert.deepStrictEqual(site.model, { id: 'summaries-prod', range: range(3, 6, 3, 20), resolved: false, deployment: 'summaries-prod' });
    assert.deepStrictEqual(site.messages, [
      {
        role: 'system',
        roleRange: undefined,
        range: range(8, 0, 8, 19),
        segments: [text('Summarize: ', range(8, 0, 8, 11)), dynamic('{{text}}', 'text', 'variable', range(8, 11, 8, 19))],
      },
    ]);
  });

  it('reads v2 input defaults as samples', () => {
    assert.deepStrictEqual(onlySite(extract('v2-mapping-options.prompty')).samples, { feedback: 'Too expensive for a team of three.' });
  });

  describe('output cap insertion', () => {
    const cases: Array<[file: string, param: string, at: ReturnType<typeof range>, template: string]> = [
      ['v1-no-max-tokens.prompty', 'parameters.max_tokens', range(8, 0, 8, 0), '    max_tokens: {value}\n'],
      ['v1-no-parameters.prompty', 'parameters.max_tokens', range(3, 0, 3, 0), '  parameters:\n    max_tokens: {value}\n'],
      ['v1-null-parameters.prompty', 'parameters.max_tokens', range(7, 0, 7, 0), '    max_tokens: {value}\n'],
      ['v1-empty-flow-parameters.prompty', 'parameters.max_tokens', range(4, 14, 4, 16), '{ max_tokens: {value} }'],
      ['v2-mapping-options.prompty', 'options.maxOutputTokens', range(7, 0, 7, 0), '    maxOutputTokens: {value}\n'],
      ['v2-mapping-no-options.prompty', 'options.maxOutputTokens', range(3, 0, 3, 0), '  options:\n    maxOutputTokens: {value}\n'],
      ['v2-string-model.prompty', 'options.maxOutputTokens', range(2, 5, 2, 18), ':\n  id: gpt-4o-mini\n  options:\n    maxOutputTokens: {value}'],
      ['v2-quoted-model.prompty', 'options.maxOutputTokens', range(2, 5, 2, 15), ':\n  id: "gpt-4o"\n  options:\n    maxOutputTokens: {value}'],
      ['v2-flow-model.prompty', 'options.maxOutputTokens', range(2, 8, 2, 8), 'options: { maxOutputTokens: {value} }, '],
      ['v2-flow-options.prompty', 'options.maxOutputTokens', range(4, 13, 4, 13), 'maxOutputTokens: {value}, '],
      ['crlf-tabs.prompty', 'parameters.max_tokens', range(3, 0, 3, 0), '  parameters:\r\n    max_tokens: {value}\r\n'],
    ];
    for (const [file, param, at, template] of cases) {
      it(`${file}: ${param} at ${at.start.line}:${at.start.character}, and the fixed file re-parses with the cap`, () => {
        const site = onlySite(extract(file));
        assert.strictEqual(site.outputCap, undefined);
        assert.deepStrictEqual(site.outputCapInsertion, { param, range: at, template });
        assertInsertionReparses(extractPrompty, read(file), `prompts/${file}`);
      });
    }

    it('writes the v1 parameters block in the file’s own indentation', () => {
      const fixed = assertInsertionReparses(extractPrompty, read('v1-no-parameters.prompty'), 'prompts/v1-no-parameters.prompty');
      assert.strictEqual(
        fixed.split('\n').slice(2, 8).join('\n'),
        'model:\n  parameters:\n    max_tokens: 512\n  api: chat\n  configuration:\n    type: openai',
      );
    });

    it('keeps the model id when a v2 string model becomes a mapping', () => {
      const fixed = assertInsertionReparses(extractPrompty, read('v2-string-model.prompty'), 'prompts/v2-string-model.prompty');
      assert.deepStrictEqual(onlySite(extractPrompty(fixed, 'prompts/v2-string-model.prompty')).model, {
        id: 'gpt-4o-mini',
        range: range(3, 6, 3, 17),
        resolved: true,
      });
    });
  });

  it('reads a v2 string model; text before any role line is a system message', () => {
    const result = extract('v2-string-model.prompty');
    assert.deepStrictEqual(result.findings, []);
    const site = onlySite(result);
    assert.deepStrictEqual(site.model, { id: 'gpt-4o-mini', range: range(2, 7, 2, 18), resolved: true });
    assert.deepStrictEqual(site.messages, [
      {
        role: 'system',
        roleRange: undefined,
        range: range(4, 0, 5, 16),
        segments: [
          text('Write a subject line of at most eight words for this email:\n', range(4, 0, 5, 0)),
          dynamic('{{ email_body }}', 'email_body', 'variable', range(5, 0, 5, 16)),
        ],
      },
    ]);
  });

  it('handles CRLF line endings and tabs', () => {
    const source = read('crlf-tabs.prompty');
    assert.ok(source.includes('\r\n'), 'the fixture keeps its CRLF line endings');
    const result = extract('crlf-tabs.prompty');
    assert.deepStrictEqual(result.findings, []);
    const site = onlySite(result);
    assert.deepStrictEqual(site.model, { id: 'gpt-4o-mini', range: range(6, 10, 6, 21), resolved: true, provider: 'openai' });
    assert.deepStrictEqual(site.messages, [
      {
        role: 'system',
        roleRange: range(8, 0, 8, 7),
        range: range(8, 0, 10, 13),
        segments: [text('You reply in a table:\r\n\tcolumn\tvalue', range(9, 1, 10, 13))],
      },
      {
        role: 'user',
        roleRange: range(12, 0, 12, 5),
        range: range(12, 0, 13, 12),
        segments: [dynamic('{{question}}', 'question', 'variable', range(13, 0, 13, 12))],
      },
    ]);
  });

  describe('findings', () => {
    it('reports YAML errors at their place and still reads the body', () => {
      const result = extract('broken-yaml.prompty');
      assert.deepStrictEqual(
        result.findings.map((finding) => [finding.rule, finding.severity, finding.message, finding.range]),
        [
          ['invalid-yaml', 'error', 'YAML error: Nested mappings are not allowed in compact mappings', range(3, 6, 3, 7)],
          ['invalid-yaml', 'error', 'YAML error: Implicit keys need to be on a single line', range(3, 6, 4, 12)],
          ['invalid-model', 'error', 'model.id must be a string such as "gpt-4o-mini".', range(3, 6, 5, 0)],
        ],
      );
      assert.deepStrictEqual(onlySite(result).messages[0].segments, [
        text('Hello ', range(7, 0, 7, 6)),
        dynamic('{{name}}', 'name', 'variable', range(7, 6, 7, 14)),
      ]);
    });

    it('reports front matter without a closing ---', () => {
      const result = extract('unclosed.prompty');
      const unclosed = result.findings.find((finding) => finding.rule === 'unclosed-front-matter');
      assert.deepStrictEqual(unclosed, {
        rule: 'unclosed-front-matter',
        severity: 'error',
        message: 'The front matter has no closing --- line: the rest of the file was read as YAML and no prompt body was found.',
        range: range(0, 0, 0, 3),
        fixes: [],
      });
      assert.deepStrictEqual(onlySite(result).messages, []);
    });

    it('warns about a misspelt role line but not about a heading such as "Tools:"', () => {
      const result = extract('unknown-role.prompty');
      assert.deepStrictEqual(result.findings, [
        {
          rule: 'unknown-role',
          severity: 'warning',
          message: '"sytem:" is not a Prompty role (system, developer, user, assistant, tool, function); did you mean "system:"? It is read as text.',
          range: range(4, 0, 4, 5),
          fixes: [],
        },
      ]);
      assert.deepStrictEqual(
        onlySite(result).messages.map((message) => message.role),
        ['system', 'user'],
      );
    });

    it('reports a model that is neither a string nor a mapping', () => {
      const result = extract('non-string-model.prompty');
      assert.deepStrictEqual(result.findings, [
        {
          rule: 'invalid-model',
          severity: 'error',
          message: 'model must be a model id such as "gpt-4o-mini", or a mapping; found 42.',
          range: range(2, 7, 2, 9),
          fixes: [],
        },
      ]);
      assert.strictEqual(onlySite(result).model, undefined);
    });

    it('warns when there is no front matter', () => {
      const result = extract('no-front-matter.prompty');
      assert.deepStrictEqual(
        result.findings.map((finding) => [finding.rule, finding.severity, finding.range]),
        [['missing-front-matter', 'warning', range(0, 0, 0, 7)]],
      );
      const site = onlySite(result);
      assert.strictEqual(site.id, 'prompts/no-front-matter.prompty#no-front-matter');
      assert.strictEqual(site.outputCapInsertion, undefined);
    });
  });
});
