/**
 * A replayable input whose batch is a pure function of its index, so it needs no
 * memory per batch (unlike TestInputDStream's list of batches): batch i holds
 * `recordsPerBatch` pairs `[key, 1]`, the keys cycling through `numKeys` from where
 * batch i−1 stopped. What rateStream will give, for the soak job and the
 * "runs for days" tests: after n batches key k has been seen a known number of times.
 */
import type { RDD } from '@kindling/common';
import { InputDStream } from '../input-dstream.js';
import type { StreamingContext } from '../streaming-context.js';

export class GeneratedInputDStream extends InputDStream<[string, number]> {
  readonly kind = 'GeneratedInputDStream';

  constructor(
    ssc: StreamingContext,
    readonly recordsPerBatch: number,
    readonly numKeys: number,
    readonly numPartitions = 2,
  ) {
    super(ssc, 'generatedInputStream');
  }

  /** The records of the batch with this index (0 for the first batch). */
  batch(index: number): Array<[string, number]> {
    const first = index * this.recordsPerBatch;
    return Array.from({ length: this.recordsPerBatch }, (_, i): [string, number] => [`k${(first + i) % this.numKeys}`, 1]);
  }

  /** How often `key` occurred in the first `batches` batches: what a running count must say. */
  expectedCount(key: string, batches: number): number {
    const k = Number(key.slice(1));
    const total = batches * this.recordsPerBatch;
    return Math.floor(total / this.numKeys) + (k < total % this.numKeys ? 1 : 0);
  }

  compute(time: number): Promise<RDD<[string, number]> | undefined> {
    const index = (time - this.zeroTime!) / this.slideDuration.milliseconds - 1;
    const data = this.batch(index);
    this.reportInput(time, data.length);
    return Promise.resolve(this.ssc.kindlingContext.parallelize(data, this.numPartitions));
  }

  protected params(): Readonly<Record<string, unknown>> {
    return { recordsPerBatch: this.recordsPerBatch, numKeys: this.numKeys, numPartitions: this.numPartitions };
  }
}
