/**
 * A replayable input for tests (Spark's TestInputStream): batch i (the i-th batch
 * after the zero time) yields `batches[i]`, parallelized into `numPartitions`. Its
 * data is plain arrays, part of the stream's description, so unlike queueStream it
 * can be checkpointed and rebuilt — the stateful operators' tests use it.
 */
import type { RDD } from '@kindling/common';
import { registerDStreamKind } from '../dstream-registry.js';
import { InputDStream } from '../input-dstream.js';
import type { StreamingContext } from '../streaming-context.js';

export class TestInputDStream<T> extends InputDStream<T> {
  readonly kind = 'TestInputDStream';

  constructor(
    ssc: StreamingContext,
    readonly batches: readonly (readonly T[])[],
    readonly numPartitions = 2,
  ) {
    super(ssc, 'testInputStream');
  }

  compute(time: number): Promise<RDD<T> | undefined> {
    const index = (time - this.zeroTime!) / this.slideDuration.milliseconds - 1;
    const data = this.batches[index] ?? [];
    this.reportInput(time, data.length);
    return Promise.resolve(this.ssc.kindlingContext.parallelize(data, this.numPartitions));
  }

  protected params(): Readonly<Record<string, unknown>> {
    return { batches: this.batches, numPartitions: this.numPartitions };
  }
}

registerDStreamKind('TestInputDStream', ({ ssc, params }) => new TestInputDStream(ssc, params['batches'], params['numPartitions']));
