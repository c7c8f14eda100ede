/**
 * Holds a failed job's failure until the tasks it leaves running have ended (the
 * driver's side of Spark's task reaper idea, spark.task.reaper.*).
 *
 * A job fails on its first task failure (or a cancellation), and the other running
 * tasks of its stages are only *asked* to stop: a kill reaches an executor later,
 * and a task may finish first. A caller that cleans up after a failed job — the
 * output commit deleting its temp directory, Hadoop's abortJob — would race with a
 * task still writing into it (it recreated the directory after the delete: a
 * saveAsTextFiles temp directory left behind, seen once in CI). So the failure
 * reaches the caller once every task that was running in the job's own stages has
 * ended, killed and acknowledged or finished, and at most
 * `kindling.scheduler.failedJobTaskWait` later, so that a hung task (or an executor
 * that never answers) cannot hold the failure forever.
 *
 * Only the DAG scheduler's loop calls it; its timeouts come back as events.
 */
import type { Logger } from '@kindling/common';

/** A failure waiting for the tasks of the job's stages. */
interface HeldFailure {
  readonly taskIds: Set<number>;
  readonly deliver: () => void;
  readonly since: number;
  readonly timer: NodeJS.Timeout | undefined;
}

export class FailedJobReaper {
  /** Task id → stage id of every task attempt launched and not yet ended (BeginEvent to CompletionEvent). */
  private readonly runningTaskStage = new Map<number, number>();
  private readonly held = new Map<number, HeldFailure>();

  constructor(
    /** kindling.scheduler.failedJobTaskWait; 0 delivers failures at once. */
    private readonly timeoutMs: number,
    private readonly logger: Logger,
    /** Posts the timeout of a held failure to the scheduler's loop. */
    private readonly postTimeout: (jobId: number) => void,
  ) {}

  taskStarted(taskId: number, stageId: number): void {
    this.runningTaskStage.set(taskId, stageId);
  }

  /** A task attempt ended, however it ended: the failures waiting only for it are delivered. */
  taskEnded(taskId: number): void {
    if (!this.runningTaskStage.delete(taskId)) return;
    for (const [jobId, failure] of this.held) {
      if (failure.taskIds.delete(taskId) && failure.taskIds.size === 0) this.release(jobId, failure);
    }
  }

  /**
   * Delivers a job's failure once the tasks now running in `stageIds` have ended,
   * or at once when none runs.
   */
  hold(jobId: number, stageIds: ReadonlySet<number>, deliver: () => void): void {
    const taskIds = new Set<number>();
    for (const [taskId, stageId] of this.runningTaskStage) if (stageIds.has(stageId)) taskIds.add(taskId);
    if (taskIds.size === 0 || this.timeoutMs <= 0 || this.held.has(jobId)) {
      deliver();
      return;
    }
    // Not unref'd: the caller waits on the failure, and this timer bounds that wait.
    const timer = setTimeout(() => this.postTimeout(jobId), this.timeoutMs);
    this.held.set(jobId, { taskIds, deliver, since: Date.now(), timer });
    this.logger.debug({ jobId, tasks: [...taskIds] }, `Job ${jobId} failed; its failure waits for ${taskIds.size} running task(s) to end`);
  }

  /** The wait of a held failure is over: delivered even though some of its tasks still run. */
  timedOut(jobId: number): void {
    const failure = this.held.get(jobId);
    if (failure === undefined) return;
    const tasks = [...failure.taskIds];
    this.logger.warn(
      { jobId, tasks },
      `Job ${jobId}'s failure is delivered with task(s) ${tasks.join(', ')} still running ${Date.now() - failure.since} ms after they were asked to stop (kindling.scheduler.failedJobTaskWait)`,
    );
    // Presumed hung: if they ever end, nothing waits for them.
    for (const taskId of tasks) this.runningTaskStage.delete(taskId);
    this.release(jobId, failure);
  }

  /** The scheduler stops: every held failure is delivered now, since no task end will be handled any more. */
  releaseAll(): void {
    for (const [jobId, failure] of [...this.held]) this.release(jobId, failure);
    this.runningTaskStage.clear();
  }

  /** Task attempts begun and not yet ended: back to 0 whenever nothing runs (every end, a lost executor's included, is a CompletionEvent). */
  get runningTaskCount(): number {
    return this.runningTaskStage.size;
  }

  /** Failures still held (0 whenever no failed job waits for its tasks). */
  get heldCount(): number {
    return this.held.size;
  }

  private release(jobId: number, failure: HeldFailure): void {
    clearTimeout(failure.timer);
    this.held.delete(jobId);
    failure.deliver();
  }
}
