/**
 * The records of one batch of a rate stream (Spark's rate source), generated where
 * the task runs rather than shipped from the driver: partition p holds the values
 * [start_p, end_p) of the batch's range, and each record is `{ value, timestamp }`
 * with the timestamp spread evenly over the batch interval, as the rate source emits
 * rows evenly over time. A pure function of the plan, so a batch recomputed (after a
 * lost executor, or replayed after a driver restart) yields the same records.
 */
import { InvalidArgumentError } from '../errors/index.js';
import type { Partition } from '../rdd/partition.js';
import type { RddContext } from '../rdd/rdd-context.js';
import { RDD } from '../rdd/rdd.js';
import { registerRddKind } from '../rdd/rdd-registry.js';
import type { TaskContext } from '../rdd/task-context.js';

export interface RateRecord {
  readonly value: number;
  /** Milliseconds since the epoch (or the manual clock's origin). */
  readonly timestamp: number;
}

/** The offsets one batch of a rate stream covers, and when its interval starts. */
export interface RateRange {
  /** First value of the batch. */
  readonly start: number;
  /** One past the last value. */
  readonly end: number;
  /** Time of the first record: the batch time minus the batch duration. */
  readonly intervalStart: number;
  readonly intervalMs: number;
}

interface RatePartition extends Partition {
  readonly start: number;
  readonly end: number;
}

export class RateRDD extends RDD<RateRecord> {
  readonly kind = 'RateRDD';

  constructor(
    context: RddContext,
    readonly range: RateRange,
    readonly numSlices: number,
    id?: number,
  ) {
    super(context, 'rateStream', id);
    if (!Number.isInteger(numSlices) || numSlices < 1) throw new InvalidArgumentError(`rateStream: numPartitions must be a positive integer, got ${numSlices}`);
    if (!(range.end >= range.start)) throw new InvalidArgumentError(`rateStream: a batch range must not end (${range.end}) before it starts (${range.start})`);
  }

  /** Partition i holds [start + floor(i·n/k), start + floor((i+1)·n/k)), as parallelize slices a range. */
  protected getPartitions(): readonly Partition[] {
    const { start, end } = this.range;
    const n = end - start;
    const out: RatePartition[] = [];
    for (let i = 0; i < this.numSlices; i++) {
      out.push({ index: i, start: start + Math.floor((i * n) / this.numSlices), end: start + Math.floor(((i + 1) * n) / this.numSlices) });
    }
    return out;
  }

  compute(split: Partition, context: TaskContext): Iterator<RateRecord> {
    const { start, end } = split as RatePartition;
    const { start: batchStart, end: batchEnd, intervalStart, intervalMs } = this.range;
    const count = batchEnd - batchStart;
    context.metrics.recordsRead += end - start;
    let value = start;
    return {
      next: (): IteratorResult<RateRecord> => {
        if (value >= end) return { done: true, value: undefined };
        const timestamp = intervalStart + Math.floor(((value - batchStart) * intervalMs) / count);
        return { done: false, value: { value: value++, timestamp } };
      },
    };
  }

  protected planData(): unknown {
    return { range: this.range, numSlices: this.numSlices };
  }
}

registerRddKind('RateRDD', (plan, _parents, context) => {
  const data = plan.data as { range: RateRange; numSlices: number };
  return new RateRDD(context, data.range, data.numSlices, plan.id);
});
