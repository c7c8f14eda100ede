/**
 * The DAG scheduler (Spark's DAGScheduler): turns an action on an RDD into a job,
 * cuts the job's lineage into stages at shuffle dependencies, submits each stage's
 * missing tasks to the TaskScheduler once its parent stages' outputs exist, and
 * reacts to task completions, fetch failures and lost executors.
 *
 * It is a single-threaded event loop (STYLE.md §4): public methods only post a
 * DAGSchedulerEvent, and `onReceive` handles one event at a time, synchronously,
 * so the state below never sees two handlers interleave.
 *
 * What survives a job: nothing in this class. When the last job that needs a stage
 * ends, the stage leaves stageIdToStage and shuffleIdToMapStage, exactly as in
 * Spark. Shuffle reuse does not depend on keeping stages: the map outputs stay
 * registered in the MapOutputTracker (until the shuffle is removed), so the next job
 * creates a new ShuffleMapStage for the same shuffle id, finds it `isAvailable`,
 * and skips it (Spark's "skipped stage").
 */
import {
  ErrorCode,
  JobFailedError,
  KindlingError,
  ShuffleDependency,
  type FunctionRef,
  type KindlingConf,
  type Logger,
  type RDD,
  type TaskMetrics,
} from '@kindling/common';
import { ActiveJob, type JobListener } from './active-job.js';
import type { BlockManagerMaster } from './block-manager-master.js';
import type { DAGSchedulerEvent } from './dag-scheduler-event.js';
import { DAGSchedulerState } from './dag-scheduler-state.js';
import { EventLoop } from './event-loop.js';
import { JobWaiter } from './job-waiter.js';
import type { ListenerBus } from './kindling-listener.js';
import { getPreferredLocs } from './lineage.js';
import type { MapOutputTracker } from './map-output-tracker.js';
import { stageRddInfos } from './stage-rdd-infos.js';
import { stageDependsOn, toStageInfo, type ResultStage, type ShuffleMapStage, type Stage } from './stage.js';
import type { TaskScheduler } from './task-scheduler.js';
import type { TaskEndReason, TaskInfo, TaskSchedulerCallbacks, TaskSpec } from './task-set.js';

type AnyRdd = RDD<unknown>;
type AnyShuffleDependency = ShuffleDependency<unknown, unknown, unknown>;

/** Serializes a stage into the one payload all its tasks share (the engine's encoders). */
export interface TaskEncoder {
  encodeResultTask(rdd: AnyRdd, func: FunctionRef): Uint8Array;
  encodeShuffleMapTask(dependency: AnyShuffleDependency): Uint8Array;
}

export interface DAGSchedulerOptions {
  readonly appId: string;
  readonly conf: KindlingConf;
  readonly logger: Logger;
  readonly taskScheduler: TaskScheduler;
  readonly mapOutputTracker: MapOutputTracker;
  readonly blockManagerMaster: BlockManagerMaster;
  readonly listenerBus: ListenerBus;
  readonly taskEncoder: TaskEncoder;
  /** sha256 of the job bundle tasks resolve functions against; '' without a bundle. */
  readonly bundleSha256: string;
}

export class DAGScheduler extends EventLoop<DAGSchedulerEvent> implements TaskSchedulerCallbacks {
  // ---- state, named as in Spark; empty whenever no job is active ---------------
  /** jobIdToStageIds, stageIdToStage, waitingStages, runningStages… (Spark's names), and stage creation. */
  private readonly state: DAGSchedulerState;
  /** Executor id → map output epoch at which it was lost; outputs it reports from earlier tasks are ignored. */
  private readonly executorFailureEpoch = new Map<string, number>();

  private nextJobId = 0;
  private resubmitTimer: NodeJS.Timeout | undefined;
  private readonly maxConsecutiveStageAttempts: number;
  private readonly resubmitTimeoutMs: number;
  private readonly options: DAGSchedulerOptions;

  constructor(options: DAGSchedulerOptions) {
    super('dag-scheduler', options.logger);
    this.options = options;
    this.state = new DAGSchedulerState(options.mapOutputTracker);
    this.maxConsecutiveStageAttempts = options.conf.getInt('kindling.stage.maxConsecutiveAttempts', 4);
    // Spark waits 200 ms before resubmitting, so that the fetch failures of one lost
    // executor, arriving from many reducers, cause one resubmission, not many.
    this.resubmitTimeoutMs = options.conf.getDurationMs('kindling.scheduler.resubmitTimeout', 200);
  }

  // ---- public API: post only ---------------------------------------------------

  /**
   * Submits a job running `func` on `partitions` of `rdd`. The waiter's promise
   * settles with the encoded results in `partitions` order. A job over no
   * partitions completes at once, without events (as Spark's does).
   */
  submitJob(rdd: AnyRdd, func: FunctionRef, partitions: readonly number[]): JobWaiter {
    const jobId = this.nextJobId++;
    const waiter = new JobWaiter(jobId, partitions.length);
    if (partitions.length > 0) this.post({ type: 'JobSubmitted', jobId, rdd, func, partitions, listener: waiter });
    return waiter;
  }

  cancelJob(jobId: number, reason: string): void {
    this.post({ type: 'JobCancelled', jobId, reason });
  }

  cancelAllJobs(reason: string): void {
    this.post({ type: 'AllJobsCancelled', reason });
  }

  taskStarted(taskInfo: TaskInfo): void {
    this.post({ type: 'BeginEvent', taskInfo });
  }

  taskEnded(taskInfo: TaskInfo, reason: TaskEndReason, metrics: TaskMetrics | undefined, epoch: number): void {
    this.post({ type: 'CompletionEvent', taskInfo, reason, metrics, epoch });
  }

  taskSetFailed(stageId: number, stageAttemptId: number, message: string, cause: Error | undefined): void {
    this.post({ type: 'TaskSetFailed', stageId, stageAttemptId, message, cause });
  }

  executorAdded(executorId: string, host: string, cores = 0): void {
    this.post({ type: 'ExecutorAdded', executorId, host, cores });
  }

  executorLost(executorId: string, reason: string): void {
    this.post({ type: 'ExecutorLost', executorId, reason });
  }

  /** Sizes of the scheduler's state; every entry is 0 when no job is active (asserted by tests). */
  stateSizes(): Record<string, number> {
    return this.state.sizes();
  }

  // ---- the loop ----------------------------------------------------------------

  protected onReceive(event: DAGSchedulerEvent): void {
    switch (event.type) {
      case 'JobSubmitted':
        this.handleJobSubmitted(event.jobId, event.rdd, event.func, event.partitions, event.listener);
        break;
      case 'JobCancelled':
        this.handleJobCancelled(event.jobId, event.reason);
        break;
      case 'AllJobsCancelled':
        for (const jobId of [...this.state.jobIdToActiveJob.keys()]) this.handleJobCancelled(jobId, event.reason);
        break;
      case 'BeginEvent':
        this.options.listenerBus.post('onTaskStart', { taskInfo: event.taskInfo });
        break;
      case 'CompletionEvent':
        this.handleTaskCompletion(event.taskInfo, event.reason, event.metrics, event.epoch);
        break;
      case 'ExecutorAdded':
        this.executorFailureEpoch.delete(event.executorId);
        this.options.listenerBus.post('onExecutorAdded', { executorId: event.executorId, host: event.host, cores: event.cores, time: Date.now() });
        break;
      case 'ExecutorLost':
        this.handleExecutorLost(event.executorId, event.reason, undefined);
        this.options.listenerBus.post('onExecutorRemoved', { executorId: event.executorId, reason: event.reason, time: Date.now() });
        break;
      case 'TaskSetFailed': {
        const stage = this.state.stageIdToStage.get(event.stageId);
        if (stage !== undefined) this.abortStage(stage, event.message, event.cause);
        break;
      }
      case 'ResubmitFailedStages':
        this.resubmitFailedStages();
        break;
      default: {
        const unexpected: never = event;
        throw new Error(`unknown DAG scheduler event ${JSON.stringify(unexpected)}`);
      }
    }
  }

  /** A handler threw: the state can no longer be trusted, so every active job fails with the error. */
  protected onError(error: unknown, event: DAGSchedulerEvent): void {
    this.logger.error({ err: error, event: event.type }, 'DAG scheduler event handler failed; failing all active jobs');
    const cause = error instanceof Error ? error : new Error(String(error));
    for (const job of [...this.state.jobIdToActiveJob.values()]) {
      const failure = new KindlingError(ErrorCode.Internal, `Job ${job.jobId} failed: the DAG scheduler failed: ${cause.message}`, { cause });
      try {
        this.failJobAndIndependentStages(job, failure);
      } catch {
        this.state.jobIdToActiveJob.delete(job.jobId);
        job.listener.jobFailed(failure);
      }
    }
  }

  /** Fails every active job (the context is stopping) and stops the loop. */
  protected override onStop(): void {
    if (this.resubmitTimer !== undefined) clearTimeout(this.resubmitTimer);
    for (const job of [...this.state.jobIdToActiveJob.values()]) {
      this.failJobAndIndependentStages(
        job,
        new KindlingError(ErrorCode.Cancelled, `Job ${job.jobId} cancelled because the KindlingContext was stopped`),
      );
    }
  }

  // ---- jobs ----------------------------------------------------------------------

  private handleJobSubmitted(jobId: number, rdd: AnyRdd, func: FunctionRef, partitions: readonly number[], listener: JobListener): void {
    let finalStage: ResultStage;
    try {
      finalStage = this.state.createResultStage(rdd, func, partitions, jobId);
    } catch (error) {
      // Computing partitions or dependencies failed (a missing input file…): nothing runs.
      this.state.cleanupStagesOfJob(jobId);
      listener.jobFailed(asJobFailure(jobId, error));
      return;
    }
    const job = new ActiveJob(jobId, finalStage, partitions, listener);
    this.state.jobIdToActiveJob.set(jobId, job);
    finalStage.activeJob = job;
    const stageIds = [...(this.state.jobIdToStageIds.get(jobId) ?? [])].sort((a, b) => a - b);
    this.logger.info({ jobId }, `Got job ${jobId} (${rdd.scope}) with ${partitions.length} output partitions; final stage ${finalStage}`);
    this.options.listenerBus.post('onJobStart', {
      jobId,
      time: Date.now(),
      stageInfos: stageIds.map((id) => toStageInfo(this.state.stageIdToStage.get(id)!)),
    });
    try {
      this.submitStage(finalStage);
    } catch (error) {
      // Walking the lineage failed (a partitions or dependencies hook threw): this job
      // cannot run, but the scheduler's state is intact and other jobs go on.
      this.failJobAndIndependentStages(job, asJobFailure(jobId, error));
    }
  }

  private handleJobCancelled(jobId: number, reason: string): void {
    const job = this.state.jobIdToActiveJob.get(jobId);
    if (job === undefined) return;
    this.failJobAndIndependentStages(job, new KindlingError(ErrorCode.Cancelled, `Job ${jobId} cancelled: ${reason}`));
  }

  /** Fails the jobs that depend on `failedStage` (Spark's abortStage). */
  private abortStage(failedStage: Stage, message: string, cause: Error | undefined): void {
    if (!this.state.stageIdToStage.has(failedStage.id)) return;
    const dependentJobs = [...this.state.jobIdToActiveJob.values()]
      .filter((job) => stageDependsOn(job.finalStage, failedStage))
      .sort((a, b) => a.jobId - b.jobId);
    if (dependentJobs.length === 0) {
      this.logger.info({ stageId: failedStage.id }, `Ignoring failure of ${failedStage} because no active job needs it`);
      return;
    }
    for (const job of dependentJobs) {
      const options = cause === undefined ? { stageId: failedStage.id } : { stageId: failedStage.id, cause };
      this.failJobAndIndependentStages(job, new JobFailedError(`Job ${job.jobId} failed: ${message}`, options));
    }
  }

  private failJobAndIndependentStages(job: ActiveJob, error: Error): void {
    this.logger.info({ jobId: job.jobId }, error.message);
    this.cancelRunningIndependentStages(job, error.message);
    this.cleanupStateForJobAndIndependentStages(job);
    job.listener.jobFailed(error);
    this.options.listenerBus.post('onJobEnd', { jobId: job.jobId, time: Date.now(), succeeded: false, error });
  }

  /** Kills the running tasks of stages that no other active job needs. */
  private cancelRunningIndependentStages(job: ActiveJob, reason: string): void {
    for (const stageId of this.state.jobIdToStageIds.get(job.jobId) ?? []) {
      const stage = this.state.stageIdToStage.get(stageId);
      if (stage === undefined || stage.jobIds.size !== 1 || !stage.jobIds.has(job.jobId)) continue;
      if (this.state.runningStages.has(stage)) {
        this.options.taskScheduler.cancelTasks(stageId, reason);
        this.markStageAsFinished(stage, reason);
      }
    }
  }

  /** Forgets the job, and every stage no other active job needs. */
  private cleanupStateForJobAndIndependentStages(job: ActiveJob): void {
    this.state.cleanupStagesOfJob(job.jobId);
    this.state.jobIdToActiveJob.delete(job.jobId);
    if (job.finalStage.activeJob === job) job.finalStage.activeJob = undefined;
  }

  // ---- stage submission ------------------------------------------------------------

  /**
   * Submits `root` if its parents' outputs exist, else submits the missing parents
   * first and parks `root` in waitingStages. Iterative, for long chains of stages.
   */
  private submitStage(root: Stage): void {
    const waitingForVisit: Stage[] = [root];
    while (waitingForVisit.length > 0) {
      const stage = waitingForVisit.pop()!;
      const jobId = this.state.activeJobForStage(stage);
      if (jobId === undefined) {
        this.abortStage(stage, `no active job for ${stage}`, undefined);
        continue;
      }
      if (this.state.waitingStages.has(stage) || this.state.runningStages.has(stage) || this.state.failedStages.has(stage)) continue;
      const missing = this.getMissingParentStages(stage).sort((a, b) => b.id - a.id);
      if (missing.length === 0) {
        this.submitMissingTasks(stage, jobId);
      } else {
        this.state.waitingStages.add(stage);
        // Sorted descending: the lowest stage id is popped, and so submitted, first.
        waitingForVisit.push(...missing);
      }
    }
  }

  /**
   * The parent map stages whose outputs are not all available. An RDD whose
   * partitions are all cached needs none of its own parents, so the walk stops there.
   */
  private getMissingParentStages(stage: Stage): ShuffleMapStage[] {
    const missing = new Set<ShuffleMapStage>();
    const visited = new Set<AnyRdd>();
    const waitingForVisit: AnyRdd[] = [stage.rdd];
    while (waitingForVisit.length > 0) {
      const rdd = waitingForVisit.pop()!;
      if (visited.has(rdd)) continue;
      visited.add(rdd);
      if (!this.hasUncachedPartitions(rdd)) continue;
      for (const dep of rdd.dependencies) {
        if (dep instanceof ShuffleDependency) {
          const mapStage = this.state.getOrCreateShuffleMapStage(dep as AnyShuffleDependency, stage.firstJobId);
          if (!mapStage.isAvailable) missing.add(mapStage);
        } else {
          waitingForVisit.push(dep.rdd as AnyRdd);
        }
      }
    }
    return [...missing];
  }

  private submitMissingTasks(stage: Stage, jobId: number): void {
    stage.pendingPartitions.clear();
    const partitionsToCompute = stage.findMissingPartitions();
    this.state.runningStages.add(stage);
    const stageAttemptId = stage.makeNewStageAttempt();
    let tasks: TaskSpec[];
    let payload: Uint8Array;
    try {
      const cacheLocations = (rdd: AnyRdd, p: number): readonly string[] => this.cacheLocations(rdd, p);
      tasks = partitionsToCompute.map((partitionId) => ({ partitionId, preferredLocations: getPreferredLocs(stage.rdd, partitionId, cacheLocations) }));
      payload =
        stage.kind === 'ShuffleMapStage'
          ? this.options.taskEncoder.encodeShuffleMapTask(stage.shuffleDep)
          : this.options.taskEncoder.encodeResultTask(stage.rdd, stage.func);
    } catch (error) {
      this.state.runningStages.delete(stage);
      const cause = error instanceof Error ? error : new Error(String(error));
      this.abortStage(stage, `${stage} cannot be serialized for its tasks: ${cause.message}`, cause);
      return;
    }
    stage.numTasksInAttempt = tasks.length;
    this.options.listenerBus.post('onStageSubmitted', { stageInfo: toStageInfo(stage), rddInfos: stageRddInfos(stage.rdd) });
    if (tasks.length === 0) {
      // Every output appeared in the meantime (another job computed them).
      this.markStageAsFinished(stage, undefined);
      this.submitWaitingChildStages(stage);
      return;
    }
    for (const p of partitionsToCompute) stage.pendingPartitions.add(p);
    this.logger.info(
      { jobId, stageId: stage.id },
      `Submitting ${tasks.length} missing tasks from ${stage} (first 15 tasks are for partitions ${partitionsToCompute.slice(0, 15).join(', ')})`,
    );
    this.options.taskScheduler.submitTasks({
      stageId: stage.id,
      stageAttemptId,
      jobId,
      stageKind: stage.kind,
      appId: this.options.appId,
      bundleSha256: this.options.bundleSha256,
      payload,
      tasks,
      epoch: this.options.mapOutputTracker.getEpoch(),
    });
  }

  private submitWaitingChildStages(parent: Stage): void {
    const children = [...this.state.waitingStages].filter((s) => s.parents.includes(parent as ShuffleMapStage));
    children.sort((a, b) => a.firstJobId - b.firstJobId);
    for (const child of children) this.state.waitingStages.delete(child);
    for (const child of children) this.submitStage(child);
  }

  private markStageAsFinished(stage: Stage, errorMessage: string | undefined): void {
    if (errorMessage === undefined) stage.clearFailures();
    const info = toStageInfo(stage);
    this.options.listenerBus.post('onStageCompleted', {
      stageInfo: errorMessage === undefined ? info : { ...info, failureReason: errorMessage },
    });
    this.state.runningStages.delete(stage);
  }

  private resubmitFailedStages(): void {
    this.resubmitTimer = undefined;
    if (this.state.failedStages.size === 0) return;
    const failed = [...this.state.failedStages].sort((a, b) => a.firstJobId - b.firstJobId || a.id - b.id);
    this.logger.warn(`Resubmitting failed stages: ${failed.map((s) => s.toString()).join(', ')}`);
    this.state.failedStages.clear();
    for (const stage of failed) this.submitStage(stage);
  }

  // ---- task completion ---------------------------------------------------------------

  private handleTaskCompletion(task: TaskInfo, reason: TaskEndReason, metrics: TaskMetrics | undefined, epoch: number): void {
    this.postTaskEnd(task, reason, metrics);
    const stage = this.state.stageIdToStage.get(task.stageId);
    // The stage's jobs have all ended (finished, failed or cancelled): nothing to update.
    if (stage === undefined) return;
    switch (reason.kind) {
      case 'Success':
        if (stage.kind === 'ResultStage') this.handleResultTaskSuccess(stage, task, reason.result);
        else this.handleShuffleMapTaskSuccess(stage, task, reason, epoch);
        break;
      case 'Resubmitted':
        this.logger.info({ stageId: stage.id, partitionId: task.partitionId }, `Resubmitted task ${task.partitionId} of ${stage}: its map output was lost`);
        if (stage.kind === 'ShuffleMapStage') stage.pendingPartitions.add(task.partitionId);
        break;
      case 'FetchFailed':
        this.handleFetchFailure(stage, task, reason, epoch);
        break;
      case 'ExceptionFailure':
      case 'ExecutorLostFailure':
      case 'TaskKilled':
        // The TaskSetManager retries these (or aborts the task set); nothing to do here.
        break;
      default: {
        const unexpected: never = reason;
        throw new Error(`unknown task end reason ${JSON.stringify(unexpected)}`);
      }
    }
  }

  private handleResultTaskSuccess(stage: ResultStage, task: TaskInfo, result: Uint8Array): void {
    const job = stage.activeJob;
    if (job === undefined) {
      this.logger.debug({ stageId: stage.id, taskId: task.taskId }, 'ignoring a result whose job has finished');
      return;
    }
    const outputId = job.outputIdOf(task.partitionId);
    if (outputId === undefined || job.finished[outputId]) return;
    job.finished[outputId] = true;
    job.numFinished++;
    stage.pendingPartitions.delete(task.partitionId);
    job.listener.taskSucceeded(outputId, result);
    if (job.numFinished === job.numPartitions) {
      this.markStageAsFinished(stage, undefined);
      this.cancelRunningIndependentStages(job, `Job ${job.jobId} finished`);
      this.cleanupStateForJobAndIndependentStages(job);
      this.logger.info({ jobId: job.jobId }, `Job ${job.jobId} finished: ${stage}`);
      this.options.listenerBus.post('onJobEnd', { jobId: job.jobId, time: Date.now(), succeeded: true });
    }
  }

  private handleShuffleMapTaskSuccess(
    stage: ShuffleMapStage,
    task: TaskInfo,
    reason: TaskEndReason & { kind: 'Success' },
    epoch: number,
  ): void {
    stage.pendingPartitions.delete(task.partitionId);
    const failedEpoch = this.executorFailureEpoch.get(task.executorId);
    if (reason.mapStatus === undefined) {
      this.logger.error({ stageId: stage.id, taskId: task.taskId }, 'a map task succeeded without a map status; its partition will be recomputed');
    } else if (failedEpoch !== undefined && epoch <= failedEpoch) {
      this.logger.info({ executorId: task.executorId, taskId: task.taskId }, `Ignoring possibly bogus map output of task ${task.taskId} from lost executor ${task.executorId}`);
    } else {
      this.options.mapOutputTracker.registerMapOutput(stage.shuffleId, task.partitionId, reason.mapStatus);
    }
    if (!this.state.runningStages.has(stage) || stage.pendingPartitions.size > 0) return;
    this.markStageAsFinished(stage, undefined);
    // Executors re-read map statuses when the epoch moves on.
    this.options.mapOutputTracker.incrementEpoch();
    if (!stage.isAvailable) {
      this.logger.warn(
        { stageId: stage.id },
        `Resubmitting ${stage} because some of its outputs were lost: partitions ${stage.findMissingPartitions().join(', ')}`,
      );
      this.submitStage(stage);
    } else {
      this.submitWaitingChildStages(stage);
    }
  }

  /**
   * A reducer could not read a map output: the map stage must recompute it. The
   * failing stage attempt is finished, both stages go to failedStages, and after a
   * short delay they are resubmitted — the map stage first, since the reduce stage
   * waits for it.
   */
  private handleFetchFailure(failedStage: Stage, task: TaskInfo, reason: TaskEndReason & { kind: 'FetchFailed' }, epoch: number): void {
    if (failedStage.latestAttemptId !== task.stageAttemptId) {
      this.logger.info({ stageId: failedStage.id }, `Ignoring fetch failure from attempt ${task.stageAttemptId} of ${failedStage}: attempt ${failedStage.latestAttemptId} is running`);
      return;
    }
    const mapStage = this.state.shuffleIdToMapStage.get(reason.shuffleId);
    const message = `fetch failure in task ${task.partitionId} of ${failedStage} (shuffle ${reason.shuffleId}, map ${reason.mapId}, executor ${reason.executorId || 'unknown'}): ${reason.message}`;
    if (this.state.runningStages.has(failedStage)) {
      this.logger.warn({ stageId: failedStage.id, shuffleId: reason.shuffleId, executorId: reason.executorId }, `Marking ${failedStage} as failed: ${message}`);
      this.markStageAsFinished(failedStage, message);
    } else {
      // More reducers of the same attempt reporting the same loss.
      this.logger.info({ stageId: failedStage.id }, `Another ${message}`);
    }
    failedStage.failedAttemptIds.add(task.stageAttemptId);

    // Without an external shuffle service, one unreadable output means the executor's
    // shuffle files are gone: forget all of them (Spark does the same).
    if (reason.executorId !== '') this.handleExecutorLost(reason.executorId, 'fetch failure', epoch);
    if (reason.mapId >= 0 && reason.executorId !== '') {
      this.options.mapOutputTracker.unregisterMapOutput(reason.shuffleId, reason.mapId, reason.executorId);
    }

    if (mapStage === undefined) {
      this.abortStage(failedStage, message, undefined);
      return;
    }
    if (failedStage.failedAttemptIds.size >= this.maxConsecutiveStageAttempts) {
      this.abortStage(failedStage, `${failedStage} failed ${failedStage.failedAttemptIds.size} consecutive attempts; most recent: ${message}`, undefined);
      return;
    }
    if (this.state.failedStages.size === 0 && this.resubmitTimer === undefined) {
      // Not unref'd: while a job waits for its resubmission, this timer is what keeps
      // the process alive (a pending promise does not).
      this.resubmitTimer = setTimeout(() => this.post({ type: 'ResubmitFailedStages' }), this.resubmitTimeoutMs);
    }
    this.state.failedStages.add(failedStage);
    this.state.failedStages.add(mapStage);
  }

  /**
   * Forgets the map outputs (and cached blocks) of an executor whose files are gone,
   * once per failure epoch so that a burst of reports does not unregister outputs
   * recomputed in the meantime.
   */
  private handleExecutorLost(executorId: string, reason: string, epoch: number | undefined): void {
    const currentEpoch = epoch ?? this.options.mapOutputTracker.getEpoch();
    const failedAt = this.executorFailureEpoch.get(executorId);
    if (failedAt !== undefined && failedAt >= currentEpoch) return;
    this.executorFailureEpoch.set(executorId, currentEpoch);
    const removed = this.options.mapOutputTracker.removeOutputsOnExecutor(executorId);
    this.options.blockManagerMaster.removeExecutor(executorId);
    this.logger.warn({ executorId }, `Executor ${executorId} lost (${reason}); unregistered ${removed} map outputs it held`);
  }

  // ---- helpers ---------------------------------------------------------------------

  private hasUncachedPartitions(rdd: AnyRdd): boolean {
    if (!rdd.storageLevel.isValid) return true;
    const n = rdd.partitions.length;
    for (let p = 0; p < n; p++) if (this.options.blockManagerMaster.getLocations(rdd.id, p).length === 0) return true;
    return false;
  }

  private cacheLocations(rdd: AnyRdd, partition: number): readonly string[] {
    return rdd.storageLevel.isValid ? this.options.blockManagerMaster.getLocations(rdd.id, partition) : [];
  }


  private postTaskEnd(task: TaskInfo, reason: TaskEndReason, metrics: TaskMetrics | undefined): void {
    const errorMessage =
      reason.kind === 'ExceptionFailure'
        ? reason.failure.message
        : reason.kind === 'FetchFailed'
          ? reason.message
          : reason.kind === 'TaskKilled' || reason.kind === 'ExecutorLostFailure'
            ? reason.reason
            : undefined;
    this.options.listenerBus.post('onTaskEnd', {
      taskInfo: task,
      reason: reason.kind,
      finishTime: Date.now(),
      ...(errorMessage === undefined ? {} : { errorMessage }),
      ...(metrics === undefined ? {} : { metrics }),
    });
    // Spark's SparkListenerBlockUpdated: the UI's Storage page counts cached blocks from these.
    if (reason.kind === 'Success' && reason.updatedBlocks.length > 0) {
      this.options.listenerBus.post('onBlockUpdated', { executorId: task.executorId, blockIds: reason.updatedBlocks });
    }
  }
}


/**
 * The error of a job that failed before any task ran. A KindlingError (a missing
 * input file…) is already the user's one clear line and keeps its type, so it can
 * be caught as such; anything else is wrapped.
 */
function asJobFailure(jobId: number, error: unknown): Error {
  if (error instanceof KindlingError) return error;
  const message = error instanceof Error ? error.message : String(error);
  return new JobFailedError(`Job ${jobId} failed: ${message}`, { cause: error });
}
