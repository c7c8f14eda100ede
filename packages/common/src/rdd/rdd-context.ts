/**
 * What an RDD needs from the application that created it. On the driver this is the
 * KindlingContext (packages/driver); on executors, RDDs are rebuilt from a task's
 * payload with a context whose job-running methods throw (actions run on the driver
 * only, as in Spark).
 */
import type { KindlingConf } from '../conf/index.js';
import type { FunctionRef } from '../functions/index.js';
import type { Logger } from '../log/index.js';

export interface RddContext {
  readonly conf: KindlingConf;
  readonly logger: Logger;
  /** Spark's default: total executor cores, at least 2 (local-inprocess: the CPU count). */
  readonly defaultParallelism: number;
  /** `<dir>/<uuid>` set by setCheckpointDir, where `rdd.checkpoint()` writes; undefined when not set. */
  readonly checkpointDir?: string | undefined;
  newRddId(): number;
  newShuffleId(): number;
  /**
   * Turns a user function into a FunctionRef, validating it now, on the driver
   * (ClosureError names the free variable and the three fixes). `what` names the
   * call site for the message, e.g. "map".
   */
  functionRef(fn: unknown, what: string): FunctionRef;
  /**
   * Runs `resultFunc` (a ref to `(iterator: Iterator<T>, taskContext) => U | Promise<U>`)
   * on each of `partitions` of `rdd` (all when omitted) and returns the results in
   * partition order. `rdd` is an RDD; typed loosely here to avoid an import cycle.
   * Implementations first await `prepareForJob(rdd)` (driver-prepare.ts), so that
   * every job — an action's or one a transformation starts — has its range bounds
   * and zipWithIndex offsets.
   */
  runJob<U>(rdd: unknown, resultFunc: FunctionRef, partitions?: readonly number[]): Promise<U[]>;
  /**
   * Removes every persisted block of `rddId` from wherever it is cached (unpersist).
   * Optional: a context without it leaves blocks to be dropped with their executors.
   */
  removeRdd?(rddId: number): Promise<void>;
}
