/**
 * Set-like transformations (Spark's union, distinct, cartesian, groupBy).
 */
import { builtinRef, registerBuiltin } from '../../functions/index.js';
import { CartesianRDD } from '../cartesian-rdd.js';
import type { Partitioner } from '../partitioner.js';
import { toPartitioner } from '../default-partitioner.js';
import { MapPartitionsRDD } from '../map-partitions-rdd.js';
import { PartitionerAwareUnionRDD } from '../partitioner-aware-union-rdd.js';
import { RDD } from '../rdd.js';
import { UnionRDD } from '../union-rdd.js';
import { combineByKeyWithRefs } from './pair.js';

declare module '../rdd.js' {
  interface RDD<T> {
    union(...others: RDD<T>[]): RDD<T>;
    distinct(numPartitions?: number): RDD<T>;
    cartesian<U>(other: RDD<U>): RDD<[T, U]>;
    groupBy<K>(f: (t: T) => K, partitioner?: number | Partitioner): RDD<[K, T[]]>;
  }
}

registerBuiltin('rdd.pairWithNull', () =>
  function* pairWithNull(records: Iterator<unknown>) {
    for (let r = records.next(); !r.done; r = records.next()) yield [r.value, null];
  },
);
registerBuiltin('rdd.first', () => (a: unknown) => a);

RDD.prototype.union = function <T>(this: RDD<T>, ...others: RDD<T>[]): RDD<T> {
  // Spark's SparkContext.union: when every input has the same partitioner, the
  // union keeps it (partition i of each input → partition i), so a later
  // reduceByKey or join over the union needs no shuffle.
  const rdds = [this, ...others];
  const first = this.partitioner;
  if (first !== undefined && rdds.every((r) => r.partitioner !== undefined && r.partitioner.equals(first))) {
    return new PartitionerAwareUnionRDD<T>(rdds);
  }
  return new UnionRDD<T>(rdds);
};

RDD.prototype.distinct = function <T>(this: RDD<T>, numPartitions: number = this.getNumPartitions()): RDD<T> {
  // Spark's: map(x => (x, null)).reduceByKey((x, _) => x, numPartitions).map(_._1)
  const paired = new MapPartitionsRDD<[T, null], T>(this, builtinRef('rdd.pairWithNull'), false, 'distinct');
  const aggregator = { createCombiner: builtinRef('rdd.identity'), mergeValue: builtinRef('rdd.first'), mergeCombiners: builtinRef('rdd.first') };
  return combineByKeyWithRefs<T, null, null>(paired, aggregator, toPartitioner(numPartitions, paired), true, 'distinct').keys();
};

RDD.prototype.cartesian = function <T, U>(this: RDD<T>, other: RDD<U>): RDD<[T, U]> {
  return new CartesianRDD(this, other);
};

RDD.prototype.groupBy = function <T, K>(this: RDD<T>, f: (t: T) => K, partitioner?: number | Partitioner): RDD<[K, T[]]> {
  return this.keyBy(f).groupByKey(partitioner);
};
