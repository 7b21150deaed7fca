import * as assert from 'assert';
import { readFileSync } from 'fs';
import * as path from 'path';
import { FINDING_CODES, findingDocumentation, isParseProblem, RULE_IDS, type FindingCode } from '../../src/core/findings/findingCodes';

const README = readFileSync(path.join(__dirname, '..', '..', 'README.md'), 'utf8');
const CODES = Object.keys(FINDING_CODES) as FindingCode[];

describe('the finding-code registry', () => {
  it('lists the twelve rules first, in the order they run, then the problems in the input', () => {
    assert.deepStrictEqual(RULE_IDS, [
      'unpriced-model',
      'context-overflow',
      'cap-above-model-max',
      'deprecated-max-tokens',
      'missing-max-tokens',
      'uncacheable-prefix',
      'missing-cache-breakpoint',
      'cache-below-minimum',
      'cheaper-model',
      'unbounded-agent-loop',
      'growing-history',
      'batch-candidate',
    ]);
    assert.deepStrictEqual(CODES.slice(0, RULE_IDS.length), RULE_IDS);
    assert.deepStrictEqual(CODES.filter(isParseProblem), ['syntax-error', 'invalid-yaml', 'unclosed-front-matter', 'missing-front-matter', 'nesting-too-deep']);
  });

  it('links every code to a place in the README that explains it, with the same default severity', () => {
    assert.ok(README.includes('\n### Problems in the input\n'));
    for (const code of CODES) {
      const anchor = findingDocumentation(code).split('#')[1];
      const { kind, defaultSeverity } = FINDING_CODES[code];
      if (kind === 'rule') {
        assert.strictEqual(anchor, code);
        assert.ok(README.includes(`#### ${code}\n*${defaultSeverity}* — `), `README section for ${code}, ${defaultSeverity}`);
      } else {
        assert.strictEqual(anchor, 'problems-in-the-input');
        assert.ok(README.includes(`| \`${code}\` | ${defaultSeverity} | `), `README row for ${code}, ${defaultSeverity}`);
      }
    }
  });
});
