/**
 * A seeded PRNG: property-style tests draw the same inputs every run (a failure
 * names a round that reproduces), and the drill the same kill times for a seed.
 */
export interface Random {
  /** A float in [0, 1). */
  next(): number;
  /** An integer in [min, max]. */
  int(min: number, max: number): number;
  pick<T>(values: readonly T[]): T;
  array<T>(length: number, item: () => T): T[];
}

/** mulberry32. */
export function seededRandom(seed: number): Random {
  let a = seed >>> 0;
  const next = (): number => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const int = (min: number, max: number): number => min + Math.floor(next() * (max - min + 1));
  return {
    next,
    int,
    pick: <T>(values: readonly T[]): T => values[int(0, values.length - 1)]!,
    array: <T>(length: number, item: () => T): T[] => Array.from({ length }, item),
  };
}

/** Sorts a copy by a canonical JSON rendering: multiset equality of results in any order. */
export function canonical<T>(values: readonly T[]): T[] {
  return [...values].sort((a, b) => {
    const x = JSON.stringify(a);
    const y = JSON.stringify(b);
    return x < y ? -1 : x > y ? 1 : 0;
  });
}
