import { sharedString } from '../text/sharedStrings';

/**
 * Many small objects of few shapes (a file's call sites), encoded as the shapes they have plus
 * columns of their leaves, so that they cross between threads and into the scan cache as a handful
 * of arrays.
 *
 * Why not the structured clone alone: V8's deserializer builds every object field by field through
 * its slow paths, about 1 µs an object, and a 5,000-line file's sites are ten thousand objects (9 ms
 * on the editor's main thread, measured in `npm run bench`). Cloning a typed array costs next to
 * nothing, and each shape is rebuilt by a function made for it once (object literals that V8
 * creates at full speed, a tenth of the deserializer's time).
 *
 * What the structured clone would keep, this keeps: key order, `undefined` fields apart from missing
 * ones, -0 and NaN, and objects reached twice (they decode as one object, so equal models or price
 * sources that the sender shared stay shared). Anything but a plain object, an array or a
 * primitive (a Map, a Date, a bigint) is left to the structured clone, one value at a time. A value
 * that contains itself is refused: no analysis does.
 */
export interface ShapedValues {
  /**
   * Every distinct shape, by index, as the JSON of its `ShapeNode`: one string, where a tree of
   * arrays would cost the structured clone an object per node (and a file comes with a few shapes
   * of tens of nodes each); and the key the decoder finds its builder by.
   */
  shapes: string[];
  /** Per value, the index of its shape. */
  shapeOf: Uint32Array;
  numbers: Float64Array;
  /** Per string leaf, its index in `strings`: repeated strings (models, kinds, rules) cross once. */
  stringIndexes: Uint32Array;
  strings: string[];
  /** Per shared leaf, the index of an object already decoded (counted in the order they are completed). */
  shared: Uint32Array;
  /** The leaves left to the structured clone. */
  others: unknown[];
}

/** A leaf's kind: its value is in a column, or the kind is the value. */
export enum Leaf {
  Number,
  String,
  True,
  False,
  Undefined,
  Null,
  Shared,
  Other,
}

export type ShapeNode = Leaf | ObjectShape | ArrayShape;

interface ObjectShape {
  keys: string[];
  fields: ShapeNode[];
}

interface ArrayShape {
  items: ShapeNode[];
}

export function encodeShaped(values: readonly unknown[]): ShapedValues {
  const numbers: number[] = [];
  const stringIndexes: number[] = [];
  const strings: string[] = [];
  const stringIndex = new Map<string, number>();
  const shared: number[] = [];
  const others: unknown[] = [];
  // Objects are numbered when complete, children first, as the decoder's literals create them.
  const objectIndex = new Map<object, number>();
  const inProgress = new Set<object>();

  const composite = <T extends ShapeNode>(value: object, shape: () => T): T => {
    if (inProgress.has(value)) throw new TypeError('a value that contains itself cannot be encoded');
    inProgress.add(value);
    const node = shape();
    inProgress.delete(value);
    objectIndex.set(value, objectIndex.size);
    return node;
  };

  const shapeOf = (value: unknown): ShapeNode => {
    switch (typeof value) {
      case 'number':
        numbers.push(value);
        return Leaf.Number;
      case 'string': {
        let index = stringIndex.get(value);
        if (index === undefined) {
          index = strings.length;
          strings.push(value);
          stringIndex.set(value, index);
        }
        stringIndexes.push(index);
        return Leaf.String;
      }
      case 'boolean':
        return value ? Leaf.True : Leaf.False;
      case 'undefined':
        return Leaf.Undefined;
      case 'object': {
        if (value === null) return Leaf.Null;
        const seen = objectIndex.get(value);
        if (seen !== undefined) {
          shared.push(seen);
          return Leaf.Shared;
        }
        if (Array.isArray(value)) return composite(value, () => ({ items: Array.from(value as unknown[], shapeOf) }));
        if (isPlainObject(value)) {
          return composite(value, () => {
            const record = value as Record<string, unknown>;
            const keys = Object.keys(record);
            return { keys, fields: keys.map((key) => shapeOf(record[key])) };
          });
        }
        break;
      }
    }
    others.push(value);
    return Leaf.Other;
  };

  const shapes: string[] = [];
  const shapeIndex = new Map<string, number>();
  const shapeOfValue = values.map((value) => {
    const shape = JSON.stringify(shapeOf(value));
    let index = shapeIndex.get(shape);
    if (index === undefined) {
      index = shapes.length;
      shapes.push(shape);
      shapeIndex.set(shape, index);
    }
    return index;
  });
  return {
    shapes,
    shapeOf: Uint32Array.from(shapeOfValue),
    numbers: Float64Array.from(numbers),
    stringIndexes: Uint32Array.from(stringIndexes),
    strings,
    shared: Uint32Array.from(shared),
    others,
  };
}

/** Where the next leaf of each column is; the builders move it on. */
type Cursor = Uint32Array;
const NUMBER_AT = 0;
const STRING_AT = 1;
const SHARED_AT = 2;
const OTHER_AT = 3;

type Builder = (columns: ShapedValues, cursor: Cursor, completed: (object: object) => object, sharedObject: (index: number) => object) => unknown;

/**
 * Swaps each shape's JSON in `encoded` for the copy already known, and its short strings (models,
 * kinds, rules, price sources, which every file's sites name again) for the copies `sharedString`
 * keeps. A scan holds the encoded sites of thousands of files, each arriving with its own copies
 * (8.7 MB of shapes alone on an 11,000-file tree): called as each arrives, so that its copies die
 * young. Throws on a malformed shape.
 */
export function shareShapedStrings(encoded: ShapedValues): void {
  for (let index = 0; index < encoded.shapes.length; index++) encoded.shapes[index] = knownShape(encoded.shapes[index]).shape;
  for (let index = 0; index < encoded.strings.length; index++) encoded.strings[index] = sharedString(encoded.strings[index]);
}

/**
 * The values as they were encoded. Throws when the shapes are malformed or the columns do not
 * hold exactly what the shapes ask for (values from a damaged or foreign source), rather than read
 * past them into undefined. Shares `encoded`'s strings first (`shareShapedStrings`), unless the
 * caller did when they arrived.
 */
export function decodeShaped(encoded: ShapedValues, { alreadyShared = false } = {}): unknown[] {
  if (!alreadyShared) shareShapedStrings(encoded);
  const builders = encoded.shapes.map((shape) => knownShape(shape).build);
  const objects: object[] = [];
  const completed = (object: object): object => {
    objects.push(object);
    return object;
  };
  const sharedObject = (index: number): object => {
    if (index >= objects.length) throw new Error('a shared object is referred to before it is decoded');
    return objects[index];
  };
  const cursor: Cursor = new Uint32Array(4);
  const values = Array.from(encoded.shapeOf, (index) => {
    if (index >= builders.length) throw new Error(`shape ${index} of ${builders.length}`);
    return builders[index](encoded, cursor, completed, sharedObject);
  });
  const { numbers, stringIndexes, strings, shared, others } = encoded;
  const exact =
    cursor[NUMBER_AT] === numbers.length &&
    cursor[STRING_AT] === stringIndexes.length &&
    cursor[SHARED_AT] === shared.length &&
    cursor[OTHER_AT] === others.length &&
    stringIndexes.every((index) => index < strings.length);
  if (!exact) throw new Error('the encoded values do not match their shapes');
  return values;
}

/**
 * The builders made so far, by shape: the same few shapes come back with every analysis, and a
 * builder reused is one V8 has already optimised. Bounded, against a source of ever-new shapes.
 */
const KNOWN_SHAPES = new Map<string, KnownShape>();
const MAX_KNOWN_SHAPES = 1000;

interface KnownShape {
  /** The first copy of the shape's JSON seen, kept instead of later ones. */
  shape: string;
  build: Builder;
}

function knownShape(shape: string): KnownShape {
  let known = KNOWN_SHAPES.get(shape);
  if (!known) {
    known = { shape, build: compileBuilder(JSON.parse(shape) as ShapeNode) };
    if (KNOWN_SHAPES.size >= MAX_KNOWN_SHAPES) KNOWN_SHAPES.clear();
    KNOWN_SHAPES.set(shape, known);
  }
  return known;
}

/**
 * A function that builds one value of the shape, written out with `new Function` because V8 builds
 * an object literal whose keys are in the source far faster than one filled key by key (three
 * times, measured on a file's sites). The source is made only of the leaf kinds'
 * fixed expressions and keys written as JSON strings, after the shape is checked, so that nothing
 * a shape holds can become code.
 *
 * A part of the shape longer than INLINE_SHAPE_CHARS (a site's estimate, its cost, its list of
 * findings) is built by a builder of its own, called from this one and shared by every shape that
 * has that part. Written out whole, a site's shape was one function of some sixty literals, and
 * V8's optimising compiler took 70–410 ms over each: 1.8 s for the twelve hot ones of the
 * 11,000-file tree, paid again whenever a collection freed the objects the code was made for
 * (the first re-scan after the report was closed, 1.3 s of CPU, spent most of it compiling).
 */
function compileBuilder(shape: ShapeNode): Builder {
  const parts: Builder[] = [];
  const expression = (node: ShapeNode, whole: boolean): string => {
    if (typeof node === 'number') {
      if (!(node in LEAF_EXPRESSIONS)) throw new Error(`unknown leaf kind ${String(node)}`);
      return LEAF_EXPRESSIONS[node as Leaf];
    }
    if (node === null || typeof node !== 'object') throw new Error('a malformed shape');
    if (!whole) {
      const part = JSON.stringify(node);
      if (part.length > INLINE_SHAPE_CHARS) {
        parts.push(knownShape(part).build);
        // The part's builder reads and moves the cursor: this one's positions go to it and come back.
        return `(${SAVE_POSITIONS}, value = part${parts.length - 1}(columns, cursor, completed, sharedObject), ${LOAD_POSITIONS}, value)`;
      }
    }
    if (Array.isArray((node as Partial<ArrayShape>).items)) {
      return `completed([${(node as ArrayShape).items.map((item) => expression(item, false)).join(',')}])`;
    }
    const { keys, fields } = node as Partial<ObjectShape>;
    if (!Array.isArray(keys) || !Array.isArray(fields) || keys.length !== fields.length || !keys.every((key) => typeof key === 'string')) {
      throw new Error('a malformed shape');
    }
    // A computed key for `__proto__`: written plainly, it would set the prototype, not a field.
    const property = (key: string) => (key === '__proto__' ? `[${JSON.stringify(key)}]` : JSON.stringify(key));
    return `completed({${keys.map((key, field) => `${property(key)}:${expression(fields[field], false)}`).join(',')}})`;
  };
  const built = expression(shape, true);
  const body = [
    ...parts.map((_, index) => `const part${index} = parts[${index}];`),
    'return function build(columns, cursor, completed, sharedObject) {',
    'const { numbers, stringIndexes, strings, shared, others } = columns;',
    `let ${LOAD_POSITIONS}, value, number;`,
    `value = ${built};`,
    `${SAVE_POSITIONS};`,
    'return value;',
    '};',
  ].join('\n');
  return new Function('parts', body)(parts) as Builder;
}

/**
 * Parts of a shape up to this long (as JSON) are written into the builder that has them: a range,
 * a model, a finding. A builder for each would cost a call per object; parts up to 60 or 120
 * characters inlined made no difference, parts up to 200 (a site's token counts, its model) cost
 * the first re-scan of the 11,000-file tree a fifth more.
 */
const INLINE_SHAPE_CHARS = 120;
const LOAD_POSITIONS = `n = cursor[${NUMBER_AT}], s = cursor[${STRING_AT}], h = cursor[${SHARED_AT}], o = cursor[${OTHER_AT}]`;
const SAVE_POSITIONS = `cursor[${NUMBER_AT}] = n, cursor[${STRING_AT}] = s, cursor[${SHARED_AT}] = h, cursor[${OTHER_AT}] = o`;

const LEAF_EXPRESSIONS: Record<Leaf, string> = {
  // A whole number as a small integer (`| 0`), -0 aside. Read from a Float64Array, every number
  // is a heap-allocated double, and a field once given one keeps every later value boxed: token
  // counts and ranges were 300,000 boxes (4.7 MB) of a large scan's report.
  [Leaf.Number]: '((number = numbers[n++]) === (number | 0) && (number !== 0 || 1 / number > 0) ? number | 0 : number)',
  [Leaf.String]: 'strings[stringIndexes[s++]]',
  [Leaf.True]: 'true',
  [Leaf.False]: 'false',
  [Leaf.Undefined]: 'undefined',
  [Leaf.Null]: 'null',
  [Leaf.Shared]: 'sharedObject(shared[h++])',
  [Leaf.Other]: 'others[o++]',
};

function isPlainObject(value: object): boolean {
  const prototype = Object.getPrototypeOf(value) as unknown;
  return prototype === Object.prototype || prototype === null;
}
