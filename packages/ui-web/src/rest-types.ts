/**
 * The parts of Spark's api/v1 answers (JobData, StageData, TaskData, ExecutorSummary,
 * RDDStorageInfo, ApplicationEnvironmentInfo, the streaming classes) that the pages
 * read, plus Kindling's extensions (the stage RDD graph, checkpoints). Optional fields
 * are the ones Spark leaves out when unknown.
 */
export interface JobData {
  readonly jobId: number;
  readonly name: string;
  readonly description?: string;
  readonly submissionTime?: string;
  readonly completionTime?: string;
  readonly stageIds: readonly number[];
  readonly status: 'RUNNING' | 'SUCCEEDED' | 'FAILED' | 'UNKNOWN';
  readonly numTasks: number;
  readonly numActiveTasks: number;
  readonly numCompletedTasks: number;
  readonly numSkippedTasks: number;
  readonly numFailedTasks: number;
  readonly numActiveStages: number;
  readonly numCompletedStages: number;
  readonly numSkippedStages: number;
  readonly numFailedStages: number;
}

export interface StageData {
  readonly status: 'ACTIVE' | 'COMPLETE' | 'PENDING' | 'FAILED' | 'SKIPPED';
  readonly stageId: number;
  readonly attemptId: number;
  readonly numTasks: number;
  readonly numActiveTasks: number;
  readonly numCompleteTasks: number;
  readonly numFailedTasks: number;
  readonly submissionTime?: string;
  readonly completionTime?: string;
  readonly failureReason?: string;
  readonly inputRecords: number;
  readonly outputRecords: number;
  readonly shuffleReadBytes: number;
  readonly shuffleReadRecords: number;
  readonly shuffleWriteBytes: number;
  readonly shuffleWriteRecords: number;
  readonly executorRunTime: number;
  readonly name: string;
  readonly details?: string;
  readonly rddIds?: readonly number[];
  readonly tasks?: Readonly<Record<string, TaskData>>;
}

export interface TaskMetrics {
  readonly executorRunTime: number;
  readonly inputMetrics?: { readonly bytesRead: number; readonly recordsRead: number };
  readonly outputMetrics?: { readonly bytesWritten: number; readonly recordsWritten: number };
  readonly shuffleReadMetrics?: {
    readonly remoteBytesRead: number;
    readonly localBytesRead: number;
    readonly recordsRead: number;
  };
  readonly shuffleWriteMetrics?: { readonly bytesWritten: number; readonly recordsWritten: number };
}

export interface TaskData {
  readonly taskId: number;
  readonly index: number;
  readonly attempt: number;
  readonly launchTime?: string;
  readonly duration?: number;
  readonly executorId: string;
  readonly host: string;
  readonly status: string;
  readonly taskLocality?: string;
  readonly errorMessage?: string;
  readonly taskMetrics?: TaskMetrics;
}

export interface ExecutorSummary {
  readonly id: string;
  readonly hostPort: string;
  readonly isActive: boolean;
  readonly rddBlocks: number;
  readonly memoryUsed: number;
  readonly diskUsed: number;
  readonly totalCores: number;
  readonly activeTasks: number;
  readonly failedTasks: number;
  readonly completedTasks: number;
  readonly totalTasks: number;
  readonly totalDuration: number;
  readonly totalShuffleRead: number;
  readonly totalShuffleWrite: number;
  readonly addTime?: string;
  readonly removeTime?: string;
  readonly removeReason?: string;
  /** Kindling: when the driver last heard the executor's heartbeat. */
  readonly lastHeartbeat?: string;
}

export interface RddPartitionInfo {
  readonly blockName: string;
  readonly storageLevel: string;
  readonly memoryUsed: number;
  readonly diskUsed: number;
  readonly executors: readonly string[];
}

export interface RddStorageInfo {
  readonly id: number;
  readonly name: string;
  readonly numPartitions: number;
  readonly numCachedPartitions: number;
  readonly storageLevel: string;
  readonly memoryUsed: number;
  readonly diskUsed: number;
  readonly partitions?: readonly RddPartitionInfo[];
  /** Kindling: where the RDD's reliable checkpoint is, when it has one. */
  readonly checkpointDir?: string;
}

export interface ApplicationEnvironmentInfo {
  readonly runtime?: Readonly<Record<string, string>>;
  readonly sparkProperties: readonly (readonly [string, string])[];
  readonly systemProperties?: readonly (readonly [string, string])[];
  readonly hadoopProperties?: readonly (readonly [string, string])[];
}

export interface StreamingStatistics {
  readonly startTime: string;
  readonly batchDuration: number;
  readonly numReceivers: number;
  readonly numActiveReceivers: number;
  readonly numInactiveReceivers: number;
  readonly numTotalCompletedBatches: number;
  readonly numRetainedCompletedBatches: number;
  readonly numActiveBatches: number;
  readonly numProcessedRecords: number;
  readonly numReceivedRecords: number;
  readonly avgInputRate?: number;
  readonly avgSchedulingDelay?: number;
  readonly avgProcessingTime?: number;
  readonly avgTotalDelay?: number;
}

export interface ReceiverInfo {
  readonly streamId: number;
  readonly streamName: string;
  readonly isActive?: boolean;
  readonly executorId?: string;
  readonly executorHost?: string;
  readonly lastErrorTime?: string;
  readonly lastErrorMessage?: string;
  readonly lastError?: string;
  readonly avgEventRate?: number;
}

/** Kindling: how a batch's metadata checkpoint went, on batches that wrote one. */
export interface BatchCheckpoint {
  readonly durationMs: number;
  readonly bytesWritten: number;
  readonly mode?: 'full' | 'delta';
}

export interface BatchInfo {
  readonly batchId: number;
  readonly batchTime: string;
  readonly status: 'COMPLETED' | 'QUEUED' | 'PROCESSING' | string;
  readonly batchDuration: number;
  readonly inputSize: number;
  readonly schedulingDelay?: number;
  readonly processingTime?: number;
  readonly totalDelay?: number;
  readonly numActiveOutputOps: number;
  readonly numCompletedOutputOps: number;
  readonly numFailedOutputOps: number;
  readonly numTotalOutputOps: number;
  readonly firstFailureReason?: string;
  readonly checkpoint?: BatchCheckpoint;
}

/** Spark's OutputOperationInfo (`/streaming/batches/{batchId}/operations`). */
export interface OutputOperationInfo {
  readonly outputOpId: number;
  readonly name: string;
  readonly description: string;
  readonly startTime?: string;
  readonly endTime?: string;
  readonly duration?: number;
  readonly failureReason?: string;
  readonly jobIds: readonly number[];
}

/** Kindling: one RDD of a stage's graph (the driver's RddInfo). */
export interface RddNode {
  readonly id: number;
  readonly name: string;
  readonly kind: string;
  readonly scope?: string;
  readonly parentIds: readonly number[];
  readonly shuffleParentIds?: readonly number[];
  readonly numPartitions?: number;
  readonly storageLevel?: string;
  readonly cached?: boolean;
  readonly checkpointMarked?: boolean;
  readonly checkpointed?: boolean;
  readonly checkpointFile?: string;
}

/** Kindling: one metadata checkpoint write (`file` absent when the write failed). */
export interface MetadataCheckpoint {
  readonly checkpointTime: string;
  readonly checkpointTimeEpoch: number;
  readonly file?: string;
  readonly succeeded: boolean;
  readonly bytes: number;
  readonly durationMs: number;
  readonly writtenAt: string;
}

/** Kindling: an RDD's reliable checkpoint (the state of a stateful stream among them). */
export interface RddCheckpoint {
  readonly rddId: number;
  readonly name: string;
  readonly path: string;
}

/** Kindling: a restart of the driver from a metadata checkpoint. */
export interface Recovery {
  readonly time: string;
  readonly checkpointFile: string;
  readonly checkpointTime: string;
  readonly checkpointTimeEpoch: number;
  readonly downTimeBatches: readonly number[];
  readonly pendingBatches: readonly number[];
  readonly rescheduledBatches: readonly number[];
}

/** Kindling's /checkpoints answer. */
export interface CheckpointsInfo {
  readonly checkpointDir?: string;
  readonly metadataCheckpoints: readonly MetadataCheckpoint[];
  readonly batchCheckpoints: readonly (BatchCheckpoint & { readonly batchId: number; readonly batchTime: string })[];
  readonly rddCheckpoints: readonly RddCheckpoint[];
  readonly recoveries: readonly Recovery[];
}
