/**
 * Task completion in the DAG scheduler (Spark's handleTaskCompletion): a result
 * task's output goes to its job, a map task's status to the MapOutputTracker, and a
 * stage whose tasks are all done finishes and lets its waiting children run. Fetch
 * failures go to stage-failure.ts. Runs inside the scheduler's event loop
 * (dag-scheduler-core.ts).
 */
import { AccumulatorContext, type AccumulatorUpdate, type TaskMetrics } from '@kindling/common';
import { markStageAsFinished, type DAGSchedulerCore } from './dag-scheduler-core.js';
import { cancelRunningIndependentStages, cleanupStateForJobAndIndependentStages, handleFetchFailure } from './stage-failure.js';
import { submitStage, submitWaitingChildStages } from './stage-submission.js';
import type { ResultStage, ShuffleMapStage } from './stage.js';
import type { TaskEndReason, TaskInfo } from './task-set.js';

export function handleTaskCompletion(core: DAGSchedulerCore, task: TaskInfo, reason: TaskEndReason, metrics: TaskMetrics | undefined, epoch: number): void {
  postTaskEnd(core, task, reason, metrics);
  const stage = core.state.stageIdToStage.get(task.stageId);
  // The stage's jobs have all ended (finished, failed or cancelled): nothing to update.
  if (stage === undefined) return;
  switch (reason.kind) {
    case 'Success':
      if (stage.kind === 'ResultStage') {
        handleResultTaskSuccess(core, stage, task, reason.result, reason.accumUpdates);
      } else {
        // A map task's updates count at every success, as in Spark: a resubmitted or
        // speculated map task adds again (updates in transformations may count twice).
        updateAccumulators(core, task, reason.accumUpdates);
        handleShuffleMapTaskSuccess(core, stage, task, reason, epoch);
      }
      break;
    case 'Resubmitted':
      core.logger.info({ stageId: stage.id, partitionId: task.partitionId }, `Resubmitted task ${task.partitionId} of ${stage}: its map output was lost`);
      if (stage.kind === 'ShuffleMapStage') stage.pendingPartitions.add(task.partitionId);
      break;
    case 'FetchFailed':
      handleFetchFailure(core, stage, task, reason, epoch);
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

/**
 * Merges a task's accumulator updates into the driver's accumulators (Spark's
 * updateAccumulators). Called for a result task only when it is the first success
 * of its partition: that is what makes updates in actions count exactly once.
 */
function updateAccumulators(core: DAGSchedulerCore, task: TaskInfo, updates: readonly AccumulatorUpdate[]): void {
  if (updates.length === 0) return;
  const unknown = AccumulatorContext.merge(updates);
  if (unknown > 0) core.logger.debug({ taskId: task.taskId, unknown }, 'ignored updates of accumulators this driver no longer holds');
}

function handleResultTaskSuccess(core: DAGSchedulerCore, stage: ResultStage, task: TaskInfo, result: Uint8Array, accumUpdates: readonly AccumulatorUpdate[]): void {
  const job = stage.activeJob;
  if (job === undefined) {
    core.logger.debug({ stageId: stage.id, taskId: task.taskId }, 'ignoring a result whose job has finished');
    return;
  }
  const outputId = job.outputIdOf(task.partitionId);
  if (outputId === undefined || job.finished[outputId]) return;
  updateAccumulators(core, task, accumUpdates);
  job.finished[outputId] = true;
  job.numFinished++;
  stage.pendingPartitions.delete(task.partitionId);
  job.listener.taskSucceeded(outputId, result);
  if (job.numFinished === job.numPartitions) {
    markStageAsFinished(core, stage, undefined);
    cancelRunningIndependentStages(core, job, `Job ${job.jobId} finished`);
    cleanupStateForJobAndIndependentStages(core, job);
    core.logger.info({ jobId: job.jobId }, `Job ${job.jobId} finished: ${stage}`);
    core.options.listenerBus.post('onJobEnd', { jobId: job.jobId, time: Date.now(), succeeded: true });
  }
}

function handleShuffleMapTaskSuccess(core: DAGSchedulerCore, stage: ShuffleMapStage, task: TaskInfo, reason: TaskEndReason & { kind: 'Success' }, epoch: number): void {
  stage.pendingPartitions.delete(task.partitionId);
  const failedEpoch = core.executorFailureEpoch.get(task.executorId);
  if (reason.mapStatus === undefined) {
    core.logger.error({ stageId: stage.id, taskId: task.taskId }, 'a map task succeeded without a map status; its partition will be recomputed');
  } else if (failedEpoch !== undefined && epoch <= failedEpoch) {
    core.logger.info({ executorId: task.executorId, taskId: task.taskId }, `Ignoring possibly bogus map output of task ${task.taskId} from lost executor ${task.executorId}`);
  } else {
    core.options.mapOutputTracker.registerMapOutput(stage.shuffleId, task.partitionId, reason.mapStatus);
  }
  if (!core.state.runningStages.has(stage) || stage.pendingPartitions.size > 0) return;
  markStageAsFinished(core, stage, undefined);
  // Executors re-read map statuses when the epoch moves on.
  core.options.mapOutputTracker.incrementEpoch();
  if (!stage.isAvailable) {
    core.logger.warn({ stageId: stage.id }, `Resubmitting ${stage} because some of its outputs were lost: partitions ${stage.findMissingPartitions().join(', ')}`);
    submitStage(core, stage);
  } else {
    submitWaitingChildStages(core, stage);
  }
}

function postTaskEnd(core: DAGSchedulerCore, task: TaskInfo, reason: TaskEndReason, metrics: TaskMetrics | undefined): void {
  const errorMessage =
    reason.kind === 'ExceptionFailure'
      ? reason.failure.message
      : reason.kind === 'FetchFailed'
        ? reason.message
        : reason.kind === 'TaskKilled' || reason.kind === 'ExecutorLostFailure'
          ? reason.reason
          : undefined;
  core.options.listenerBus.post('onTaskEnd', {
    taskInfo: task,
    reason: reason.kind,
    finishTime: Date.now(),
    ...(errorMessage === undefined ? {} : { errorMessage }),
    ...(metrics === undefined ? {} : { metrics }),
  });
  // Spark's SparkListenerBlockUpdated: the UI's Storage page counts cached blocks from these.
  if (reason.kind === 'Success' && reason.updatedBlocks.length > 0) {
    core.options.listenerBus.post('onBlockUpdated', { executorId: task.executorId, blockIds: reason.updatedBlocks });
  }
}
