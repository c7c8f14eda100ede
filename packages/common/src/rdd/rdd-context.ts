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
  /**
   * The driver's context cleaner (Spark's ContextCleaner): shuffles and persisted RDDs
   * registered here are removed from the executors once their objects are
   * garbage-collected. Absent on executors and in contexts that never clean.
   */
  readonly cleaner?: ReferenceCleaner | undefined;
}

/** What RDDs and dependencies register with the context cleaner when they are created. */
export interface ReferenceCleaner {
  /** `dependency` is the ShuffleDependency: once it is unreachable, no stage can ask for the shuffle again. */
  registerShuffleForCleanup(dependency: object, shuffleId: number): void;
  /** `rdd` was persisted: once it is unreachable, no job can read its blocks again. */
  registerRddForCleanup(rdd: object, rddId: number): void;
}
