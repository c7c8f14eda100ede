/**
 * Actions (Spark's RDD actions): each runs a job whose result function is a builtin
 * that reduces one partition on the executor, and combines the partitions' results
 * on the driver. All return Promises.
 */
import { InvalidArgumentError } from '../../errors/index.js';
import { builtinRef, registerBuiltin } from '../../functions/index.js';
import { asIterable } from '../iterators.js';
import { compareKeys } from '../key-ordering.js';
import { RDD } from '../rdd.js';

declare module '../rdd.js' {
  interface RDD<T> {
    collect(): Promise<T[]>;
    count(): Promise<number>;
    /** Fails with "Cannot reduce an empty RDD" when there are no records. */
    reduce(f: (a: T, b: T) => T): Promise<T>;
    fold(zeroValue: T, op: (a: T, b: T) => T): Promise<T>;
    aggregate<U>(zeroValue: U, seqOp: (acc: U, t: T) => U, combOp: (a: U, b: U) => U): Promise<U>;
    foreach(f: (t: T) => void | Promise<void>): Promise<void>;
    foreachPartition(f: (records: IterableIterator<T>) => void | Promise<void>): Promise<void>;
    /** The `n` largest records by `compare` (default: the natural key ordering), largest first. */
    top(n: number, compare?: (a: T, b: T) => number): Promise<T[]>;
    /** The `n` smallest records by `compare`, smallest first (Spark's takeOrdered). */
    takeOrdered(n: number, compare?: (a: T, b: T) => number): Promise<T[]>;
    /** The first `num` records, scanning one partition first and more only as needed (Spark's take). */
    take(num: number): Promise<T[]>;
    /** The first record; fails on an empty RDD. */
    first(): Promise<T>;
  }
}

type Fn = (...args: any[]) => any;

registerBuiltin('rdd.collect', () => (records: Iterator<unknown>) => Array.from(asIterable(records)));
registerBuiltin('rdd.count', () => (records: Iterator<unknown>) => {
  let n = 0;
  while (!records.next().done) n++;
  return n;
});
// Partition results are [] for an empty partition and [value] otherwise, so that a
// reduction whose value is undefined is not mistaken for an empty partition.
registerBuiltin('rdd.reducePartition', (f: Fn) => (records: Iterator<unknown>) => {
  let r = records.next();
  if (r.done) return [];
  let acc = r.value;
  for (r = records.next(); !r.done; r = records.next()) acc = f(acc, r.value);
  return [acc];
});
registerBuiltin('rdd.foldPartition', (zero: unknown, f: Fn) => (records: Iterator<unknown>) => {
  let acc = structuredClone(zero);
  for (let r = records.next(); !r.done; r = records.next()) acc = f(acc, r.value);
  return acc;
});
registerBuiltin('rdd.foreach', (f: Fn) => async (records: Iterator<unknown>) => {
  for (let r = records.next(); !r.done; r = records.next()) {
    const out: unknown = f(r.value);
    if (out instanceof Promise) await out;
  }
});
registerBuiltin('rdd.foreachPartition', (f: Fn) => async (records: Iterator<unknown>) => {
  await f(asIterable(records));
});
registerBuiltin('rdd.takeOrdered', (n: number, compare: Fn | undefined) => (records: Iterator<unknown>) =>
  smallest(asIterable(records), n, compare ?? compareKeys),
);

/** The n smallest of `values` by `compare`, sorted; a bounded buffer, sorted when it doubles. */
export function smallest<T>(values: Iterable<T>, n: number, compare: (a: T, b: T) => number): T[] {
  if (n <= 0) return [];
  let buffer: T[] = [];
  for (const v of values) {
    buffer.push(v);
    if (buffer.length >= 2 * n) buffer = buffer.sort(compare).slice(0, n);
  }
  return buffer.sort(compare).slice(0, n);
}

RDD.prototype.collect = async function <T>(this: RDD<T>): Promise<T[]> {
  const parts = await this.context.runJob<T[]>(this, builtinRef('rdd.collect'));
  return parts.flat() as T[];
};

RDD.prototype.count = async function <T>(this: RDD<T>): Promise<number> {
  const counts = await this.context.runJob<number>(this, builtinRef('rdd.count'));
  return counts.reduce((a, b) => a + b, 0);
};

RDD.prototype.reduce = async function <T>(this: RDD<T>, f: (a: T, b: T) => T): Promise<T> {
  const parts = await this.context.runJob<T[]>(this, builtinRef('rdd.reducePartition', this.context.functionRef(f, 'reduce')));
  const values = parts.flat() as T[];
  if (values.length === 0) throw new InvalidArgumentError('Cannot reduce an empty RDD; use fold with a zero value instead');
  return values.reduce((a, b) => f(a, b));
};

RDD.prototype.fold = async function <T>(this: RDD<T>, zeroValue: T, op: (a: T, b: T) => T): Promise<T> {
  const ref = this.context.functionRef(op, 'fold');
  const parts = await this.context.runJob<T>(this, builtinRef('rdd.foldPartition', zeroValue, ref));
  return parts.reduce((acc, p) => op(acc, p), structuredClone(zeroValue));
};

RDD.prototype.aggregate = async function <T, U>(this: RDD<T>, zeroValue: U, seqOp: (acc: U, t: T) => U, combOp: (a: U, b: U) => U): Promise<U> {
  const seqRef = this.context.functionRef(seqOp, 'aggregate');
  this.context.functionRef(combOp, 'aggregate'); // validated like every function, though it runs on the driver
  const parts = await this.context.runJob<U>(this, builtinRef('rdd.foldPartition', zeroValue, seqRef));
  return parts.reduce((acc, p) => combOp(acc, p), structuredClone(zeroValue));
};

RDD.prototype.foreach = async function <T>(this: RDD<T>, f: (t: T) => void | Promise<void>): Promise<void> {
  await this.context.runJob<void>(this, builtinRef('rdd.foreach', this.context.functionRef(f, 'foreach')));
};

RDD.prototype.foreachPartition = async function <T>(this: RDD<T>, f: (records: IterableIterator<T>) => void | Promise<void>): Promise<void> {
  await this.context.runJob<void>(this, builtinRef('rdd.foreachPartition', this.context.functionRef(f, 'foreachPartition')));
};

RDD.prototype.takeOrdered = async function <T>(this: RDD<T>, n: number, compare?: (a: T, b: T) => number): Promise<T[]> {
  const cmp = compare ?? (compareKeys as (a: T, b: T) => number);
  const ref = compare === undefined ? undefined : this.context.functionRef(compare, 'takeOrdered');
  const parts = await this.context.runJob<T[]>(this, builtinRef('rdd.takeOrdered', n, ref));
  return smallest(parts.flat() as T[], n, cmp);
};

RDD.prototype.top = async function <T>(this: RDD<T>, n: number, compare?: (a: T, b: T) => number): Promise<T[]> {
  const cmp = compare ?? (compareKeys as (a: T, b: T) => number);
  const ref = compare === undefined ? undefined : this.context.functionRef(compare, 'top');
  const parts = await this.context.runJob<T[]>(this, builtinRef('rdd.top', n, ref));
  return smallest(parts.flat() as T[], n, (a, b) => cmp(b, a));
};

registerBuiltin('rdd.top', (n: number, compare: Fn | undefined) => {
  const cmp = compare ?? compareKeys;
  return (records: Iterator<unknown>) => smallest(asIterable(records), n, (a, b) => cmp(b, a) as number);
});

registerBuiltin('rdd.take', (n: number) => (records: Iterator<unknown>) => {
  const out: unknown[] = [];
  while (out.length < n) {
    const r = records.next();
    if (r.done) break;
    out.push(r.value);
  }
  return out;
});

/** Spark's spark.rdd.limit.scaleUpFactor default: how fast take widens its scan. */
const TAKE_SCALE_UP_FACTOR = 4;

RDD.prototype.take = async function <T>(this: RDD<T>, num: number): Promise<T[]> {
  if (!Number.isInteger(num) || num < 0) throw new InvalidArgumentError(`take expects a non-negative integer, got ${num}`);
  const buffer: T[] = [];
  const totalParts = this.getNumPartitions();
  let partsScanned = 0;
  while (buffer.length < num && partsScanned < totalParts) {
    // Try one partition first; if that was not enough, estimate how many more are
    // needed from what was found so far (overestimating by 50%), or quadruple when
    // nothing was found, never more than 4x the partitions scanned so far.
    let numPartsToTry = 1;
    const left = num - buffer.length;
    if (partsScanned > 0) {
      numPartsToTry =
        buffer.length === 0
          ? partsScanned * TAKE_SCALE_UP_FACTOR
          : Math.min(Math.max(Math.ceil((1.5 * left * partsScanned) / buffer.length), 1), partsScanned * TAKE_SCALE_UP_FACTOR);
    }
    const partitions: number[] = [];
    for (let p = partsScanned; p < Math.min(partsScanned + numPartsToTry, totalParts); p++) partitions.push(p);
    const results = await this.context.runJob<T[]>(this, builtinRef('rdd.take', left), partitions);
    for (const part of results) for (const t of part) if (buffer.length < num) buffer.push(t);
    partsScanned += partitions.length;
  }
  return buffer;
};

RDD.prototype.first = async function <T>(this: RDD<T>): Promise<T> {
  const taken = await this.take(1);
  if (taken.length === 0) throw new InvalidArgumentError(`Cannot take the first record of an empty RDD (${this.toString()})`);
  return taken[0] as T;
};
