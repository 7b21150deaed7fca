import * as assert from 'assert';
import { extractDotprompt } from '../../src/core/extract/promptFiles/dotprompt';
import { assertInsertionReparses, dynamic, fixture, onlySite, range, text } from './promptFileHelpers';

const read = (name: string) => fixture('dotprompt', name);
const extract = (name: string) => extractDotprompt(read(name), `prompts/${name}`);

describe('Dotprompt extractor', () => {
  it('reads model, config.maxOutputTokens, input defaults, tools and role-switched messages', () => {
    const result = extract('triage.prompt');
    assert.deepStrictEqual(result.findings, []);
    const site = onlySite(result);
    assert.strictEqual(site.id, 'prompts/triage.prompt#triage');
    assert.strictEqual(site.sdk, 'dotprompt');
    assert.strictEqual(site.name, 'triage');
    assert.deepStrictEqual(site.range, range(0, 0, 0, 3));
    assert.deepStrictEqual(site.model, { id: 'googleai/gemini-2.5-flash', range: range(2, 7, 2, 32), resolved: true });
    assert.deepStrictEqual(site.outputCap, { param: 'config.maxOutputTokens', value: 300, range: range(4, 19, 4, 22) });
    assert.strictEqual(site.outputCapInsertion, undefined);
    assert.deepStrictEqual(site.samples, { plan: 'free', subject: 'Cannot log in' });
    assert.deepStrictEqual(site.tools, [text('lookupAccount', range(15, 4, 15, 17)), text('searchKnowledgeBase', range(16, 4, 16, 23))]);
    assert.deepStrictEqual(site.messages, [
      {
        role: 'system',
        roleRange: range(20, 0, 20, 17),
        range: range(20, 0, 23, 22),
        // The {{!-- --}} comment is never sent.
        segments: [
          text('Label the ticket with one queue: billing, access, bug, other.\n', range(22, 0, 23, 0)),
          dynamic('{{> escalationPolicy}}', '> escalationPolicy', 'partial', range(23, 0, 23, 22)),
        ],
      },
      {
        role: 'user',
        roleRange: range(25, 0, 25, 15),
        range: range(25, 0, 29, 49),
        segments: [
          text('Plan: ', range(26, 0, 26, 6)),
          dynamic('{{plan}}', 'plan', 'variable', range(26, 6, 26, 14)),
          text('\nSubject: ', range(26, 14, 27, 9)),
          dynamic('{{subject}}', 'subject', 'variable', range(27, 9, 27, 20)),
          text('\n', range(27, 20, 28, 0)),
          dynamic('{{{body}}}', 'body', 'variable', range(28, 0, 28, 10)),
          text('\n', range(28, 10, 29, 0)),
          dynamic('{{#if screenshot}}', '#if screenshot', 'control', range(29, 0, 29, 18)),
          dynamic('{{media url=screenshot}}', 'media', 'media', range(29, 18, 29, 42)),
          dynamic('{{/if}}', '/if', 'control', range(29, 42, 29, 49)),
        ],
      },
    ]);
  });

  it('starts with a user message, maps "model" to assistant, drops empty messages and splits at {{history}}', () => {
    const result = extract('roles.prompt');
    assert.deepStrictEqual(result.findings, []);
    assert.deepStrictEqual(onlySite(result).messages, [
      { role: 'user', roleRange: undefined, range: range(5, 0, 5, 32), segments: [text('Here is the conversation so far.', range(5, 0, 5, 32))] },
      { role: 'assistant', roleRange: range(6, 0, 6, 16), range: range(6, 0, 7, 11), segments: [text('Understood.', range(7, 0, 7, 11))] },
      // The empty system and user turns are dropped, as Dotprompt does; history stands for the earlier turns.
      { role: 'user', segments: [dynamic('{{history}}', 'history', 'history', range(9, 0, 9, 11))], range: range(9, 0, 9, 11) },
      // Dotprompt continues after {{history}} with a model message until the next role marker.
      {
        role: 'assistant',
        roleRange: undefined,
        range: range(10, 0, 10, 12),
        segments: [dynamic('{{question}}', 'question', 'variable', range(10, 0, 10, 12))],
      },
    ]);
  });

  it('reads a body-only file as one user message with no model', () => {
    const result = extract('body-only.prompt');
    assert.deepStrictEqual(result.findings, []);
    const site = onlySite(result);
    assert.strictEqual(site.id, 'prompts/body-only.prompt#body-only');
    assert.strictEqual(site.model, undefined);
    assert.deepStrictEqual(site.messages, [
      {
        role: 'user',
        roleRange: undefined,
        range: range(0, 0, 0, 31),
        segments: [text('Translate into French: ', range(0, 0, 0, 23)), dynamic('{{text}}', 'text', 'variable', range(0, 23, 0, 31))],
      },
    ]);
  });

  it('finds front matter after a licence header', () => {
    const result = extract('license-header.prompt');
    assert.deepStrictEqual(result.findings, []);
    const site = onlySite(result);
    assert.deepStrictEqual(site.model, { id: 'googleai/gemini-2.5-flash', range: range(4, 7, 4, 32), resolved: true });
    assert.deepStrictEqual(site.messages, [
      { role: 'system', roleRange: range(6, 0, 6, 17), range: range(6, 0, 7, 19), segments: [text('Answer in one line.', range(7, 0, 7, 19))] },
    ]);
  });

  it('reads scalar input defaults as samples', () => {
    assert.deepStrictEqual(onlySite(extract('no-config.prompt')).samples, { name: 'Guest', visits: '3' });
  });

  describe('output cap insertion', () => {
    const cases: Array<[file: string, at: ReturnType<typeof range>, template: string]> = [
      // A new config block on the line after model:.
      ['no-config.prompt', range(3, 0, 3, 0), 'config:\n  maxOutputTokens: {value}\n'],
      // Inside the existing config, before its first key.
      ['config-no-cap.prompt', range(3, 0, 3, 0), '  maxOutputTokens: {value}\n'],
      // No model: at the top of the front matter.
      ['no-model.prompt', range(1, 0, 1, 0), 'config:\n  maxOutputTokens: {value}\n'],
      // No front matter at all: new front matter that holds only the cap.
      ['body-only.prompt', range(0, 0, 0, 0), '---\nconfig:\n  maxOutputTokens: {value}\n---\n'],
      ['crlf-tabs.prompt', range(2, 0, 2, 0), 'config:\r\n  maxOutputTokens: {value}\r\n'],
    ];
    for (const [file, at, template] of cases) {
      it(`${file}: config.maxOutputTokens at ${at.start.line}:${at.start.character}, and the fixed file re-parses with the cap`, () => {
        const site = onlySite(extract(file));
        assert.strictEqual(site.outputCap, undefined);
        assert.deepStrictEqual(site.outputCapInsertion, { param: 'config.maxOutputTokens', range: at, template });
        assertInsertionReparses(extractDotprompt, read(file), `prompts/${file}`);
      });
    }

    it('keeps the body of a body-only file as its message after the fix', () => {
      const fixed = assertInsertionReparses(extractDotprompt, read('body-only.prompt'), 'prompts/body-only.prompt');
      const messages = onlySite(extractDotprompt(fixed, 'prompts/body-only.prompt')).messages;
      assert.deepStrictEqual(
        messages.map((message) => message.segments.map((segment) => segment.text).join('')),
        ['Translate into French: {{text}}'],
      );
    });
  });

  it('handles CRLF line endings and tabs', () => {
    const source = read('crlf-tabs.prompt');
    assert.ok(source.includes('\r\n'), 'the fixture keeps its CRLF line endings');
    const site = onlySite(extract('crlf-tabs.prompt'));
    assert.deepStrictEqual(site.model, { id: 'googleai/gemini-2.5-flash', range: range(1, 7, 1, 32), resolved: true });
    assert.deepStrictEqual(site.messages, [
      { role: 'system', roleRange: range(3, 0, 3, 17), range: range(3, 0, 4, 18), segments: [text('You sort tickets.', range(4, 1, 4, 18))] },
      { role: 'user', roleRange: range(5, 0, 5, 15), range: range(5, 0, 6, 11), segments: [dynamic('{{ticket}}', 'ticket', 'variable', range(6, 1, 6, 11))] },
    ]);
  });

  describe('findings', () => {
    it('warns about unknown roles at the role name, ignoring markers inside comments', () => {
      const result = extract('unknown-role.prompt');
      assert.deepStrictEqual(result.findings, [
        {
          rule: 'unknown-role',
          severity: 'warning',
          message: '"sytem" is not a Dotprompt role (system, user, model, tool); did you mean "system"? It is counted as a system message.',
          range: range(5, 8, 5, 13),
          fixes: [],
        },
        {
          rule: 'unknown-role',
          severity: 'warning',
          message:
            '"assistant" is not a Dotprompt role (system, user, model, tool); Dotprompt calls the assistant "model". It is counted as an assistant message.',
          range: range(7, 8, 7, 17),
          fixes: [],
        },
      ]);
      assert.deepStrictEqual(
        onlySite(result).messages.map((message) => [message.role, message.roleRange, message.segments]),
        [
          ['system', range(5, 0, 5, 16), [text('Be concise.', range(6, 0, 6, 11))]],
          ['assistant', range(7, 0, 7, 20), [text('Sure.', range(8, 0, 8, 5))]],
        ],
      );
    });

    it('reports a model that is not a string', () => {
      const result = extract('non-string-model.prompt');
      assert.deepStrictEqual(result.findings, [
        {
          rule: 'invalid-model',
          severity: 'error',
          message: 'model must be a model id such as "googleai/gemini-2.5-flash"; found a mapping.',
          range: range(2, 2, 2, 24),
          fixes: [],
        },
      ]);
      assert.strictEqual(onlySite(result).model, undefined);
    });

    it('reports front matter without a closing ---', () => {
      const result = extract('unclosed.prompt');
      assert.deepStrictEqual(
        result.findings.map((finding) => [finding.rule, finding.severity, finding.message, finding.range]),
        [
          ['invalid-yaml', 'error', 'YAML error: Implicit map keys need to be followed by map values', range(2, 0, 2, 14)],
          [
            'unclosed-front-matter',
            'error',
            'The front matter has no closing --- line: the rest of the file was read as YAML and no prompt body was found.',
            range(0, 0, 0, 3),
          ],
        ],
      );
      assert.deepStrictEqual(onlySite(result).messages, []);
    });

    it('reports broken YAML and offers no insertion into a config that is not a mapping', () => {
      const result = extract('broken-yaml.prompt');
      assert.deepStrictEqual(
        result.findings.map((finding) => [finding.rule, finding.severity, finding.message, finding.range]),
        [['invalid-yaml', 'error', 'YAML error: Flow sequence in block collection must be sufficiently indented and end with a ]', range(3, 0, 3, 1)]],
      );
      const site = onlySite(result);
      assert.deepStrictEqual(site.model, { id: 'googleai/gemini-2.5-flash', range: range(1, 7, 1, 32), resolved: true });
      assert.strictEqual(site.outputCap, undefined);
      assert.strictEqual(site.outputCapInsertion, undefined);
    });
  });
});
