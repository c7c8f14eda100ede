/**
 * Element-wise and per-batch DStream operations (Spark's DStream.map, filter,
 * flatMap, union, transform, count, countByValue…). Each applies the RDD operation of
 * the same name to every batch's RDD; user functions are turned into FunctionRefs
 * now, so a function that cannot travel fails here, on the driver.
 */
import { InvalidArgumentError, type RDD } from '@kindling/common';
import { DriverFunction } from '../driver-function.js';
import { DStream } from '../dstream.js';
import { registerRddOperation, TransformedDStream, type DriverTransform } from '../transformed-dstream.js';

declare module '../dstream.js' {
  interface DStream<T> {
    map<U>(f: (t: T) => U): DStream<U>;
    flatMap<U>(f: (t: T) => Iterable<U>): DStream<U>;
    filter(f: (t: T) => boolean): DStream<T>;
    mapPartitions<U>(f: (records: IterableIterator<T>) => Iterable<U>, preservesPartitioning?: boolean): DStream<U>;
    /** Each partition of each batch as one array. */
    glom(): DStream<T[]>;
    repartition(numPartitions: number): DStream<T>;
    union(...others: DStream<T>[]): DStream<T>;
    /** `f(rdd, time)` runs on the driver each batch and returns the batch's new RDD. */
    transform<U>(f: (rdd: RDD<T>, time: number) => RDD<U>): DStream<U>;
    transformWith<U, V>(other: DStream<U>, f: (rdd: RDD<T>, other: RDD<U>, time: number) => RDD<V>): DStream<V>;
    /** One record per batch: the number of records in it. */
    count(): DStream<number>;
    /** `[value, count]` per distinct value of each batch. */
    countByValue(numPartitions?: number): DStream<[T, number]>;
  }
}

/** A one-parent stream applying `op` with the user function `fn` (validated now). */
export function withFunction<T, U>(stream: DStream<T>, op: string, fn: unknown, ...rest: unknown[]): DStream<U> {
  const ref = stream.ssc.kindlingContext.functionRef(fn, op);
  return new TransformedDStream<U>([stream as DStream<unknown>], op, [ref, ...rest], op);
}

/** Spark's numPartitions check, shared by the operations that shuffle. */
export function checkPartitions(what: string, n: unknown): void {
  if (n !== undefined && (!Number.isInteger(n) || (n as number) < 1)) {
    throw new InvalidArgumentError(`${what}: numPartitions must be a positive integer, got ${String(n)}`);
  }
}

type AnyRDD = RDD<any>;

registerRddOperation('map', ([rdd], [f]) => (rdd as AnyRDD).map(f));
registerRddOperation('flatMap', ([rdd], [f]) => (rdd as AnyRDD).flatMap(f));
registerRddOperation('filter', ([rdd], [f]) => (rdd as AnyRDD).filter(f));
registerRddOperation('mapPartitions', ([rdd], [f, preserves]) => (rdd as AnyRDD).mapPartitions(f, preserves === true));
registerRddOperation('glom', ([rdd]) => (rdd as AnyRDD).glom());
registerRddOperation('repartition', ([rdd], [n]) => (rdd as AnyRDD).repartition(n));
registerRddOperation('union', (rdds) => (rdds[0] as AnyRDD).union(...rdds.slice(1)));
registerRddOperation('count', ([rdd], _args, ssc) =>
  // Spark's count: a batch with no records still yields one record, 0 — hence the
  // union with a single zero before summing into one partition.
  (rdd as AnyRDD)
    .mapPartitions((records: Iterable<unknown>) => {
      let n = 0;
      for (const _ of records) n++;
      return [n];
    })
    .union(ssc.kindlingContext.parallelize([0], 1))
    .map((n: number): [number, number] => [0, n])
    .reduceByKey((a: number, b: number) => a + b, 1)
    .map((kv: [number, number]) => kv[1]),
);
registerRddOperation('countByValue', ([rdd], [n]) =>
  (rdd as AnyRDD).map((x: unknown): [unknown, number] => [x, 1]).reduceByKey((a: number, b: number) => a + b, n),
);

DStream.prototype.map = function <T, U>(this: DStream<T>, f: (t: T) => U): DStream<U> {
  return withFunction(this, 'map', f);
};

DStream.prototype.flatMap = function <T, U>(this: DStream<T>, f: (t: T) => Iterable<U>): DStream<U> {
  return withFunction(this, 'flatMap', f);
};

DStream.prototype.filter = function <T>(this: DStream<T>, f: (t: T) => boolean): DStream<T> {
  return withFunction(this, 'filter', f);
};

DStream.prototype.mapPartitions = function <T, U>(this: DStream<T>, f: (records: IterableIterator<T>) => Iterable<U>, preservesPartitioning = false): DStream<U> {
  return withFunction(this, 'mapPartitions', f, preservesPartitioning);
};

DStream.prototype.glom = function <T>(this: DStream<T>): DStream<T[]> {
  return new TransformedDStream<T[]>([this as DStream<unknown>], 'glom', [], 'glom');
};

DStream.prototype.repartition = function <T>(this: DStream<T>, numPartitions: number): DStream<T> {
  checkPartitions('repartition', numPartitions);
  return new TransformedDStream<T>([this as DStream<unknown>], 'repartition', [numPartitions], 'repartition');
};

DStream.prototype.union = function <T>(this: DStream<T>, ...others: DStream<T>[]): DStream<T> {
  for (const other of others) {
    if (!(other instanceof DStream)) throw new InvalidArgumentError('union expects DStreams');
  }
  return new TransformedDStream<T>([this, ...others] as DStream<unknown>[], 'union', [], 'union');
};

DStream.prototype.transform = function <T, U>(this: DStream<T>, f: (rdd: RDD<T>, time: number) => RDD<U>): DStream<U> {
  const fn = DriverFunction.of(f as DriverTransform, 'transform', this.ssc.kindlingContext);
  return new TransformedDStream<U>([this as DStream<unknown>], 'transform', [], 'transform', fn);
};

DStream.prototype.transformWith = function <T, U, V>(this: DStream<T>, other: DStream<U>, f: (rdd: RDD<T>, other: RDD<U>, time: number) => RDD<V>): DStream<V> {
  if (!(other instanceof DStream)) throw new InvalidArgumentError('transformWith expects a DStream as its first argument');
  const fn = DriverFunction.of(f as DriverTransform, 'transformWith', this.ssc.kindlingContext);
  return new TransformedDStream<V>([this, other] as DStream<unknown>[], 'transformWith', [], 'transformWith', fn);
};

DStream.prototype.count = function <T>(this: DStream<T>): DStream<number> {
  return new TransformedDStream<number>([this as DStream<unknown>], 'count', [], 'count');
};

DStream.prototype.countByValue = function <T>(this: DStream<T>, numPartitions?: number): DStream<[T, number]> {
  checkPartitions('countByValue', numPartitions);
  return new TransformedDStream<[T, number]>([this as DStream<unknown>], 'countByValue', [numPartitions], 'countByValue');
};
