/**
 * A stream whose RDD each batch is a transformation of its parents' RDDs of that
 * batch: map, filter, reduceByKey, join, union, transform… (Spark has one DStream
 * class per operator: MappedDStream, ShuffledDStream, UnionDStream,
 * TransformedDStream…; they differ only in the RDD operation they apply, so here they
 * are one class and a table of named operations).
 *
 * `op` names an entry of the table and `args` are plain data — FunctionRefs, numbers —
 * so the stream describes itself for the checkpoint. `transform` and `transformWith`
 * also carry a driver function, called with the RDDs and the batch time.
 */
import { IllegalStateError, InvalidArgumentError, RDD } from '@kindling/common';
import type { DriverFunction } from './driver-function.js';
import { registerDStreamKind } from './dstream-registry.js';
import { DStream } from './dstream.js';
import type { Duration } from './duration.js';
import type { StreamingContext } from './streaming-context.js';

export type RddOperation = (rdds: readonly RDD<any>[], args: readonly any[], ssc: StreamingContext) => RDD<unknown>;

const operations = new Map<string, RddOperation>();

/** Registers a named per-batch RDD operation; each ops module registers its own on import. */
export function registerRddOperation(name: string, operation: RddOperation): void {
  if (operations.has(name)) throw new Error(`DStream operation ${name} is registered twice`);
  operations.set(name, operation);
}

export type DriverTransform = (...rddsAndTime: any[]) => RDD<unknown>;

export class TransformedDStream<T> extends DStream<T> {
  readonly kind = 'TransformedDStream';

  constructor(
    readonly parents: readonly DStream<unknown>[],
    readonly op: string,
    readonly args: readonly unknown[],
    scope: string,
    readonly driverFunc?: DriverFunction<DriverTransform>,
  ) {
    super(parents[0]!.ssc, scope);
    if (!operations.has(op) && driverFunc === undefined) throw new IllegalStateError(`unknown DStream operation ${op}`);
    for (const parent of parents) {
      if (parent.ssc !== this.ssc) throw new InvalidArgumentError(`${scope}: the DStreams belong to different StreamingContexts`);
      if (!parent.slideDuration.equals(parents[0]!.slideDuration)) {
        throw new InvalidArgumentError(`${scope}: the DStreams have different slide durations (${parents.map((p) => p.slideDuration.toString()).join(', ')}); window them to a common slide first`);
      }
    }
  }

  get slideDuration(): Duration {
    return this.parents[0]!.slideDuration;
  }

  get dependencies(): readonly DStream<unknown>[] {
    return this.parents;
  }

  async compute(time: number): Promise<RDD<T> | undefined> {
    const rdds: RDD<unknown>[] = [];
    for (const parent of this.parents) {
      const rdd = await parent.getOrCompute(time);
      // As Spark's TransformedDStream and UnionDStream: a parent without an RDD for
      // this batch means this stream has none either.
      if (rdd === undefined) return undefined;
      rdds.push(rdd);
    }
    if (this.driverFunc !== undefined) {
      const result: unknown = await this.driverFunc.fn(...rdds, time);
      if (!(result instanceof RDD)) {
        throw new InvalidArgumentError(`The function given to ${this.scope} must return an RDD, got ${result === null ? 'null' : typeof result}`);
      }
      return result as RDD<T>;
    }
    return operations.get(this.op)!(rdds, this.args, this.ssc) as RDD<T>;
  }

  protected override driverFunctions(): readonly DriverFunction<DriverTransform>[] {
    return this.driverFunc === undefined ? [] : [this.driverFunc];
  }

  protected params(): Readonly<Record<string, unknown>> {
    return { op: this.op, args: this.args, ...(this.driverFunc === undefined ? {} : { driverFunc: this.driverFunc.ref }) };
  }
}

registerDStreamKind('TransformedDStream', ({ parents, params, scope, driverFunction }) => {
  const driverFunc = params['driverFunc'] === undefined ? undefined : driverFunction<DriverTransform>(params['driverFunc'], scope);
  return new TransformedDStream(parents, params['op'], params['args'], scope, driverFunc);
});
