/**
 * Element-wise transformations (Spark's map, filter, flatMap, mapPartitions…). Each
 * is a MapPartitionsRDD whose partition function is a builtin wrapping the user's
 * function ref, so executors resolve the builtin by name and the user function by
 * its reference.
 */
import { builtinRef, registerBuiltin } from '../../functions/index.js';
import { asIterable, toIterator } from '../iterators.js';
import { MapPartitionsRDD } from '../map-partitions-rdd.js';
import { RDD } from '../rdd.js';

declare module '../rdd.js' {
  interface RDD<T> {
    map<U>(f: (t: T) => U): RDD<U>;
    filter(f: (t: T) => boolean): RDD<T>;
    flatMap<U>(f: (t: T) => Iterable<U>): RDD<U>;
    /** `f` receives the partition's records as an iterable iterator and returns any iterable. */
    mapPartitions<U>(f: (records: IterableIterator<T>) => Iterable<U>, preservesPartitioning?: boolean): RDD<U>;
    mapPartitionsWithIndex<U>(f: (index: number, records: IterableIterator<T>) => Iterable<U>, preservesPartitioning?: boolean): RDD<U>;
    /** Each partition as one array. */
    glom(): RDD<T[]>;
    keyBy<K>(f: (t: T) => K): RDD<[K, T]>;
  }
}

/** A MapPartitionsRDD running builtin `name` over the user function `fn` (validated now, on the driver). */
export function withUserFunction<T, U>(rdd: RDD<T>, name: string, fn: unknown, scope: string, preservesPartitioning = false): RDD<U> {
  const ref = rdd.context.functionRef(fn, scope);
  return new MapPartitionsRDD<U, T>(rdd, builtinRef(name, ref), preservesPartitioning, scope);
}

type Fn = (...args: any[]) => any;

registerBuiltin('rdd.map', (f: Fn) =>
  function* map(records: Iterator<unknown>) {
    for (let r = records.next(); !r.done; r = records.next()) yield f(r.value);
  },
);
registerBuiltin('rdd.filter', (f: Fn) =>
  function* filter(records: Iterator<unknown>) {
    for (let r = records.next(); !r.done; r = records.next()) if (f(r.value)) yield r.value;
  },
);
registerBuiltin('rdd.flatMap', (f: Fn) =>
  function* flatMap(records: Iterator<unknown>) {
    for (let r = records.next(); !r.done; r = records.next()) {
      const out = f(r.value) as Iterable<unknown>;
      if (out === null || out === undefined || typeof (out as Partial<Iterable<unknown>>)[Symbol.iterator] !== 'function') {
        throw new TypeError(`The function of flatMap must return an iterable (an array, a generator…), got ${out === null ? 'null' : typeof out}`);
      }
      yield* out;
    }
  },
);
registerBuiltin('rdd.mapPartitions', (f: Fn) => (records: Iterator<unknown>) =>
  toIterator(f(asIterable(records)) as Iterable<unknown>, 'The function of mapPartitions'),
);
registerBuiltin('rdd.mapPartitionsWithIndex', (f: Fn) => (records: Iterator<unknown>, index: number) =>
  toIterator(f(index, asIterable(records)) as Iterable<unknown>, 'The function of mapPartitionsWithIndex'),
);
registerBuiltin('rdd.glom', () => (records: Iterator<unknown>) => [Array.from(asIterable(records))][Symbol.iterator]());
registerBuiltin('rdd.keyBy', (f: Fn) =>
  function* keyBy(records: Iterator<unknown>) {
    for (let r = records.next(); !r.done; r = records.next()) yield [f(r.value), r.value];
  },
);

RDD.prototype.map = function <T, U>(this: RDD<T>, f: (t: T) => U): RDD<U> {
  return withUserFunction(this, 'rdd.map', f, 'map');
};

RDD.prototype.filter = function <T>(this: RDD<T>, f: (t: T) => boolean): RDD<T> {
  return withUserFunction(this, 'rdd.filter', f, 'filter', true);
};

RDD.prototype.flatMap = function <T, U>(this: RDD<T>, f: (t: T) => Iterable<U>): RDD<U> {
  return withUserFunction(this, 'rdd.flatMap', f, 'flatMap');
};

RDD.prototype.mapPartitions = function <T, U>(this: RDD<T>, f: (records: IterableIterator<T>) => Iterable<U>, preservesPartitioning = false): RDD<U> {
  return withUserFunction(this, 'rdd.mapPartitions', f, 'mapPartitions', preservesPartitioning);
};

RDD.prototype.mapPartitionsWithIndex = function <T, U>(
  this: RDD<T>,
  f: (index: number, records: IterableIterator<T>) => Iterable<U>,
  preservesPartitioning = false,
): RDD<U> {
  return withUserFunction(this, 'rdd.mapPartitionsWithIndex', f, 'mapPartitionsWithIndex', preservesPartitioning);
};

RDD.prototype.glom = function <T>(this: RDD<T>): RDD<T[]> {
  return new MapPartitionsRDD<T[], T>(this, builtinRef('rdd.glom'), false, 'glom');
};

RDD.prototype.keyBy = function <T, K>(this: RDD<T>, f: (t: T) => K): RDD<[K, T]> {
  return withUserFunction(this, 'rdd.keyBy', f, 'keyBy');
};
