/**
 * Windowed operations on streams of `[key, value]` pairs (Spark's
 * PairDStreamFunctions): reduceByKeyAndWindow with and without an inverse function,
 * and groupByKeyAndWindow.
 *
 * Without an inverse, each window is reduced from scratch: reduceByKey per batch,
 * window, reduceByKey again — with one HashPartitioner fixed at definition, so the
 * window's union keeps it and the second reduce needs no shuffle. With an inverse,
 * the window is updated incrementally (ReducedWindowedDStream), which needs a
 * checkpoint directory.
 *
 * reduceByKeyAndWindow takes Spark's call shapes; the second argument tells them
 * apart — a function (or undefined, as PySpark's `invFunc=None`) is the inverse,
 * a duration is the window:
 *
 *   reduceByKeyAndWindow(reduce, window, slide?, numPartitions?, filter?)
 *   reduceByKeyAndWindow(reduce, inverseReduce, window, slide?, numPartitions?, filter?)
 */
import { InvalidArgumentError } from '@kindling/common';
import { DStream } from '../dstream.js';
import { Duration } from '../duration.js';
import { ReducedWindowedDStream } from '../reduced-windowed-dstream.js';
import { checkPartitions } from './basic.js';
import { WindowedDStream } from '../windowed-dstream.js';

type Reduce<V> = (a: V, b: V) => V;
type KeyFilter<K, V> = (kv: [K, V]) => boolean;

declare module '../dstream.js' {
  // eslint-disable-next-line @typescript-eslint/no-unused-vars -- the augmentation must repeat the class's type parameter
  interface DStream<T> {
    /** The values of each key over the window, reduced from scratch every slide. */
    reduceByKeyAndWindow<K, V>(
      this: DStream<[K, V]>,
      reduce: (a: V, b: V) => V,
      windowDuration: Duration | number,
      slideDuration?: Duration | number,
      numPartitions?: number,
      filter?: (kv: [K, V]) => boolean,
    ): DStream<[K, V]>;
    /**
     * The values of each key over the window, updated from the previous window: the
     * new batches reduced in, the old ones taken out with `inverseReduce`; `filter`
     * drops keys (zero counts). Needs `ssc.checkpoint(dir)`.
     */
    reduceByKeyAndWindow<K, V>(
      this: DStream<[K, V]>,
      reduce: (a: V, b: V) => V,
      inverseReduce: ((a: V, b: V) => V) | undefined,
      windowDuration: Duration | number,
      slideDuration?: Duration | number,
      numPartitions?: number,
      filter?: (kv: [K, V]) => boolean,
    ): DStream<[K, V]>;
    /** The values of each key over the window, grouped. */
    groupByKeyAndWindow<K, V>(this: DStream<[K, V]>, windowDuration: Duration | number, slideDuration?: Duration | number, numPartitions?: number): DStream<[K, V[]]>;
  }
}

export interface ReduceByKeyAndWindowArgs<K, V> {
  readonly reduce: Reduce<V>;
  readonly inverseReduce: Reduce<V> | undefined;
  readonly windowDuration: Duration;
  readonly slideDuration: Duration;
  readonly numPartitions: number;
  readonly filter: KeyFilter<K, V> | undefined;
}

/** Both forms, once the call shape is known; `numPartitions` defaults to the context's default parallelism. */
export function reduceByKeyAndWindowOf<K, V>(stream: DStream<[K, V]>, args: ReduceByKeyAndWindowArgs<K, V>): DStream<[K, V]> {
  const kc = stream.ssc.kindlingContext;
  const reduce = kc.functionRef(args.reduce, 'reduceByKeyAndWindow');
  const filter = args.filter === undefined ? undefined : kc.functionRef(args.filter, 'reduceByKeyAndWindow filter');
  if (args.inverseReduce === undefined) {
    const reduced = stream.reduceByKey(reduce as unknown as Reduce<V>, args.numPartitions);
    const windowed = new WindowedDStream(reduced, args.windowDuration, args.slideDuration, 'reduceByKeyAndWindow');
    const result = windowed.reduceByKey(reduce as unknown as Reduce<V>, args.numPartitions);
    return filter === undefined ? result : result.filter(filter as unknown as KeyFilter<K, V>);
  }
  const inverseReduce = kc.functionRef(args.inverseReduce, 'reduceByKeyAndWindow inverse');
  const reduced = stream.reduceByKey(reduce as unknown as Reduce<V>, args.numPartitions);
  return new ReducedWindowedDStream<K, V>(reduced, { reduce, inverseReduce, filter }, args.windowDuration, args.slideDuration, args.numPartitions);
}

function isDurationLike(value: unknown): boolean {
  return value instanceof Duration || typeof value === 'number';
}

/** Reads Spark's call shapes (see the file comment) into named arguments, checking each. */
export function parseReduceByKeyAndWindowArgs<K, V>(stream: DStream<[K, V]>, args: readonly unknown[]): ReduceByKeyAndWindowArgs<K, V> {
  const [reduce, second, ...rest] = args;
  const withInverse = !isDurationLike(second);
  const [windowDuration, slideDuration, numPartitions, filter] = withInverse ? rest : [second, ...rest];
  const usage = 'reduceByKeyAndWindow(reduce, [inverseReduce,] windowDuration, slideDuration?, numPartitions?, filter?)';
  if (typeof reduce !== 'function') throw new InvalidArgumentError(`${usage} expects a reduce function first, got ${describe(reduce)}`);
  if (withInverse && second !== undefined && typeof second !== 'function') {
    throw new InvalidArgumentError(`${usage} expects an inverse reduce function or a window duration second, got ${describe(second)}`);
  }
  if (windowDuration === undefined) throw new InvalidArgumentError(`${usage} expects a window duration such as Seconds(30)`);
  if (filter !== undefined && typeof filter !== 'function') throw new InvalidArgumentError(`${usage} expects filter to be a function of [key, value], got ${describe(filter)}`);
  checkPartitions('reduceByKeyAndWindow', numPartitions);
  return {
    reduce: reduce as Reduce<V>,
    inverseReduce: withInverse ? (second as Reduce<V> | undefined) : undefined,
    windowDuration: Duration.from(windowDuration as Duration | number, 'window duration'),
    slideDuration: slideDuration === undefined ? stream.slideDuration : Duration.from(slideDuration as Duration | number, 'slide duration'),
    numPartitions: (numPartitions as number | undefined) ?? stream.ssc.kindlingContext.defaultParallelism,
    filter: filter as KeyFilter<K, V> | undefined,
  };
}

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (value instanceof Duration) return `the duration ${value}`;
  return typeof value;
}

DStream.prototype.reduceByKeyAndWindow = function (this: DStream<[unknown, unknown]>, ...args: unknown[]): DStream<[unknown, unknown]> {
  return reduceByKeyAndWindowOf(this, parseReduceByKeyAndWindowArgs(this, args));
} as DStream<unknown>['reduceByKeyAndWindow'];

DStream.prototype.groupByKeyAndWindow = function <K, V>(
  this: DStream<[K, V]>,
  windowDuration: Duration | number,
  slideDuration?: Duration | number,
  numPartitions?: number,
): DStream<[K, V[]]> {
  // Spark's: groupByKey per batch, window, then concatenate the groups of each key
  // (co-partitioned, so without a shuffle).
  checkPartitions('groupByKeyAndWindow', numPartitions);
  const n = numPartitions ?? this.ssc.kindlingContext.defaultParallelism;
  const window = Duration.from(windowDuration, 'window duration');
  const slide = slideDuration === undefined ? this.slideDuration : Duration.from(slideDuration, 'slide duration');
  const grouped = new WindowedDStream(this.groupByKey(n), window, slide, 'groupByKeyAndWindow');
  return grouped.combineByKey(
    (vs: V[]) => [...vs],
    (buffer: V[], vs: V[]) => {
      for (const v of vs) buffer.push(v);
      return buffer;
    },
    (a: V[], b: V[]) => {
      for (const v of b) a.push(v);
      return a;
    },
    n,
  );
};
