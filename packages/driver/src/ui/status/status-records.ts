/**
 * The mutable records the status store keeps (Spark's LiveJob, LiveStage, LiveTask,
 * LiveExecutor, LiveRDD): counters updated in place as events arrive, so that an
 * event costs a few field updates and no copies. The REST layer turns them into
 * Spark's JSON shapes (rest/spark-json.ts) only when asked.
 */
import type { RddInfo, StageInfo } from '../../scheduler/kindling-listener.js';
import type { TaskInfo } from '../../scheduler/task-set.js';
import type { BatchData, ReceiverData, TaskMetricsData } from './ui-event.js';

export type JobStatus = 'RUNNING' | 'SUCCEEDED' | 'FAILED' | 'UNKNOWN';
export type StageStatus = 'ACTIVE' | 'COMPLETE' | 'FAILED' | 'PENDING' | 'SKIPPED';
export type TaskStatus = 'RUNNING' | 'SUCCESS' | 'FAILED' | 'KILLED';

export interface JobRecord {
  readonly jobId: number;
  name: string;
  /** Spark's job description, when the job was given one. */
  readonly description: string | undefined;
  readonly submissionTime: number;
  completionTime: number | undefined;
  readonly stageIds: number[];
  status: JobStatus;
  errorMessage: string | undefined;
  numTasks: number;
  numActiveTasks: number;
  numCompletedTasks: number;
  numSkippedTasks: number;
  numFailedTasks: number;
  numKilledTasks: number;
  numCompletedIndices: number;
  numActiveStages: number;
  numCompletedStages: number;
  numSkippedStages: number;
  numFailedStages: number;
  readonly killedTasksSummary: Record<string, number>;
}

export interface TaskRecord {
  readonly info: TaskInfo;
  status: TaskStatus;
  finishTime: number | undefined;
  reason: string | undefined;
  errorMessage: string | undefined;
  metrics: TaskMetricsData | undefined;
}

export interface ExecutorStageRecord {
  taskTime: number;
  failedTasks: number;
  succeededTasks: number;
  killedTasks: number;
  inputRecords: number;
  outputRecords: number;
  shuffleRead: number;
  shuffleWrite: number;
  diskBytesSpilled: number;
}

export interface StageRecord {
  info: StageInfo;
  status: StageStatus;
  readonly jobIds: number[];
  submissionTime: number | undefined;
  firstTaskLaunchedTime: number | undefined;
  completionTime: number | undefined;
  failureReason: string | undefined;
  numActiveTasks: number;
  numCompleteTasks: number;
  numFailedTasks: number;
  numKilledTasks: number;
  readonly completedIndices: Set<number>;
  executorRunTime: number;
  inputRecords: number;
  outputRecords: number;
  shuffleReadBytes: number;
  shuffleWriteBytes: number;
  diskBytesSpilled: number;
  rddInfos: readonly RddInfo[];
  /** Task id → task, oldest first; at most kindling.ui.retainedTasks. */
  readonly tasks: Map<number, TaskRecord>;
  readonly executorSummary: Map<string, ExecutorStageRecord>;
  readonly killedTasksSummary: Record<string, number>;
}

export interface ExecutorRecord {
  readonly id: string;
  readonly host: string;
  readonly cores: number;
  isActive: boolean;
  readonly addTime: number;
  removeTime: number | undefined;
  removeReason: string | undefined;
  lastHeartbeat: number | undefined;
  activeTasks: number;
  failedTasks: number;
  completedTasks: number;
  totalDuration: number;
  totalInputRecords: number;
  totalShuffleRead: number;
  totalShuffleWrite: number;
}

export interface RddStorageRecord {
  info: RddInfo;
  /** Partition → executors holding its block. */
  readonly blocks: Map<number, Set<string>>;
}

export type BatchStatus = 'QUEUED' | 'PROCESSING' | 'COMPLETED';

export interface BatchRecord {
  data: BatchData;
  status: BatchStatus;
  /** Output operation id → the jobs it ran, in submission order (from the jobs' streaming local properties). */
  readonly outputOpJobIds: Map<number, number[]>;
}

export interface ReceiverRecord {
  data: ReceiverData;
  /** Records per batch time that this receiver's stream took in, for Spark's eventRates. */
  readonly recordsPerBatch: Map<number, number>;
}

export interface MetadataCheckpointRecord {
  readonly checkpointTime: number;
  readonly file: string | undefined;
  readonly bytes: number;
  readonly durationMs: number;
  readonly time: number;
}

export interface RestartRecord {
  readonly time: number;
  readonly checkpointFile: string;
  readonly checkpointTime: number;
  readonly downTimeBatches: readonly number[];
  readonly pendingBatches: readonly number[];
  readonly rescheduledBatches: readonly number[];
}

export interface StreamingRecord {
  readonly startTime: number;
  readonly batchDuration: number;
  readonly checkpointDir: string | undefined;
  stopTime: number | undefined;
  /** Batch time → batch, oldest first; at most kindling.streaming.ui.retainedBatches. */
  readonly batches: Map<number, BatchRecord>;
  numTotalCompletedBatches: number;
  numProcessedRecords: number;
  numReceivedRecords: number;
  readonly receivers: Map<number, ReceiverRecord>;
}
