/**
 * The executor side of reduceByKeyAndWindow with an inverse function (Spark's
 * ReducedWindowedDStream.compute, its `mergeValues`): each batch, the previous
 * window's value of a key, the batches leaving the window and the batches entering
 * it are cogrouped, and the new window value is
 *
 *   inverse(previous, reduce(leaving…)) then reduce(…, reduce(entering…))
 *
 * so a batch costs the slices that moved, not the whole window. Every input is
 * partitioned by the same HashPartitioner, so the cogroup is narrow: no shuffle.
 *
 * A record of the cogroup is `[key, groups]` with the groups in this order: the
 * previous window (only when there is one), `numOld` leaving batches, `numNew`
 * entering batches. Each group holds at most one value, as every input was reduced
 * by key already. Keys the optional `filter` rejects (zero counts) are dropped.
 */
import { IllegalStateError } from '../errors/index.js';
import { registerBuiltin } from '../functions/index.js';

type Reduce = (a: unknown, b: unknown) => unknown;
type KeyFilter = (kv: [unknown, unknown]) => boolean;

const NONE: unique symbol = Symbol('none');

/** reduce over the first value of groups[from, to), or NONE when all are empty. */
function reduceGroups(groups: readonly unknown[][], from: number, to: number, reduce: Reduce): unknown {
  let acc: unknown = NONE;
  for (let i = from; i < to; i++) {
    const group = groups[i]!;
    if (group.length === 0) continue;
    acc = acc === NONE ? group[0] : reduce(acc, group[0]);
  }
  return acc;
}

function describeKey(key: unknown): string {
  try {
    return JSON.stringify(key) ?? String(key);
  } catch {
    return String(key);
  }
}

registerBuiltin(
  'streaming.mergeReducedWindow',
  (reduce: Reduce, inverse: Reduce, hasPrevious: boolean, numOld: number, numNew: number, filter: KeyFilter | null) =>
    function* mergeReducedWindow(records: Iterator<[unknown, unknown[][]]>) {
      const first = hasPrevious ? 1 : 0;
      const expected = first + numOld + numNew;
      for (let r = records.next(); !r.done; r = records.next()) {
        const [key, groups] = r.value;
        if (groups.length !== expected) {
          throw new IllegalStateError(`reduceByKeyAndWindow: expected ${expected} groups of reduced values per key, got ${groups.length}`);
        }
        const entering = reduceGroups(groups, first + numOld, expected, reduce);
        const leaving = reduceGroups(groups, first, first + numOld, reduce);
        let value: unknown = hasPrevious && groups[0]!.length > 0 ? groups[0]![0] : NONE;
        if (value === NONE) {
          // Not in the previous window: a new key, or one the filter dropped at its zero.
          if (entering === NONE) {
            // Spark's "Neither previous window has value for key, nor new values found":
            // only values leaving a window that did not hold the key, which happens when
            // the filter dropped a key whose window value was not back to its zero.
            throw new IllegalStateError(
              `reduceByKeyAndWindow: key ${describeKey(key)} has values leaving the window but is in neither the previous window nor the new batches; the filter function must only drop keys whose window value is back to zero (and keys must hash consistently)`,
            );
          }
          // Spark keeps only the new values here; taking the leaving ones out as well is
          // right when the dropped value was zero, as the filter's contract says.
          value = leaving === NONE ? entering : inverse(entering, leaving);
        } else {
          if (leaving !== NONE) value = inverse(value, leaving);
          if (entering !== NONE) value = reduce(value, entering);
        }
        const kv: [unknown, unknown] = [key, value];
        if (filter === null || filter(kv)) yield kv;
      }
    },
);
