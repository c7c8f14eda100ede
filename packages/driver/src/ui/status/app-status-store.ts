/**
 * What the UI knows about one application attempt (Spark's AppStatusListener and
 * AppStatusStore in one): `apply(event)` updates records in place, the REST API
 * reads them. Fed live by the driver's listener (live-ui-listener.ts) or by
 * replaying an event log (kindling history), so both show the same thing.
 *
 * Bounded as Spark's: at most `retainedJobs` jobs, `retainedStages` stage
 * attempts, `retainedTasks` tasks per stage and `retainedBatches` streaming
 * batches; past a bound the oldest finished entries go, a tenth of the bound at a
 * time so that trimming is rare (Spark's cleanup works the same way). Running jobs,
 * stages and batches are never dropped.
 *
 * `apply` is called synchronously on the driver's event loop: it does a few map
 * lookups and counter updates and never allocates more than the record an event
 * creates, so it cannot hold up the schedulers.
 */
import type { RddInfo, StageInfo } from '../../scheduler/kindling-listener.js';
import { streamingOutputOpOf } from '../../scheduler/local-properties.js';
import type { TaskInfo } from '../../scheduler/task-set.js';
import type {
  ExecutorRecord,
  ExecutorStageRecord,
  JobRecord,
  MetadataCheckpointRecord,
  RddStorageRecord,
  RestartRecord,
  StageRecord,
  StreamingRecord,
  TaskRecord,
} from './status-records.js';
import { trimArray, trimMap } from './bounded-history.js';
import type { BatchData, UiEvent } from './ui-event.js';

export interface StatusLimits {
  readonly retainedJobs: number;
  readonly retainedStages: number;
  readonly retainedTasks: number;
  readonly retainedBatches: number;
}

/** Spark's defaults (spark.ui.retainedJobs…, spark.streaming.ui.retainedBatches). */
export const defaultStatusLimits: StatusLimits = { retainedJobs: 1000, retainedStages: 1000, retainedTasks: 100_000, retainedBatches: 1000 };

export interface ApplicationRecord {
  appId: string;
  readonly appName: string;
  attemptId: string | undefined;
  readonly startTime: number;
  endTime: number | undefined;
  lastUpdated: number;
  readonly user: string;
  readonly kindlingVersion: string;
  readonly master: string;
}

export interface EnvironmentRecord {
  readonly runtime: Readonly<Record<string, string>>;
  readonly kindlingProperties: ReadonlyArray<readonly [string, string]>;
  readonly systemProperties: ReadonlyArray<readonly [string, string]>;
}

let nextStoreUid = 1;

/** RDD checkpoint directories seen in stage graphs, newest last (bounded). */
const RETAINED_RDD_CHECKPOINTS = 100;

export class AppStatusStore {
  application: ApplicationRecord | undefined;
  environment: EnvironmentRecord | undefined;
  readonly jobs = new Map<number, JobRecord>();
  /** Keyed by stageKey(stageId, attemptId). */
  readonly stages = new Map<number, StageRecord>();
  readonly executors = new Map<string, ExecutorRecord>();
  readonly storage = new Map<number, RddStorageRecord>();
  streaming: StreamingRecord | undefined;
  readonly metadataCheckpoints: MetadataCheckpointRecord[] = [];
  readonly restarts: RestartRecord[] = [];
  /** rddId → checkpoint directory of a reliably checkpointed RDD. */
  readonly rddCheckpoints = new Map<number, { readonly rddId: number; readonly name: string; readonly path: string }>();
  /**
   * Events applied: the store's version (every change is an event), which the REST
   * answers are cached and ETagged by (rest/rest-answer-cache.ts).
   */
  eventCount = 0;
  /** Unique in this process: two stores with as many events are still told apart. */
  readonly uid = nextStoreUid++;

  constructor(readonly limits: StatusLimits = defaultStatusLimits) {}

  /** Applies one event; never throws on an event it cannot place (a replayed log may start mid-way). */
  apply(event: UiEvent): void {
    this.eventCount++;
    switch (event.type) {
      case 'ApplicationStart':
        this.application = {
          appId: event.appId,
          appName: event.appName,
          attemptId: event.attemptId,
          startTime: event.time,
          endTime: undefined,
          lastUpdated: event.time,
          user: event.user,
          kindlingVersion: event.kindlingVersion,
          master: event.master,
        };
        break;
      case 'ApplicationAttempt':
        if (this.application !== undefined) {
          this.application.appId = event.appId;
          this.application.attemptId = event.attemptId;
        }
        break;
      case 'ApplicationEnd':
        if (this.application !== undefined) this.application.endTime = event.time;
        if (this.streaming !== undefined) this.streaming.stopTime ??= event.time;
        // Executors stop with the application without a removal event of their own.
        for (const executor of this.executors.values()) {
          if (!executor.isActive || executor.id === 'driver') continue;
          executor.isActive = false;
          executor.removeTime = event.time;
          executor.removeReason = 'the application ended';
        }
        break;
      case 'EnvironmentUpdate':
        this.environment = { runtime: event.runtime, kindlingProperties: event.kindlingProperties, systemProperties: event.systemProperties };
        break;
      case 'ExecutorAdded':
        this.executors.set(event.executorId, newExecutor(event.executorId, event.host, event.cores, event.time));
        break;
      case 'ExecutorRemoved':
        this.onExecutorRemoved(event.executorId, event.reason, event.time);
        break;
      case 'ExecutorHeartbeat': {
        const executor = this.executors.get(event.executorId);
        if (executor !== undefined) executor.lastHeartbeat = event.time;
        break;
      }
      case 'JobStart':
        this.onJobStart(event.jobId, event.time, event.stageInfos, event.description);
        if (event.properties !== undefined) this.tieJobToOutputOperation(event.jobId, event.properties);
        break;
      case 'JobEnd':
        this.onJobEnd(event.jobId, event.time, event.succeeded, event.errorMessage);
        break;
      case 'StageSubmitted':
        this.onStageSubmitted(event.stageInfo, event.rddInfos, event.time);
        break;
      case 'StageCompleted':
        this.onStageCompleted(event.stageInfo, event.time);
        break;
      case 'TaskStart':
        this.onTaskStart(event.taskInfo);
        break;
      case 'TaskEnd':
        this.onTaskEnd(event);
        break;
      case 'BlockUpdated':
        this.onBlockUpdated(event.executorId, event.blockIds);
        break;
      case 'UnpersistRDD':
        this.storage.delete(event.rddId);
        break;
      case 'StreamingStarted':
        this.streaming = {
          startTime: event.time,
          batchDuration: event.batchDuration,
          checkpointDir: event.checkpointDir,
          stopTime: undefined,
          batches: new Map(),
          numTotalCompletedBatches: 0,
          numProcessedRecords: 0,
          numReceivedRecords: 0,
          receivers: new Map(),
        };
        break;
      case 'StreamingStopped':
        if (this.streaming !== undefined) this.streaming.stopTime = event.time;
        break;
      case 'BatchSubmitted':
      case 'BatchStarted':
      case 'BatchCompleted':
        this.onBatch(event.type, event.batch);
        break;
      case 'OutputOperationStarted':
      case 'OutputOperationCompleted': {
        const batch = this.streaming?.batches.get(event.outputOperation.batchTime);
        if (batch !== undefined) {
          const ops = batch.data.outputOperations.filter((op) => op.id !== event.outputOperation.id);
          ops.push(event.outputOperation);
          ops.sort((a, b) => a.id - b.id);
          batch.data = { ...batch.data, outputOperations: ops };
        }
        break;
      }
      case 'ReceiverStarted':
      case 'ReceiverError':
      case 'ReceiverStopped': {
        const receivers = this.streaming?.receivers;
        if (receivers === undefined) break;
        const existing = receivers.get(event.receiver.streamId);
        if (existing === undefined) receivers.set(event.receiver.streamId, { data: event.receiver, recordsPerBatch: new Map() });
        else existing.data = event.receiver;
        break;
      }
      case 'MetadataCheckpointWritten':
        this.metadataCheckpoints.push({ checkpointTime: event.checkpointTime, file: event.file, bytes: event.bytes, durationMs: event.durationMs, time: event.time });
        // Two writes a batch: keep as many as twice the retained batches.
        trimArray(this.metadataCheckpoints, 2 * this.limits.retainedBatches);
        break;
      case 'StreamingRestarted':
        this.restarts.push({
          time: event.time,
          checkpointFile: event.checkpointFile,
          checkpointTime: event.checkpointTime,
          downTimeBatches: event.downTimeBatches,
          pendingBatches: event.pendingBatches,
          rescheduledBatches: event.rescheduledBatches,
        });
        break;
      default: {
        // An event of a newer writer, replayed by an older reader: ignored.
        const unknown: never = event;
        void unknown;
      }
    }
    if (this.application !== undefined) this.application.lastUpdated = eventTime(event) ?? this.application.lastUpdated;
  }

  stage(stageId: number, attemptId: number): StageRecord | undefined {
    return this.stages.get(stageKey(stageId, attemptId));
  }

  /** Every retained attempt of a stage, oldest first. */
  stageAttempts(stageId: number): StageRecord[] {
    const attempts: StageRecord[] = [];
    for (const stage of this.stages.values()) if (stage.info.stageId === stageId) attempts.push(stage);
    return attempts.sort((a, b) => a.info.attemptId - b.info.attemptId);
  }

  // ---- jobs and stages ---------------------------------------------------------------

  private onJobStart(jobId: number, time: number, stageInfos: readonly StageInfo[], description: string | undefined): void {
    const finalStage = stageInfos.reduce<StageInfo | undefined>((last, s) => (last === undefined || s.stageId > last.stageId ? s : last), undefined);
    const job: JobRecord = {
      jobId,
      name: finalStage?.name ?? `job ${jobId}`,
      description,
      submissionTime: time,
      completionTime: undefined,
      stageIds: stageInfos.map((s) => s.stageId),
      status: 'RUNNING',
      errorMessage: undefined,
      numTasks: 0,
      numActiveTasks: 0,
      numCompletedTasks: 0,
      numSkippedTasks: 0,
      numFailedTasks: 0,
      numKilledTasks: 0,
      numCompletedIndices: 0,
      numActiveStages: 0,
      numCompletedStages: 0,
      numSkippedStages: 0,
      numFailedStages: 0,
      killedTasksSummary: {},
    };
    for (const info of stageInfos) {
      job.numTasks += info.numTasks;
      const key = stageKey(info.stageId, info.attemptId);
      const existing = this.stages.get(key);
      if (existing === undefined) this.stages.set(key, newStage(info, 'PENDING', jobId));
      else if (!existing.jobIds.includes(jobId)) existing.jobIds.push(jobId);
    }
    this.jobs.set(jobId, job);
    trimMap(this.jobs, this.limits.retainedJobs, (j) => j.status !== 'RUNNING');
    trimMap(this.stages, this.limits.retainedStages, (s) => s.status !== 'ACTIVE' && s.status !== 'PENDING');
  }

  private onJobEnd(jobId: number, time: number, succeeded: boolean, errorMessage: string | undefined): void {
    const job = this.jobs.get(jobId);
    if (job === undefined) return;
    job.status = succeeded ? 'SUCCEEDED' : 'FAILED';
    job.completionTime = time;
    job.errorMessage = errorMessage;
    // Stages of the job that never ran were skipped: their outputs existed already (Spark).
    for (const stage of this.stages.values()) {
      if (stage.status !== 'PENDING' || !stage.jobIds.includes(jobId)) continue;
      stage.status = 'SKIPPED';
      job.numSkippedStages++;
      job.numSkippedTasks += stage.info.numTasks;
    }
    job.numActiveStages = 0;
  }

  private onStageSubmitted(info: StageInfo, rddInfos: readonly RddInfo[], time: number): void {
    const key = stageKey(info.stageId, info.attemptId);
    let stage = this.stages.get(key);
    if (stage === undefined) {
      const jobIds = this.previousAttemptJobIds(info.stageId);
      stage = newStage(info, 'ACTIVE', jobIds[0]);
      for (const id of jobIds.slice(1)) stage.jobIds.push(id);
      this.stages.set(key, stage);
      trimMap(this.stages, this.limits.retainedStages, (s) => s.status !== 'ACTIVE' && s.status !== 'PENDING');
    }
    stage.info = info;
    stage.status = 'ACTIVE';
    stage.submissionTime = time;
    stage.rddInfos = rddInfos;
    for (const jobId of stage.jobIds) {
      const job = this.jobs.get(jobId);
      if (job === undefined) continue;
      job.numActiveStages++;
      // A retried attempt adds its tasks to the job's total.
      if (info.attemptId > 0) job.numTasks += info.numTasks;
    }
    for (const rdd of rddInfos) this.noteRdd(rdd);
  }

  private previousAttemptJobIds(stageId: number): number[] {
    for (const stage of this.stages.values()) if (stage.info.stageId === stageId) return [...stage.jobIds];
    return [];
  }

  private onStageCompleted(info: StageInfo, time: number): void {
    const stage = this.stages.get(stageKey(info.stageId, info.attemptId));
    if (stage === undefined) return;
    stage.info = info;
    stage.completionTime = time;
    stage.failureReason = info.failureReason;
    stage.status = info.failureReason === undefined ? 'COMPLETE' : 'FAILED';
    for (const jobId of stage.jobIds) {
      const job = this.jobs.get(jobId);
      if (job === undefined) continue;
      job.numActiveStages = Math.max(0, job.numActiveStages - 1);
      if (stage.status === 'COMPLETE') job.numCompletedStages++;
      else job.numFailedStages++;
    }
  }

  // ---- tasks -------------------------------------------------------------------------

  private onTaskStart(info: TaskInfo): void {
    const stage = this.stages.get(stageKey(info.stageId, info.stageAttemptId));
    if (stage !== undefined) {
      stage.numActiveTasks++;
      stage.firstTaskLaunchedTime ??= info.launchTime;
      stage.tasks.set(info.taskId, { info, status: 'RUNNING', finishTime: undefined, reason: undefined, errorMessage: undefined, metrics: undefined });
      if (stage.tasks.size > this.limits.retainedTasks) trimMap(stage.tasks, this.limits.retainedTasks, (t) => t.status !== 'RUNNING');
    }
    const job = this.jobs.get(info.jobId);
    if (job !== undefined) job.numActiveTasks++;
    const executor = this.executors.get(info.executorId);
    if (executor !== undefined) executor.activeTasks++;
  }

  private onTaskEnd(event: UiEvent & { type: 'TaskEnd' }): void {
    const { taskInfo: info, reason, metrics } = event;
    // Resubmitted: a finished map task whose output was lost; it ran, and will run again as a new task.
    if (reason === 'Resubmitted') return;
    const status = reason === 'Success' ? 'SUCCESS' : reason === 'TaskKilled' ? 'KILLED' : 'FAILED';
    const runTime = metrics?.executorRunTimeMs ?? 0;
    const stage = this.stages.get(stageKey(info.stageId, info.stageAttemptId));
    let newIndex = false;
    if (stage !== undefined) {
      stage.numActiveTasks = Math.max(0, stage.numActiveTasks - 1);
      if (status === 'SUCCESS') {
        stage.numCompleteTasks++;
        if (!stage.completedIndices.has(info.index)) {
          stage.completedIndices.add(info.index);
          newIndex = true;
        }
      } else if (status === 'KILLED') {
        stage.numKilledTasks++;
        countReason(stage.killedTasksSummary, event.errorMessage);
      } else {
        stage.numFailedTasks++;
      }
      if (metrics !== undefined) {
        stage.executorRunTime += runTime;
        stage.inputRecords += metrics.recordsRead;
        stage.outputRecords += metrics.recordsWritten;
        stage.shuffleReadBytes += metrics.shuffleBytesRead;
        stage.shuffleWriteBytes += metrics.shuffleBytesWritten;
        stage.diskBytesSpilled += metrics.diskBytesSpilled ?? 0;
      }
      const task = stage.tasks.get(info.taskId);
      if (task !== undefined) {
        task.status = status;
        task.finishTime = event.finishTime;
        task.reason = reason;
        task.errorMessage = event.errorMessage;
        task.metrics = metrics;
      }
      updateExecutorStage(stage, info.executorId, status, metrics);
    }
    const job = this.jobs.get(info.jobId);
    if (job !== undefined) {
      job.numActiveTasks = Math.max(0, job.numActiveTasks - 1);
      if (status === 'SUCCESS') job.numCompletedTasks++;
      else if (status === 'KILLED') {
        job.numKilledTasks++;
        countReason(job.killedTasksSummary, event.errorMessage);
      } else job.numFailedTasks++;
      if (newIndex) job.numCompletedIndices++;
    }
    const executor = this.executors.get(info.executorId);
    if (executor !== undefined) {
      executor.activeTasks = Math.max(0, executor.activeTasks - 1);
      if (status === 'SUCCESS') executor.completedTasks++;
      else if (status === 'FAILED') executor.failedTasks++;
      executor.totalDuration += event.finishTime - info.launchTime;
      if (metrics !== undefined) {
        executor.totalInputRecords += metrics.recordsRead;
        executor.totalShuffleRead += metrics.shuffleBytesRead;
        executor.totalShuffleWrite += metrics.shuffleBytesWritten;
      }
    }
  }

  // ---- executors and storage --------------------------------------------------------

  private onExecutorRemoved(executorId: string, reason: string, time: number): void {
    const executor = this.executors.get(executorId);
    if (executor !== undefined) {
      executor.isActive = false;
      executor.removeTime = time;
      executor.removeReason = reason;
      executor.activeTasks = 0;
    }
    for (const rdd of this.storage.values()) {
      for (const [partition, holders] of rdd.blocks) {
        holders.delete(executorId);
        if (holders.size === 0) rdd.blocks.delete(partition);
      }
    }
  }

  private noteRdd(rdd: RddInfo): void {
    if (rdd.cached) {
      const existing = this.storage.get(rdd.id);
      if (existing === undefined) this.storage.set(rdd.id, { info: rdd, blocks: new Map() });
      else existing.info = rdd;
    }
    if (rdd.checkpointFile !== undefined && !this.rddCheckpoints.has(rdd.id)) {
      this.rddCheckpoints.set(rdd.id, { rddId: rdd.id, name: rdd.name, path: rdd.checkpointFile });
      trimMap(this.rddCheckpoints, RETAINED_RDD_CHECKPOINTS, () => true);
    }
  }

  private onBlockUpdated(executorId: string, blockIds: readonly string[]): void {
    for (const blockId of blockIds) {
      const match = /^rdd_(\d+)_(\d+)$/.exec(blockId);
      if (match === null) continue;
      const rdd = this.storage.get(Number(match[1]));
      // Blocks of an RDD no stage graph has shown yet (or one unpersisted since) are not shown.
      if (rdd === undefined) continue;
      const partition = Number(match[2]);
      let holders = rdd.blocks.get(partition);
      if (holders === undefined) {
        holders = new Set();
        rdd.blocks.set(partition, holders);
      }
      holders.add(executorId);
    }
  }

  // ---- streaming ---------------------------------------------------------------------

  /** A job an output operation submitted is listed under it (Spark's StreamingJobProgressListener.onJobStart). */
  private tieJobToOutputOperation(jobId: number, properties: Readonly<Record<string, string>>): void {
    const op = streamingOutputOpOf(properties);
    if (op === undefined) return;
    const batch = this.streaming?.batches.get(op.batchTime);
    if (batch === undefined) return;
    const jobIds = batch.outputOpJobIds.get(op.outputOpId);
    if (jobIds === undefined) batch.outputOpJobIds.set(op.outputOpId, [jobId]);
    else jobIds.push(jobId);
  }

  private onBatch(type: 'BatchSubmitted' | 'BatchStarted' | 'BatchCompleted', data: BatchData): void {
    const streaming = this.streaming;
    if (streaming === undefined) return;
    const existing = streaming.batches.get(data.batchTime);
    const status = type === 'BatchSubmitted' ? 'QUEUED' : type === 'BatchStarted' ? 'PROCESSING' : 'COMPLETED';
    if (existing === undefined) {
      streaming.batches.set(data.batchTime, { data, status, outputOpJobIds: new Map() });
      streaming.numReceivedRecords += data.numRecords;
      for (const [streamId, records] of Object.entries(data.streamIdToNumRecords)) {
        const receiver = streaming.receivers.get(Number(streamId));
        if (receiver === undefined) continue;
        receiver.recordsPerBatch.set(data.batchTime, records);
        trimMap(receiver.recordsPerBatch, this.limits.retainedBatches, () => true);
      }
    } else {
      // Output operations arrive on their own events; keep them unless this event has newer ones.
      const outputOperations = data.outputOperations.length >= existing.data.outputOperations.length ? data.outputOperations : existing.data.outputOperations;
      existing.data = { ...data, outputOperations };
      existing.status = status;
    }
    if (type === 'BatchCompleted') {
      streaming.numTotalCompletedBatches++;
      streaming.numProcessedRecords += data.numRecords;
    }
    trimMap(streaming.batches, this.limits.retainedBatches, (b) => b.status === 'COMPLETED');
  }
}

/** A number, not a string: building a string key for every task event would allocate one per event. */
export function stageKey(stageId: number, attemptId: number): number {
  return stageId * 65_536 + attemptId;
}

function newStage(info: StageInfo, status: StageRecord['status'], jobId: number | undefined): StageRecord {
  return {
    info,
    status,
    jobIds: jobId === undefined ? [] : [jobId],
    submissionTime: undefined,
    firstTaskLaunchedTime: undefined,
    completionTime: undefined,
    failureReason: undefined,
    numActiveTasks: 0,
    numCompleteTasks: 0,
    numFailedTasks: 0,
    numKilledTasks: 0,
    completedIndices: new Set(),
    executorRunTime: 0,
    inputRecords: 0,
    outputRecords: 0,
    shuffleReadBytes: 0,
    shuffleWriteBytes: 0,
    diskBytesSpilled: 0,
    rddInfos: [],
    tasks: new Map(),
    executorSummary: new Map(),
    killedTasksSummary: {},
  };
}

function newExecutor(id: string, host: string, cores: number, time: number): ExecutorRecord {
  return {
    id,
    host,
    cores,
    isActive: true,
    addTime: time,
    removeTime: undefined,
    removeReason: undefined,
    lastHeartbeat: undefined,
    activeTasks: 0,
    failedTasks: 0,
    completedTasks: 0,
    totalDuration: 0,
    totalInputRecords: 0,
    totalShuffleRead: 0,
    totalShuffleWrite: 0,
  };
}

function updateExecutorStage(stage: StageRecord, executorId: string, status: TaskRecord['status'], metrics: TaskRecord['metrics']): void {
  let summary: ExecutorStageRecord | undefined = stage.executorSummary.get(executorId);
  if (summary === undefined) {
    summary = { taskTime: 0, failedTasks: 0, succeededTasks: 0, killedTasks: 0, inputRecords: 0, outputRecords: 0, shuffleRead: 0, shuffleWrite: 0, diskBytesSpilled: 0 };
    stage.executorSummary.set(executorId, summary);
  }
  if (status === 'SUCCESS') summary.succeededTasks++;
  else if (status === 'KILLED') summary.killedTasks++;
  else summary.failedTasks++;
  if (metrics !== undefined) {
    summary.taskTime += metrics.executorRunTimeMs;
    summary.inputRecords += metrics.recordsRead;
    summary.outputRecords += metrics.recordsWritten;
    summary.shuffleRead += metrics.shuffleBytesRead;
    summary.shuffleWrite += metrics.shuffleBytesWritten;
    summary.diskBytesSpilled += metrics.diskBytesSpilled ?? 0;
  }
}

function countReason(summary: Record<string, number>, reason: string | undefined): void {
  const key = reason ?? 'killed';
  summary[key] = (summary[key] ?? 0) + 1;
}

function eventTime(event: UiEvent): number | undefined {
  return 'time' in event ? event.time : event.type === 'TaskEnd' ? event.finishTime : undefined;
}
