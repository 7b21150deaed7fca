import * as assert from 'assert';
import { parseTree, treeSitterMemoryAccessIsDirect } from '../../src/core/extract/code/treeSitter';
import { useDirectI32Access, type WasmMemoryAccess } from '../../src/core/extract/code/treeSitterMemoryAccess';

/** WebAssembly's memory (the compiler's lib holds no WebAssembly declarations; Node has it at run time). */
const WASM = (
  globalThis as unknown as {
    WebAssembly: { Memory: new (limits: { initial: number; maximum: number }) => { buffer: ArrayBuffer; grow(pages: number): number } };
  }
).WebAssembly;

/**
 * A module laid out as Emscripten's is: accessors that go through a DataView, little-endian, and a
 * `HEAP32` it replaces when its memory grows. Calls that reach the original accessors are recorded.
 */
function emscriptenLikeModule() {
  const memory = new WASM.Memory({ initial: 1, maximum: 4 });
  const original: Array<[string, number, string]> = [];
  const module: WasmMemoryAccess & { HEAP32: Int32Array; grow(): void; view(): DataView } = {
    HEAP32: new Int32Array(memory.buffer),
    view: () => new DataView(memory.buffer),
    grow() {
      memory.grow(1);
      module.HEAP32 = new Int32Array(memory.buffer);
    },
    getValue(pointer, type = 'i8') {
      original.push(['get', pointer, type]);
      if (type === 'i16') return module.view().getInt16(pointer, true);
      if (type === 'i32') return module.view().getInt32(pointer, true);
      return module.view().getInt8(pointer);
    },
    setValue(pointer, value, type = 'i8') {
      original.push(['set', pointer, type]);
      if (type === 'i16') module.view().setInt16(pointer, value, true);
      else if (type === 'i32') module.view().setInt32(pointer, value, true);
      else module.view().setInt8(pointer, value);
    },
  };
  return { module, original };
}

describe('tree-sitter memory access', () => {
  it('reads and writes i32 values in the same little-endian bytes, without the original accessors', () => {
    const { module, original } = emscriptenLikeModule();
    assert.strictEqual(useDirectI32Access(module, true), true);
    module.setValue(8, -123_456_789, 'i32');
    module.setValue(12, 0x01020304, 'i32');
    assert.strictEqual(module.view().getInt32(8, true), -123_456_789);
    assert.deepStrictEqual([...new Uint8Array(module.HEAP32.buffer, 12, 4)], [4, 3, 2, 1]);
    module.view().setInt32(16, 2_000_000_000, true);
    assert.strictEqual(module.getValue(16, 'i32'), 2_000_000_000);
    assert.strictEqual(module.getValue(8, 'i32'), -123_456_789);
    assert.deepStrictEqual(original, []);
  });

  it('hands every other type to the original accessors', () => {
    const { module, original } = emscriptenLikeModule();
    useDirectI32Access(module, true);
    module.setValue(20, -2, 'i16');
    module.setValue(24, 7);
    assert.strictEqual(module.getValue(20, 'i16'), -2);
    assert.strictEqual(module.getValue(24), 7);
    assert.deepStrictEqual(original, [
      ['set', 20, 'i16'],
      ['set', 24, 'i8'],
      ['get', 20, 'i16'],
      ['get', 24, 'i8'],
    ]);
  });

  it('follows the memory when it grows (the old view is left detached)', () => {
    const { module } = emscriptenLikeModule();
    useDirectI32Access(module, true);
    module.setValue(4, 41, 'i32');
    module.grow();
    const beyondFirstPage = 65_536 + 40;
    module.setValue(beyondFirstPage, 42, 'i32');
    assert.strictEqual(module.view().getInt32(beyondFirstPage, true), 42);
    assert.strictEqual(module.getValue(beyondFirstPage, 'i32'), 42);
    assert.strictEqual(module.getValue(4, 'i32'), 41);
  });

  it('leaves the accessors alone on a big-endian host, or a module without HEAP32', () => {
    const { module } = emscriptenLikeModule();
    const { getValue, setValue } = module;
    assert.strictEqual(useDirectI32Access(module, false), false);
    assert.strictEqual(module.getValue, getValue);
    assert.strictEqual(module.setValue, setValue);
    const withoutHeap: WasmMemoryAccess = { getValue, setValue };
    assert.strictEqual(useDirectI32Access(withoutHeap, true), false);
    assert.strictEqual(withoutHeap.getValue, getValue);
  });

  it('is what the real web-tree-sitter runtime uses, and its trees read as before', async () => {
    const text = 'const client = new OpenAI();\nawait client.chat.completions.create({ model: "gpt-4o-mini", messages: [] });\n';
    const tree = await parseTree(text, 'typescript');
    assert.ok(tree);
    try {
      assert.strictEqual(treeSitterMemoryAccessIsDirect(), true);
      const call = tree.rootNode.descendantsOfType('call_expression').find((node) => node?.text.startsWith('client.chat'));
      assert.ok(call);
      // Worked out from the text: the call runs from `client.chat` to the `)` before `;`.
      const start = text.indexOf('client.chat');
      const end = text.indexOf(');\n', start) + 1;
      const lineStart = text.indexOf('\n') + 1;
      assert.deepStrictEqual(
        [call.startPosition, call.endPosition, call.startIndex, call.endIndex],
        [{ row: 1, column: start - lineStart }, { row: 1, column: end - lineStart }, start, end],
      );
      const cursor = tree.walk();
      const types: string[] = [];
      do types.push(cursor.nodeType);
      while (cursor.gotoFirstChild());
      cursor.delete();
      assert.deepStrictEqual(types, ['program', 'lexical_declaration', 'const']);
    } finally {
      tree.delete();
    }
  });
});
