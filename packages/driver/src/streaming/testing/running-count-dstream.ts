/**
 * A stand-in for Spark's StateDStream (updateStateByKey with a running sum), for the
 * "runs for days" tests and the soak job while the real stateful operators are
 * written elsewhere. It has the shape that makes state streams hard to keep flat:
 * batch t's state is computed from batch t−1's state RDD (a cogroup of the previous
 * state with the batch, partitioned alike so the state side is not shuffled), so its
 * lineage grows by a shuffle per batch until a checkpoint cuts it. Hence, as Spark
 * does for state streams, it must checkpoint (default every ≥ 10 s) and is
 * persisted (the next batch reads it).
 */
import { StorageLevel, type RDD } from '@kindling/common';
import { DStream } from '../dstream.js';
import type { Duration } from '../duration.js';

export class RunningCountDStream<K> extends DStream<[K, number]> {
  readonly kind = 'RunningCountDStream';
  override readonly mustCheckpoint = true;

  constructor(
    readonly parent: DStream<[K, number]>,
    readonly numPartitions = 2,
  ) {
    super(parent.ssc, 'runningCount');
    this.persist(StorageLevel.MEMORY_ONLY);
  }

  get slideDuration(): Duration {
    return this.parent.slideDuration;
  }

  get dependencies(): readonly DStream<unknown>[] {
    return [this.parent as DStream<unknown>];
  }

  async compute(time: number): Promise<RDD<[K, number]> | undefined> {
    const previousTime = time - this.slideDuration.milliseconds;
    const previous = previousTime > this.zeroTime! ? await this.getOrCompute(previousTime) : undefined;
    const batch = (await this.parent.getOrCompute(time)) ?? this.ssc.kindlingContext.emptyRDD<[K, number]>();
    if (previous === undefined) return batch.reduceByKey((a: number, b: number) => a + b, this.numPartitions);
    return previous
      .cogroup(batch, this.numPartitions)
      .mapValues(([state, values]: [number[], number[]]) => {
        let sum = state[0] ?? 0;
        for (const v of values) sum += v;
        return sum;
      });
  }

  protected params(): Readonly<Record<string, unknown>> {
    return { numPartitions: this.numPartitions };
  }
}
