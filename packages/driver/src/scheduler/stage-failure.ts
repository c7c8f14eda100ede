/**
 * Failure and resubmission in the DAG scheduler (Spark's abortStage,
 * failJobAndIndependentStages, handleTaskCompletion's FetchFailed case and
 * removeExecutorAndUnregisterOutputs): failing the jobs that need a stage, forgetting
 * what no other job needs, and sending a map stage whose outputs are gone back to be
 * recomputed. Runs inside the scheduler's event loop (dag-scheduler-core.ts).
 */
import { JobFailedError, KindlingError } from '@kindling/common';
import type { ActiveJob } from './active-job.js';
import { markStageAsFinished, type DAGSchedulerCore } from './dag-scheduler-core.js';
import { stageDependsOn, type Stage } from './stage.js';
import type { TaskEndReason, TaskInfo } from './task-set.js';

/** Fails the jobs that depend on `failedStage` (Spark's abortStage). */
export function abortStage(core: DAGSchedulerCore, failedStage: Stage, message: string, cause: Error | undefined): void {
  if (!core.state.stageIdToStage.has(failedStage.id)) return;
  const dependentJobs = [...core.state.jobIdToActiveJob.values()]
    .filter((job) => stageDependsOn(job.finalStage, failedStage))
    .sort((a, b) => a.jobId - b.jobId);
  if (dependentJobs.length === 0) {
    core.logger.info({ stageId: failedStage.id }, `Ignoring failure of ${failedStage} because no active job needs it`);
    return;
  }
  for (const job of dependentJobs) {
    const options = cause === undefined ? { stageId: failedStage.id } : { stageId: failedStage.id, cause };
    failJobAndIndependentStages(core, job, new JobFailedError(`Job ${job.jobId} failed: ${message}`, options));
  }
}

/**
 * Fails a job: its own stages' running tasks are killed, its state forgotten, and
 * the failure reaches the caller once those tasks have ended (failed-job-reaper.ts),
 * so that a caller cleaning up after the failure does not race with them. The
 * listeners hear of the job's end at once, as in Spark.
 */
export function failJobAndIndependentStages(core: DAGSchedulerCore, job: ActiveJob, error: Error): void {
  core.logger.info({ jobId: job.jobId }, error.message);
  const ownStageIds = cancelRunningIndependentStages(core, job, error.message);
  cleanupStateForJobAndIndependentStages(core, job);
  core.failedJobReaper.hold(job.jobId, ownStageIds, () => job.listener.jobFailed(error));
  core.options.listenerBus.post('onJobEnd', { jobId: job.jobId, time: Date.now(), succeeded: false, error });
}

/** Kills the running tasks of stages that no other active job needs; returns those stages' ids. */
export function cancelRunningIndependentStages(core: DAGSchedulerCore, job: ActiveJob, reason: string): Set<number> {
  const ownStageIds = new Set<number>();
  for (const stageId of core.state.jobIdToStageIds.get(job.jobId) ?? []) {
    const stage = core.state.stageIdToStage.get(stageId);
    if (stage === undefined || stage.jobIds.size !== 1 || !stage.jobIds.has(job.jobId)) continue;
    ownStageIds.add(stageId);
    if (core.state.runningStages.has(stage)) {
      core.options.taskScheduler.cancelTasks(stageId, reason);
      markStageAsFinished(core, stage, reason);
    }
  }
  return ownStageIds;
}

/** Forgets the job, and every stage no other active job needs. */
export function cleanupStateForJobAndIndependentStages(core: DAGSchedulerCore, job: ActiveJob): void {
  core.state.cleanupStagesOfJob(job.jobId);
  core.state.jobIdToActiveJob.delete(job.jobId);
  if (job.finalStage.activeJob === job) job.finalStage.activeJob = undefined;
}

/**
 * A reducer could not read a map output: the map stage must recompute it. The
 * failing stage attempt is finished, both stages go to failedStages, and after a
 * short delay they are resubmitted — the map stage first, since the reduce stage
 * waits for it.
 */
export function handleFetchFailure(core: DAGSchedulerCore, failedStage: Stage, task: TaskInfo, reason: TaskEndReason & { kind: 'FetchFailed' }, epoch: number): void {
  if (failedStage.latestAttemptId !== task.stageAttemptId) {
    core.logger.info({ stageId: failedStage.id }, `Ignoring fetch failure from attempt ${task.stageAttemptId} of ${failedStage}: attempt ${failedStage.latestAttemptId} is running`);
    return;
  }
  const mapStage = core.state.shuffleIdToMapStage.get(reason.shuffleId);
  const message = `fetch failure in task ${task.partitionId} of ${failedStage} (shuffle ${reason.shuffleId}, map ${reason.mapId}, executor ${reason.executorId || 'unknown'}): ${reason.message}`;
  if (core.state.runningStages.has(failedStage)) {
    core.logger.warn({ stageId: failedStage.id, shuffleId: reason.shuffleId, executorId: reason.executorId }, `Marking ${failedStage} as failed: ${message}`);
    markStageAsFinished(core, failedStage, message);
  } else {
    // More reducers of the same attempt reporting the same loss.
    core.logger.info({ stageId: failedStage.id }, `Another ${message}`);
  }
  failedStage.failedAttemptIds.add(task.stageAttemptId);

  // Without an external shuffle service, one unreadable output means the executor's
  // shuffle files are gone: forget all of them (Spark does the same), the failed one
  // among them. Not the failed output alone as well: a second reducer of the same
  // attempt reporting the same loss after the map stage recomputed it would unregister
  // the new output and run the map stage a third time (CI saw it). handleExecutorLost's
  // epoch check already tells that stale report apart.
  if (reason.executorId !== '') handleExecutorLost(core, reason.executorId, 'fetch failure', epoch);

  if (mapStage === undefined) {
    abortStage(core, failedStage, message, undefined);
    return;
  }
  if (failedStage.failedAttemptIds.size >= core.maxConsecutiveStageAttempts) {
    abortStage(core, failedStage, `${failedStage} failed ${failedStage.failedAttemptIds.size} consecutive attempts; most recent: ${message}`, undefined);
    return;
  }
  if (core.state.failedStages.size === 0 && core.resubmitTimer === undefined) {
    // Not unref'd: while a job waits for its resubmission, this timer is what keeps
    // the process alive (a pending promise does not).
    core.resubmitTimer = setTimeout(() => core.post({ type: 'ResubmitFailedStages' }), core.resubmitTimeoutMs);
  }
  core.state.failedStages.add(failedStage);
  core.state.failedStages.add(mapStage);
}

/**
 * Forgets the map outputs (and cached blocks) of an executor whose files are gone,
 * once per failure epoch so that a burst of reports does not unregister outputs
 * recomputed in the meantime.
 */
export function handleExecutorLost(core: DAGSchedulerCore, executorId: string, reason: string, epoch: number | undefined): void {
  const currentEpoch = epoch ?? core.options.mapOutputTracker.getEpoch();
  const failedAt = core.executorFailureEpoch.get(executorId);
  if (failedAt !== undefined && failedAt >= currentEpoch) return;
  core.executorFailureEpoch.set(executorId, currentEpoch);
  const removed = core.options.mapOutputTracker.removeOutputsOnExecutor(executorId);
  core.options.blockManagerMaster.removeExecutor(executorId);
  core.logger.warn({ executorId }, `Executor ${executorId} lost (${reason}); unregistered ${removed} map outputs it held`);
}

/**
 * The error of a job that failed before any task ran. A KindlingError (a missing
 * input file…) is already the user's one clear line and keeps its type, so it can
 * be caught as such; anything else is wrapped.
 */
export function asJobFailure(jobId: number, error: unknown): Error {
  if (error instanceof KindlingError) return error;
  const message = error instanceof Error ? error.message : String(error);
  return new JobFailedError(`Job ${jobId} failed: ${message}`, { cause: error });
}
