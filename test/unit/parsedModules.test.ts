import * as assert from 'assert';
import { ParsedModules } from '../../src/core/extract/code/parsedModules';
import type { FileAnalysis } from '../../src/core/resolve/scope';

/**
 * The cache is given a parse that records what it parsed and which trees were freed, so each test
 * can say exactly when a file is parsed again and when its tree goes.
 */
function recordingParse() {
  const parsed: string[] = [];
  const freed: string[] = [];
  const parse = async (file: string, text: string): Promise<FileAnalysis | undefined> => {
    if (text === 'throws') throw new Error(`cannot parse ${file}`);
    if (text === 'nothing') return undefined;
    parsed.push(`${file}:${text}`);
    return { file, text, tree: { delete: () => freed.push(`${file}:${text}`) } } as unknown as FileAnalysis;
  };
  return { parsed, freed, parse };
}

describe('ParsedModules (files parsed once per thread, shared by analyses)', () => {
  it('parses a file once for the same text, again when its text changes, and frees the old tree', async () => {
    const { parsed, freed, parse } = recordingParse();
    const modules = new ParsedModules(parse);
    const first = await modules.acquire('a.ts', 'one');
    const second = await modules.acquire('a.ts', 'one');
    assert.strictEqual(second.analysis, first.analysis);
    first.release();
    second.release();
    const changed = await modules.acquire('a.ts', 'two');
    changed.release();
    assert.deepStrictEqual(parsed, ['a.ts:one', 'a.ts:two']);
    assert.deepStrictEqual(freed, ['a.ts:one']);
    assert.deepStrictEqual(modules.size, { modules: 1, chars: 3 });
  });

  it('parses a file two analyses ask for at once only once', async () => {
    const { parsed, parse } = recordingParse();
    const modules = new ParsedModules(parse);
    const [one, two] = await Promise.all([modules.acquire('a.ts', 'x'), modules.acquire('a.ts', 'x')]);
    assert.strictEqual(one.analysis, two.analysis);
    assert.deepStrictEqual(parsed, ['a.ts:x']);
  });

  it('evicts the least recently used past its bound, freeing a tree only once no analysis holds it', async () => {
    const { parsed, freed, parse } = recordingParse();
    const modules = new ParsedModules(parse, 2);
    const a = await modules.acquire('a.ts', 'a');
    (await modules.acquire('b.ts', 'b')).release();
    // a.ts used again: b.ts is now the least recently used.
    (await modules.acquire('a.ts', 'a')).release();
    (await modules.acquire('c.ts', 'c')).release();
    assert.deepStrictEqual(freed, ['b.ts:b']);
    (await modules.acquire('d.ts', 'd')).release();
    // a.ts left the cache but the first analysis still holds it: freed at its release, not before.
    assert.deepStrictEqual(freed, ['b.ts:b']);
    a.release();
    a.release();
    assert.deepStrictEqual(freed, ['b.ts:b', 'a.ts:a']);
    (await modules.acquire('a.ts', 'a')).release();
    assert.deepStrictEqual(parsed, ['a.ts:a', 'b.ts:b', 'c.ts:c', 'd.ts:d', 'a.ts:a']);
  });

  it('keeps at most its bound of text, even when one file alone is over it', async () => {
    const { freed, parse } = recordingParse();
    const modules = new ParsedModules(parse, 10, 5);
    (await modules.acquire('a.ts', 'abc')).release();
    (await modules.acquire('b.ts', 'de')).release();
    assert.deepStrictEqual(modules.size, { modules: 2, chars: 5 });
    const big = await modules.acquire('c.ts', 'fghijk');
    assert.deepStrictEqual(freed, ['a.ts:abc', 'b.ts:de']);
    assert.deepStrictEqual(modules.size, { modules: 0, chars: 0 });
    big.release();
    assert.deepStrictEqual(freed, ['a.ts:abc', 'b.ts:de', 'c.ts:fghijk']);
  });

  it('keeps no failed parse: the next analysis parses the file again', async () => {
    const { parse } = recordingParse();
    const modules = new ParsedModules(parse);
    await assert.rejects(modules.acquire('a.ts', 'throws'), /cannot parse a.ts/);
    assert.deepStrictEqual(modules.size, { modules: 0, chars: 0 });
    const nothing = await modules.acquire('a.py', 'nothing');
    assert.strictEqual(nothing.analysis, undefined);
    assert.deepStrictEqual(modules.size, { modules: 0, chars: 0 });
  });

  it('frees every tree nobody holds when cleared', async () => {
    const { freed, parse } = recordingParse();
    const modules = new ParsedModules(parse);
    (await modules.acquire('a.ts', 'a')).release();
    const held = await modules.acquire('b.ts', 'b');
    modules.clear();
    assert.deepStrictEqual(freed, ['a.ts:a']);
    held.release();
    assert.deepStrictEqual(freed, ['a.ts:a', 'b.ts:b']);
  });
});
