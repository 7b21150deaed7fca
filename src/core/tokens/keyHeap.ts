/**
 * A binary min-heap of numbers in a reusable Float64Array: the byte-pair mergers' queue of
 * candidate pairs, each keyed rank × positions + position so that the lowest rank pops first and
 * the leftmost of equal ranks before the others.
 */
export class KeyHeap {
  private keys = new Float64Array(0);
  private count = 0;

  get size(): number {
    return this.count;
  }

  /** Empties the heap with room for `capacity` keys. */
  reset(capacity: number): void {
    if (this.keys.length < capacity) this.keys = new Float64Array(capacity);
    this.count = 0;
  }

  /** Adds a key out of order; `heapify` restores the order after a run of these. */
  append(key: number): void {
    this.keys[this.count++] = key;
  }

  heapify(): void {
    for (let i = (this.count >> 1) - 1; i >= 0; i--) this.siftDown(i, this.keys[i]);
  }

  push(key: number): void {
    const keys = this.keys;
    let i = this.count++;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (keys[parent] <= key) break;
      keys[i] = keys[parent];
      i = parent;
    }
    keys[i] = key;
  }

  popMin(): number {
    const min = this.keys[0];
    const last = this.keys[--this.count];
    if (this.count > 0) this.siftDown(0, last);
    return min;
  }

  /** Places `key` at `i` or below, moving smaller children up. */
  private siftDown(i: number, key: number): void {
    const keys = this.keys;
    const size = this.count;
    for (;;) {
      let child = 2 * i + 1;
      if (child >= size) break;
      if (child + 1 < size && keys[child + 1] < keys[child]) child++;
      if (keys[child] >= key) break;
      keys[i] = keys[child];
      i = child;
    }
    keys[i] = key;
  }
}
