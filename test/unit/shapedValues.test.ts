import * as assert from 'assert';
import { deserialize, getHeapStatistics, serialize, setFlagsFromString } from 'v8';
import { runInNewContext } from 'vm';
import { decodeShaped, encodeShaped, Leaf } from '../../src/core/worker/shapedValues';

/** Through the structured clone, as a postMessage or the scan cache carries it. */
function crossed(values: unknown[]): unknown[] {
  return decodeShaped(deserialize(serialize(encodeShaped(values))) as ReturnType<typeof encodeShaped>);
}

describe('values encoded as shapes and columns', () => {
  it('decodes to what the structured clone would give: key order, undefined fields, -0, NaN, empty and nested arrays', () => {
    const values = [
      { b: 1, a: 'x', gone: undefined, nested: { list: [1, [2, 'three'], [], {}], flag: true, off: false, none: null } },
      { a: 'x', b: 1 },
      { zero: -0, nan: Number.NaN, big: Number.MAX_SAFE_INTEGER, tiny: 5e-324, inf: -Infinity, text: '' },
      [],
      'a string alone',
      42,
      undefined,
      null,
    ];
    const decoded = crossed(values);
    assert.deepStrictEqual(decoded, structuredClone(values));
    assert.deepStrictEqual(Object.keys(decoded[0] as object), ['b', 'a', 'gone', 'nested']);
    assert.ok('gone' in (decoded[0] as object));
    assert.ok(Object.is((decoded[2] as { zero: number }).zero, -0));
  });

  it('keeps an object reached twice as one object, and refuses one that contains itself', () => {
    const model = { id: 'gpt-4o-mini', provider: 'openai' };
    const loop: Record<string, unknown> = { name: 'loop' };
    loop.self = loop;
    const [first, second] = crossed([{ model }, { model, again: model }]) as Array<Record<string, unknown>>;
    assert.strictEqual(first.model, second.model);
    assert.strictEqual(second.again, second.model);
    assert.deepStrictEqual(first.model, model);
    assert.throws(() => encodeShaped([loop]), /contains itself/);
  });

  it('reads every column in order through the long parts of a shape, which are built apart', () => {
    // Parts of a shape over 120 characters (as JSON) are built by builders of their own: the
    // positions in each column, and the objects reached twice, must carry across each call.
    const provider = { id: 'openai', name: 'OpenAI' };
    const part = (line: number) => ({
      range: { start: { line, character: 1 }, end: { line: line + 1, character: 9 } },
      cost: { perCall: line / 1000, monthly: line * 3, source: provider, when: new Date(Date.UTC(2026, 0, line + 1)) },
      findings: [{ rule: 'missing-max-tokens', severity: 'warning', line, where: provider }],
      tokens: { input: line * 10, output: undefined, exact: line % 2 === 0 },
    });
    const values = [0, 1, 2].map((line) => ({
      before: `site ${line}`,
      first: line,
      provider,
      estimate: part(line),
      again: { estimate: part(line + 10), note: line === 1 ? null : 'later' },
      after: line * 7,
      other: new Map([['line', line]]),
      last: `end ${line}`,
    }));
    const encoded = deserialize(serialize(encodeShaped(values))) as ReturnType<typeof encodeShaped>;
    assert.ok(encoded.shapes.every((shape) => shape.length > 500));
    const decoded = decodeShaped(encoded) as typeof values;
    assert.deepStrictEqual(decoded, structuredClone(values));
    // One provider, reached before, inside and after the parts.
    for (const value of decoded) {
      assert.strictEqual(value.estimate.cost.source, decoded[0].provider);
      assert.strictEqual(value.again.estimate.findings[0].where, decoded[0].provider);
    }
    assert.deepStrictEqual(
      decoded.map((value) => [value.last, value.after, value.again.estimate.tokens.input, value.other.get('line')]),
      [
        ['end 0', 0, 100, 0],
        ['end 1', 7, 110, 1],
        ['end 2', 14, 120, 2],
      ],
    );
  });

  it('leaves a Map, a Date and a bigint to the structured clone', () => {
    const when = new Date(Date.UTC(2026, 11, 3));
    const [decoded] = crossed([{ when, counts: new Map([['a', 1]]), big: 10n, after: 'kept' }]) as Array<Record<string, unknown>>;
    assert.ok(decoded.when instanceof Date);
    assert.strictEqual((decoded.when as Date).getTime(), when.getTime());
    assert.deepStrictEqual(decoded.counts, new Map([['a', 1]]));
    assert.strictEqual(decoded.big, 10n);
    assert.strictEqual(decoded.after, 'kept');
  });

  it('writes each shape once and each distinct string once, however many values share them', () => {
    const values = Array.from({ length: 300 }, (_, index) => ({
      kind: 'sdk-call',
      range: { start: { line: index, character: 2 }, end: { line: index + 3, character: 4 } },
      model: index % 2 === 0 ? 'gpt-4o-mini' : 'claude-sonnet-4-5',
      cap: index % 3 === 0 ? undefined : 100,
    }));
    const encoded = encodeShaped(values);
    // Two shapes: `cap` a number, or undefined.
    assert.strictEqual(encoded.shapes.length, 2);
    assert.deepStrictEqual(encoded.strings, ['sdk-call', 'gpt-4o-mini', 'claude-sonnet-4-5']);
    assert.strictEqual(encoded.numbers.length, 300 * 4 + 200);
    assert.deepStrictEqual(JSON.parse(encoded.shapes[0]), {
      keys: ['kind', 'range', 'model', 'cap'],
      fields: [
        Leaf.String,
        {
          keys: ['start', 'end'],
          fields: [
            { keys: ['line', 'character'], fields: [Leaf.Number, Leaf.Number] },
            { keys: ['line', 'character'], fields: [Leaf.Number, Leaf.Number] },
          ],
        },
        Leaf.String,
        Leaf.Undefined,
      ],
    });
    assert.deepStrictEqual(decodeShaped(encoded), values);
  });

  it("holds one copy of a short string however many files' values name it, and each file's copy of a longer one", () => {
    setFlagsFromString('--expose-gc');
    const collect = runInNewContext('gc') as () => void;
    const COPIES = 20_000;
    /** Heap bytes per decoded value that names `text`, each value crossed on its own as each file's sites are. */
    const bytesPerValue = (text: string) => {
      collect();
      const before = getHeapStatistics().used_heap_size;
      const held = Array.from({ length: COPIES }, () => crossed([{ model: text }])[0]);
      collect();
      const used = getHeapStatistics().used_heap_size - before;
      assert.strictEqual((held[COPIES - 1] as { model: string }).model, text);
      return used / COPIES;
    };
    // A 64-character model id is shared; a 65-character text (a file's own path, a message) is not.
    const shared = bytesPerValue('m'.repeat(64));
    const ownCopies = bytesPerValue('m'.repeat(65));
    assert.ok(ownCopies - shared > 64, `${shared.toFixed(0)} bytes a value with a shared string, ${ownCopies.toFixed(0)} with its own`);
  });

  it('decodes whole numbers as small integers, not boxed doubles, and keeps -0 and fractions as they were', () => {
    // V8's own test of a value's representation: a small integer is stored in place, a double is boxed.
    setFlagsFromString('--allow-natives-syntax');
    const isSmallInteger = new Function('value', 'return %IsSmi(value)') as (value: unknown) => boolean;
    const values: Array<Record<string, number>> = [
      { line: 3, character: 0, tokens: 2_000_000_000, cost: 0.0125, zero: -0, negative: -7, big: 2 ** 40 },
      { line: 4, character: 12, tokens: 1, cost: 3, zero: 0, negative: -8, big: 2 ** 40 + 1 },
    ];
    const decoded = crossed(values) as typeof values;
    assert.deepStrictEqual(decoded, values);
    assert.ok(Object.is(decoded[0].zero, -0));
    // A field that has held a double (`cost`, `zero`) boxes the whole numbers after it too: V8 keeps
    // one representation per field of a shape of object.
    assert.deepStrictEqual(
      decoded.map((value) => Object.keys(value).filter((key) => isSmallInteger(value[key]))),
      [
        ['line', 'character', 'tokens', 'negative'],
        ['line', 'character', 'tokens', 'negative'],
      ],
    );
  });

  it('refuses columns that do not match their shapes rather than read undefined past their end', () => {
    const encoded = encodeShaped([{ a: 1, b: 'two', c: { d: 3 } }, { shared: 'x' }]);
    const short = { ...encoded, numbers: encoded.numbers.subarray(0, 1) };
    assert.throws(() => decodeShaped(short), /do not match their shapes/);
    const long = { ...encoded, numbers: Float64Array.from([...encoded.numbers, 9]) };
    assert.throws(() => decodeShaped(long), /do not match their shapes/);
    const badString = { ...encoded, stringIndexes: Uint32Array.from([7, 1]) };
    assert.throws(() => decodeShaped(badString), /do not match their shapes/);
    const badShape = { ...encoded, shapeOf: Uint32Array.from([0, 5]) };
    assert.throws(() => decodeShaped(badShape), /shape 5 of 2/);
    const forward = encodeShaped([{ a: {} }]);
    forward.shapes = [JSON.stringify({ keys: ['a'], fields: [Leaf.Shared] })];
    forward.shared = Uint32Array.from([3]);
    assert.throws(() => decodeShaped(forward), /before it is decoded/);
  });

  it('reads any key as a key, never as code, and refuses a malformed shape', () => {
    const hostile = '"]:0}); globalThis.shapedValuesInjected = true; ({"';
    const values = [JSON.parse(`{"__proto__": {"polluted": 1}, ${JSON.stringify(hostile)}: 2, "0": 3, "a\u2028b": 4}`)];
    const [decoded] = crossed(values) as Array<Record<string, unknown>>;
    assert.deepStrictEqual(Object.keys(decoded), ['0', '__proto__', hostile, 'a\u2028b']);
    assert.strictEqual(Object.getPrototypeOf(decoded), Object.prototype);
    assert.deepStrictEqual(Object.getOwnPropertyDescriptor(decoded, '__proto__')?.value, { polluted: 1 });
    assert.strictEqual(decoded[hostile], 2);
    assert.strictEqual((globalThis as Record<string, unknown>).shapedValuesInjected, undefined);

    const encoded = encodeShaped([{ a: 1 }]);
    assert.throws(() => decodeShaped({ ...encoded, shapes: ['9'] }), /unknown leaf kind 9/);
    assert.throws(() => decodeShaped({ ...encoded, shapes: [JSON.stringify({ keys: [1], fields: [Leaf.Number] })] }), /malformed shape/);
    assert.throws(() => decodeShaped({ ...encoded, shapes: [JSON.stringify({ keys: ['a', 'b'], fields: [Leaf.Number] })] }), /malformed shape/);
    assert.throws(() => decodeShaped({ ...encoded, shapes: ['null'] }), /malformed shape/);
    assert.throws(() => decodeShaped({ ...encoded, shapes: ['{"keys":'] }), SyntaxError);
  });
});
