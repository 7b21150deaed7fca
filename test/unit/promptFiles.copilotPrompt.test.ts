import * as assert from 'assert';
import { copilotModelId, extractCopilotPrompt } from '../../src/core/extract/promptFiles/copilotPrompt';
import { dynamic, fixture, onlySite, range, text } from './promptFileHelpers';

const read = (name: string) => fixture('copilotPrompt', name);
const extract = (name: string) => extractCopilotPrompt(read(name), `.github/prompts/${name}`);

describe('Copilot prompt file extractor', () => {
  it('reads the front matter and the body as one user message with references and input variables', () => {
    const result = extract('review.prompt.md');
    assert.deepStrictEqual(result.findings, []);
    const site = onlySite(result);
    assert.strictEqual(site.id, '.github/prompts/review.prompt.md#security-review');
    assert.strictEqual(site.sdk, 'copilot-prompt');
    assert.strictEqual(site.name, 'security-review');
    assert.deepStrictEqual(site.range, range(0, 0, 0, 3));
    // The id is normalised; the range still covers "GPT-4o" as written, for the hover.
    assert.deepStrictEqual(site.model, { id: 'gpt-4o', written: 'GPT-4o', range: range(4, 7, 4, 13), resolved: true });
    assert.deepStrictEqual(site.options, { chatOnly: true });
    assert.strictEqual(site.outputCap, undefined);
    assert.strictEqual(site.outputCapInsertion, undefined);
    assert.deepStrictEqual(site.tools, [
      text('codebase', range(5, 8, 5, 18)),
      text('githubRepo', range(5, 20, 5, 32)),
      text('search/usages', range(5, 34, 5, 47)),
    ]);
    assert.deepStrictEqual(site.messages, [
      {
        role: 'user',
        range: range(7, 0, 12, 60),
        segments: [
          text('# Security review\n\nReview ', range(7, 0, 9, 7)),
          dynamic('${selection}', 'selection', 'reference', range(9, 7, 9, 19)),
          text(' in ', range(9, 19, 9, 23)),
          dynamic('${file}', 'file', 'reference', range(9, 23, 9, 30)),
          text(' for injection, secrets and unsafe defaults.\nFocus on ', range(9, 30, 10, 9)),
          dynamic('${input:focus:What should the review focus on?}', 'focus', 'variable', range(10, 9, 10, 56)),
          text(' first, then ', range(10, 56, 10, 69)),
          dynamic('#codebase', 'codebase', 'reference', range(10, 69, 10, 78)),
          text(' for callers.\nUse ', range(10, 78, 11, 4)),
          dynamic('#tool:githubRepo', 'tool:githubRepo', 'reference', range(11, 4, 11, 20)),
          text(' to compare with upstream and read ', range(11, 20, 11, 55)),
          // The full stop after the path ends the sentence, not the path.
          dynamic('#file:docs/SECURITY.md', 'file:docs/SECURITY.md', 'reference', range(11, 55, 11, 77)),
          text('.\nCheck ', range(11, 77, 12, 6)),
          // A tool listed in the front matter counts as a reference even though it is not built in.
          dynamic('#search/usages', 'search/usages', 'reference', range(12, 6, 12, 20)),
          // "#123" and "#fff" are neither tools nor references.
          text(' too. Ignore issue #123 and colour #fff.', range(12, 20, 12, 60)),
        ],
      },
    ]);
  });

  it('reads a file without front matter', () => {
    const result = extract('no-front-matter.prompt.md');
    assert.deepStrictEqual(result.findings, []);
    const site = onlySite(result);
    assert.strictEqual(site.id, '.github/prompts/no-front-matter.prompt.md#no-front-matter');
    assert.strictEqual(site.model, undefined);
    assert.strictEqual(site.tools, undefined);
    assert.deepStrictEqual(site.messages[0].segments, [
      text('Explain ', range(0, 0, 0, 8)),
      dynamic('${selectedText}', 'selectedText', 'reference', range(0, 8, 0, 23)),
      text(' to a new team member, in ', range(0, 23, 0, 49)),
      dynamic('${input:language}', 'language', 'variable', range(0, 49, 0, 66)),
      text(' if given.', range(0, 66, 0, 76)),
    ]);
  });

  it('reads the older mode: key and a model name with a vendor suffix', () => {
    const site = onlySite(extract('legacy-mode.prompt.md'));
    assert.deepStrictEqual(site.model, { id: 'gpt-5', written: 'GPT-5 (copilot)', range: range(2, 7, 2, 22), resolved: true });
    assert.deepStrictEqual(site.messages[0].segments, [
      text('Summarize the open changes. ', range(4, 0, 4, 28)),
      dynamic('#changes', 'changes', 'reference', range(4, 28, 4, 36)),
    ]);
  });

  it('uses the first model of a list', () => {
    const site = onlySite(extract('model-list.prompt.md'));
    assert.deepStrictEqual(site.model, { id: 'claude-sonnet-4-5', written: 'Claude Sonnet 4.5 (copilot)', range: range(1, 8, 1, 37), resolved: true });
  });

  it('has no message when the body is empty', () => {
    const result = extract('front-matter-only.prompt.md');
    assert.deepStrictEqual(result.findings, []);
    assert.deepStrictEqual(onlySite(result).messages, []);
  });

  it('handles CRLF line endings and tabs', () => {
    const source = read('crlf-tabs.prompt.md');
    assert.ok(source.includes('\r\n'), 'the fixture keeps its CRLF line endings');
    const result = extract('crlf-tabs.prompt.md');
    assert.deepStrictEqual(result.findings, []);
    const site = onlySite(result);
    assert.deepStrictEqual(site.model, { id: 'gemini-2.5-pro', written: 'Gemini 2.5 Pro', range: range(1, 7, 1, 21), resolved: true });
    assert.deepStrictEqual(site.tools, [text('fetch', range(2, 8, 2, 13))]);
    assert.deepStrictEqual(site.messages, [
      {
        role: 'user',
        range: range(5, 0, 6, 14),
        segments: [
          text('Compare ', range(5, 0, 5, 8)),
          dynamic('${selection}', 'selection', 'reference', range(5, 8, 5, 20)),
          text(' with ', range(5, 20, 5, 26)),
          dynamic('#fetch', 'fetch', 'reference', range(5, 26, 5, 32)),
          text(' results.\r\n\tIndented line', range(5, 32, 6, 14)),
        ],
      },
    ]);
  });

  describe('findings', () => {
    it('reports a model that is not a string', () => {
      const result = extract('non-string-model.prompt.md');
      assert.deepStrictEqual(result.findings, [
        {
          rule: 'invalid-model',
          severity: 'error',
          message: 'model must be a model name such as "GPT-4o" or "Claude Sonnet 4"; found 4.',
          range: range(1, 7, 1, 8),
          fixes: [],
        },
      ]);
      assert.strictEqual(onlySite(result).model, undefined);
    });

    it('reports front matter without a closing ---', () => {
      const result = extract('unclosed.prompt.md');
      assert.deepStrictEqual(
        result.findings.map((finding) => [finding.rule, finding.severity, finding.message, finding.range]),
        [
          ['invalid-yaml', 'error', 'YAML error: Implicit map keys need to be followed by map values', range(2, 0, 2, 13)],
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
  });
});

describe('copilotModelId', () => {
  for (const [written, id] of [
    ['GPT-4o', 'gpt-4o'],
    ['Claude Sonnet 4', 'claude-sonnet-4'],
    ['Gemini 2.5 Pro', 'gemini-2.5-pro'],
    ['GPT-5 (copilot)', 'gpt-5'],
    ['GPT-5 mini', 'gpt-5-mini'],
    ['GPT-4.1', 'gpt-4.1'],
    ['o4-mini (Preview)', 'o4-mini'],
    ['Claude Sonnet 4.5 (copilot)', 'claude-sonnet-4-5'],
    ['Claude Opus 4.1', 'claude-opus-4-1'],
    ['Claude Sonnet 3.7 Thinking', 'claude-3-7-sonnet'],
    ['Claude Haiku 3.5', 'claude-3-5-haiku'],
    ['Grok Code Fast 1', 'grok-code-fast-1'],
    ['gpt-4o-mini', 'gpt-4o-mini'],
  ] as const) {
    it(`"${written}" → ${id}`, () => assert.strictEqual(copilotModelId(written), id));
  }
});
