/**
 * The part of web-tree-sitter's Emscripten module that moves nodes and cursors in and out of its
 * WebAssembly memory: every `Node` and `TreeCursor` call writes its arguments and reads its result
 * through `setValue`/`getValue`, a 32-bit integer at a time (83 of the runtime's 85 uses are `i32`).
 */
export interface WasmMemoryAccess {
  getValue(pointer: number, type?: string): number;
  setValue(pointer: number, value: number, type?: string): void;
  HEAP32?: unknown;
}

/** Whether this machine stores integers little-end first, as WebAssembly memory does (every host Node runs on but s390x). */
const LITTLE_ENDIAN_HOST = new Uint8Array(new Uint32Array([1]).buffer)[0] === 1;

/**
 * Replaces the module's `getValue`/`setValue` with ones that read and write `i32` straight from an
 * Int32Array over its memory, and hand every other type to the originals.
 *
 * Why: the runtime's versions pick the access by a string switch on every call (after an
 * `endsWith("*")`), then go through a DataView so that a big-endian host still reads little-endian
 * memory. On a cold scan of LangChain.js's repository they took 1.4 s of the worker's 16 s of CPU
 * (`setValue` 0.96 s, `getValue` 0.42 s self time), most of it walking syntax trees. On a
 * little-endian host an Int32Array holds the same bytes the DataView would read, so results are
 * unchanged; on a big-endian host, or a runtime whose module does not look as expected (no
 * `HEAP32`, no accessors), nothing is replaced.
 *
 * The module swaps its memory's ArrayBuffer when the memory grows, which leaves the old one
 * detached (length 0): the view is taken again then, from the `HEAP32` the module keeps current.
 *
 * Returns whether the accessors were replaced.
 */
export function useDirectI32Access(module: WasmMemoryAccess, littleEndianHost = LITTLE_ENDIAN_HOST): boolean {
  const { getValue, setValue } = module;
  if (!littleEndianHost || typeof getValue !== 'function' || typeof setValue !== 'function' || !(module.HEAP32 instanceof Int32Array)) return false;
  let heap: Int32Array = module.HEAP32;
  // Checked in each accessor rather than in a helper they share, which V8 left uninlined (0.1 s of a scan).
  const refreshed = (): Int32Array => (heap = module.HEAP32 instanceof Int32Array ? module.HEAP32 : heap);
  module.getValue = (pointer: number, type = 'i8') => {
    if (type !== 'i32') return getValue(pointer, type);
    return (heap.length === 0 ? refreshed() : heap)[pointer >> 2];
  };
  module.setValue = (pointer: number, value: number, type = 'i8') => {
    if (type !== 'i32') setValue(pointer, value, type);
    else (heap.length === 0 ? refreshed() : heap)[pointer >> 2] = value;
  };
  return true;
}
