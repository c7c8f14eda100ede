/**
 * The DAG scheduler's bookkeeping of jobs and stages, named as in Spark's
 * DAGScheduler, and the operations that create and forget stages. Kept apart from
 * the event loop (dag-scheduler.ts) so that each file stays readable; only the DAG
 * scheduler's handlers call it, one at a time.
 *
 * Every map is empty whenever no job is active (asserted by tests): a stage lives
 * as long as one of the jobs that need it.
 */
import type { FunctionRef, RDD, ShuffleDependency } from '@kindling/common';
import type { ActiveJob } from './active-job.js';
import { getMissingAncestorShuffleDependencies, getShuffleDependencies } from './lineage.js';
import type { MapOutputTracker } from './map-output-tracker.js';
import { ResultStage, ShuffleMapStage, type Stage } from './stage.js';

type AnyRdd = RDD<unknown>;
type AnyShuffleDependency = ShuffleDependency<unknown, unknown, unknown>;

export class DAGSchedulerState {
  readonly jobIdToStageIds = new Map<number, Set<number>>();
  readonly stageIdToStage = new Map<number, Stage>();
  readonly shuffleIdToMapStage = new Map<number, ShuffleMapStage>();
  readonly jobIdToActiveJob = new Map<number, ActiveJob>();
  readonly waitingStages = new Set<Stage>();
  readonly runningStages = new Set<Stage>();
  readonly failedStages = new Set<Stage>();
  private nextStageId = 0;

  constructor(private readonly mapOutputTracker: MapOutputTracker) {}

  sizes(): Record<string, number> {
    return {
      jobIdToStageIds: this.jobIdToStageIds.size,
      stageIdToStage: this.stageIdToStage.size,
      shuffleIdToMapStage: this.shuffleIdToMapStage.size,
      jobIdToActiveJob: this.jobIdToActiveJob.size,
      waitingStages: this.waitingStages.size,
      runningStages: this.runningStages.size,
      failedStages: this.failedStages.size,
    };
  }

  createResultStage(rdd: AnyRdd, func: FunctionRef, partitions: readonly number[], jobId: number): ResultStage {
    const parents = this.getOrCreateParentStages(rdd, jobId);
    const stage = new ResultStage(this.nextStageId++, rdd, parents, jobId, func, partitions);
    this.stageIdToStage.set(stage.id, stage);
    this.updateJobIdStageIdMaps(jobId, stage);
    return stage;
  }

  private getOrCreateParentStages(rdd: AnyRdd, firstJobId: number): ShuffleMapStage[] {
    return getShuffleDependencies(rdd).map((dep) => this.getOrCreateShuffleMapStage(dep, firstJobId));
  }

  getOrCreateShuffleMapStage(dep: AnyShuffleDependency, firstJobId: number): ShuffleMapStage {
    const existing = this.shuffleIdToMapStage.get(dep.shuffleId);
    if (existing !== undefined) return existing;
    // Ancestors first, so that each stage finds its parents already created.
    for (const ancestor of getMissingAncestorShuffleDependencies(dep.rdd as AnyRdd, (id) => this.shuffleIdToMapStage.has(id))) {
      if (!this.shuffleIdToMapStage.has(ancestor.shuffleId)) this.createShuffleMapStage(ancestor, firstJobId);
    }
    return this.createShuffleMapStage(dep, firstJobId);
  }

  private createShuffleMapStage(dep: AnyShuffleDependency, jobId: number): ShuffleMapStage {
    const rdd = dep.rdd as AnyRdd;
    const parents = this.getOrCreateParentStages(rdd, jobId);
    const stage = new ShuffleMapStage(this.nextStageId++, rdd, parents, jobId, dep, this.mapOutputTracker);
    this.stageIdToStage.set(stage.id, stage);
    this.shuffleIdToMapStage.set(dep.shuffleId, stage);
    this.updateJobIdStageIdMaps(jobId, stage);
    // Registering only when new keeps the outputs of an earlier job's run of this shuffle.
    this.mapOutputTracker.registerShuffle(dep.shuffleId, stage.numPartitions);
    return stage;
  }

  /** Adds `jobId` to `stage` and all its ancestors that lack it. */
  private updateJobIdStageIdMaps(jobId: number, stage: Stage): void {
    let stageIds = this.jobIdToStageIds.get(jobId);
    if (stageIds === undefined) {
      stageIds = new Set();
      this.jobIdToStageIds.set(jobId, stageIds);
    }
    const waitingForVisit: Stage[] = [stage];
    while (waitingForVisit.length > 0) {
      const s = waitingForVisit.pop()!;
      if (s.jobIds.has(jobId)) continue;
      s.jobIds.add(jobId);
      stageIds.add(s.id);
      for (const parent of s.parents) if (!parent.jobIds.has(jobId)) waitingForVisit.push(parent);
    }
  }

  cleanupStagesOfJob(jobId: number): void {
    for (const stageId of this.jobIdToStageIds.get(jobId) ?? []) {
      const stage = this.stageIdToStage.get(stageId);
      if (stage === undefined) continue;
      stage.jobIds.delete(jobId);
      if (stage.jobIds.size > 0) continue;
      this.runningStages.delete(stage);
      this.waitingStages.delete(stage);
      this.failedStages.delete(stage);
      if (stage.kind === 'ShuffleMapStage' && this.shuffleIdToMapStage.get(stage.shuffleId) === stage) {
        this.shuffleIdToMapStage.delete(stage.shuffleId);
      }
      this.stageIdToStage.delete(stageId);
    }
    this.jobIdToStageIds.delete(jobId);
  }

  /** The lowest active job id among the stage's jobs (the job it runs for). */
  activeJobForStage(stage: Stage): number | undefined {
    let best: number | undefined;
    for (const jobId of stage.jobIds) if (this.jobIdToActiveJob.has(jobId) && (best === undefined || jobId < best)) best = jobId;
    return best;
  }
}
