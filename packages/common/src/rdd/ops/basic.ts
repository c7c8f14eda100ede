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

/**
 * map, filter and flatMap run once per record of nearly every pipeline, so they are
 * iterator classes rather than generators: resuming a generator per record (and, in
 * flatMap, delegating with `yield*` to each array's own iterator) made the word-count
 * chain ~10% slower end to end. Each keeps its own `next`, with one result literal at
 * one return, so that the engine can inline a chain of them and drop the result
 * objects. They behave as the generators did: their own iterable, a fresh result
 * object per step, done for good once exhausted, returned or thrown through, and
 * flatMap's `return()` closes the inner iterator it is walking, as `yield*` does.
 */
class MapIterator implements IterableIterator<unknown> {
  private finished = false;

  constructor(
    private readonly records: Iterator<unknown>,
    private readonly f: Fn,
  ) {}

  next(): IteratorResult<unknown> {
    let value: unknown = undefined;
    if (!this.finished) {
      try {
        const r = this.records.next();
        if (r.done) this.finished = true;
        else value = this.f(r.value);
      } catch (error) {
        this.finished = true;
        throw error;
      }
    }
    return { value, done: this.finished };
  }

  return(value?: unknown): IteratorResult<unknown> {
    this.finished = true;
    return { value, done: true };
  }

  [Symbol.iterator](): this {
    return this;
  }
}

class FilterIterator implements IterableIterator<unknown> {
  private finished = false;

  constructor(
    private readonly records: Iterator<unknown>,
    private readonly f: Fn,
  ) {}

  next(): IteratorResult<unknown> {
    let value: unknown = undefined;
    if (!this.finished) {
      try {
        for (;;) {
          const r = this.records.next();
          if (r.done) {
            this.finished = true;
            break;
          }
          if (this.f(r.value)) {
            value = r.value;
            break;
          }
        }
      } catch (error) {
        this.finished = true;
        throw error;
      }
    }
    return { value, done: this.finished };
  }

  return(value?: unknown): IteratorResult<unknown> {
    this.finished = true;
    return { value, done: true };
  }

  [Symbol.iterator](): this {
    return this;
  }
}

class FlatMapIterator implements IterableIterator<unknown> {
  private finished = false;
  /** The current output when it is a plain array, walked by index (no iterator objects). */
  private array: readonly unknown[] | undefined = undefined;
  private index = 0;
  /** The current output's iterator when it is any other iterable. */
  private inner: Iterator<unknown> | undefined = undefined;

  constructor(
    private readonly records: Iterator<unknown>,
    private readonly f: Fn,
  ) {}

  next(): IteratorResult<unknown> {
    let value: unknown = undefined;
    if (!this.finished) {
      try {
        value = this.step();
      } catch (error) {
        this.finished = true;
        throw error;
      }
    }
    return { value, done: this.finished };
  }

  /** The next record, or undefined with `finished` set when there is none. */
  private step(): unknown {
    for (;;) {
      const array = this.array;
      if (array !== undefined) {
        if (this.index < array.length) return array[this.index++];
        this.array = undefined;
      } else if (this.inner !== undefined) {
        const r = this.inner.next();
        if (!r.done) return r.value;
        this.inner = undefined;
      }
      const r = this.records.next();
      if (r.done) {
        this.finished = true;
        return undefined;
      }
      this.open(this.f(r.value));
    }
  }

  return(value?: unknown): IteratorResult<unknown> {
    if (!this.finished) {
      this.finished = true;
      this.array = undefined;
      const inner = this.inner;
      this.inner = undefined;
      inner?.return?.();
    }
    return { value, done: true };
  }

  [Symbol.iterator](): this {
    return this;
  }

  private open(out: unknown): void {
    // Only a plain array with the standard iterator is walked by index: a subclass
    // or a patched iterator is asked, as `yield*` would ask it.
    if (Array.isArray(out) && Object.getPrototypeOf(out) === Array.prototype && out[Symbol.iterator] === arrayValues) {
      this.array = out;
      this.index = 0;
      return;
    }
    if (out === null || out === undefined || typeof (out as Partial<Iterable<unknown>>)[Symbol.iterator] !== 'function') {
      throw new TypeError(`The function of flatMap must return an iterable (an array, a generator…), got ${out === null ? 'null' : typeof out}`);
    }
    this.inner = (out as Iterable<unknown>)[Symbol.iterator]();
  }
}

const arrayValues = Array.prototype[Symbol.iterator];

registerBuiltin('rdd.map', (f: Fn) => (records: Iterator<unknown>) => new MapIterator(records, f));
registerBuiltin('rdd.filter', (f: Fn) => (records: Iterator<unknown>) => new FilterIterator(records, f));
registerBuiltin('rdd.flatMap', (f: Fn) => (records: Iterator<unknown>) => new FlatMapIterator(records, f));
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
