import * as assert from 'assert';
import { loadRanks } from '../../src/core/tokens/ranks';
import { NO_RANK, TokenRanks } from '../../src/core/tokens/tokenRanks';
import type { BytePairEncodingName } from '../../src/core/tokens/tokenizerChoice';

const base64 = (bytes: string) => Buffer.from(bytes, 'latin1').toString('base64');

describe('a byte-pair vocabulary held as bytes and a hash table', () => {
  it('finds each token by a range of a latin1 string, at the ranks its lines give', () => {
    // Two lines, the second starting at a rank of its own (open-weight tables leave gaps).
    const table = [`first 0 ${['a', 'b', 'ab', 'abc', '\u00ff\u0000'].map(base64).join(' ')}`, `second 100 ${['xyz', ' the'].map(base64).join(' ')}`, ''].join(
      '\n',
    );
    const ranks = TokenRanks.fromBase64Lines(table);
    assert.strictEqual(ranks.size, 7);
    const text = '--abc xyz the\u00ff\u0000';
    assert.deepStrictEqual(
      [
        ranks.rank(text, 2, 3),
        ranks.rank(text, 3, 4),
        ranks.rank(text, 2, 4),
        ranks.rank(text, 2, 5),
        ranks.rank(text, 6, 9),
        ranks.rank(text, 9, 13),
        ranks.rank(text, 13, 15),
      ],
      [0, 1, 2, 3, 100, 101, 4],
    );
    // Bytes that are no token, a token's prefix, an empty range, and a character over one byte.
    assert.deepStrictEqual(
      [ranks.rank(text, 0, 1), ranks.rank(text, 6, 8), ranks.rank(text, 4, 4), ranks.rank('a\u0100', 0, 2), ranks.rank('\u0161', 0, 1)],
      [NO_RANK, NO_RANK, NO_RANK, NO_RANK, NO_RANK],
    );
  });

  it('keeps the last rank of a token listed twice, as a Map filled in order would, and refuses what is not base64', () => {
    const ranks = TokenRanks.fromBase64Lines(`twice 7 ${base64('ok')} ${base64('no')} ${base64('ok')}`);
    assert.strictEqual(ranks.rank('ok', 0, 2), 9);
    assert.strictEqual(ranks.rank('no', 0, 2), 8);
    assert.throws(() => TokenRanks.fromBase64Lines('bad 0 YWJj a*b'), /Not base64: "a\*b"/);
  });

  for (const encoding of ['o200k_base', 'cl100k_base'] as BytePairEncodingName[]) {
    it(`holds every token of ${encoding} at the rank js-tiktoken's table gives it`, () => {
      const { bpe_ranks: lines } = loadRanks(encoding);
      const ranks = TokenRanks.fromBase64Lines(lines);
      let checked = 0;
      for (const line of lines.split('\n')) {
        if (line === '') continue;
        const [, firstRank, ...tokens] = line.split(' ');
        tokens.forEach((token, index) => {
          const bytes = Buffer.from(token, 'base64').toString('latin1');
          // Looked up inside a longer string, as the merge asks for a pair of parts.
          const rank = ranks.rank(`\u0000${bytes}\u0000`, 1, bytes.length + 1);
          if (rank !== Number(firstRank) + index) assert.fail(`${JSON.stringify(bytes)}: rank ${rank}, expected ${Number(firstRank) + index}`);
          checked++;
        });
      }
      assert.strictEqual(checked, encoding === 'o200k_base' ? 199_998 : 100_256);
      assert.strictEqual(ranks.size, checked);
    });
  }
});
