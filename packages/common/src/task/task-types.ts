/**
 * What crosses the boundary between the driver's schedulers and whatever runs tasks
 * (the in-process backend, or executor processes over gRPC). The transport treats
 * `payload` and `result` as opaque bytes; only `runTask` (common) and the DAG
 * scheduler (driver) know what is inside.
 */
import type { AccumulatorUpdate } from '../accumulators/index.js';

/** One attempt of one task, as the scheduler launches it. */
export interface TaskDescription {
  /** Unique per attempt within the application (Spark's taskAttemptId). */
  readonly taskId: number;
  readonly jobId: number;
  readonly stageId: number;
  readonly stageAttemptId: number;
  /** Index of the partition this task computes within its stage's RDD. */
  readonly partitionId: number;
  /** 0 for the first attempt of this partition in this stage attempt, then 1, 2… */
  readonly attemptNumber: number;
  readonly appId: string;
  /** sha256 of the job bundle the task's functions refer to; '' when it uses only builtins. */
  readonly bundleSha256: string;
  /** The serialized task: lineage up to shuffle boundaries plus what to do with the partition. */
  readonly payload: Uint8Array;
}

/** Where a map task's shuffle output lives, and how big each reduce block is. */
export interface MapStatus {
  readonly shuffleId: number;
  readonly mapId: number;
  readonly executorId: string;
  /** Address (`host:port`) another executor fetches blocks from; '' for in-process. */
  readonly address: string;
  /** Bytes of each reduce partition's block; 0 means empty, nothing to fetch. */
  readonly blockSizes: readonly number[];
}

export interface TaskMetrics {
  readonly executorRunTimeMs: number;
  readonly recordsRead: number;
  readonly recordsWritten: number;
  readonly shuffleBytesWritten: number;
  readonly shuffleBytesRead: number;
  /** Bytes spilled to disk by the task's shuffles, aggregations and sorts (0 when absent). */
  readonly diskBytesSpilled?: number;
}

/** A failure reported by a task, shipped as data (errors do not survive structured clone intact). */
export interface TaskFailure {
  readonly errorName: string;
  readonly code: string;
  readonly message: string;
  readonly stack: string;
  /** Set when the failure is a fetch failure: the DAG scheduler resubmits that map stage. */
  readonly fetchFailed?: {
    readonly shuffleId: number;
    readonly mapId: number;
    readonly reduceId: number;
    readonly executorId: string;
  };
}

export type TaskOutcome =
  | {
      readonly status: 'success';
      readonly result: Uint8Array;
      readonly mapStatus?: MapStatus;
      readonly metrics: TaskMetrics;
      /** Persisted RDD blocks (`rdd_<rddId>_<partition>`) this attempt stored, for the driver's cache locations. */
      readonly updatedBlocks?: readonly string[];
      /** The attempt's accumulator updates (its copies' states), merged by the DAG scheduler; absent when none. */
      readonly accumUpdates?: readonly AccumulatorUpdate[];
    }
  | { readonly status: 'failed'; readonly failure: TaskFailure; readonly metrics?: TaskMetrics }
  | { readonly status: 'killed'; readonly reason: string };
