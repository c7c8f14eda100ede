/**
 * Operations on streams of `[key, value]` pairs (Spark's PairDStreamFunctions), each
 * applied to every batch's RDD: reduceByKey, groupByKey, combineByKey, mapValues,
 * join and its outer forms, cogroup. Shuffles use `numPartitions` when given, else
 * the context's default parallelism, as Spark's DStreams do.
 */
import { InvalidArgumentError, type RDD } from '@kindling/common';
import { DStream } from '../dstream.js';
import { registerRddOperation, TransformedDStream } from '../transformed-dstream.js';
import { checkPartitions, withFunction } from './basic.js';

declare module '../dstream.js' {
  // eslint-disable-next-line @typescript-eslint/no-unused-vars -- the augmentation must repeat the class's type parameter
  interface DStream<T> {
    reduceByKey<K, V>(this: DStream<[K, V]>, f: (a: V, b: V) => V, numPartitions?: number): DStream<[K, V]>;
    groupByKey<K, V>(this: DStream<[K, V]>, numPartitions?: number): DStream<[K, V[]]>;
    combineByKey<K, V, C>(
      this: DStream<[K, V]>,
      createCombiner: (v: V) => C,
      mergeValue: (c: C, v: V) => C,
      mergeCombiners: (a: C, b: C) => C,
      numPartitions?: number,
    ): DStream<[K, C]>;
    mapValues<K, V, U>(this: DStream<[K, V]>, f: (v: V) => U): DStream<[K, U]>;
    flatMapValues<K, V, U>(this: DStream<[K, V]>, f: (v: V) => Iterable<U>): DStream<[K, U]>;
    join<K, V, W>(this: DStream<[K, V]>, other: DStream<[K, W]>, numPartitions?: number): DStream<[K, [V, W]]>;
    leftOuterJoin<K, V, W>(this: DStream<[K, V]>, other: DStream<[K, W]>, numPartitions?: number): DStream<[K, [V, W | undefined]]>;
    rightOuterJoin<K, V, W>(this: DStream<[K, V]>, other: DStream<[K, W]>, numPartitions?: number): DStream<[K, [V | undefined, W]]>;
    fullOuterJoin<K, V, W>(this: DStream<[K, V]>, other: DStream<[K, W]>, numPartitions?: number): DStream<[K, [V | undefined, W | undefined]]>;
    cogroup<K, V, W>(this: DStream<[K, V]>, other: DStream<[K, W]>, numPartitions?: number): DStream<[K, [V[], W[]]]>;
  }
}

type PairRDD = RDD<[unknown, unknown]>;

/** Spark's default for a DStream shuffle: the context's default parallelism. */
function partitions(n: unknown, rdd: RDD<unknown>): number {
  return typeof n === 'number' ? n : rdd.context.defaultParallelism;
}

registerRddOperation('reduceByKey', ([rdd], [f, n]) => (rdd as PairRDD).reduceByKey(f, partitions(n, rdd!)));
registerRddOperation('groupByKey', ([rdd], [n]) => (rdd as PairRDD).groupByKey(partitions(n, rdd!)));
registerRddOperation('combineByKey', ([rdd], [create, merge, mergeCombiners, n]) =>
  (rdd as PairRDD).combineByKey(create, merge, mergeCombiners, partitions(n, rdd!)),
);
registerRddOperation('mapValues', ([rdd], [f]) => (rdd as PairRDD).mapValues(f));
registerRddOperation('flatMapValues', ([rdd], [f]) => (rdd as PairRDD).flatMapValues(f));
registerRddOperation('join', ([a, b], [n]) => (a as PairRDD).join(b as PairRDD, partitions(n, a!)));
registerRddOperation('leftOuterJoin', ([a, b], [n]) => (a as PairRDD).leftOuterJoin(b as PairRDD, partitions(n, a!)));
registerRddOperation('rightOuterJoin', ([a, b], [n]) => (a as PairRDD).rightOuterJoin(b as PairRDD, partitions(n, a!)));
registerRddOperation('fullOuterJoin', ([a, b], [n]) => (a as PairRDD).fullOuterJoin(b as PairRDD, partitions(n, a!)));
registerRddOperation('cogroup', ([a, b], [n]) => (a as PairRDD).cogroup(b as PairRDD, partitions(n, a!)));

DStream.prototype.reduceByKey = function <K, V>(this: DStream<[K, V]>, f: (a: V, b: V) => V, numPartitions?: number): DStream<[K, V]> {
  checkPartitions('reduceByKey', numPartitions);
  return withFunction(this, 'reduceByKey', f, numPartitions);
};

DStream.prototype.groupByKey = function <K, V>(this: DStream<[K, V]>, numPartitions?: number): DStream<[K, V[]]> {
  checkPartitions('groupByKey', numPartitions);
  return new TransformedDStream<[K, V[]]>([this as DStream<unknown>], 'groupByKey', [numPartitions], 'groupByKey');
};

DStream.prototype.combineByKey = function <K, V, C>(
  this: DStream<[K, V]>,
  createCombiner: (v: V) => C,
  mergeValue: (c: C, v: V) => C,
  mergeCombiners: (a: C, b: C) => C,
  numPartitions?: number,
): DStream<[K, C]> {
  checkPartitions('combineByKey', numPartitions);
  const kc = this.ssc.kindlingContext;
  const refs = [kc.functionRef(createCombiner, 'combineByKey'), kc.functionRef(mergeValue, 'combineByKey'), kc.functionRef(mergeCombiners, 'combineByKey')];
  return new TransformedDStream<[K, C]>([this as DStream<unknown>], 'combineByKey', [...refs, numPartitions], 'combineByKey');
};

DStream.prototype.mapValues = function <K, V, U>(this: DStream<[K, V]>, f: (v: V) => U): DStream<[K, U]> {
  return withFunction(this, 'mapValues', f);
};

DStream.prototype.flatMapValues = function <K, V, U>(this: DStream<[K, V]>, f: (v: V) => Iterable<U>): DStream<[K, U]> {
  return withFunction(this, 'flatMapValues', f);
};

function twoStreams<R>(op: string, self: DStream<unknown>, other: unknown, numPartitions: number | undefined): DStream<R> {
  if (!(other instanceof DStream)) throw new InvalidArgumentError(`${op} expects a DStream of pairs as its first argument`);
  checkPartitions(op, numPartitions);
  return new TransformedDStream<R>([self, other as DStream<unknown>], op, [numPartitions], op);
}

DStream.prototype.join = function (this: DStream<any>, other: DStream<any>, numPartitions?: number) {
  return twoStreams('join', this, other, numPartitions);
} as DStream<unknown>['join'];

DStream.prototype.leftOuterJoin = function (this: DStream<any>, other: DStream<any>, numPartitions?: number) {
  return twoStreams('leftOuterJoin', this, other, numPartitions);
} as DStream<unknown>['leftOuterJoin'];

DStream.prototype.rightOuterJoin = function (this: DStream<any>, other: DStream<any>, numPartitions?: number) {
  return twoStreams('rightOuterJoin', this, other, numPartitions);
} as DStream<unknown>['rightOuterJoin'];

DStream.prototype.fullOuterJoin = function (this: DStream<any>, other: DStream<any>, numPartitions?: number) {
  return twoStreams('fullOuterJoin', this, other, numPartitions);
} as DStream<unknown>['fullOuterJoin'];

DStream.prototype.cogroup = function (this: DStream<any>, other: DStream<any>, numPartitions?: number) {
  return twoStreams('cogroup', this, other, numPartitions);
} as DStream<unknown>['cogroup'];
