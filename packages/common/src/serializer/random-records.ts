/**
 * Seeded random records of many shapes, for property-style tests of the serializers
 * and the framed format (and for benches that want varied data). Deterministic per
 * seed, so a failure names a seed that reproduces it.
 */

/** mulberry32: a small, fast PRNG with a 32-bit state; good enough to vary test data. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 2 ** 32;
  };
}

export interface RandomRecordOptions {
  /** Nesting depth of arrays, objects, maps and sets; default 3. */
  readonly maxDepth?: number;
}

const ALPHABET = 'abcdefghijklmnopqrstuvwxyz ABC-_.0123456789éß中文🎉';

export class RandomRecords {
  private readonly random: () => number;
  private readonly maxDepth: number;

  constructor(seed: number, options: RandomRecordOptions = {}) {
    this.random = seededRandom(seed);
    this.maxDepth = options.maxDepth ?? 3;
  }

  int(n: number): number {
    return Math.floor(this.random() * n);
  }

  pick<T>(items: readonly T[]): T {
    return items[this.int(items.length)]!;
  }

  string(maxLength = 20): string {
    const chars = [...ALPHABET];
    let s = '';
    for (let i = this.int(maxLength + 1); i > 0; i--) s += this.pick(chars);
    return s;
  }

  number(): number {
    switch (this.int(7)) {
      case 0:
        return this.int(100);
      case 1:
        return -(this.int(1 << 30) + 1);
      case 2:
        return this.int(2 ** 53);
      case 3:
        return (this.random() - 0.5) * 1e6;
      case 4:
        return this.pick([NaN, Infinity, -Infinity, Number.MAX_VALUE, Number.MIN_VALUE, Number.EPSILON]);
      case 5:
        return this.int(2 ** 32) + 0.5;
      default:
        return this.int(1 << 16);
    }
  }

  primitive(): unknown {
    switch (this.int(8)) {
      case 0:
        return this.string();
      case 1:
        return this.number();
      case 2:
        return this.random() < 0.5;
      case 3:
        return null;
      case 4:
        return undefined;
      case 5:
        return BigInt(this.int(2 ** 31)) * BigInt(this.pick([1, -1, 2 ** 31, 2 ** 40])) * BigInt(this.pick([1, 2 ** 20]));
      case 6:
        return new Date(this.int(2 ** 42));
      default:
        return Uint8Array.from({ length: this.int(12) }, () => this.int(256));
    }
  }

  value(depth = 0): unknown {
    if (depth >= this.maxDepth || this.random() < 0.45) return this.primitive();
    const size = this.int(5);
    switch (this.int(5)) {
      case 0:
        return Array.from({ length: size }, () => this.value(depth + 1));
      case 1: {
        const obj: Record<string, unknown> = {};
        for (let i = 0; i < size; i++) obj[this.string(8)] = this.value(depth + 1);
        return obj;
      }
      case 2:
        return new Map(Array.from({ length: size }, () => [this.value(depth + 1), this.value(depth + 1)] as const));
      case 3:
        return new Set(Array.from({ length: size }, () => this.primitive()));
      default:
        return [this.string(10), this.value(depth + 1)];
    }
  }

  /** A record in one of the shapes jobs produce: pairs, word counts, rows, lines, anything. */
  record(): unknown {
    switch (this.int(5)) {
      case 0:
        return [this.string(12), this.int(1000)];
      case 1:
        return { videoId: `video-${this.int(500)}`, day: new Date(this.int(2 ** 41)), count: this.int(10_000) };
      case 2:
        return this.string(120);
      case 3:
        return [this.value(1), this.value(1)];
      default:
        return this.value();
    }
  }

  records(n: number): unknown[] {
    return Array.from({ length: n }, () => this.record());
  }
}
