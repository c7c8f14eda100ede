/**
 * Stage submission in the DAG scheduler (Spark's submitStage, getMissingParentStages,
 * submitMissingTasks, submitWaitingChildStages, resubmitFailedStages): a stage runs
 * once its parent stages' outputs exist; until then it waits in waitingStages while
 * its missing parents run. Runs inside the scheduler's event loop
 * (dag-scheduler-core.ts).
 */
import { ShuffleDependency } from '@kindling/common';
import { markStageAsFinished, type AnyRdd, type AnyShuffleDependency, type DAGSchedulerCore } from './dag-scheduler-core.js';
import { getPreferredLocs } from './lineage.js';
import { poolOf } from './scheduling-pool.js';
import { stageRddInfos } from './stage-rdd-infos.js';
import { abortStage } from './stage-failure.js';
import { toStageInfo, type ShuffleMapStage, type Stage } from './stage.js';
import type { TaskSpec } from './task-set.js';

/**
 * Submits `root` if its parents' outputs exist, else submits the missing parents
 * first and parks `root` in waitingStages. Iterative, for long chains of stages.
 */
export function submitStage(core: DAGSchedulerCore, root: Stage): void {
  const waitingForVisit: Stage[] = [root];
  while (waitingForVisit.length > 0) {
    const stage = waitingForVisit.pop()!;
    const jobId = core.state.activeJobForStage(stage);
    if (jobId === undefined) {
      abortStage(core, stage, `no active job for ${stage}`, undefined);
      continue;
    }
    if (core.state.waitingStages.has(stage) || core.state.runningStages.has(stage) || core.state.failedStages.has(stage)) continue;
    const missing = getMissingParentStages(core, stage).sort((a, b) => b.id - a.id);
    if (missing.length === 0) {
      submitMissingTasks(core, stage, jobId);
    } else {
      core.state.waitingStages.add(stage);
      // Sorted descending: the lowest stage id is popped, and so submitted, first.
      waitingForVisit.push(...missing);
    }
  }
}

/**
 * The parent map stages whose outputs are not all available. An RDD whose
 * partitions are all cached needs none of its own parents, so the walk stops there.
 */
function getMissingParentStages(core: DAGSchedulerCore, stage: Stage): ShuffleMapStage[] {
  const missing = new Set<ShuffleMapStage>();
  const visited = new Set<AnyRdd>();
  const waitingForVisit: AnyRdd[] = [stage.rdd];
  while (waitingForVisit.length > 0) {
    const rdd = waitingForVisit.pop()!;
    if (visited.has(rdd)) continue;
    visited.add(rdd);
    if (!hasUncachedPartitions(core, rdd)) continue;
    for (const dep of rdd.dependencies) {
      if (dep instanceof ShuffleDependency) {
        const mapStage = core.state.getOrCreateShuffleMapStage(dep as AnyShuffleDependency, stage.firstJobId);
        if (!mapStage.isAvailable) missing.add(mapStage);
      } else {
        waitingForVisit.push(dep.rdd as AnyRdd);
      }
    }
  }
  return [...missing];
}

function submitMissingTasks(core: DAGSchedulerCore, stage: Stage, jobId: number): void {
  const { options } = core;
  stage.pendingPartitions.clear();
  const partitionsToCompute = stage.findMissingPartitions();
  core.state.runningStages.add(stage);
  const stageAttemptId = stage.makeNewStageAttempt();
  let tasks: TaskSpec[];
  let payload: Uint8Array;
  try {
    const locations = (rdd: AnyRdd, p: number): readonly string[] => cacheLocations(core, rdd, p);
    tasks = partitionsToCompute.map((partitionId) => ({ partitionId, preferredLocations: getPreferredLocs(stage.rdd, partitionId, locations) }));
    payload =
      stage.kind === 'ShuffleMapStage'
        ? options.taskEncoder.encodeShuffleMapTask(stage.shuffleDep)
        : options.taskEncoder.encodeResultTask(stage.rdd, stage.func);
  } catch (error) {
    core.state.runningStages.delete(stage);
    const cause = error instanceof Error ? error : new Error(String(error));
    abortStage(core, stage, `${stage} cannot be serialized for its tasks: ${cause.message}`, cause);
    return;
  }
  stage.numTasksInAttempt = tasks.length;
  options.listenerBus.post('onStageSubmitted', { stageInfo: toStageInfo(stage), rddInfos: stageRddInfos(stage.rdd) });
  if (tasks.length === 0) {
    // Every output appeared in the meantime (another job computed them).
    markStageAsFinished(core, stage, undefined);
    submitWaitingChildStages(core, stage);
    return;
  }
  for (const p of partitionsToCompute) stage.pendingPartitions.add(p);
  core.logger.info(
    { jobId, stageId: stage.id },
    `Submitting ${tasks.length} missing tasks from ${stage} (first 15 tasks are for partitions ${partitionsToCompute.slice(0, 15).join(', ')})`,
  );
  options.taskScheduler.submitTasks({
    stageId: stage.id,
    stageAttemptId,
    jobId,
    stageKind: stage.kind,
    appId: options.appId,
    bundleSha256: options.bundleSha256,
    payload,
    tasks,
    epoch: options.mapOutputTracker.getEpoch(),
    // As in Spark, a stage runs in the pool of the job that submitted it.
    pool: poolOf(core.state.jobIdToActiveJob.get(jobId)?.properties ?? new Map()),
  });
}

export function submitWaitingChildStages(core: DAGSchedulerCore, parent: Stage): void {
  const children = [...core.state.waitingStages].filter((s) => s.parents.includes(parent as ShuffleMapStage));
  children.sort((a, b) => a.firstJobId - b.firstJobId);
  for (const child of children) core.state.waitingStages.delete(child);
  for (const child of children) submitStage(core, child);
}

/** The ResubmitFailedStages event: the stages a fetch failure sent back, oldest job first. */
export function resubmitFailedStages(core: DAGSchedulerCore): void {
  core.resubmitTimer = undefined;
  if (core.state.failedStages.size === 0) return;
  const failed = [...core.state.failedStages].sort((a, b) => a.firstJobId - b.firstJobId || a.id - b.id);
  core.logger.warn(`Resubmitting failed stages: ${failed.map((s) => s.toString()).join(', ')}`);
  core.state.failedStages.clear();
  for (const stage of failed) submitStage(core, stage);
}

function hasUncachedPartitions(core: DAGSchedulerCore, rdd: AnyRdd): boolean {
  if (!rdd.storageLevel.isValid) return true;
  const n = rdd.partitions.length;
  for (let p = 0; p < n; p++) if (core.options.blockManagerMaster.getLocations(rdd.id, p).length === 0) return true;
  return false;
}

function cacheLocations(core: DAGSchedulerCore, rdd: AnyRdd, partition: number): readonly string[] {
  return rdd.storageLevel.isValid ? core.options.blockManagerMaster.getLocations(rdd.id, partition) : [];
}
