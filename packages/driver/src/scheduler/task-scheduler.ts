/**
 * The TaskScheduler (Spark's TaskSchedulerImpl): receives one TaskSet per stage
 * attempt from the DAG scheduler, offers free executor cores to the task sets in
 * FIFO order (by job, then stage; the background pool's after all others, see
 * scheduling-pool.ts), launches tasks through the SchedulerBackend, and routes
 * status updates to the TaskSetManagers.
 *
 * It is an event loop of its own (STYLE.md §4): the backend's callbacks and the DAG
 * scheduler's requests only post events, and each handler runs to completion, so
 * the maps below never see an interleaved change.
 */
import { ErrorCode, InvalidArgumentError, KindlingError, type KindlingConf, type Logger, type TaskOutcome } from '@kindling/common';
import type { BlockManagerMaster } from './block-manager-master.js';
import { SchedulerConf, pipelinedTasksPerCore, schedulerDefaults } from './scheduler-conf.js';
import { poolRank } from './scheduling-pool.js';
import { EventLoop } from './event-loop.js';
import type { ExecutorInfo, SchedulerBackend, SchedulerBackendListener } from './scheduler-backend.js';
import type { TaskSchedulerCallbacks, TaskSet } from './task-set.js';
import { TaskSetManager, type TaskLocality } from './task-set-manager.js';

export type TaskSchedulerEvent =
  | { readonly type: 'SubmitTasks'; readonly taskSet: TaskSet }
  | { readonly type: 'CancelTasks'; readonly stageId: number; readonly reason: string }
  | { readonly type: 'StatusUpdate'; readonly taskId: number; readonly executorId: string; readonly outcome: TaskOutcome }
  | { readonly type: 'ExecutorAdded'; readonly executor: ExecutorInfo }
  | { readonly type: 'ExecutorLost'; readonly executorId: string; readonly reason: string }
  | { readonly type: 'BackendDead'; readonly reason: string }
  | { readonly type: 'ReviveOffers' }
  | { readonly type: 'CheckStarvation' };

export interface TaskSchedulerOptions {
  readonly conf: KindlingConf;
  readonly logger: Logger;
  readonly blockManagerMaster: BlockManagerMaster;
}

interface ExecutorState {
  readonly info: ExecutorInfo;
  readonly runningTaskIds: Set<number>;
}

const localityLevels: readonly TaskLocality[] = ['PROCESS_LOCAL', 'NODE_LOCAL', 'ANY'];

export class TaskScheduler extends EventLoop<TaskSchedulerEvent> implements SchedulerBackendListener {
  readonly maxTaskFailures: number;
  private backend: SchedulerBackend | undefined;
  private callbacks: TaskSchedulerCallbacks | undefined;
  private readonly blockManagerMaster: BlockManagerMaster;
  private nextTaskId = 0;
  private readonly executors = new Map<string, ExecutorState>();
  private readonly taskIdToTaskSetManager = new Map<number, TaskSetManager>();
  private readonly taskIdToExecutorId = new Map<number, string>();
  private readonly taskSetsByStageIdAndAttempt = new Map<number, Map<number, TaskSetManager>>();
  /** Active task sets in scheduling order: foreground pools before the background pool, then FIFO by job id, then stage id. */
  private schedulableQueue: TaskSetManager[] = [];
  private readonly newTaskId = (): number => this.nextTaskId++;
  private readonly localityWaitMs: number;
  /** Re-offers resources when a task held back for locality may run anywhere. */
  private localityTimer: NodeJS.Timeout | undefined;
  /** A ReviveOffers event is queued and not handled yet. */
  private reviveQueued = false;
  /** At most this many tasks of a short-task set may queue per core behind the running one. */
  private readonly pipelinedTasksPerCore: number;
  /** Estimated work that may queue per core (ms). */
  private readonly pipelineQueuedWorkMs: number;
  /** Set once the backend can run nothing more; every task set fails with it. */
  private deadReason: string | undefined;
  /** kindling.starvation.timeout: how often a job with no executor to run on says so. */
  private readonly starvationTimeoutMs: number;
  /** Since when task sets have been waiting with no executor at all (undefined: not starving). */
  private starvedSince: number | undefined;
  private starvationTimer: NodeJS.Timeout | undefined;

  constructor(options: TaskSchedulerOptions) {
    super('task-scheduler', options.logger);
    this.blockManagerMaster = options.blockManagerMaster;
    this.maxTaskFailures = options.conf.getInt('kindling.task.maxFailures', 4);
    if (this.maxTaskFailures < 1) throw new Error(`kindling.task.maxFailures must be at least 1, got ${this.maxTaskFailures}`);
    this.localityWaitMs = options.conf.getDurationMs('kindling.locality.wait', 3000);
    this.pipelinedTasksPerCore = options.conf.getInt(SchedulerConf.pipelinedTasksPerCore, schedulerDefaults.pipelinedTasksPerCore);
    if (!Number.isInteger(this.pipelinedTasksPerCore) || this.pipelinedTasksPerCore < 0) {
      throw new InvalidArgumentError(`Configuration ${SchedulerConf.pipelinedTasksPerCore}=${this.pipelinedTasksPerCore} must be a whole number >= 0 (0 turns pipelining off)`);
    }
    this.pipelineQueuedWorkMs = options.conf.getDurationMs(SchedulerConf.pipelineQueuedWork, schedulerDefaults.pipelineQueuedWorkMs);
    this.starvationTimeoutMs = options.conf.getDurationMs('kindling.starvation.timeout', 15_000);
  }

  override stop(): void {
    if (this.localityTimer !== undefined) clearTimeout(this.localityTimer);
    this.localityTimer = undefined;
    clearInterval(this.starvationTimer);
    this.starvationTimer = undefined;
    super.stop();
  }

  /** Wiring, done once by the KindlingContext before the backend starts. */
  initialize(backend: SchedulerBackend, callbacks: TaskSchedulerCallbacks): void {
    this.backend = backend;
    this.callbacks = callbacks;
  }

  // ---- requests from the DAG scheduler ---------------------------------------

  submitTasks(taskSet: TaskSet): void {
    this.post({ type: 'SubmitTasks', taskSet });
  }

  /** Kills the running tasks of a stage and drops its task sets, reporting no failure. */
  cancelTasks(stageId: number, reason: string): void {
    this.post({ type: 'CancelTasks', stageId, reason });
  }

  // ---- SchedulerBackendListener -----------------------------------------------

  executorAdded(executor: ExecutorInfo): void {
    this.post({ type: 'ExecutorAdded', executor });
  }

  executorLost(executorId: string, reason: string): void {
    this.post({ type: 'ExecutorLost', executorId, reason });
  }

  statusUpdate(taskId: number, executorId: string, outcome: TaskOutcome): void {
    this.post({ type: 'StatusUpdate', taskId, executorId, outcome });
  }

  backendDead(reason: string): void {
    this.post({ type: 'BackendDead', reason });
  }

  // ---- introspection -----------------------------------------------------------

  executorInfos(): ExecutorInfo[] {
    return [...this.executors.values()].map((e) => e.info);
  }

  /** Sizes of the scheduler's maps; all 0 when no task set is active (asserted by tests). */
  stateSizes(): Record<string, number> {
    return {
      taskIdToTaskSetManager: this.taskIdToTaskSetManager.size,
      taskIdToExecutorId: this.taskIdToExecutorId.size,
      taskSetsByStageIdAndAttempt: this.taskSetsByStageIdAndAttempt.size,
      schedulableQueue: this.schedulableQueue.length,
    };
  }

  // ---- the loop ----------------------------------------------------------------

  protected onReceive(event: TaskSchedulerEvent): void {
    switch (event.type) {
      case 'SubmitTasks':
        this.handleSubmitTasks(event.taskSet);
        break;
      case 'CancelTasks':
        this.handleCancelTasks(event.stageId, event.reason);
        break;
      case 'StatusUpdate':
        this.handleStatusUpdate(event.taskId, event.executorId, event.outcome);
        break;
      case 'ExecutorAdded':
        this.handleExecutorAdded(event.executor);
        break;
      case 'ExecutorLost':
        this.handleExecutorLost(event.executorId, event.reason);
        break;
      case 'BackendDead':
        this.handleBackendDead(event.reason);
        break;
      case 'ReviveOffers':
        this.reviveQueued = false;
        this.makeOffers();
        break;
      case 'CheckStarvation':
        this.checkStarvation();
        break;
      default: {
        const unexpected: never = event;
        throw new Error(`unknown task scheduler event ${JSON.stringify(unexpected)}`);
      }
    }
  }

  protected onError(error: unknown, event: TaskSchedulerEvent): void {
    this.logger.error({ err: error, event: event.type }, 'task scheduler event handler failed');
    // The stage whose event broke the scheduler cannot be trusted to finish: fail it
    // rather than leave its job waiting forever.
    if (event.type === 'SubmitTasks') {
      this.callbacks?.taskSetFailed(event.taskSet.stageId, event.taskSet.stageAttemptId, `task scheduler failed: ${String(error)}`, asError(error));
    }
  }

  private handleSubmitTasks(taskSet: TaskSet): void {
    const callbacks = this.requireCallbacks();
    const manager = new TaskSetManager(taskSet, {
      maxTaskFailures: this.maxTaskFailures,
      callbacks,
      logger: this.logger,
      onFinished: (m) => this.taskSetFinished(m),
      localityWaitMs: this.localityWaitMs,
      isExecutorAlive: (executorId) => this.executors.has(executorId),
    });
    let attempts = this.taskSetsByStageIdAndAttempt.get(taskSet.stageId);
    if (attempts === undefined) {
      attempts = new Map();
      this.taskSetsByStageIdAndAttempt.set(taskSet.stageId, attempts);
    }
    // Only one attempt of a stage may launch tasks: earlier ones become zombies, whose
    // running tasks may still finish (and are still reported), but launch no more.
    for (const older of [...attempts.values()]) older.cancel();
    attempts.set(taskSet.stageAttemptId, manager);
    this.schedulableQueue.push(manager);
    this.schedulableQueue.sort(
      (a, b) => poolRank(a.taskSet.pool) - poolRank(b.taskSet.pool) || a.taskSet.jobId - b.taskSet.jobId || a.taskSet.stageId - b.taskSet.stageId,
    );
    this.logger.debug({ stageId: taskSet.stageId, tasks: taskSet.tasks.length }, `Adding task set ${taskSet.stageId}.${taskSet.stageAttemptId} with ${taskSet.tasks.length} tasks`);
    if (this.deadReason !== undefined) {
      manager.abort(this.deadReason, new KindlingError(ErrorCode.ExecutorLost, this.deadReason));
      return;
    }
    this.makeOffers();
    this.checkStarvation();
  }

  private handleCancelTasks(stageId: number, reason: string): void {
    const attempts = this.taskSetsByStageIdAndAttempt.get(stageId);
    if (attempts === undefined) return;
    for (const manager of [...attempts.values()]) {
      for (const info of manager.cancel()) this.backend?.killTask(info.executorId, info.taskId, reason);
    }
  }

  private handleStatusUpdate(taskId: number, executorId: string, outcome: TaskOutcome): void {
    const manager = this.taskIdToTaskSetManager.get(taskId);
    this.taskIdToTaskSetManager.delete(taskId);
    const ranOn = this.taskIdToExecutorId.get(taskId);
    this.taskIdToExecutorId.delete(taskId);
    if (ranOn !== undefined) this.executors.get(ranOn)?.runningTaskIds.delete(taskId);
    if (manager === undefined) {
      // Its executor was declared lost, or the update is a duplicate: already handled.
      this.logger.debug({ taskId, executorId, status: outcome.status }, 'ignoring status update of an unknown task');
      return;
    }
    const updatedBlocks = outcome.status === 'success' ? updatedBlocksOf(outcome) : [];
    if (updatedBlocks.length > 0) this.blockManagerMaster.addBlocks(executorId, updatedBlocks);
    manager.handleOutcome(taskId, outcome, updatedBlocks);
    this.reviveOffers();
  }

  /**
   * Offers freed cores once the status updates already queued are handled: the
   * updates of one message (an executor reports a batch) then cost one pass over
   * the task sets and leave as one launch message, instead of one of each per task.
   */
  private reviveOffers(): void {
    if (this.reviveQueued) return;
    this.reviveQueued = true;
    this.post({ type: 'ReviveOffers' });
  }

  private handleExecutorAdded(executor: ExecutorInfo): void {
    if (this.executors.has(executor.executorId)) {
      this.logger.warn({ executorId: executor.executorId }, 'executor registered twice; keeping the first registration');
      return;
    }
    this.executors.set(executor.executorId, { info: executor, runningTaskIds: new Set() });
    this.logger.info({ executorId: executor.executorId, host: executor.host, cores: executor.cores }, `Executor ${executor.executorId} added with ${executor.cores} cores`);
    this.requireCallbacks().executorAdded(executor.executorId, executor.host, executor.cores);
    this.makeOffers();
    this.checkStarvation();
  }

  private handleExecutorLost(executorId: string, reason: string): void {
    const state = this.executors.get(executorId);
    if (state === undefined) return;
    this.logger.warn({ executorId, reason }, `Lost executor ${executorId}: ${reason}`);
    this.executors.delete(executorId);
    for (const taskId of state.runningTaskIds) {
      this.taskIdToTaskSetManager.delete(taskId);
      this.taskIdToExecutorId.delete(taskId);
    }
    this.blockManagerMaster.removeExecutor(executorId);
    // Every task set, running tasks there or not: finished map outputs may be there too.
    for (const manager of [...this.schedulableQueue]) manager.executorLost(executorId, reason);
    this.requireCallbacks().executorLost(executorId, reason);
    this.makeOffers();
    this.checkStarvation();
  }

  /** Fails every task set, now and later: nothing will ever run them. */
  private handleBackendDead(reason: string): void {
    if (this.deadReason !== undefined) return;
    this.deadReason = reason;
    this.logger.warn({ reason }, `The scheduler backend is dead: ${reason}`);
    for (const manager of [...this.schedulableQueue]) {
      if (!manager.isZombie) manager.abort(reason, new KindlingError(ErrorCode.ExecutorLost, reason));
    }
  }

  /**
   * A job waits for executors as long as it takes (kindling:// executors may come
   * late), but not silently: every kindling.starvation.timeout while task sets wait
   * with no executor at all, it says so (Spark's "Initial job has not accepted any
   * resources"). Logged as an error so that `kindling submit`'s quiet default, which
   * shows errors only, shows it: a job that cannot run is what the user must hear about.
   */
  private checkStarvation(): void {
    const waiting = this.schedulableQueue.filter((m) => !m.isZombie);
    if (this.executors.size > 0 || waiting.length === 0 || this.deadReason !== undefined) {
      this.starvedSince = undefined;
      clearInterval(this.starvationTimer);
      this.starvationTimer = undefined;
      return;
    }
    const now = Date.now();
    if (this.starvedSince === undefined) {
      this.starvedSince = now;
      // Only ticks: the check itself runs in the loop. Unref'd: a warning must not keep a process alive.
      this.starvationTimer = setInterval(() => this.post({ type: 'CheckStarvation' }), this.starvationTimeoutMs);
      this.starvationTimer.unref();
      return;
    }
    const seconds = Math.round((now - this.starvedSince) / 1000);
    const jobs = [...new Set(waiting.map((m) => m.taskSet.jobId))].sort((a, b) => a - b);
    this.logger.error(
      { jobIds: jobs, waitingSeconds: seconds },
      `Job ${jobs.join(', ')} has not accepted any resources for ${seconds}s: no executor is registered with the driver; start executors with \`kindling executor --driver HOST:PORT\` (the job keeps waiting)`,
    );
  }

  /**
   * Offers every free core to the task sets, FIFO. Within a task set, each pass
   * widens the locality allowed (own executor, then host or no preference, then
   * anything), so a task whose partition is cached on an executor with a free core
   * goes there before anyone else takes it.
   *
   * Pipelining: a set whose tasks are known to be short may put more tasks per core
   * on an executor than it has cores, queued there behind the running ones, as many
   * as fit in kindling.scheduler.pipeline.queuedWorkPerCore of their average run
   * time (up to kindling.scheduler.pipeline.tasksPerCore). A short task otherwise
   * spends most of its slot waiting for the launch/status round trip (two process
   * and two thread hops, 0.3-0.5 ms on loopback), and messages then carry several
   * tasks each. Long tasks never queue, so a stage's tail is not stretched by a task
   * waiting behind a slow one on a busy executor while another sits idle.
   */
  private makeOffers(): void {
    const backend = this.backend;
    if (backend === undefined || this.schedulableQueue.length === 0) return;
    const executors = [...this.executors.values()];
    const running = executors.map((e) => e.runningTaskIds.size);
    // Nothing queues behind a task that is not known to be short: a streaming
    // receiver's task never ends, and a task queued behind it would never run.
    const runsLongTask = executors.map((e) => [...e.runningTaskIds].some((id) => !this.isShortTask(id)));
    for (const manager of this.schedulableQueue) {
      if (manager.isZombie) continue;
      const perCore = 1 + this.pipelinedPerCore(manager);
      for (const locality of localityLevels) {
        let launched = true;
        while (launched) {
          launched = false;
          for (let i = 0; i < executors.length; i++) {
            const executor = executors[i]!;
            if (running[i]! >= executor.info.cores * (runsLongTask[i]! ? 1 : perCore)) continue;
            const task = manager.resourceOffer(executor.info.executorId, executor.info.host, locality, this.newTaskId);
            if (task === undefined) continue;
            running[i]!++;
            launched = true;
            this.taskIdToTaskSetManager.set(task.taskId, manager);
            this.taskIdToExecutorId.set(task.taskId, executor.info.executorId);
            executor.runningTaskIds.add(task.taskId);
            try {
              backend.launchTask(executor.info.executorId, task);
            } catch (error) {
              const failure = KindlingError.from(error, `Cannot launch task ${task.taskId} on executor ${executor.info.executorId}`);
              this.statusUpdate(task.taskId, executor.info.executorId, {
                status: 'failed',
                failure: { errorName: failure.name, code: failure.code, message: failure.message, stack: failure.stack ?? '' },
              });
            }
          }
        }
      }
    }
    this.scheduleLocalityRevive();
  }

  /** A running task of a set whose tasks are known to be short (pipelined tasks may queue behind it). */
  private isShortTask(taskId: number): boolean {
    const manager = this.taskIdToTaskSetManager.get(taskId);
    return manager !== undefined && this.pipelinedPerCore(manager) > 0;
  }

  /**
   * Tasks of this set that may queue per core behind a running one. None for the
   * background pool: its tasks take only free cores, so a foreground task set that
   * arrives later waits for at most one background task per core, and nothing of
   * the foreground queues behind one (it is not short, for the check above).
   */
  private pipelinedPerCore(manager: TaskSetManager): number {
    if (poolRank(manager.taskSet.pool) > 0) return 0;
    return pipelinedTasksPerCore(manager.runTimeEstimateMs, this.pipelinedTasksPerCore, this.pipelineQueuedWorkMs);
  }

  /**
   * Tasks held back for locality must not wait for an event that may never come
   * (every other task done, nothing else running): revive offers when the earliest
   * wait ends. A plain timer, not unref'd: a job is waiting on it.
   */
  private scheduleLocalityRevive(): void {
    if (this.localityTimer !== undefined) return;
    let deadline: number | undefined;
    for (const manager of this.schedulableQueue) {
      if (!manager.isZombie && manager.localityDeadline !== undefined) deadline = Math.min(deadline ?? manager.localityDeadline, manager.localityDeadline);
    }
    if (deadline === undefined) return;
    this.localityTimer = setTimeout(() => {
      this.localityTimer = undefined;
      this.reviveOffers();
    }, Math.max(0, deadline - Date.now()) + 1);
  }

  private taskSetFinished(manager: TaskSetManager): void {
    const attempts = this.taskSetsByStageIdAndAttempt.get(manager.taskSet.stageId);
    if (attempts?.get(manager.taskSet.stageAttemptId) === manager) {
      attempts.delete(manager.taskSet.stageAttemptId);
      if (attempts.size === 0) this.taskSetsByStageIdAndAttempt.delete(manager.taskSet.stageId);
    }
    this.schedulableQueue = this.schedulableQueue.filter((m) => m !== manager);
    this.logger.debug({ stageId: manager.taskSet.stageId }, `Removed ${manager.name}, whose tasks have all completed`);
  }

  private requireCallbacks(): TaskSchedulerCallbacks {
    if (this.callbacks === undefined) throw new Error('TaskScheduler used before initialize()');
    return this.callbacks;
  }
}

/** Cached block ids a successful task reports (TaskOutcome.updatedBlocks, when the engine sets it). */
function updatedBlocksOf(outcome: TaskOutcome & { status: 'success' }): readonly string[] {
  const blocks = (outcome as { updatedBlocks?: unknown }).updatedBlocks;
  return Array.isArray(blocks) ? (blocks as string[]) : [];
}

function asError(error: unknown): Error {
  return error instanceof Error ? error : new Error(String(error));
}
