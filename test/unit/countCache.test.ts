import * as assert from 'assert';
import { CountCache } from '../../src/core/tokens/countCache';

describe('CountCache', () => {
  it('evicts the least recently used entry past the entry limit', () => {
    const cache = new CountCache(2, 1_000, 1_000);
    cache.set('o200k_base', 'a', 1);
    cache.set('o200k_base', 'b', 2);
    assert.strictEqual(cache.get('o200k_base', 'a'), 1); // "a" is now the most recent
    cache.set('o200k_base', 'c', 3);
    assert.strictEqual(cache.get('o200k_base', 'b'), undefined);
    assert.strictEqual(cache.get('o200k_base', 'a'), 1);
    assert.strictEqual(cache.get('o200k_base', 'c'), 3);
    assert.strictEqual(cache.size, 2);
  });

  it('evicts past the character budget (the texts held, each counted once whatever its encodings)', () => {
    // Each text is 10 characters: a 25-character budget holds two.
    const cache = new CountCache(100, 25, 1_000);
    cache.set('o200k_base', '0123456789', 1);
    cache.set('o200k_base', 'abcdefghij', 2);
    cache.set('cl100k_base', 'abcdefghij', 5);
    assert.strictEqual(cache.size, 2);
    cache.set('o200k_base', 'ABCDEFGHIJ', 3);
    assert.strictEqual(cache.size, 2);
    assert.strictEqual(cache.get('o200k_base', '0123456789'), undefined);
    assert.deepStrictEqual([cache.get('o200k_base', 'abcdefghij'), cache.get('cl100k_base', 'abcdefghij'), cache.get('o200k_base', 'ABCDEFGHIJ')], [2, 5, 3]);
  });

  it('finds a count by the text, not by the string it came in', () => {
    const cache = new CountCache();
    const text = ['Summarise', 'the', 'thread'].join(' ');
    cache.set('o200k_base', text, 3);
    assert.strictEqual(cache.get('o200k_base', `Summarise the ${'thread'}`), 3);
    assert.strictEqual(cache.get('o200k_base', 'Summarise the thread.'), undefined);
    assert.strictEqual(cache.get('cl100k_base', text), undefined);
  });

  it('does not keep texts longer than the per-entry limit', () => {
    const cache = new CountCache(100, 1_000, 5);
    cache.set('o200k_base', 'longer than five', 4);
    assert.strictEqual(cache.get('o200k_base', 'longer than five'), undefined);
    assert.strictEqual(cache.size, 0);
  });

  it('keeps encodings apart', () => {
    const cache = new CountCache();
    cache.set('o200k_base', 'x', 1);
    cache.set('cl100k_base', 'x', 2);
    assert.strictEqual(cache.get('o200k_base', 'x'), 1);
    assert.strictEqual(cache.get('cl100k_base', 'x'), 2);
  });
});
