/**
 * An output operation (Spark's ForEachDStream): each batch, the parent's RDD is handed
 * to a function that runs on the driver — `foreachRDD`, and the outputs built on it
 * (`print`, `saveAsTextFiles`). Each output stream becomes one job per batch.
 */
import type { RDD } from '@kindling/common';
import type { DriverFunction } from './driver-function.js';
import { DStream } from './dstream.js';
import { registerDStreamKind } from './dstream-registry.js';
import type { Duration } from './duration.js';
import type { StreamingContext } from './streaming-context.js';

export type ForeachRDDFunction<T> = (rdd: RDD<T>, time: number) => void | Promise<void>;

/** One output operation of one batch, run by the JobScheduler. */
export interface StreamingJob {
  readonly time: number;
  readonly outputOpId: number;
  /** "foreachRDD", "print", "saveAsTextFiles"… as the listener events and UI name it. */
  readonly name: string;
  run(): Promise<void>;
}

export abstract class OutputDStream<T> extends DStream<never> {
  constructor(
    ssc: StreamingContext,
    scope: string,
    readonly parent: DStream<T>,
  ) {
    super(ssc, scope);
  }

  get slideDuration(): Duration {
    return this.parent.slideDuration;
  }

  get dependencies(): readonly DStream<unknown>[] {
    return [this.parent];
  }

  compute(): Promise<undefined> {
    return Promise.resolve(undefined);
  }

  /** This batch's job, or none when the parent has no RDD at `time` (a window between slides). */
  abstract generateJob(time: number, outputOpId: number): Promise<StreamingJob | undefined>;
}

export class ForEachDStream<T> extends OutputDStream<T> {
  readonly kind = 'ForEachDStream';

  constructor(
    ssc: StreamingContext,
    parent: DStream<T>,
    readonly foreachFunc: DriverFunction<ForeachRDDFunction<T>>,
    scope: string,
  ) {
    super(ssc, scope, parent);
  }

  async generateJob(time: number, outputOpId: number): Promise<StreamingJob | undefined> {
    const rdd = await this.parent.getOrCompute(time);
    if (rdd === undefined) return undefined;
    const fn = this.foreachFunc.fn;
    return { time, outputOpId, name: this.scope, run: async () => fn(rdd, time) };
  }

  protected override driverFunctions(): readonly DriverFunction<ForeachRDDFunction<T>>[] {
    return [this.foreachFunc];
  }

  protected params(): Readonly<Record<string, unknown>> {
    return { foreachFunc: this.foreachFunc.ref, scope: this.scope };
  }
}

registerDStreamKind('ForEachDStream', ({ ssc, parents, params, scope, driverFunction }) => {
  // Registered as an output by the recovery, in the checkpoint's output order.
  return new ForEachDStream(ssc, parents[0]!, driverFunction<ForeachRDDFunction<unknown>>(params['foreachFunc'], scope), scope);
});
