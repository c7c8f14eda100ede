/**
 * A sliding window over a stream (Spark's WindowedDStream): every `slideDuration`,
 * the union of the parent's RDDs of the last `windowDuration`. The union is
 * partitioner-aware (RDD.union): when the parent's RDDs share a partitioner — a
 * reduceByKey before the window — so does the window, and a key-based operation
 * after it needs no shuffle (how reduceByKeyAndWindow without an inverse works).
 *
 * The parent must keep its RDDs for a window longer than it would otherwise
 * (`parentRememberDuration`), and is persisted: each of its RDDs is read by
 * window / slide windows.
 */
import { InvalidArgumentError, StorageLevel, type RDD } from '@kindling/common';
import { DStream } from './dstream.js';
import { registerDStreamKind } from './dstream-registry.js';
import { Duration } from './duration.js';

/**
 * Spark's checks of a window against its parent (WindowedDStream and
 * ReducedWindowedDStream), with Spark's messages; the durations must also be positive.
 */
export function validateWindow(parent: DStream<unknown>, windowDuration: Duration, slideDuration: Duration): void {
  if (windowDuration.isZero()) {
    throw new InvalidArgumentError(`The window duration of windowed DStream must be positive, e.g. Seconds(30); got ${windowDuration}`);
  }
  if (slideDuration.isZero()) {
    throw new InvalidArgumentError(`The slide duration of windowed DStream must be positive, e.g. Seconds(10); got ${slideDuration}`);
  }
  if (!windowDuration.isMultipleOf(parent.slideDuration)) {
    throw new InvalidArgumentError(
      `The window duration of windowed DStream (${windowDuration}) must be a multiple of the slide duration of parent DStream (${parent.slideDuration})`,
    );
  }
  if (!slideDuration.isMultipleOf(parent.slideDuration)) {
    throw new InvalidArgumentError(
      `The slide duration of windowed DStream (${slideDuration}) must be a multiple of the slide duration of parent DStream (${parent.slideDuration})`,
    );
  }
}

export class WindowedDStream<T> extends DStream<T> {
  readonly kind = 'WindowedDStream';

  constructor(
    readonly parent: DStream<T>,
    readonly windowDuration: Duration,
    private readonly windowSlide: Duration,
    scope = 'window',
  ) {
    super(parent.ssc, scope);
    validateWindow(parent as DStream<unknown>, windowDuration, windowSlide);
    // Each parent RDD is read by several windows: keep it rather than recompute it.
    // A level the user chose stays (Spark would throw on a different one).
    if (!parent.storageLevel.isValid) parent.persist(StorageLevel.MEMORY_ONLY);
  }

  get slideDuration(): Duration {
    return this.windowSlide;
  }

  get dependencies(): readonly DStream<unknown>[] {
    return [this.parent as DStream<unknown>];
  }

  protected override get parentRememberDuration(): Duration {
    return (this.rememberDuration ?? this.slideDuration).plus(this.windowDuration);
  }

  /**
   * Windows share their parent's RDDs; persisting the unions would store each record
   * once per window, so, as Spark does, the level goes to the parent instead.
   */
  override persist(level: StorageLevel = StorageLevel.MEMORY_ONLY): this {
    this.parent.persist(level);
    return this;
  }

  async compute(time: number): Promise<RDD<T> | undefined> {
    // The parent's batches in (time − window, time].
    const rdds = await this.parent.slice(time - this.windowDuration.milliseconds, time);
    if (rdds.length === 0) return this.ssc.kindlingContext.emptyRDD<T>();
    return rdds[0]!.union(...rdds.slice(1));
  }

  protected params(): Readonly<Record<string, unknown>> {
    return { windowDuration: this.windowDuration.milliseconds, slideDuration: this.windowSlide.milliseconds };
  }
}

registerDStreamKind('WindowedDStream', ({ parents, params, scope }) =>
  new WindowedDStream(parents[0]!, Duration.of(params['windowDuration']), Duration.of(params['slideDuration']), scope),
);
