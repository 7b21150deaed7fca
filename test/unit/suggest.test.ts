import * as assert from 'assert';
import { editDistance, nearest } from '../../src/core/text/suggest';

describe('CLI suggestions', () => {
  it('counts insertions, deletions, substitutions and a swap of two neighbours as one edit each', () => {
    assert.deepStrictEqual(
      [
        editDistance('estimate', 'estimate'),
        editDistance('estimat', 'estimate'),
        editDistance('formt', 'format'),
        editDistance('chekc', 'check'),
        editDistance('modle', 'model'),
        editDistance('', 'top'),
        editDistance('kitten', 'sitting'),
      ],
      [0, 1, 1, 1, 1, 3, 3],
    );
  });

  it('suggests the nearest within two edits, or a candidate the word begins, and nothing far off', () => {
    const commands = ['estimate', 'check', 'count', 'help'];
    assert.strictEqual(nearest('estimat', commands), 'estimate');
    assert.strictEqual(nearest('estim', commands), 'estimate');
    assert.strictEqual(nearest('chekc', commands), 'check');
    assert.strictEqual(nearest('cont', commands), 'count');
    assert.strictEqual(nearest('Check', commands), 'check');
    assert.strictEqual(nearest('frobnicate', commands), undefined);
    // Short words allow one edit only: `top` is not `help`.
    assert.strictEqual(nearest('top', commands), undefined);
    assert.strictEqual(nearest('max', ['format', 'max-monthly', 'fail-on']), 'max-monthly');
    // The nearest wins over an earlier candidate that is only a prefix match.
    assert.strictEqual(nearest('calls', ['callsX-long', 'calls']), 'calls');
  });
});
