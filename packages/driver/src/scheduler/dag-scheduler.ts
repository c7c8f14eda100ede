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
 *
 * This file holds the loop, the public API and the job events; the handlers of each
 * other concern live in files of their own and share the state through a
 * DAGSchedulerCore: stage-submission.ts, task-completion.ts and stage-failure.ts.
 */
import { ErrorCode, KindlingError, type FunctionRef, type TaskMetrics } from '@kindling/common';
import { ActiveJob, type JobListener } from './active-job.js';
import type { AnyRdd, DAGSchedulerCore, DAGSchedulerOptions } from './dag-scheduler-core.js';
import type { DAGSchedulerEvent } from './dag-scheduler-event.js';
import { DAGSchedulerState } from './dag-scheduler-state.js';
import { EventLoop } from './event-loop.js';
import { FailedJobReaper } from './failed-job-reaper.js';
import { JobWaiter } from './job-waiter.js';
import { jobDescriptionOf } from './local-properties.js';
import { abortStage, asJobFailure, failJobAndIndependentStages, handleExecutorLost } from './stage-failure.js';
import { resubmitFailedStages, submitStage } from './stage-submission.js';
import { toStageInfo, type ResultStage } from './stage.js';
import { handleTaskCompletion } from './task-completion.js';
import type { TaskEndReason, TaskInfo, TaskSchedulerCallbacks } from './task-set.js';

export type { DAGSchedulerOptions, TaskEncoder } from './dag-scheduler-core.js';

export class DAGScheduler extends EventLoop<DAGSchedulerEvent> implements TaskSchedulerCallbacks {
  /** The state (named as in Spark; empty whenever no job is active) and collaborators every handler shares. */
  private readonly core: DAGSchedulerCore;
  private nextJobId = 0;

  constructor(options: DAGSchedulerOptions) {
    super('dag-scheduler', options.logger);
    this.core = {
      options,
      logger: options.logger,
      state: new DAGSchedulerState(options.mapOutputTracker),
      executorFailureEpoch: new Map(),
      maxConsecutiveStageAttempts: options.conf.getInt('kindling.stage.maxConsecutiveAttempts', 4),
      // Spark waits 200 ms before resubmitting, so that the fetch failures of one lost
      // executor, arriving from many reducers, cause one resubmission, not many.
      resubmitTimeoutMs: options.conf.getDurationMs('kindling.scheduler.resubmitTimeout', 200),
      resubmitTimer: undefined,
      failedJobReaper: new FailedJobReaper(options.conf.getDurationMs('kindling.scheduler.failedJobTaskWait', 5000), options.logger, (jobId) =>
        this.post({ type: 'FailedJobTaskWaitTimeout', jobId }),
      ),
      post: (event) => this.post(event),
    };
  }

  // ---- public API: post only ---------------------------------------------------

  /**
   * Submits a job running `func` on `partitions` of `rdd`. The waiter's promise
   * settles with the encoded results in `partitions` order. A job over no
   * partitions completes at once, without events (as Spark's does).
   */
  submitJob(rdd: AnyRdd, func: FunctionRef, partitions: readonly number[], properties: ReadonlyMap<string, string> = new Map()): JobWaiter {
    const jobId = this.nextJobId++;
    const waiter = new JobWaiter(jobId, partitions.length);
    if (partitions.length > 0) this.post({ type: 'JobSubmitted', jobId, rdd, func, partitions, listener: waiter, properties });
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
    return this.core.state.sizes();
  }

  // ---- the loop ----------------------------------------------------------------

  protected onReceive(event: DAGSchedulerEvent): void {
    const { core } = this;
    switch (event.type) {
      case 'JobSubmitted':
        this.handleJobSubmitted(event.jobId, event.rdd, event.func, event.partitions, event.listener, event.properties);
        break;
      case 'JobCancelled':
        this.handleJobCancelled(event.jobId, event.reason);
        break;
      case 'AllJobsCancelled':
        for (const jobId of [...core.state.jobIdToActiveJob.keys()]) this.handleJobCancelled(jobId, event.reason);
        break;
      case 'BeginEvent':
        core.failedJobReaper.taskStarted(event.taskInfo.taskId, event.taskInfo.stageId);
        core.options.listenerBus.post('onTaskStart', { taskInfo: event.taskInfo });
        break;
      case 'CompletionEvent':
        handleTaskCompletion(core, event.taskInfo, event.reason, event.metrics, event.epoch);
        core.failedJobReaper.taskEnded(event.taskInfo.taskId);
        break;
      case 'ExecutorAdded':
        core.executorFailureEpoch.delete(event.executorId);
        core.options.listenerBus.post('onExecutorAdded', { executorId: event.executorId, host: event.host, cores: event.cores, time: Date.now() });
        break;
      case 'ExecutorLost':
        handleExecutorLost(core, event.executorId, event.reason, undefined);
        core.options.listenerBus.post('onExecutorRemoved', { executorId: event.executorId, reason: event.reason, time: Date.now() });
        break;
      case 'TaskSetFailed': {
        const stage = core.state.stageIdToStage.get(event.stageId);
        if (stage !== undefined) abortStage(core, stage, event.message, event.cause);
        break;
      }
      case 'FailedJobTaskWaitTimeout':
        core.failedJobReaper.timedOut(event.jobId);
        break;
      case 'ResubmitFailedStages':
        resubmitFailedStages(core);
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
    for (const job of [...this.core.state.jobIdToActiveJob.values()]) {
      const failure = new KindlingError(ErrorCode.Internal, `Job ${job.jobId} failed: the DAG scheduler failed: ${cause.message}`, { cause });
      try {
        failJobAndIndependentStages(this.core, job, failure);
      } catch {
        this.core.state.jobIdToActiveJob.delete(job.jobId);
        job.listener.jobFailed(failure);
      }
    }
  }

  /**
   * Task attempts this scheduler has heard begin and not end. It returns to 0 once
   * nothing runs; the executor-loss tests check it does after a lost executor, since
   * a task whose end was never heard would stay counted for the life of a stream.
   */
  get runningTaskCount(): number {
    return this.core.failedJobReaper.runningTaskCount;
  }

  /** Fails every active job (the context is stopping) and stops the loop. */
  protected override onStop(): void {
    if (this.core.resubmitTimer !== undefined) clearTimeout(this.core.resubmitTimer);
    for (const job of [...this.core.state.jobIdToActiveJob.values()]) {
      failJobAndIndependentStages(this.core, job, new KindlingError(ErrorCode.Cancelled, `Job ${job.jobId} cancelled because the KindlingContext was stopped`));
    }
    // No task end will be handled any more: the failures held for them go out now.
    this.core.failedJobReaper.releaseAll();
  }

  // ---- jobs ----------------------------------------------------------------------

  private handleJobSubmitted(jobId: number, rdd: AnyRdd, func: FunctionRef, partitions: readonly number[], listener: JobListener, properties: ReadonlyMap<string, string>): void {
    const { core } = this;
    let finalStage: ResultStage;
    try {
      finalStage = core.state.createResultStage(rdd, func, partitions, jobId);
    } catch (error) {
      // Computing partitions or dependencies failed (a missing input file…): nothing runs.
      core.state.cleanupStagesOfJob(jobId);
      listener.jobFailed(asJobFailure(jobId, error));
      return;
    }
    const job = new ActiveJob(jobId, finalStage, partitions, listener, properties);
    core.state.jobIdToActiveJob.set(jobId, job);
    finalStage.activeJob = job;
    const stageIds = [...(core.state.jobIdToStageIds.get(jobId) ?? [])].sort((a, b) => a - b);
    this.logger.info({ jobId }, `Got job ${jobId} (${rdd.scope}) with ${partitions.length} output partitions; final stage ${finalStage}`);
    core.options.listenerBus.post('onJobStart', {
      jobId,
      time: Date.now(),
      stageInfos: stageIds.map((id) => toStageInfo(core.state.stageIdToStage.get(id)!)),
      ...(properties.size === 0 ? {} : { properties: Object.fromEntries(properties) }),
      ...(jobDescriptionOf(properties) === undefined ? {} : { description: jobDescriptionOf(properties) }),
    });
    try {
      submitStage(core, finalStage);
    } catch (error) {
      // Walking the lineage failed (a partitions or dependencies hook threw): this job
      // cannot run, but the scheduler's state is intact and other jobs go on.
      failJobAndIndependentStages(core, job, asJobFailure(jobId, error));
    }
  }

  private handleJobCancelled(jobId: number, reason: string): void {
    const job = this.core.state.jobIdToActiveJob.get(jobId);
    if (job === undefined) return;
    failJobAndIndependentStages(this.core, job, new KindlingError(ErrorCode.Cancelled, `Job ${jobId} cancelled: ${reason}`));
  }
}
