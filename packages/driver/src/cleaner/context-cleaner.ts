/**
 * Removes from the executors what no part of the application can reach any more
 * (Spark's ContextCleaner): the shuffle files and map outputs of a ShuffleDependency,
 * the cached blocks of a persisted RDD. A stream creates both every batch; without
 * this, the executors' work directories and the driver's MapOutputTracker grow for
 * as long as the stream runs.
 *
 * Spark watches the objects with weak references and a reference queue; here a
 * FinalizationRegistry does, and the value it holds for the cleanup is plain data
 * (an id), never the object itself, or the object could never be collected.
 * Cleanups run one at a time, in the order the collector reported them, like
 * Spark's single cleaning thread, so a burst of collected batches does not become a
 * burst of concurrent RPCs to every executor.
 *
 * When the collector runs is up to V8: an object may outlive its last use for a
 * while. As Spark (`spark.cleaner.periodicGC.interval`), a full collection is forced
 * every `kindling.cleaner.periodicGC.interval` (30 min) so that a driver with little
 * allocation pressure still cleans. Checkpoint directories are cleaned by common's
 * checkpoint cleaner (`kindling.cleaner.referenceTracking.cleanCheckpoints`).
 */
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { ErrorCode, KindlingError, type KindlingConf, type Logger, type ReferenceCleaner } from '@kindling/common';

/** Spark's spark.cleaner.referenceTracking (default true). */
export const REFERENCE_TRACKING_KEY = 'kindling.cleaner.referenceTracking';
/** Spark's spark.cleaner.periodicGC.interval (default 30 min); 0 turns it off. */
export const PERIODIC_GC_INTERVAL_KEY = 'kindling.cleaner.periodicGC.interval';

export type CleanupTask = { readonly type: 'CleanShuffle'; readonly shuffleId: number } | { readonly type: 'CleanRdd'; readonly rddId: number };

/** What the cleaner removes things from: the KindlingContext. */
export interface CleanerTarget {
  removeShuffle(shuffleId: number): Promise<void>;
  removeRdd(rddId: number): Promise<void>;
}

export interface ContextCleanerOptions {
  readonly target: CleanerTarget;
  readonly logger: Logger;
  readonly periodicGcMs: number;
}

export class ContextCleaner implements ReferenceCleaner {
  private readonly registry = new FinalizationRegistry<CleanupTask>((task) => this.enqueue(task));
  private queue: Promise<void> = Promise.resolve();
  private queued = 0;
  private stopped = false;
  private readonly gcTimer: NodeJS.Timeout | undefined;
  /** How many of each were cleaned (tests, the soak script). */
  cleanedShuffles = 0;
  cleanedRdds = 0;

  /** A cleaner per `kindling.cleaner.referenceTracking` (default on), or undefined when it is off. */
  static fromConf(conf: KindlingConf, target: CleanerTarget, logger: Logger): ContextCleaner | undefined {
    if (!conf.getBoolean(REFERENCE_TRACKING_KEY, true)) return undefined;
    // getDurationMs refuses what is not a duration, with the key in its message.
    const periodicGcMs = conf.getDurationMs(PERIODIC_GC_INTERVAL_KEY, 30 * 60_000);
    return new ContextCleaner({ target, logger: logger.child({ component: 'cleaner' }), periodicGcMs });
  }

  constructor(private readonly options: ContextCleanerOptions) {
    if (options.periodicGcMs > 0) {
      this.gcTimer = setInterval(() => this.forceGc(), options.periodicGcMs).unref();
    }
  }

  registerShuffleForCleanup(dependency: object, shuffleId: number): void {
    this.registry.register(dependency, { type: 'CleanShuffle', shuffleId });
  }

  registerRddForCleanup(rdd: object, rddId: number): void {
    this.registry.register(rdd, { type: 'CleanRdd', rddId });
  }

  /** Cleanups reported by the collector and not yet done. */
  get pendingCleanups(): number {
    return this.queued;
  }

  /** Resolves when every cleanup reported so far is done (tests, the soak script). */
  async cleanupsSettled(): Promise<void> {
    let seen: Promise<void> | undefined;
    while (seen !== this.queue) {
      seen = this.queue;
      await seen;
    }
  }

  /** No cleanup after this: the executors are going away with their files. */
  stop(): void {
    this.stopped = true;
    if (this.gcTimer !== undefined) clearInterval(this.gcTimer);
  }

  private enqueue(task: CleanupTask): void {
    if (this.stopped) return;
    this.queued++;
    this.queue = this.queue.then(() => this.clean(task)).finally(() => this.queued--);
  }

  private async clean(task: CleanupTask): Promise<void> {
    if (this.stopped) return;
    const { target, logger } = this.options;
    try {
      switch (task.type) {
        case 'CleanShuffle':
          await target.removeShuffle(task.shuffleId);
          this.cleanedShuffles++;
          logger.debug({ shuffleId: task.shuffleId }, `Cleaned shuffle ${task.shuffleId}`);
          return;
        case 'CleanRdd':
          await target.removeRdd(task.rddId);
          this.cleanedRdds++;
          logger.debug({ rddId: task.rddId }, `Cleaned RDD ${task.rddId}`);
          return;
        default: {
          const unknown: never = task;
          throw new KindlingError(ErrorCode.Internal, `unknown cleanup task ${JSON.stringify(unknown)}`);
        }
      }
    } catch (error) {
      // As Spark: a failed cleanup is logged and dropped; the files go with the executor.
      if (!this.stopped) logger.warn({ err: error, task }, `Error cleaning ${task.type === 'CleanShuffle' ? `shuffle ${task.shuffleId}` : `RDD ${task.rddId}`}`);
    }
  }

  private forceGc(): void {
    try {
      gcFunction()();
    } catch (error) {
      this.options.logger.debug({ err: error }, 'periodic GC is not available');
    }
  }
}

let gc: (() => void) | undefined;

/** V8's gc(): the global one under --expose-gc, else one exposed at run time for a fresh context. */
function gcFunction(): () => void {
  if (gc !== undefined) return gc;
  const global = (globalThis as { gc?: () => void }).gc;
  if (typeof global === 'function') return (gc = global);
  setFlagsFromString('--expose-gc');
  gc = runInNewContext('gc') as () => void;
  return gc;
}
