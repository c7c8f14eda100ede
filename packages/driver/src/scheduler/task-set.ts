/**
 * What the DAG scheduler hands the TaskScheduler, and what comes back: a TaskSet
 * is the tasks of one stage attempt (one shared payload, one TaskSpec per
 * partition); a TaskEndReason says how one task attempt ended (Spark's
 * TaskEndReason family, same names).
 */
import type { AccumulatorUpdate, MapStatus, TaskFailure, TaskMetrics } from '@kindling/common';

/** Where a task would rather run: the executor holding its cached block, or a host holding its data. */
export type TaskLocation = { readonly kind: 'executor'; readonly executorId: string } | { readonly kind: 'host'; readonly host: string };

export interface TaskSpec {
  readonly partitionId: number;
  readonly preferredLocations: readonly TaskLocation[];
}

export interface TaskSet {
  readonly stageId: number;
  readonly stageAttemptId: number;
  /** The job the stage was submitted for; task sets are scheduled FIFO by it. */
  readonly jobId: number;
  readonly stageKind: 'ShuffleMapStage' | 'ResultStage';
  readonly appId: string;
  readonly bundleSha256: string;
  /** The serialized stage (lineage + what to do with a partition), shared by its tasks. */
  readonly payload: Uint8Array;
  readonly tasks: readonly TaskSpec[];
  /** The map output epoch when the task set was created; outputs from executors lost since are ignored. */
  readonly epoch: number;
  /** Its scheduling pool (scheduling-pool.ts); undefined: the default pool. */
  readonly pool?: string;
}

/** One task attempt as the schedulers and listeners see it. */
export interface TaskInfo {
  readonly taskId: number;
  /** Position of the task in its TaskSet. */
  readonly index: number;
  readonly jobId: number;
  readonly stageId: number;
  readonly stageAttemptId: number;
  readonly partitionId: number;
  readonly attemptNumber: number;
  readonly executorId: string;
  readonly host: string;
  readonly launchTime: number;
}

export type TaskEndReason =
  | {
      readonly kind: 'Success';
      readonly result: Uint8Array;
      readonly mapStatus: MapStatus | undefined;
      readonly updatedBlocks: readonly string[];
      /** The attempt's accumulator updates; the DAG scheduler decides whether they count. */
      readonly accumUpdates: readonly AccumulatorUpdate[];
    }
  /** A map output could not be fetched: the DAG scheduler recomputes it, this attempt is not retried. */
  | {
      readonly kind: 'FetchFailed';
      readonly shuffleId: number;
      /** -1 when the map output metadata itself was missing. */
      readonly mapId: number;
      readonly reduceId: number;
      /** Executor that held the map output ('' when unknown). */
      readonly executorId: string;
      readonly message: string;
    }
  /** The task threw; retried until `kindling.task.maxFailures`. */
  | { readonly kind: 'ExceptionFailure'; readonly failure: TaskFailure }
  /** The executor running the task went away; retried, not counted as a task failure. */
  | { readonly kind: 'ExecutorLostFailure'; readonly executorId: string; readonly reason: string }
  | { readonly kind: 'TaskKilled'; readonly reason: string }
  /** A finished map task's output was lost with its executor and will run again. */
  | { readonly kind: 'Resubmitted' };

/** How the TaskScheduler reports to the DAG scheduler (implemented by posting DAG events). */
export interface TaskSchedulerCallbacks {
  taskStarted(info: TaskInfo): void;
  taskEnded(info: TaskInfo, reason: TaskEndReason, metrics: TaskMetrics | undefined, epoch: number): void;
  /** A task set was aborted (a task failed too often); its stage's jobs fail with `message`. */
  taskSetFailed(stageId: number, stageAttemptId: number, message: string, cause: Error | undefined): void;
  /** `cores`: how many tasks it runs at once (for listeners; 0 when unknown). */
  executorAdded(executorId: string, host: string, cores: number): void;
  executorLost(executorId: string, reason: string): void;
}
