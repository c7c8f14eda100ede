/**
 * Schedules the tasks of one TaskSet (one stage attempt) within the TaskScheduler
 * (Spark's TaskSetManager): hands out pending tasks to resource offers, preferring
 * the executor that holds a task's cached block, then its host; counts failures
 * per task and aborts the set when one task has failed `maxTaskFailures` times;
 * requeues tasks of lost executors.
 *
 * Pending tasks sit in several lists at once (per executor, per host, no
 * preference, all); a launched task is removed from the others lazily, when it
 * reaches the top of a list, which keeps every operation O(1) amortised even for
 * task sets of tens of thousands of tasks. The one exception is an offer at ANY
 * while tasks are held back for locality: it steps over them, so its cost grows
 * with the number held back, and only until their wait ends.
 */
import { ErrorCode, KindlingError, TaskFailedError, type AccumulatorUpdate, type Logger, type MapStatus, type TaskDescription, type TaskFailure, type TaskMetrics, type TaskOutcome } from '@kindling/common';
import type { TaskEndReason, TaskInfo, TaskSchedulerCallbacks, TaskSet } from './task-set.js';

/** How far from its data a task may be launched in one scheduling pass. */
export type TaskLocality = 'PROCESS_LOCAL' | 'NODE_LOCAL' | 'ANY';

export interface TaskSetManagerOptions {
  readonly maxTaskFailures: number;
  readonly callbacks: TaskSchedulerCallbacks;
  readonly logger: Logger;
  /** Called once the set is a zombie with no running task, so the scheduler drops it. */
  readonly onFinished: (manager: TaskSetManager) => void;
  /** How long a task waits for a live executor holding its block before running anywhere (kindling.locality.wait). */
  readonly localityWaitMs: number;
  readonly isExecutorAlive: (executorId: string) => boolean;
}

export class TaskSetManager {
  /** No more tasks are launched: the set succeeded, was aborted, cancelled, or hit a fetch failure. */
  isZombie = false;
  readonly runningTasks = new Map<number, TaskInfo>();
  private readonly numTasks: number;
  private readonly copiesRunning: number[];
  private readonly successful: boolean[];
  private tasksSuccessful = 0;
  private readonly numFailures: number[];
  private readonly attemptCounts: number[];
  /** Executor that produced each finished map task's output (shuffle map sets only). */
  private readonly successfulOn = new Map<number, string>();
  private readonly pendingForExecutor = new Map<string, number[]>();
  private readonly pendingForHost = new Map<string, number[]>();
  private readonly pendingWithNoPrefs: number[] = [];
  private readonly allPending: number[] = [];
  /** When each task last became pending: the start of its locality wait. */
  private readonly pendingSince: number[];
  /** Earliest time a task held back for locality may run anywhere; undefined when none is held back. */
  localityDeadline: number | undefined;
  /**
   * Moving average of the executor run time of this set's successful tasks (ms);
   * undefined until one has succeeded. The scheduler pipelines launches only for
   * sets whose tasks are known to be short (see TaskScheduler.makeOffers).
   */
  runTimeEstimateMs: number | undefined;
  private finished = false;

  constructor(
    readonly taskSet: TaskSet,
    private readonly options: TaskSetManagerOptions,
  ) {
    this.numTasks = taskSet.tasks.length;
    this.copiesRunning = new Array<number>(this.numTasks).fill(0);
    this.successful = new Array<boolean>(this.numTasks).fill(false);
    this.numFailures = new Array<number>(this.numTasks).fill(0);
    this.attemptCounts = new Array<number>(this.numTasks).fill(0);
    this.pendingSince = new Array<number>(this.numTasks).fill(0);
    // Added in reverse so that popping from the end launches the lowest index first.
    for (let i = this.numTasks - 1; i >= 0; i--) this.addPendingTask(i);
  }

  get stageId(): number {
    return this.taskSet.stageId;
  }

  get name(): string {
    return `TaskSet ${this.taskSet.stageId}.${this.taskSet.stageAttemptId}`;
  }

  /**
   * Launches one pending task on this executor if one fits `maxLocality`: at
   * PROCESS_LOCAL only tasks that prefer this executor, at NODE_LOCAL also tasks
   * preferring its host and tasks with no preference, at ANY whatever is pending.
   */
  resourceOffer(executorId: string, host: string, maxLocality: TaskLocality, newTaskId: () => number): TaskDescription | undefined {
    if (this.isZombie) return undefined;
    let index = this.dequeue(this.pendingForExecutor.get(executorId));
    if (index === undefined && maxLocality !== 'PROCESS_LOCAL') {
      index = this.dequeue(this.pendingForHost.get(host)) ?? this.dequeue(this.pendingWithNoPrefs);
    }
    if (index === undefined && maxLocality === 'ANY') index = this.dequeueAnywhere(Date.now());
    if (index === undefined) return undefined;

    const spec = this.taskSet.tasks[index]!;
    const taskId = newTaskId();
    const attemptNumber = this.attemptCounts[index]!;
    this.attemptCounts[index] = attemptNumber + 1;
    this.copiesRunning[index]!++;
    const info: TaskInfo = {
      taskId,
      index,
      jobId: this.taskSet.jobId,
      stageId: this.taskSet.stageId,
      stageAttemptId: this.taskSet.stageAttemptId,
      partitionId: spec.partitionId,
      attemptNumber,
      executorId,
      host,
      launchTime: Date.now(),
    };
    this.runningTasks.set(taskId, info);
    this.options.callbacks.taskStarted(info);
    return {
      taskId,
      jobId: this.taskSet.jobId,
      stageId: this.taskSet.stageId,
      stageAttemptId: this.taskSet.stageAttemptId,
      partitionId: spec.partitionId,
      attemptNumber,
      appId: this.taskSet.appId,
      bundleSha256: this.taskSet.bundleSha256,
      payload: this.taskSet.payload,
    };
  }

  /** Routes a status update of one of this set's tasks. */
  handleOutcome(taskId: number, outcome: TaskOutcome, updatedBlocks: readonly string[]): void {
    switch (outcome.status) {
      case 'success':
        this.handleSuccessfulTask(taskId, outcome.result, outcome.mapStatus, updatedBlocks, outcome.metrics, outcome.accumUpdates ?? []);
        return;
      case 'failed': {
        const failure = outcome.failure;
        const fetch = failure.fetchFailed;
        const reason: TaskEndReason =
          fetch === undefined
            ? { kind: 'ExceptionFailure', failure }
            : { kind: 'FetchFailed', ...fetch, message: failure.message };
        this.handleFailedTask(taskId, reason, outcome.metrics);
        return;
      }
      case 'killed':
        this.handleFailedTask(taskId, { kind: 'TaskKilled', reason: outcome.reason }, undefined);
        return;
      default: {
        const unexpected: never = outcome;
        throw new Error(`unknown task status ${JSON.stringify(unexpected)}`);
      }
    }
  }

  private handleSuccessfulTask(
    taskId: number,
    result: Uint8Array,
    mapStatus: MapStatus | undefined,
    updatedBlocks: readonly string[],
    metrics: TaskMetrics,
    accumUpdates: readonly AccumulatorUpdate[],
  ): void {
    const info = this.removeRunning(taskId);
    if (info === undefined) return;
    const runTimeMs = metrics.executorRunTimeMs;
    // A weight of 1/4 for the newest task: one slow task among many short ones
    // raises the estimate at once, so pipelining stops before a queue builds up
    // behind a long task.
    this.runTimeEstimateMs = this.runTimeEstimateMs === undefined ? runTimeMs : this.runTimeEstimateMs * 0.75 + runTimeMs * 0.25;
    if (!this.successful[info.index]) {
      this.successful[info.index] = true;
      this.tasksSuccessful++;
      if (this.taskSet.stageKind === 'ShuffleMapStage') this.successfulOn.set(info.index, info.executorId);
    }
    // Reported even for a duplicate success: the DAG scheduler's handling is idempotent.
    this.options.callbacks.taskEnded(info, { kind: 'Success', result, mapStatus, updatedBlocks, accumUpdates }, metrics, this.taskSet.epoch);
    if (this.tasksSuccessful === this.numTasks) this.isZombie = true;
    this.maybeFinishTaskSet();
  }

  handleFailedTask(taskId: number, reason: TaskEndReason, metrics: TaskMetrics | undefined): void {
    const info = this.removeRunning(taskId);
    if (info === undefined) return;
    const index = info.index;
    this.options.callbacks.taskEnded(info, reason, metrics, this.taskSet.epoch);
    switch (reason.kind) {
      case 'FetchFailed':
        // Retrying the reducer cannot help until the map output is recomputed; the DAG
        // scheduler resubmits the map stage and then a new attempt of this stage.
        if (!this.successful[index]) {
          this.successful[index] = true;
          this.tasksSuccessful++;
        }
        this.isZombie = true;
        break;
      case 'ExceptionFailure': {
        // A zombie set (a newer attempt runs, or the job ended) neither retries nor aborts.
        if (this.isZombie) break;
        const failures = this.numFailures[index]! + 1;
        this.numFailures[index] = failures;
        this.options.logger.warn(
          { stageId: info.stageId, partitionId: info.partitionId, taskId, executorId: info.executorId, attempt: info.attemptNumber, err: reason.failure.message },
          `Lost task ${info.partitionId}.${info.attemptNumber} in stage ${info.stageId}.${info.stageAttemptId} (TID ${taskId}) on ${info.executorId}: ${reason.failure.message}`,
        );
        if (deterministicFailureCodes.has(reason.failure.code)) {
          // The same bundle, records and functions fail the same way on every
          // attempt: retrying would only repeat the error (and, for a bundle that
          // throws on import, re-import it on every executor).
          const message = `task ${info.partitionId} of stage ${info.stageId} failed on executor ${info.executorId} and is not retried: ${firstLine(reason.failure.message)}`;
          this.abort(message, failureToError(reason.failure, info));
        } else if (failures >= this.options.maxTaskFailures) {
          const message = `task ${info.partitionId} of stage ${info.stageId} failed ${failures} times; most recent failure on executor ${info.executorId}: ${firstLine(reason.failure.message)}`;
          this.abort(message, failureToError(reason.failure, info));
        }
        break;
      }
      case 'ExecutorLostFailure':
      case 'TaskKilled':
        // Not the task's fault: retried without counting towards maxTaskFailures.
        break;
      case 'Success':
      case 'Resubmitted':
        throw new Error(`${reason.kind} is not a failure`);
      default: {
        const unexpected: never = reason;
        throw new Error(`unknown task end reason ${JSON.stringify(unexpected)}`);
      }
    }
    if (!this.isZombie && !this.successful[index]) this.addPendingTask(index);
    this.maybeFinishTaskSet();
  }

  /**
   * An executor is gone: its running tasks fail (and are retried), and the outputs
   * of finished map tasks it held are lost, so those tasks go back to pending
   * (reported as Resubmitted, so the DAG scheduler waits for them again).
   */
  executorLost(executorId: string, reason: string): void {
    if (this.taskSet.stageKind === 'ShuffleMapStage' && !this.isZombie) {
      for (const [index, holder] of [...this.successfulOn]) {
        if (holder !== executorId) continue;
        this.successfulOn.delete(index);
        this.successful[index] = false;
        this.tasksSuccessful--;
        this.addPendingTask(index);
        const spec = this.taskSet.tasks[index]!;
        const info: TaskInfo = {
          taskId: -1,
          index,
          jobId: this.taskSet.jobId,
          stageId: this.taskSet.stageId,
          stageAttemptId: this.taskSet.stageAttemptId,
          partitionId: spec.partitionId,
          attemptNumber: -1,
          executorId,
          host: '',
          launchTime: Date.now(),
        };
        this.options.callbacks.taskEnded(info, { kind: 'Resubmitted' }, undefined, this.taskSet.epoch);
      }
    }
    for (const [taskId, info] of [...this.runningTasks]) {
      if (info.executorId === executorId) this.handleFailedTask(taskId, { kind: 'ExecutorLostFailure', executorId, reason }, undefined);
    }
  }

  /** Stops launching tasks and fails the stage's jobs with `message`. */
  abort(message: string, cause: Error | undefined): void {
    if (this.isZombie && this.finished) return;
    this.isZombie = true;
    this.options.callbacks.taskSetFailed(this.taskSet.stageId, this.taskSet.stageAttemptId, message, cause);
    this.maybeFinishTaskSet();
  }

  /** Stops launching tasks without reporting a failure (the stage was cancelled); returns running tasks to kill. */
  cancel(): TaskInfo[] {
    this.isZombie = true;
    const running = [...this.runningTasks.values()];
    this.maybeFinishTaskSet();
    return running;
  }

  private removeRunning(taskId: number): TaskInfo | undefined {
    const info = this.runningTasks.get(taskId);
    if (info === undefined) return undefined;
    this.runningTasks.delete(taskId);
    this.copiesRunning[info.index]!--;
    return info;
  }

  private maybeFinishTaskSet(): void {
    if (this.isZombie && this.runningTasks.size === 0 && !this.finished) {
      this.finished = true;
      this.options.onFinished(this);
    }
  }

  private addPendingTask(index: number): void {
    const prefs = this.taskSet.tasks[index]!.preferredLocations;
    for (const loc of prefs) {
      const [map, key] = loc.kind === 'executor' ? [this.pendingForExecutor, loc.executorId] : [this.pendingForHost, loc.host];
      let list = map.get(key);
      if (list === undefined) {
        list = [];
        map.set(key, list);
      }
      list.push(index);
    }
    if (prefs.length === 0) this.pendingWithNoPrefs.push(index);
    this.allPending.push(index);
    this.pendingSince[index] = Date.now();
  }

  /**
   * Delay scheduling (Spark's spark.locality.wait): a task whose block is held by a
   * live executor waits up to `localityWaitMs` for that executor before it runs
   * anywhere. Elsewhere it would recompute a cached partition — or fail outright
   * for a locally checkpointed one, whose block exists nowhere else. Tasks without
   * such a preference are never held back.
   */
  private dequeueAnywhere(now: number): number | undefined {
    const list = this.allPending;
    this.localityDeadline = undefined;
    for (let i = list.length - 1; i >= 0; i--) {
      const index = list[i]!;
      if (this.copiesRunning[index] !== 0 || this.successful[index]) {
        list.splice(i, 1);
        continue;
      }
      const deadline = this.localityDeadlineOf(index);
      if (deadline !== undefined && deadline > now) {
        this.localityDeadline = Math.min(this.localityDeadline ?? deadline, deadline);
        continue;
      }
      list.splice(i, 1);
      return index;
    }
    return undefined;
  }

  private localityDeadlineOf(index: number): number | undefined {
    const prefs = this.taskSet.tasks[index]!.preferredLocations;
    const waitsForExecutor = prefs.some((loc) => loc.kind === 'executor' && this.options.isExecutorAlive(loc.executorId));
    return waitsForExecutor ? this.pendingSince[index]! + this.options.localityWaitMs : undefined;
  }

  /** Pops the next task of `list` that still needs launching, dropping stale entries. */
  private dequeue(list: number[] | undefined): number | undefined {
    if (list === undefined) return undefined;
    while (list.length > 0) {
      const index = list.pop()!;
      if (this.copiesRunning[index] === 0 && !this.successful[index]) return index;
    }
    return undefined;
  }
}

function firstLine(message: string): string {
  const newline = message.indexOf('\n');
  return newline === -1 ? message : message.slice(0, newline);
}

/**
 * Failure codes that no retry can fix: the job bundle cannot be loaded, a record or
 * result cannot be serialized, a function reference cannot be resolved, a value was
 * rejected by Kindling's own validation (a function or symbol used as a key), a
 * checkpoint that is missing, incomplete or corrupt (every attempt reads the same
 * files; transient storage errors have other codes and are retried). The task set
 * aborts on the first one instead of after `maxTaskFailures` attempts.
 */
const deterministicFailureCodes: ReadonlySet<string> = new Set([
  ErrorCode.Bundle,
  ErrorCode.Serialization,
  ErrorCode.Closure,
  ErrorCode.InvalidArgument,
  ErrorCode.Checkpoint,
]);

/** Rebuilds an error from a shipped TaskFailure, keeping the task's own stack (shown with --verbose). */
function failureToError(failure: TaskFailure, info: TaskInfo): Error {
  // The task's own code travels as the cause, so that a caller can tell, say, storage
  // that could not be reached (UNAVAILABLE) from a bug (streaming retries the former).
  const cause = (Object.values(ErrorCode) as string[]).includes(failure.code) ? new KindlingError(failure.code as ErrorCode, failure.message) : undefined;
  const error = new TaskFailedError(failure.message, { stageId: info.stageId, executorId: info.executorId, ...(cause === undefined ? {} : { cause }) });
  error.stack = failure.stack === '' ? `${failure.errorName}: ${failure.message}` : failure.stack;
  return error;
}
