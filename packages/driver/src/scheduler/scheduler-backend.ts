/**
 * The task-execution backend behind the TaskScheduler: something that has executors
 * and runs TaskDescriptions on them. `local-inprocess` runs them in the driver;
 * `local[N]` and `kindling://` run them in executor processes over gRPC. The
 * schedulers above see only this interface.
 */
import type { TaskDescription, TaskOutcome } from '@kindling/common';

export interface ExecutorInfo {
  readonly executorId: string;
  readonly host: string;
  /** How many tasks it runs at once. */
  readonly cores: number;
}

/** Callbacks from the backend into the TaskScheduler; called from the event loop's thread (no reentrancy). */
export interface SchedulerBackendListener {
  executorAdded(executor: ExecutorInfo): void;
  executorLost(executorId: string, reason: string): void;
  statusUpdate(taskId: number, executorId: string, outcome: TaskOutcome): void;
  /**
   * The backend can run no more tasks, ever (Spark's SchedulerBackend.dead: local
   * executors kept failing to start). Every task set fails with `reason`, and so
   * does every one submitted later.
   */
  backendDead(reason: string): void;
}

export interface SchedulerBackend {
  start(listener: SchedulerBackendListener): Promise<void>;
  /** Stops executors and releases ports; idempotent. */
  stop(): Promise<void>;
  /** Total cores across executors known at start, used as defaultParallelism (Spark: max(total cores, 2)). */
  defaultParallelism(): number;
  /** Runs one task on that executor; the outcome arrives through `statusUpdate`. */
  launchTask(executorId: string, task: TaskDescription): void;
  killTask(executorId: string, taskId: number, reason: string): void;
  /** Drops cached blocks / shuffle files of an RDD or shuffle on every executor. */
  removeRdd(rddId: number): Promise<void>;
  removeShuffle(shuffleId: number): Promise<void>;
  /** Drops executors' copies of a broadcast (unpersist, destroy); absent where tasks read the driver's originals. */
  removeBroadcast?(broadcastId: number): Promise<void>;
}
