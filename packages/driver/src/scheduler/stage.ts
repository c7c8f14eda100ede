/**
 * Stages (Spark's Stage, ShuffleMapStage, ResultStage): a set of tasks that run the
 * same functions over the partitions of one RDD, cut from the lineage at shuffle
 * boundaries. A ShuffleMapStage writes the map side of a shuffle; a ResultStage runs
 * an action's function and hands results to its job.
 *
 * A stage may be shared by several jobs (`jobIds`); it lives in the DAG scheduler's
 * maps as long as one of them is active.
 */
import type { FunctionRef, RDD, ShuffleDependency } from '@kindling/common';
import type { ActiveJob } from './active-job.js';
import type { StageInfo } from './kindling-listener.js';
import type { MapOutputTracker } from './map-output-tracker.js';

abstract class StageBase {
  /** Ids of the active jobs that need this stage. */
  readonly jobIds = new Set<number>();
  /** Partitions whose tasks of the current attempt have not succeeded yet. */
  readonly pendingPartitions = new Set<number>();
  /** Attempts that ended in a fetch failure; too many consecutive ones abort the stage. */
  readonly failedAttemptIds = new Set<number>();
  private nextAttemptId = 0;
  /** Attempt id of the latest attempt; -1 before the first submission. */
  latestAttemptId = -1;
  /** Number of tasks the latest attempt launched (its missing partitions). */
  numTasksInAttempt: number | undefined;

  constructor(
    readonly id: number,
    readonly rdd: RDD<unknown>,
    readonly parents: readonly Stage[],
    /** The job that created the stage: resubmitted stages are ordered by it (FIFO). */
    readonly firstJobId: number,
  ) {}

  get numPartitions(): number {
    return this.rdd.partitions.length;
  }

  /** Spark's stage name: the RDD and the operation that created it. */
  get name(): string {
    return `${this.rdd.scope} at ${this.rdd.kind}[${this.rdd.id}]`;
  }

  makeNewStageAttempt(): number {
    this.latestAttemptId = this.nextAttemptId++;
    return this.latestAttemptId;
  }

  /** A successful attempt resets the count of consecutive failed attempts. */
  clearFailures(): void {
    this.failedAttemptIds.clear();
  }

  /** Partition ids that still need computing. */
  abstract findMissingPartitions(): number[];

  toString(): string {
    return `${this.kind} ${this.id} (${this.name})`;
  }

  abstract readonly kind: 'ShuffleMapStage' | 'ResultStage';
}

export class ShuffleMapStage extends StageBase {
  readonly kind = 'ShuffleMapStage' as const;

  constructor(
    id: number,
    rdd: RDD<unknown>,
    parents: readonly Stage[],
    firstJobId: number,
    readonly shuffleDep: ShuffleDependency<unknown, unknown, unknown>,
    private readonly mapOutputTracker: MapOutputTracker,
  ) {
    super(id, rdd, parents, firstJobId);
  }

  get shuffleId(): number {
    return this.shuffleDep.shuffleId;
  }

  /** All map outputs are registered: children may run, and a new job skips this stage. */
  get isAvailable(): boolean {
    return this.mapOutputTracker.numAvailableOutputs(this.shuffleId) === this.numPartitions;
  }

  findMissingPartitions(): number[] {
    return this.mapOutputTracker.findMissingPartitions(this.shuffleId, this.numPartitions);
  }
}

export class ResultStage extends StageBase {
  readonly kind = 'ResultStage' as const;
  /** The job whose final stage this is; unset once it ends. */
  activeJob: ActiveJob | undefined;

  constructor(
    id: number,
    rdd: RDD<unknown>,
    parents: readonly Stage[],
    firstJobId: number,
    readonly func: FunctionRef,
    /** The RDD partitions the action asked for (all, or a few for take/first). */
    readonly partitions: readonly number[],
  ) {
    super(id, rdd, parents, firstJobId);
  }

  findMissingPartitions(): number[] {
    const job = this.activeJob;
    if (job === undefined) return [];
    return this.partitions.filter((_, outputId) => !job.finished[outputId]);
  }
}

export type Stage = ShuffleMapStage | ResultStage;

/** What listeners are told about a stage's latest attempt. */
export function toStageInfo(stage: Stage): StageInfo {
  return {
    stageId: stage.id,
    attemptId: Math.max(stage.latestAttemptId, 0),
    name: stage.name,
    kind: stage.kind,
    numTasks: stage.numTasksInAttempt ?? (stage.kind === 'ResultStage' ? stage.partitions.length : stage.numPartitions),
    rddId: stage.rdd.id,
    parentIds: stage.parents.map((p) => p.id),
  };
}

/** Whether `target` is `stage` or one of its ancestors. */
export function stageDependsOn(stage: Stage, target: Stage): boolean {
  const visited = new Set<Stage>();
  const waitingForVisit: Stage[] = [stage];
  while (waitingForVisit.length > 0) {
    const s = waitingForVisit.pop()!;
    if (s === target) return true;
    if (visited.has(s)) continue;
    visited.add(s);
    waitingForVisit.push(...s.parents);
  }
  return false;
}
