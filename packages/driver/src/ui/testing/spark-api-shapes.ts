/**
 * The JSON shapes of Spark's REST API (org.apache.spark.status.api.v1, Spark 3.0's
 * api.scala, and the streaming api.scala), written down field by field, for tests
 * that compare Kindling's answers with them: every field Spark always sends must
 * be there with its type, an Option (`?`) may be absent, and nothing else may
 * appear except the Kindling extensions named with `+` (optional, documented in
 * docs/DESIGN.md §11).
 */
import assert from 'node:assert/strict';

type FieldType = 'number' | 'string' | 'boolean' | 'date' | 'array' | 'object';
/** `name: type` required; `?name` a Spark Option; `+name` a Kindling extension (optional). */
export type Shape = Readonly<Record<string, FieldType>>;

export const SPARK_DATE = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}GMT$/;

export const ApplicationInfo: Shape = {
  id: 'string', name: 'string', '?coresGranted': 'number', '?maxCores': 'number', '?coresPerExecutor': 'number', '?memoryPerExecutorMB': 'number', attempts: 'array',
};

export const ApplicationAttemptInfo: Shape = {
  '?attemptId': 'string', startTime: 'date', endTime: 'date', lastUpdated: 'date', duration: 'number', sparkUser: 'string', completed: 'boolean', appSparkVersion: 'string',
  startTimeEpoch: 'number', endTimeEpoch: 'number', lastUpdatedEpoch: 'number',
};

export const JobData: Shape = {
  jobId: 'number', name: 'string', '?description': 'string', '?submissionTime': 'date', '?completionTime': 'date', stageIds: 'array', '?jobGroup': 'string', status: 'string',
  numTasks: 'number', numActiveTasks: 'number', numCompletedTasks: 'number', numSkippedTasks: 'number', numFailedTasks: 'number', numKilledTasks: 'number',
  numCompletedIndices: 'number', numActiveStages: 'number', numCompletedStages: 'number', numSkippedStages: 'number', numFailedStages: 'number', killedTasksSummary: 'object',
  '+failureReason': 'string',
};

export const StageData: Shape = {
  status: 'string', stageId: 'number', attemptId: 'number', numTasks: 'number', numActiveTasks: 'number', numCompleteTasks: 'number', numFailedTasks: 'number', numKilledTasks: 'number',
  numCompletedIndices: 'number', executorRunTime: 'number', executorCpuTime: 'number', '?submissionTime': 'date', '?firstTaskLaunchedTime': 'date', '?completionTime': 'date',
  '?failureReason': 'string', inputBytes: 'number', inputRecords: 'number', outputBytes: 'number', outputRecords: 'number', shuffleReadBytes: 'number', shuffleReadRecords: 'number',
  shuffleWriteBytes: 'number', shuffleWriteRecords: 'number', memoryBytesSpilled: 'number', diskBytesSpilled: 'number', name: 'string', '?description': 'string', details: 'string',
  schedulingPool: 'string', rddIds: 'array', accumulatorUpdates: 'array', '?tasks': 'object', '?executorSummary': 'object', killedTasksSummary: 'object',
};

export const TaskData: Shape = {
  taskId: 'number', index: 'number', attempt: 'number', launchTime: 'date', '?resultFetchStart': 'date', '?duration': 'number', executorId: 'string', host: 'string', status: 'string',
  taskLocality: 'string', speculative: 'boolean', accumulatorUpdates: 'array', '?errorMessage': 'string', '?taskMetrics': 'object',
};

export const TaskMetrics: Shape = {
  executorDeserializeTime: 'number', executorDeserializeCpuTime: 'number', executorRunTime: 'number', executorCpuTime: 'number', resultSize: 'number', jvmGcTime: 'number',
  resultSerializationTime: 'number', memoryBytesSpilled: 'number', diskBytesSpilled: 'number', peakExecutionMemory: 'number', inputMetrics: 'object', outputMetrics: 'object',
  shuffleReadMetrics: 'object', shuffleWriteMetrics: 'object',
};

export const ExecutorStageSummary: Shape = {
  taskTime: 'number', failedTasks: 'number', succeededTasks: 'number', killedTasks: 'number', inputBytes: 'number', inputRecords: 'number', outputBytes: 'number', outputRecords: 'number',
  shuffleRead: 'number', shuffleReadRecords: 'number', shuffleWrite: 'number', shuffleWriteRecords: 'number', memoryBytesSpilled: 'number', diskBytesSpilled: 'number', isBlacklistedForStage: 'boolean',
};

export const ExecutorSummary: Shape = {
  id: 'string', hostPort: 'string', isActive: 'boolean', rddBlocks: 'number', memoryUsed: 'number', diskUsed: 'number', totalCores: 'number', maxTasks: 'number', activeTasks: 'number',
  failedTasks: 'number', completedTasks: 'number', totalTasks: 'number', totalDuration: 'number', totalGCTime: 'number', totalInputBytes: 'number', totalShuffleRead: 'number',
  totalShuffleWrite: 'number', isBlacklisted: 'boolean', maxMemory: 'number', addTime: 'date', '?removeTime': 'date', '?removeReason': 'string', executorLogs: 'object',
  '?memoryMetrics': 'object', blacklistedInStages: 'array', '?peakMemoryMetrics': 'object', '+lastHeartbeat': 'date',
};

export const RDDStorageInfo: Shape = {
  id: 'number', name: 'string', numPartitions: 'number', numCachedPartitions: 'number', storageLevel: 'string', memoryUsed: 'number', diskUsed: 'number', '?dataDistribution': 'array', '?partitions': 'array',
};

export const RDDPartitionInfo: Shape = { blockName: 'string', storageLevel: 'string', memoryUsed: 'number', diskUsed: 'number', executors: 'array' };

export const ApplicationEnvironmentInfo: Shape = {
  runtime: 'object', sparkProperties: 'array', hadoopProperties: 'array', systemProperties: 'array', classpathEntries: 'array',
};

export const StreamingStatistics: Shape = {
  startTime: 'date', batchDuration: 'number', numReceivers: 'number', numActiveReceivers: 'number', numInactiveReceivers: 'number', numTotalCompletedBatches: 'number',
  numRetainedCompletedBatches: 'number', numActiveBatches: 'number', numProcessedRecords: 'number', numReceivedRecords: 'number', '?avgInputRate': 'number',
  '?avgSchedulingDelay': 'number', '?avgProcessingTime': 'number', '?avgTotalDelay': 'number',
};

export const StreamingBatchInfo: Shape = {
  batchId: 'number', batchTime: 'date', status: 'string', batchDuration: 'number', inputSize: 'number', '?schedulingDelay': 'number', '?processingTime': 'number', '?totalDelay': 'number',
  numActiveOutputOps: 'number', numCompletedOutputOps: 'number', numFailedOutputOps: 'number', numTotalOutputOps: 'number', '?firstFailureReason': 'string', '+checkpoint': 'object',
};

export const OutputOperationInfo: Shape = {
  outputOpId: 'number', name: 'string', description: 'string', '?startTime': 'date', '?endTime': 'date', '?duration': 'number', '?failureReason': 'string', jobIds: 'array',
};

export const StreamingReceiverInfo: Shape = {
  streamId: 'number', streamName: 'string', '?isActive': 'boolean', '?executorId': 'string', '?executorHost': 'string', '?lastErrorTime': 'date', '?lastErrorMessage': 'string',
  '?lastError': 'string', '?avgEventRate': 'number', eventRates: 'array',
};

/** Asserts that `value` has exactly `shape`'s fields (see the file comment); `what` names it in failures. */
export function assertShape(value: unknown, shape: Shape, what: string): void {
  assert.ok(typeof value === 'object' && value !== null && !Array.isArray(value), `${what} is not an object: ${JSON.stringify(value)}`);
  const record = value as Record<string, unknown>;
  const fields = new Map<string, { type: FieldType; optional: boolean }>();
  for (const [key, type] of Object.entries(shape)) {
    const optional = key.startsWith('?') || key.startsWith('+');
    fields.set(optional ? key.slice(1) : key, { type, optional });
  }
  for (const [name, { type, optional }] of fields) {
    if (!(name in record)) {
      assert.ok(optional, `${what}: Spark's field ${name} is missing`);
      continue;
    }
    assertType(record[name], type, `${what}.${name}`);
  }
  for (const name of Object.keys(record)) assert.ok(fields.has(name), `${what}: field ${name} is not in Spark's shape`);
}

function assertType(value: unknown, type: FieldType, what: string): void {
  switch (type) {
    case 'date':
      assert.match(String(value), SPARK_DATE, `${what} is not a Spark date`);
      return;
    case 'array':
      assert.ok(Array.isArray(value), `${what} is not an array`);
      return;
    case 'object':
      assert.ok(typeof value === 'object' && value !== null && !Array.isArray(value), `${what} is not an object`);
      return;
    default:
      assert.equal(typeof value, type, `${what} is not a ${type}`);
      if (type === 'number') assert.ok(Number.isFinite(value), `${what} is not finite`);
  }
}
