/**
 * What the status store learns, as plain data (Spark's SparkListenerEvent as its
 * event log writes it): the live UI's listener turns scheduler and streaming
 * callbacks into these, the status store applies them, and the event log writes
 * them one JSON object per line, so that `kindling history` rebuilds exactly the
 * same store by replaying a log. Every field is JSON: no Maps, no Errors, times in
 * epoch milliseconds.
 */
import type { RddInfo, StageInfo } from '../../scheduler/kindling-listener.js';
import type { TaskInfo } from '../../scheduler/task-set.js';

export interface TaskMetricsData {
  readonly executorRunTimeMs: number;
  readonly recordsRead: number;
  readonly recordsWritten: number;
  readonly shuffleBytesWritten: number;
  readonly shuffleBytesRead: number;
  readonly diskBytesSpilled?: number;
}

export interface OutputOperationData {
  readonly batchTime: number;
  readonly id: number;
  readonly name: string;
  readonly description: string;
  readonly startTime?: number;
  readonly endTime?: number;
  readonly failureReason?: string;
}

/** A batch's checkpoint write, when the streaming context reports it (written by another part of Kindling). */
export interface BatchCheckpointData {
  readonly durationMs: number;
  readonly bytesWritten: number;
  readonly mode: 'full' | 'delta';
}

export interface BatchData {
  readonly batchTime: number;
  readonly submissionTime: number;
  readonly processingStartTime?: number;
  readonly processingEndTime?: number;
  readonly numRecords: number;
  /** Records in per input stream id. */
  readonly streamIdToNumRecords: Readonly<Record<string, number>>;
  readonly outputOperations: readonly OutputOperationData[];
  readonly checkpoint?: BatchCheckpointData;
}

export interface ReceiverData {
  readonly streamId: number;
  readonly name: string;
  readonly active: boolean;
  readonly location?: string;
  readonly executorId?: string;
  readonly lastErrorMessage?: string;
  readonly lastError?: string;
  readonly lastErrorTime?: number;
}

export type UiEvent =
  | {
      readonly type: 'ApplicationStart';
      readonly appId: string;
      readonly appName: string;
      /** Set on a driver restarted from a checkpoint: "2", "3"… */
      readonly attemptId?: string;
      readonly time: number;
      readonly user: string;
      readonly kindlingVersion: string;
      readonly master: string;
    }
  /**
   * A driver recovered a streaming context from a checkpoint: from now on it shows
   * as attempt `attemptId` of the application that wrote the checkpoint.
   */
  | { readonly type: 'ApplicationAttempt'; readonly appId: string; readonly attemptId: string; readonly time: number }
  | { readonly type: 'ApplicationEnd'; readonly time: number }
  | {
      readonly type: 'EnvironmentUpdate';
      readonly runtime: Readonly<Record<string, string>>;
      readonly kindlingProperties: ReadonlyArray<readonly [string, string]>;
      readonly systemProperties: ReadonlyArray<readonly [string, string]>;
    }
  | { readonly type: 'ExecutorAdded'; readonly executorId: string; readonly host: string; readonly cores: number; readonly time: number }
  | { readonly type: 'ExecutorRemoved'; readonly executorId: string; readonly reason: string; readonly time: number }
  | { readonly type: 'ExecutorHeartbeat'; readonly executorId: string; readonly time: number }
  | {
      readonly type: 'JobStart';
      readonly jobId: number;
      readonly time: number;
      readonly stageInfos: readonly StageInfo[];
      readonly description?: string;
      /** The job's local properties (Spark's JobStart.properties), when it has any. */
      readonly properties?: Readonly<Record<string, string>>;
    }
  | { readonly type: 'JobEnd'; readonly jobId: number; readonly time: number; readonly succeeded: boolean; readonly errorMessage?: string }
  | { readonly type: 'StageSubmitted'; readonly time: number; readonly stageInfo: StageInfo; readonly rddInfos: readonly RddInfo[] }
  | { readonly type: 'StageCompleted'; readonly time: number; readonly stageInfo: StageInfo }
  | { readonly type: 'TaskStart'; readonly taskInfo: TaskInfo }
  | {
      readonly type: 'TaskEnd';
      readonly taskInfo: TaskInfo;
      /** Spark's TaskEndReason name: Success, ExceptionFailure, FetchFailed, ExecutorLostFailure, TaskKilled, Resubmitted. */
      readonly reason: string;
      readonly finishTime: number;
      readonly errorMessage?: string;
      readonly metrics?: TaskMetricsData;
    }
  | { readonly type: 'BlockUpdated'; readonly executorId: string; readonly blockIds: readonly string[] }
  | { readonly type: 'UnpersistRDD'; readonly rddId: number }
  | { readonly type: 'StreamingStarted'; readonly time: number; readonly batchDuration: number; readonly checkpointDir?: string }
  | { readonly type: 'StreamingStopped'; readonly time: number }
  | { readonly type: 'BatchSubmitted' | 'BatchStarted' | 'BatchCompleted'; readonly batch: BatchData }
  | { readonly type: 'OutputOperationStarted' | 'OutputOperationCompleted'; readonly outputOperation: OutputOperationData }
  | { readonly type: 'ReceiverStarted' | 'ReceiverError' | 'ReceiverStopped'; readonly receiver: ReceiverData }
  | {
      readonly type: 'MetadataCheckpointWritten';
      readonly checkpointTime: number;
      /** Undefined when every attempt to write failed. */
      readonly file?: string;
      readonly bytes: number;
      readonly durationMs: number;
      readonly time: number;
    }
  | {
      readonly type: 'StreamingRestarted';
      readonly time: number;
      readonly checkpointFile: string;
      readonly checkpointTime: number;
      readonly downTimeBatches: readonly number[];
      readonly pendingBatches: readonly number[];
      readonly rescheduledBatches: readonly number[];
    };

export type UiEventType = UiEvent['type'];
