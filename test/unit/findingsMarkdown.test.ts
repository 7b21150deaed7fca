import * as assert from 'assert';
import { findingsMarkdown } from '../../src/core/report/findingsMarkdown';
import type { Finding, FindingCode } from '../../src/core/types';

const at = (line: number) => ({ start: { line, character: 2 }, end: { line, character: 9 } });
const finding = (rule: FindingCode, severity: Finding['severity'], message: string, monthlySavings?: number): Finding => ({
  rule,
  severity,
  message,
  range: at(3),
  monthlySavings,
  fixes: [],
});

describe('findingsMarkdown', () => {
  it('lists each finding with its code (linked to where the README explains it), severity and saving', () => {
    assert.strictEqual(
      findingsMarkdown([
        finding('cheaper-model', 'info', 'gpt-4o-mini costs 94% less for this prompt.\nSecond line.', 131.337),
        finding('missing-max-tokens', 'warning', 'No output cap: max_completion_tokens: 500 bounds it.'),
        finding('invalid-yaml', 'error', 'Bad [YAML] <here> and `there` *now*', 0.004),
      ]),
      [
        '**Findings**',
        '',
        '- [cheaper-model](https://github.com/promptcost/promptcost/blob/main/README.md#cheaper-model) (info): gpt-4o-mini costs 94% less for this prompt. — saves **$131.34/month**',
        '- [missing-max-tokens](https://github.com/promptcost/promptcost/blob/main/README.md#missing-max-tokens) (warning): No output cap: max_completion_tokens: 500 bounds it.',
        '- [invalid-yaml](https://github.com/promptcost/promptcost/blob/main/README.md#problems-in-the-input) (error): Bad \\[YAML\\] \\<here\\> and \\`there\\` \\*now\\*',
      ].join('\n'),
    );
  });

  it('is empty without findings', () => {
    assert.strictEqual(findingsMarkdown([]), '');
  });
});
