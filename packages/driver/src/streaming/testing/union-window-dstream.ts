/**
 * A stand-in for Spark's WindowedDStream, for the "runs for days" tests and the soak
 * job while the real windowed operators are written elsewhere: each batch, the union
 * of the parent's RDDs of the last `windowDuration`, sliding every batch. It has
 * what matters to cleanup — the parent is persisted (each of its RDDs is read by
 * several windows) and asked to remember its RDDs for the window on top of its own
 * remember duration — and nothing else (no slide of its own, no inverse reduce).
 */
import { InvalidArgumentError, type RDD } from '@kindling/common';
import { DStream } from '../dstream.js';
import { Duration } from '../duration.js';

export class UnionWindowDStream<T> extends DStream<T> {
  readonly kind = 'UnionWindowDStream';
  readonly windowDuration: Duration;

  constructor(
    readonly parent: DStream<T>,
    windowDuration: Duration | number,
  ) {
    super(parent.ssc, 'window');
    this.windowDuration = Duration.from(windowDuration, 'window duration');
    if (!this.windowDuration.isMultipleOf(parent.slideDuration)) {
      throw new InvalidArgumentError(`The window duration of windowed DStream (${this.windowDuration}) must be a multiple of the slide duration of parent DStream (${parent.slideDuration})`);
    }
    parent.persist();
  }

  get slideDuration(): Duration {
    return this.parent.slideDuration;
  }

  get dependencies(): readonly DStream<unknown>[] {
    return [this.parent as DStream<unknown>];
  }

  protected override get parentRememberDuration(): Duration {
    return (this.rememberDuration ?? this.slideDuration).plus(this.windowDuration);
  }

  async compute(time: number): Promise<RDD<T> | undefined> {
    const rdds = await this.parent.slice(time - this.windowDuration.milliseconds, time);
    if (rdds.length === 0) return this.ssc.kindlingContext.emptyRDD<T>();
    return rdds.length === 1 ? rdds[0]!.map((x: T) => x) : rdds[0]!.union(...rdds.slice(1));
  }

  protected params(): Readonly<Record<string, unknown>> {
    return { windowDuration: this.windowDuration.milliseconds };
  }
}
