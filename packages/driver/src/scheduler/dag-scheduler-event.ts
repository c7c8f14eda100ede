/**
 * The events of the DAG scheduler's loop (Spark's DAGSchedulerEvent.scala). Public
 * methods of DAGScheduler only post one of these; `onReceive` handles them one at
 * a time.
 */
import type { FunctionRef, RDD, TaskMetrics } from '@kindling/common';
import type { JobListener } from './active-job.js';
import type { TaskEndReason, TaskInfo } from './task-set.js';

export type DAGSchedulerEvent =
  | {
      readonly type: 'JobSubmitted';
      readonly jobId: number;
      readonly rdd: RDD<unknown>;
      readonly func: FunctionRef;
      readonly partitions: readonly number[];
      readonly listener: JobListener;
      /** Local properties at submission (scheduling-pool.ts). */
      readonly properties: ReadonlyMap<string, string>;
    }
  | { readonly type: 'JobCancelled'; readonly jobId: number; readonly reason: string }
  | { readonly type: 'AllJobsCancelled'; readonly reason: string }
  /** A task attempt was launched (Spark's BeginEvent). */
  | { readonly type: 'BeginEvent'; readonly taskInfo: TaskInfo }
  /** A task attempt ended, however it ended. */
  | {
      readonly type: 'CompletionEvent';
      readonly taskInfo: TaskInfo;
      readonly reason: TaskEndReason;
      readonly metrics: TaskMetrics | undefined;
      /** Map output epoch of the task's task set. */
      readonly epoch: number;
    }
  | { readonly type: 'ExecutorAdded'; readonly executorId: string; readonly host: string; readonly cores: number }
  | { readonly type: 'ExecutorLost'; readonly executorId: string; readonly reason: string }
  | {
      readonly type: 'TaskSetFailed';
      readonly stageId: number;
      readonly stageAttemptId: number;
      readonly message: string;
      readonly cause: Error | undefined;
    }
  /** A failed job's wait for its running tasks to end is over (failed-job-reaper.ts). */
  | { readonly type: 'FailedJobTaskWaitTimeout'; readonly jobId: number }
  /** Resubmits the stages that failed with fetch failures (posted after a short delay). */
  | { readonly type: 'ResubmitFailedStages' };
