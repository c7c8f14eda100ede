/**
 * The natural ordering of keys, used by sortByKey/sortBy without a comparator and by
 * RangePartitioner (Spark uses the key type's implicit Ordering). Numbers, bigints
 * and Dates compare by value, strings by UTF-16 code units, booleans false < true,
 * arrays element-wise then by length. Values of different kinds order by kind:
 * undefined < null < boolean < number/bigint < string < Date < array < object.
 */
const kindRank = (v: unknown): number => {
  if (v === undefined) return 0;
  if (v === null) return 1;
  switch (typeof v) {
    case 'boolean':
      return 2;
    case 'number':
    case 'bigint':
      return 3;
    case 'string':
      return 4;
    default:
      if (v instanceof Date) return 5;
      if (Array.isArray(v)) return 6;
      return 7;
  }
};

export function compareKeys(a: unknown, b: unknown): number {
  if (typeof a === 'string' && typeof b === 'string') return a < b ? -1 : a > b ? 1 : 0;
  if (typeof a === 'number' && typeof b === 'number') {
    if (a < b) return -1;
    if (a > b) return 1;
    // NaN sorts after every number, as in Java's Double.compare.
    const an = Number.isNaN(a);
    const bn = Number.isNaN(b);
    return an === bn ? 0 : an ? 1 : -1;
  }
  const ra = kindRank(a);
  const rb = kindRank(b);
  if (ra !== rb) return ra - rb;
  switch (ra) {
    case 2:
      return Number(a) - Number(b);
    case 3:
      return (a as number | bigint) < (b as number | bigint) ? -1 : (a as number | bigint) > (b as number | bigint) ? 1 : 0;
    case 4:
      return (a as string) < (b as string) ? -1 : (a as string) > (b as string) ? 1 : 0;
    case 5:
      return (a as Date).getTime() - (b as Date).getTime();
    case 6: {
      const x = a as unknown[];
      const y = b as unknown[];
      const n = Math.min(x.length, y.length);
      for (let i = 0; i < n; i++) {
        const c = compareKeys(x[i], y[i]);
        if (c !== 0) return c;
      }
      return x.length - y.length;
    }
    case 7: {
      const sa = JSON.stringify(a);
      const sb = JSON.stringify(b);
      return sa < sb ? -1 : sa > sb ? 1 : 0;
    }
    default:
      return 0;
  }
}
