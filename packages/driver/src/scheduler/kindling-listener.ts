/**
 * Scheduler events for observers (Spark's SparkListener): the console progress bar,
 * tests that count submitted stages, later the UI. Every method is optional.
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
}

export interface StageSubmittedEvent {
  readonly stageInfo: StageInfo;
}

export interface TaskStartEvent {
  readonly taskInfo: TaskInfo;
}

export interface TaskEndEvent {
  readonly taskInfo: TaskInfo;
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

export interface KindlingListener {
  onJobStart?(event: JobStartEvent): void;
  onStageSubmitted?(event: StageSubmittedEvent): void;
  onTaskStart?(event: TaskStartEvent): void;
  onTaskEnd?(event: TaskEndEvent): void;
  onStageCompleted?(event: StageCompletedEvent): void;
  onJobEnd?(event: JobEndEvent): void;
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
