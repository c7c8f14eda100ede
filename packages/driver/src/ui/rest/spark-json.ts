/**
 * The status store's records in the JSON shapes of Spark's REST API
 * (org.apache.spark.status.api.v1: ApplicationInfo, JobData, StageData, TaskData,
 * ExecutorSummary, RDDStorageInfo, ApplicationEnvironmentInfo), with Spark's field
 * names and its conventions: dates as "2026-12-05T17:32:08.123GMT", an absent
 * Option left out rather than null, every counter present.
 *
 * Where Kindling does not measure what Spark does (CPU time, GC time, bytes of
 * input and output, block sizes) the field is there with 0, so that tools reading
 * Spark's shapes work; docs/DESIGN.md §11 lists them. Kindling's own additions are
 * optional fields Spark does not have (`lastHeartbeat`, a batch's `checkpoint`).
 */
import type { AppStatusStore, ApplicationRecord } from '../status/app-status-store.js';
import type { ExecutorRecord, JobRecord, RddStorageRecord, StageRecord, TaskRecord } from '../status/status-records.js';

/** Spark's date format (JacksonMessageWriter): ISO 8601 in GMT with milliseconds. */
export function sparkDate(epochMs: number): string {
  return new Date(epochMs).toISOString().replace('Z', 'GMT');
}

function optionalDate(epochMs: number | undefined): string | undefined {
  return epochMs === undefined ? undefined : sparkDate(epochMs);
}

/** One attempt of an application (ApplicationAttemptInfo). */
export function applicationAttemptInfo(app: ApplicationRecord): Record<string, unknown> {
  const completed = app.endTime !== undefined;
  // A running application: Spark reports endTime -1 and duration 0 until it ends.
  const endTime = app.endTime ?? -1;
  return {
    ...(app.attemptId === undefined ? {} : { attemptId: app.attemptId }),
    startTime: sparkDate(app.startTime),
    endTime: sparkDate(endTime),
    // The time of the attempt's last event: for a killed driver's log, when it went
    // silent (the clock's "now" would make a dead attempt look alive and growing).
    lastUpdated: sparkDate(app.lastUpdated),
    duration: completed ? endTime - app.startTime : 0,
    sparkUser: app.user,
    completed,
    appSparkVersion: app.kindlingVersion,
    startTimeEpoch: app.startTime,
    endTimeEpoch: endTime,
    lastUpdatedEpoch: app.lastUpdated,
  };
}

/** ApplicationInfo of the attempts of one application, newest attempt first (as Spark lists them). */
export function applicationInfo(attempts: readonly AppStatusStore[]): Record<string, unknown> {
  const apps = attempts.map((s) => s.application!).sort((a, b) => b.startTime - a.startTime);
  const newest = attempts.reduce((best, s) => (best === undefined || s.application!.startTime > best.application!.startTime ? s : best), attempts[0]);
  let cores = 0;
  for (const e of newest?.executors.values() ?? []) if (e.isActive && e.id !== 'driver') cores += e.cores;
  return {
    id: apps[0]!.appId,
    name: apps[0]!.appName,
    ...(apps.some((a) => a.endTime === undefined) ? { coresGranted: cores } : {}),
    attempts: apps.map((a) => applicationAttemptInfo(a)),
  };
}

export function jobData(job: JobRecord): Record<string, unknown> {
  return {
    jobId: job.jobId,
    name: job.name,
    ...(job.description === undefined ? {} : { description: job.description }),
    submissionTime: sparkDate(job.submissionTime),
    ...(job.completionTime === undefined ? {} : { completionTime: sparkDate(job.completionTime) }),
    stageIds: job.stageIds,
    status: job.status,
    numTasks: job.numTasks,
    numActiveTasks: job.numActiveTasks,
    numCompletedTasks: job.numCompletedTasks,
    numSkippedTasks: job.numSkippedTasks,
    numFailedTasks: job.numFailedTasks,
    numKilledTasks: job.numKilledTasks,
    numCompletedIndices: job.numCompletedIndices,
    numActiveStages: job.numActiveStages,
    numCompletedStages: job.numCompletedStages,
    numSkippedStages: job.numSkippedStages,
    numFailedStages: job.numFailedStages,
    killedTasksSummary: job.killedTasksSummary,
    // Kindling: why a failed job failed (Spark shows it only on the page).
    ...(job.errorMessage === undefined ? {} : { failureReason: job.errorMessage }),
  };
}

export function stageData(stage: StageRecord, details: boolean): Record<string, unknown> {
  const data: Record<string, unknown> = {
    status: stage.status,
    stageId: stage.info.stageId,
    attemptId: stage.info.attemptId,
    numTasks: stage.info.numTasks,
    numActiveTasks: stage.numActiveTasks,
    numCompleteTasks: stage.numCompleteTasks,
    numFailedTasks: stage.numFailedTasks,
    numKilledTasks: stage.numKilledTasks,
    numCompletedIndices: stage.completedIndices.size,
    executorRunTime: Math.round(stage.executorRunTime),
    executorCpuTime: 0,
    submissionTime: optionalDate(stage.submissionTime),
    firstTaskLaunchedTime: optionalDate(stage.firstTaskLaunchedTime),
    completionTime: optionalDate(stage.completionTime),
    failureReason: stage.failureReason,
    inputBytes: 0,
    inputRecords: stage.inputRecords,
    outputBytes: 0,
    outputRecords: stage.outputRecords,
    shuffleReadBytes: stage.shuffleReadBytes,
    shuffleReadRecords: 0,
    shuffleWriteBytes: stage.shuffleWriteBytes,
    shuffleWriteRecords: 0,
    memoryBytesSpilled: 0,
    diskBytesSpilled: stage.diskBytesSpilled,
    name: stage.info.name,
    details: '',
    schedulingPool: 'default',
    rddIds: stage.rddInfos.map((r) => r.id).sort((a, b) => b - a),
    accumulatorUpdates: [],
    killedTasksSummary: stage.killedTasksSummary,
  };
  if (details) {
    const tasks: Record<string, unknown> = {};
    for (const task of stage.tasks.values()) tasks[String(task.info.taskId)] = taskData(task);
    data['tasks'] = tasks;
    const executorSummary: Record<string, unknown> = {};
    for (const [executorId, s] of stage.executorSummary) {
      executorSummary[executorId] = {
        taskTime: Math.round(s.taskTime),
        failedTasks: s.failedTasks,
        succeededTasks: s.succeededTasks,
        killedTasks: s.killedTasks,
        inputBytes: 0,
        inputRecords: s.inputRecords,
        outputBytes: 0,
        outputRecords: s.outputRecords,
        shuffleRead: s.shuffleRead,
        shuffleReadRecords: 0,
        shuffleWrite: s.shuffleWrite,
        shuffleWriteRecords: 0,
        memoryBytesSpilled: 0,
        diskBytesSpilled: s.diskBytesSpilled,
        isBlacklistedForStage: false,
      };
    }
    data['executorSummary'] = executorSummary;
  }
  return withoutUndefined(data);
}

export function taskData(task: TaskRecord): Record<string, unknown> {
  const { info, metrics } = task;
  return withoutUndefined({
    taskId: info.taskId,
    index: info.index,
    attempt: info.attemptNumber,
    launchTime: sparkDate(info.launchTime),
    duration: task.finishTime === undefined ? undefined : task.finishTime - info.launchTime,
    executorId: info.executorId,
    host: info.host,
    status: task.status,
    // Kindling does not record the locality level a task was launched at.
    taskLocality: 'ANY',
    speculative: false,
    accumulatorUpdates: [],
    errorMessage: task.errorMessage,
    taskMetrics:
      metrics === undefined
        ? undefined
        : {
            executorDeserializeTime: 0,
            executorDeserializeCpuTime: 0,
            executorRunTime: Math.round(metrics.executorRunTimeMs),
            executorCpuTime: 0,
            resultSize: 0,
            jvmGcTime: 0,
            resultSerializationTime: 0,
            memoryBytesSpilled: 0,
            diskBytesSpilled: metrics.diskBytesSpilled ?? 0,
            peakExecutionMemory: 0,
            inputMetrics: { bytesRead: 0, recordsRead: metrics.recordsRead },
            outputMetrics: { bytesWritten: 0, recordsWritten: metrics.recordsWritten },
            // Kindling does not tell local from remote shuffle reads: all bytes show as remote.
            shuffleReadMetrics: { remoteBlocksFetched: 0, localBlocksFetched: 0, fetchWaitTime: 0, remoteBytesRead: metrics.shuffleBytesRead, remoteBytesReadToDisk: 0, localBytesRead: 0, recordsRead: 0 },
            shuffleWriteMetrics: { bytesWritten: metrics.shuffleBytesWritten, writeTime: 0, recordsWritten: 0 },
          },
  });
}

export function executorSummary(executor: ExecutorRecord, rddBlocks: number): Record<string, unknown> {
  return withoutUndefined({
    id: executor.id,
    hostPort: executor.host,
    isActive: executor.isActive,
    rddBlocks,
    memoryUsed: 0,
    diskUsed: 0,
    totalCores: executor.cores,
    maxTasks: executor.cores,
    activeTasks: executor.activeTasks,
    failedTasks: executor.failedTasks,
    completedTasks: executor.completedTasks,
    totalTasks: executor.activeTasks + executor.failedTasks + executor.completedTasks,
    totalDuration: Math.round(executor.totalDuration),
    totalGCTime: 0,
    totalInputBytes: 0,
    totalShuffleRead: executor.totalShuffleRead,
    totalShuffleWrite: executor.totalShuffleWrite,
    isBlacklisted: false,
    maxMemory: 0,
    addTime: sparkDate(executor.addTime),
    removeTime: optionalDate(executor.removeTime),
    removeReason: executor.removeReason,
    executorLogs: {},
    blacklistedInStages: [],
    // Kindling: when the driver last heard from it.
    lastHeartbeat: optionalDate(executor.lastHeartbeat),
  });
}

export function rddStorageInfo(rdd: RddStorageRecord, details: boolean): Record<string, unknown> {
  const data: Record<string, unknown> = {
    id: rdd.info.id,
    name: rdd.info.name,
    numPartitions: rdd.info.numPartitions,
    numCachedPartitions: rdd.blocks.size,
    storageLevel: rdd.info.storageLevel,
    memoryUsed: 0,
    diskUsed: 0,
  };
  if (details) {
    const perExecutor = new Map<string, number>();
    for (const holders of rdd.blocks.values()) for (const e of holders) perExecutor.set(e, (perExecutor.get(e) ?? 0) + 1);
    data['dataDistribution'] = [...perExecutor.keys()].sort().map((address) => ({ address, memoryUsed: 0, memoryRemaining: 0, diskUsed: 0 }));
    data['partitions'] = [...rdd.blocks.entries()]
      .sort((a, b) => a[0] - b[0])
      .map(([partition, holders]) => ({ blockName: `rdd_${rdd.info.id}_${partition}`, storageLevel: rdd.info.storageLevel, memoryUsed: 0, diskUsed: 0, executors: [...holders].sort() }));
  }
  return data;
}

/** ApplicationEnvironmentInfo; values were redacted when the event was made (live-ui-listener.ts). */
export function environmentInfo(store: AppStatusStore): Record<string, unknown> {
  const env = store.environment;
  const runtime = env?.runtime ?? {};
  return {
    runtime: {
      javaVersion: runtime['javaVersion'] ?? '',
      javaHome: runtime['javaHome'] ?? '',
      scalaVersion: runtime['scalaVersion'] ?? '',
    },
    sparkProperties: env?.kindlingProperties ?? [],
    hadoopProperties: [],
    systemProperties: env?.systemProperties ?? [],
    classpathEntries: [],
  };
}

/** JSON.stringify leaves undefined fields out anyway; this keeps objects tidy for deep-equal tests. */
export function withoutUndefined(data: Record<string, unknown>): Record<string, unknown> {
  for (const key of Object.keys(data)) if (data[key] === undefined) delete data[key];
  return data;
}
