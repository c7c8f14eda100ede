/**
 * What the DAG scheduler's handlers share: its state, its collaborators and its
 * settings. The DAGScheduler (dag-scheduler.ts) owns one and passes it to the
 * handlers of each concern — stage submission (stage-submission.ts), task
 * completion (task-completion.ts), failure and resubmission (stage-failure.ts) —
 * which all run inside its event loop, one event at a time, so none of them ever
 * sees another's changes half done.
 */
import type { FunctionRef, KindlingConf, Logger, RDD, ShuffleDependency } from '@kindling/common';
import type { BlockManagerMaster } from './block-manager-master.js';
import type { DAGSchedulerEvent } from './dag-scheduler-event.js';
import type { DAGSchedulerState } from './dag-scheduler-state.js';
import type { FailedJobReaper } from './failed-job-reaper.js';
import type { ListenerBus } from './kindling-listener.js';
import type { MapOutputTracker } from './map-output-tracker.js';
import { toStageInfo, type Stage } from './stage.js';
import type { TaskScheduler } from './task-scheduler.js';

export type AnyRdd = RDD<unknown>;
export type AnyShuffleDependency = ShuffleDependency<unknown, unknown, unknown>;

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

export interface DAGSchedulerCore {
  readonly options: DAGSchedulerOptions;
  readonly logger: Logger;
  /** jobIdToStageIds, stageIdToStage, waitingStages, runningStages… (Spark's names), and stage creation. */
  readonly state: DAGSchedulerState;
  /** Executor id → map output epoch at which it was lost; outputs it reports from earlier tasks are ignored. */
  readonly executorFailureEpoch: Map<string, number>;
  readonly maxConsecutiveStageAttempts: number;
  /** Delay before failed stages are resubmitted (kindling.scheduler.resubmitTimeout). */
  readonly resubmitTimeoutMs: number;
  /** Set while a ResubmitFailedStages event is scheduled. */
  resubmitTimer: NodeJS.Timeout | undefined;
  /** Holds a failed job's failure until its stages' running tasks have ended (failed-job-reaper.ts). */
  readonly failedJobReaper: FailedJobReaper;
  /** Queues an event on the scheduler's loop (handled after the current one). */
  readonly post: (event: DAGSchedulerEvent) => void;
}

/** Ends a stage attempt (successfully without `errorMessage`) and tells the listeners. */
export function markStageAsFinished(core: DAGSchedulerCore, stage: Stage, errorMessage: string | undefined): void {
  if (errorMessage === undefined) stage.clearFailures();
  const info = toStageInfo(stage);
  core.options.listenerBus.post('onStageCompleted', {
    stageInfo: errorMessage === undefined ? info : { ...info, failureReason: errorMessage },
  });
  core.state.runningStages.delete(stage);
}
