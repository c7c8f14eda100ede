/**
 * Key-value transformations on RDD<[K, V]> (Spark's PairRDDFunctions): the
 * combineByKey family, value maps that keep the partitioner, and partitionBy.
 */
import { builtinRef, registerBuiltin, type FunctionRef } from '../../functions/index.js';
import type { Aggregator } from '../dependency.js';
import { toPartitioner } from '../default-partitioner.js';
import { KeyedMap } from '../grouping-key.js';
import { MapPartitionsRDD } from '../map-partitions-rdd.js';
import type { Partitioner } from '../partitioner.js';
import { RDD } from '../rdd.js';
import { ShuffledRDD } from '../shuffled-rdd.js';
import { withUserFunction } from './basic.js';

declare module '../rdd.js' {
  // eslint-disable-next-line @typescript-eslint/no-unused-vars -- T must be declared for the interface to merge with RDD<T>
  interface RDD<T> {
    combineByKey<K, V, C>(
      this: RDD<[K, V]>,
      createCombiner: (v: V) => C,
      mergeValue: (c: C, v: V) => C,
      mergeCombiners: (a: C, b: C) => C,
      partitioner?: number | Partitioner,
      mapSideCombine?: boolean,
    ): RDD<[K, C]>;
    reduceByKey<K, V>(this: RDD<[K, V]>, f: (a: V, b: V) => V, partitioner?: number | Partitioner): RDD<[K, V]>;
    groupByKey<K, V>(this: RDD<[K, V]>, partitioner?: number | Partitioner): RDD<[K, V[]]>;
    aggregateByKey<K, V, U>(
      this: RDD<[K, V]>,
      zeroValue: U,
      seqOp: (acc: U, v: V) => U,
      combOp: (a: U, b: U) => U,
      partitioner?: number | Partitioner,
    ): RDD<[K, U]>;
    mapValues<K, V, U>(this: RDD<[K, V]>, f: (v: V) => U): RDD<[K, U]>;
    flatMapValues<K, V, U>(this: RDD<[K, V]>, f: (v: V) => Iterable<U>): RDD<[K, U]>;
    keys<K, V>(this: RDD<[K, V]>): RDD<K>;
    values<K, V>(this: RDD<[K, V]>): RDD<V>;
    partitionBy<K, V>(this: RDD<[K, V]>, partitioner: Partitioner): RDD<[K, V]>;
  }
}

type Fn = (...args: any[]) => any;

registerBuiltin('rdd.identity', () => (v: unknown) => v);
registerBuiltin('rdd.arrayOf', () => (v: unknown) => [v]);
registerBuiltin('rdd.arrayPush', () => (buffer: unknown[], v: unknown) => {
  buffer.push(v);
  return buffer;
});
registerBuiltin('rdd.arrayConcat', () => (a: unknown[], b: unknown[]) => {
  for (const v of b) a.push(v);
  return a;
});
// aggregateByKey's zero value is copied for every key, as Spark deserializes a fresh
// copy, so a mutable zero (an array, an object) is never shared between keys.
registerBuiltin('rdd.seqOpFromZero', (zero: unknown, seqOp: Fn) => (v: unknown) => seqOp(structuredClone(zero), v));
registerBuiltin('rdd.combineValuesByKey', (createCombiner: Fn, mergeValue: Fn) => (records: Iterator<[unknown, unknown]>) => {
  const combiners = new KeyedMap<unknown>();
  for (let r = records.next(); !r.done; r = records.next()) {
    combiners.combine(r.value[0], r.value[1], createCombiner, mergeValue);
  }
  return combiners.entries();
});
registerBuiltin('rdd.mapValues', (f: Fn) =>
  function* mapValues(records: Iterator<[unknown, unknown]>) {
    for (let r = records.next(); !r.done; r = records.next()) yield [r.value[0], f(r.value[1])];
  },
);
registerBuiltin('rdd.flatMapValues', (f: Fn) =>
  function* flatMapValues(records: Iterator<[unknown, unknown]>) {
    for (let r = records.next(); !r.done; r = records.next()) {
      const key = r.value[0];
      for (const v of f(r.value[1]) as Iterable<unknown>) yield [key, v];
    }
  },
);
registerBuiltin('rdd.keys', () =>
  function* keys(records: Iterator<[unknown, unknown]>) {
    for (let r = records.next(); !r.done; r = records.next()) yield r.value[0];
  },
);
registerBuiltin('rdd.values', () =>
  function* values(records: Iterator<[unknown, unknown]>) {
    for (let r = records.next(); !r.done; r = records.next()) yield r.value[1];
  },
);

/**
 * Spark's combineByKeyWithClassTag over refs: when the RDD is already partitioned by
 * `partitioner`, values are combined inside each partition with no shuffle;
 * otherwise a ShuffledRDD with the aggregator.
 */
export function combineByKeyWithRefs<K, V, C>(
  rdd: RDD<[K, V]>,
  aggregator: Aggregator,
  partitioner: Partitioner,
  mapSideCombine: boolean,
  scope: string,
): RDD<[K, C]> {
  if (rdd.partitioner !== undefined && rdd.partitioner.equals(partitioner)) {
    const f = builtinRef('rdd.combineValuesByKey', aggregator.createCombiner, aggregator.mergeValue);
    return new MapPartitionsRDD<[K, C], [K, V]>(rdd, f, true, scope);
  }
  return new ShuffledRDD<K, V, C>(rdd, partitioner, { aggregator, mapSideCombine, scope });
}

function aggregatorOf(createCombiner: FunctionRef, mergeValue: FunctionRef, mergeCombiners: FunctionRef): Aggregator {
  return { createCombiner, mergeValue, mergeCombiners };
}

RDD.prototype.combineByKey = function <K, V, C>(
  this: RDD<[K, V]>,
  createCombiner: (v: V) => C,
  mergeValue: (c: C, v: V) => C,
  mergeCombiners: (a: C, b: C) => C,
  partitioner?: number | Partitioner,
  mapSideCombine = true,
): RDD<[K, C]> {
  const ctx = this.context;
  const aggregator = aggregatorOf(
    ctx.functionRef(createCombiner, 'combineByKey'),
    ctx.functionRef(mergeValue, 'combineByKey'),
    ctx.functionRef(mergeCombiners, 'combineByKey'),
  );
  return combineByKeyWithRefs(this, aggregator, toPartitioner(partitioner, this), mapSideCombine, 'combineByKey');
};

RDD.prototype.reduceByKey = function <K, V>(this: RDD<[K, V]>, f: (a: V, b: V) => V, partitioner?: number | Partitioner): RDD<[K, V]> {
  const ref = this.context.functionRef(f, 'reduceByKey');
  const aggregator = aggregatorOf(builtinRef('rdd.identity'), ref, ref);
  return combineByKeyWithRefs(this, aggregator, toPartitioner(partitioner, this), true, 'reduceByKey');
};

RDD.prototype.groupByKey = function <K, V>(this: RDD<[K, V]>, partitioner?: number | Partitioner): RDD<[K, V[]]> {
  // No map-side combine, as in Spark: it would not shrink the data, only copy it.
  const aggregator = aggregatorOf(builtinRef('rdd.arrayOf'), builtinRef('rdd.arrayPush'), builtinRef('rdd.arrayConcat'));
  return combineByKeyWithRefs(this, aggregator, toPartitioner(partitioner, this), false, 'groupByKey');
};

RDD.prototype.aggregateByKey = function <K, V, U>(
  this: RDD<[K, V]>,
  zeroValue: U,
  seqOp: (acc: U, v: V) => U,
  combOp: (a: U, b: U) => U,
  partitioner?: number | Partitioner,
): RDD<[K, U]> {
  const ctx = this.context;
  const seqRef = ctx.functionRef(seqOp, 'aggregateByKey');
  const aggregator = aggregatorOf(builtinRef('rdd.seqOpFromZero', zeroValue, seqRef), seqRef, ctx.functionRef(combOp, 'aggregateByKey'));
  return combineByKeyWithRefs(this, aggregator, toPartitioner(partitioner, this), true, 'aggregateByKey');
};

RDD.prototype.mapValues = function <K, V, U>(this: RDD<[K, V]>, f: (v: V) => U): RDD<[K, U]> {
  return withUserFunction(this, 'rdd.mapValues', f, 'mapValues', true);
};

RDD.prototype.flatMapValues = function <K, V, U>(this: RDD<[K, V]>, f: (v: V) => Iterable<U>): RDD<[K, U]> {
  return withUserFunction(this, 'rdd.flatMapValues', f, 'flatMapValues', true);
};

RDD.prototype.keys = function <K, V>(this: RDD<[K, V]>): RDD<K> {
  return new MapPartitionsRDD<K, [K, V]>(this, builtinRef('rdd.keys'), false, 'keys');
};

RDD.prototype.values = function <K, V>(this: RDD<[K, V]>): RDD<V> {
  return new MapPartitionsRDD<V, [K, V]>(this, builtinRef('rdd.values'), false, 'values');
};

RDD.prototype.partitionBy = function <K, V>(this: RDD<[K, V]>, partitioner: Partitioner): RDD<[K, V]> {
  if (this.partitioner !== undefined && this.partitioner.equals(partitioner)) return this;
  return new ShuffledRDD<K, V, V>(this, partitioner, { scope: 'partitionBy' });
};
