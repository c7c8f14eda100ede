/**
 * Sorting (Spark's OrderedRDDFunctions.sortByKey and RDD.sortBy): a shuffle by a
 * RangePartitioner sampled from the data, with each reduce partition sorted by key,
 * so the partitions in order hold the records in order.
 */
import { builtinRef, registerBuiltin, type FunctionRef } from '../../functions/index.js';
import { compareKeys } from '../key-ordering.js';
import { RangePartitioner } from '../range-partitioner.js';
import { RDD } from '../rdd.js';
import { ShuffledRDD } from '../shuffled-rdd.js';

declare module '../rdd.js' {
  interface RDD<T> {
    /** Sorts by key; `compare` replaces the natural key ordering (compareKeys). */
    sortByKey<K, V>(this: RDD<[K, V]>, ascending?: boolean, numPartitions?: number, compare?: (a: K, b: K) => number): RDD<[K, V]>;
    sortBy<K>(f: (t: T) => K, ascending?: boolean, numPartitions?: number): RDD<T>;
  }
}

type Compare = (a: unknown, b: unknown) => number;

registerBuiltin('rdd.keyOrdering', (ascending: boolean, compare: Compare | undefined): Compare => {
  const cmp = compare ?? compareKeys;
  return ascending ? cmp : (a, b) => cmp(b, a);
});

RDD.prototype.sortByKey = function <K, V>(
  this: RDD<[K, V]>,
  ascending = true,
  numPartitions: number = this.getNumPartitions(),
  compare?: (a: K, b: K) => number,
): RDD<[K, V]> {
  const orderingRef: FunctionRef | undefined = compare === undefined ? undefined : this.context.functionRef(compare, 'sortByKey');
  const partitioner = new RangePartitioner(numPartitions, this as RDD<[unknown, unknown]>, ascending, orderingRef, compare as Compare | undefined);
  const keyOrdering = builtinRef('rdd.keyOrdering', ascending, orderingRef);
  return new ShuffledRDD<K, V, V>(this, partitioner, { keyOrdering, scope: 'sortByKey' });
};

RDD.prototype.sortBy = function <T, K>(this: RDD<T>, f: (t: T) => K, ascending = true, numPartitions: number = this.getNumPartitions()): RDD<T> {
  return this.keyBy(f).sortByKey(ascending, numPartitions).values();
};
