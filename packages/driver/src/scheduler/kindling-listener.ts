/**
 * Scheduler events for observers (Spark's SparkListener): the console progress bar,
 * tests that count submitted stages, the UI's status store and the event log. Every method is optional.
 * Listeners are called synchronously from the scheduler's event loop, in event
 * order; they must be quick and must not throw (a throwing listener is logged and
 * skipped, never allowed to break the scheduler).
 */
import type { Logger, TaskMetrics } from '@kindling/common';
import type { TaskEndReason, TaskInfo } from './task-set.js';

export interface StageInfo {
  readonly stageId: number;
  readonly attemptId: number;
  readonly name: string;
  readonly kind: 'ShuffleMapStage' | 'ResultStage';
  /** Tasks in this attempt (partitions still missing when it was submitted). */
  readonly numTasks: number;
  readonly rddId: number;
  readonly parentIds: readonly number[];
  /** Set on StageCompleted when the attempt failed. */
  readonly failureReason?: string;
}

export interface JobStartEvent {
  readonly jobId: number;
  readonly time: number;
  /** Every stage of the job, including those it will skip because their output exists. */
  readonly stageInfos: readonly StageInfo[];
  /** The local properties it was submitted with (kindling.scheduler.pool…), when it had any. */
  readonly properties?: Readonly<Record<string, string>>;
  /** Spark's spark.job.description (the local property kindling.job.description), e.g. "Streaming job running receiver 0". */
  readonly description?: string;
}

/**
 * One RDD of a stage's lineage, as the UI draws it (Spark's RDDInfo, plus what the
 * checkpoint cut needs): the stage's RDDs from its final RDD back to its shuffle
 * reads and checkpoints. `parentIds` are the RDDs it reads now: a checkpointed RDD's
 * only parent is its checkpoint RDD, so the drawing shows where the lineage was cut.
 */
export interface RddInfo {
  readonly id: number;
  /** `setName`'s name, or the operation that made it ("map", "reduceByKey"). */
  readonly name: string;
  /** The RDD class ("MapPartitionsRDD", "ShuffledRDD", "ReliableCheckpointRDD"). */
  readonly kind: string;
  /** The operation that created it. */
  readonly scope: string;
  readonly parentIds: readonly number[];
  /** Parents across a shuffle (in an earlier stage). */
  readonly shuffleParentIds: readonly number[];
  readonly numPartitions: number;
  /** Spark's StorageLevel description ("Memory Deserialized 1x Replicated"), or "" when not persisted. */
  readonly storageLevel: string;
  readonly cached: boolean;
  /** Marked with checkpoint() or localCheckpoint(). */
  readonly checkpointMarked: boolean;
  /** Its lineage has been cut: it now reads its checkpoint. */
  readonly checkpointed: boolean;
  /** Where its reliable checkpoint is, once written. */
  readonly checkpointFile?: string;
}

export interface StageSubmittedEvent {
  readonly stageInfo: StageInfo;
  /** The stage's RDD graph (stage-rdd-infos.ts); absent from listeners that post by hand. */
  readonly rddInfos?: readonly RddInfo[];
}

export interface TaskStartEvent {
  readonly taskInfo: TaskInfo;
}

export interface TaskEndEvent {
  readonly taskInfo: TaskInfo;
  /** When the driver heard of the end (epoch ms). */
  readonly finishTime?: number;
  readonly reason: TaskEndReason['kind'];
  /** The error message of a failed or killed task. */
  readonly errorMessage?: string;
  readonly metrics?: TaskMetrics;
}

export interface StageCompletedEvent {
  readonly stageInfo: StageInfo;
}

export interface JobEndEvent {
  readonly jobId: number;
  readonly time: number;
  readonly succeeded: boolean;
  readonly error?: Error;
}

export interface ExecutorAddedEvent {
  readonly executorId: string;
  readonly host: string;
  readonly cores: number;
  readonly time: number;
}

export interface ExecutorRemovedEvent {
  readonly executorId: string;
  /** Why it is gone, in one line ("executor 1 exited with code 137", "no heartbeat for 31s…"). */
  readonly reason: string;
  readonly time: number;
}

/** Cached RDD blocks an executor reported after a task (Spark's SparkListenerBlockUpdated). */
export interface BlockUpdatedEvent {
  readonly executorId: string;
  /** Block ids ("rdd_3_1"). */
  readonly blockIds: readonly string[];
}

export interface UnpersistRddEvent {
  readonly rddId: number;
}

export interface ExecutorHeartbeatEvent {
  readonly executorId: string;
  readonly time: number;
}

export interface KindlingListener {
  onJobStart?(event: JobStartEvent): void;
  onStageSubmitted?(event: StageSubmittedEvent): void;
  onTaskStart?(event: TaskStartEvent): void;
  onTaskEnd?(event: TaskEndEvent): void;
  onStageCompleted?(event: StageCompletedEvent): void;
  onJobEnd?(event: JobEndEvent): void;
  onExecutorAdded?(event: ExecutorAddedEvent): void;
  onExecutorRemoved?(event: ExecutorRemovedEvent): void;
  onBlockUpdated?(event: BlockUpdatedEvent): void;
  onUnpersistRDD?(event: UnpersistRddEvent): void;
  /** An executor's heartbeat reached the driver (every kindling.executor.heartbeatInterval). */
  onExecutorHeartbeat?(event: ExecutorHeartbeatEvent): void;
}

/**
 * Delivers events to the registered listeners (Spark's LiveListenerBus, kept
 * synchronous): the scheduler's KindlingListeners, and, with another `L`, streaming's
 * StreamingListeners. A listener that throws is logged and skipped.
 */
export class ListenerBus<L extends object = KindlingListener> {
  private listeners: readonly L[] = [];

  constructor(
    private readonly logger: Logger,
    /** Names the kind of listener in the warning about one that throws. */
    private readonly what = 'KindlingListener',
  ) {}

  addListener(listener: L): void {
    this.listeners = [...this.listeners, listener];
  }

  removeListener(listener: L): void {
    this.listeners = this.listeners.filter((l) => l !== listener);
  }

  post<M extends keyof L>(method: M, event: Parameters<NonNullable<L[M]> & ((e: any) => void)>[0]): void {
    for (const listener of this.listeners) {
      const handler = listener[method] as ((e: unknown) => void) | undefined;
      if (handler === undefined) continue;
      try {
        handler.call(listener, event);
      } catch (error) {
        this.logger.warn({ err: error, event: String(method) }, `a ${this.what} threw; ignoring it`);
      }
    }
  }
}
