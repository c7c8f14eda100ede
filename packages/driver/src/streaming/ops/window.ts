/**
 * Window operations on any stream (Spark's DStream.window, reduceByWindow,
 * countByWindow, countByValueAndWindow), and DStream.reduce, which reduceByWindow is
 * built on. Window and slide default to the stream's slide and must be multiples of
 * it (WindowedDStream checks, with Spark's messages).
 *
 * As in Spark, the forms with an inverse function — and so countByWindow and
 * countByValueAndWindow, which subtract the counts leaving the window — are
 * reduceByKeyAndWindow with an inverse, and need `ssc.checkpoint(dir)`.
 */
import { InvalidArgumentError, type RDD } from '@kindling/common';
import { DStream } from '../dstream.js';
import { Duration } from '../duration.js';
import { registerRddOperation } from '../transformed-dstream.js';
import { WindowedDStream } from '../windowed-dstream.js';
import { checkPartitions, withFunction } from './basic.js';
import { reduceByKeyAndWindowOf } from './pair-window.js';

declare module '../dstream.js' {
  interface DStream<T> {
    /** One record per non-empty batch: its records reduced with `f` (Spark's DStream.reduce). */
    reduce(f: (a: T, b: T) => T): DStream<T>;
    /** Every `slideDuration`, all the records of the last `windowDuration`. */
    window(windowDuration: Duration | number, slideDuration?: Duration | number): DStream<T>;
    /** Every slide, the records of the window reduced with `reduce`, from scratch. */
    reduceByWindow(reduce: (a: T, b: T) => T, windowDuration: Duration | number, slideDuration?: Duration | number): DStream<T>;
    /** Every slide, the window's reduction updated from the previous one with `inverseReduce`; needs a checkpoint directory. */
    reduceByWindow(
      reduce: (a: T, b: T) => T,
      inverseReduce: (a: T, b: T) => T,
      windowDuration: Duration | number,
      slideDuration?: Duration | number,
    ): DStream<T>;
    /** Every slide, the number of records in the window; needs a checkpoint directory. */
    countByWindow(windowDuration: Duration | number, slideDuration?: Duration | number): DStream<number>;
    /** Every slide, `[value, count]` per distinct value in the window; needs a checkpoint directory. */
    countByValueAndWindow(windowDuration: Duration | number, slideDuration?: Duration | number, numPartitions?: number): DStream<[T, number]>;
  }
}

type AnyRDD = RDD<any>;

// Spark's: map((null, _)).reduceByKey(f, 1).map(_._2): one partition, one record.
registerRddOperation('reduce', ([rdd], [f]) =>
  (rdd as AnyRDD)
    .map((x: unknown): [number, unknown] => [0, x])
    .reduceByKey(f, 1)
    .map((kv: [number, unknown]) => kv[1]),
);

function durations(stream: DStream<unknown>, windowDuration: unknown, slideDuration: unknown): [Duration, Duration] {
  if (windowDuration === undefined) throw new InvalidArgumentError('A window operation expects a window duration such as Seconds(30)');
  const window = Duration.from(windowDuration as Duration | number, 'window duration');
  const slide = slideDuration === undefined ? stream.slideDuration : Duration.from(slideDuration as Duration | number, 'slide duration');
  return [window, slide];
}

DStream.prototype.reduce = function <T>(this: DStream<T>, f: (a: T, b: T) => T): DStream<T> {
  return withFunction(this, 'reduce', f);
};

DStream.prototype.window = function <T>(this: DStream<T>, windowDuration: Duration | number, slideDuration?: Duration | number): DStream<T> {
  const [window, slide] = durations(this as DStream<unknown>, windowDuration, slideDuration);
  return new WindowedDStream<T>(this, window, slide);
};

DStream.prototype.reduceByWindow = function <T>(this: DStream<T>, reduce: (a: T, b: T) => T, ...rest: unknown[]): DStream<T> {
  if (typeof reduce !== 'function') throw new InvalidArgumentError(`reduceByWindow expects a reduce function first, got ${reduce === null ? 'null' : typeof reduce}`);
  if (typeof rest[0] !== 'function') {
    // Spark's: reduce each batch, window the reductions, reduce the window.
    const [window, slide] = durations(this as DStream<unknown>, rest[0], rest[1]);
    const ref = this.ssc.kindlingContext.functionRef(reduce, 'reduceByWindow') as unknown as (a: T, b: T) => T;
    return new WindowedDStream<T>(this.reduce(ref), window, slide, 'reduceByWindow').reduce(ref);
  }
  const [window, slide] = durations(this as DStream<unknown>, rest[1], rest[2]);
  // Spark's: a single key, reduced by key and window with the inverse, into one partition.
  const keyed = this.map((x: T): [number, T] => [0, x]);
  const reduced = reduceByKeyAndWindowOf(keyed, {
    reduce,
    inverseReduce: rest[0] as (a: T, b: T) => T,
    windowDuration: window,
    slideDuration: slide,
    numPartitions: 1,
    filter: undefined,
  });
  return reduced.map((kv: [number, T]) => kv[1]);
};

DStream.prototype.countByWindow = function <T>(this: DStream<T>, windowDuration: Duration | number, slideDuration?: Duration | number): DStream<number> {
  return this.map(() => 1).reduceByWindow(
    (a: number, b: number) => a + b,
    (a: number, b: number) => a - b,
    windowDuration,
    slideDuration,
  );
};

DStream.prototype.countByValueAndWindow = function <T>(
  this: DStream<T>,
  windowDuration: Duration | number,
  slideDuration?: Duration | number,
  numPartitions?: number,
): DStream<[T, number]> {
  checkPartitions('countByValueAndWindow', numPartitions);
  const [window, slide] = durations(this as DStream<unknown>, windowDuration, slideDuration);
  return reduceByKeyAndWindowOf(this.map((x: T): [T, number] => [x, 1]), {
    reduce: (a: number, b: number) => a + b,
    inverseReduce: (a: number, b: number) => a - b,
    windowDuration: window,
    slideDuration: slide,
    numPartitions: numPartitions ?? this.ssc.kindlingContext.defaultParallelism,
    // A value whose count fell back to zero has left the window.
    filter: (kv: [T, number]) => kv[1] !== 0,
  });
};
