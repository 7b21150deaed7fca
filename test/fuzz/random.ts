/**
 * The fuzzer's own pseudo-random numbers: mulberry32, a 32-bit generator small enough to read at a
 * glance. Every choice a case makes comes from one of these, seeded from (run seed, group, case
 * index), so a case can be rebuilt from those three numbers alone, whatever ran before it.
 */
export class Random {
  private state: number;

  constructor(seed: number) {
    this.state = seed >>> 0;
  }

  /** A float in [0, 1). */
  next(): number {
    this.state = (this.state + 0x6d2b79f5) >>> 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }

  /** A whole number in [0, below). */
  below(below: number): number {
    return Math.floor(this.next() * below);
  }

  /** A whole number in [min, max], both included. */
  between(min: number, max: number): number {
    return min + this.below(max - min + 1);
  }

  chance(probability: number): boolean {
    return this.next() < probability;
  }

  pick<T>(items: readonly T[]): T {
    if (items.length === 0) throw new Error('Random.pick: nothing to pick from');
    return items[this.below(items.length)];
  }
}

/** FNV-1a over the parts' text: turns (seed, group, index) into one 32-bit generator seed. */
export function hashSeed(...parts: ReadonlyArray<string | number>): number {
  let hash = 0x811c9dc5;
  for (const char of parts.join('\u0000')) {
    hash ^= char.codePointAt(0)!;
    hash = Math.imul(hash, 0x01000193);
  }
  return hash >>> 0;
}

/** The generator of one case: the same run seed, group and index always give the same choices. */
export function caseRandom(seed: number, group: string, index: number): Random {
  return new Random(hashSeed(seed, group, index));
}
