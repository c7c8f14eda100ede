/**
 * Runs tasks on the executor's main thread, `cores` at a time, interleaved at their
 * awaits. Cheapest per task, but a CPU-bound task blocks the executor's gRPC server
 * (shuffle serving, heartbeats) while it runs; kept for measurement and for
 * debugging (`kindling.executor.taskIsolation=inline`).
 *
 * Tasks beyond `cores` (the driver pipelines short tasks) wait their turn rather
 * than all interleaving: each task's run time then measures the task, which the
 * driver's pipelining estimate relies on.
 */
import { dropBroadcastCopy, taskFailure, type Logger, type TaskDescription, type TaskOutcome } from '@kindling/common';
import type { ExecutorBroadcastCache } from './broadcast-cache.js';
import { createTaskEnv, type TaskEnv, type TaskEnvSetup } from './task-env.js';
import { killedOutcome, type TaskRunner } from './task-runner.js';

interface WaitingTask {
  readonly taskId: number;
  readonly start: () => void;
  readonly cancel: (reason: string) => void;
}

export class InlineTaskRunner implements TaskRunner {
  private readonly running = new Set<number>();
  private readonly killed = new Map<number, string>();
  private readonly waiting: WaitingTask[] = [];
  /** Slots taken; a finishing task hands its slot straight to the next waiting one. */
  private active = 0;
  private readonly taskEnv: Promise<TaskEnv>;
  readonly ready: Promise<void>;

  constructor(
    setup: TaskEnvSetup,
    private readonly cores: number,
    logger: Logger,
    private readonly broadcasts?: ExecutorBroadcastCache,
  ) {
    this.taskEnv = createTaskEnv(setup, logger, broadcasts);
    this.ready = this.taskEnv.then(() => undefined);
    this.ready.catch(() => undefined);
  }

  async run(task: TaskDescription, payloadId: number, epoch: number): Promise<TaskOutcome> {
    if (this.active < this.cores) {
      this.active++;
    } else {
      const cancelled = await new Promise<string | undefined>((resolve) => {
        this.waiting.push({ taskId: task.taskId, start: () => resolve(undefined), cancel: (reason) => resolve(reason) });
      });
      if (cancelled !== undefined) return killedOutcome(cancelled);
    }
    try {
      return await this.runNow(task, payloadId, epoch);
    } finally {
      const next = this.waiting.shift();
      if (next === undefined) this.active--;
      else next.start();
    }
  }

  private async runNow(task: TaskDescription, _payloadId: number, epoch: number): Promise<TaskOutcome> {
    this.running.add(task.taskId);
    let outcome: TaskOutcome;
    try {
      const taskEnv = await this.taskEnv;
      taskEnv.mapOutputs.updateEpoch(epoch);
      outcome = await taskEnv.runTask(task, taskEnv.env);
    } catch (error) {
      outcome = { status: 'failed', failure: taskFailure(error) };
    }
    this.running.delete(task.taskId);
    const reason = this.killed.get(task.taskId);
    this.killed.delete(task.taskId);
    return reason === undefined ? outcome : killedOutcome(reason);
  }

  /** A task on the main thread cannot be interrupted: its outcome is replaced when it ends. */
  kill(taskId: number, reason: string): boolean {
    const waitingIndex = this.waiting.findIndex((w) => w.taskId === taskId);
    if (waitingIndex >= 0) {
      this.waiting.splice(waitingIndex, 1)[0]!.cancel(reason);
      return true;
    }
    if (!this.running.has(taskId)) return false;
    this.killed.set(taskId, reason);
    return true;
  }

  runningTaskIds(): number[] {
    return [...this.running, ...this.waiting.map((w) => w.taskId)];
  }

  async removeRdd(rddId: number): Promise<void> {
    await (await this.taskEnv).env.blockManager?.removeRdd(rddId);
  }

  async removeShuffle(shuffleId: number): Promise<void> {
    (await this.taskEnv).mapOutputs.invalidate(shuffleId);
  }

  async getBlockBytes(blockId: string): Promise<Uint8Array | undefined> {
    return (await this.taskEnv).env.blockManager?.getBytes(blockId);
  }

  removeBroadcast(broadcastId: number): Promise<void> {
    // Tasks run on this thread: its registry holds the decoded copies.
    this.broadcasts?.remove(broadcastId);
    dropBroadcastCopy(broadcastId);
    return Promise.resolve();
  }

  async close(): Promise<void> {
    for (const waiting of this.waiting.splice(0)) waiting.cancel('executor stopping');
    await this.taskEnv.then(
      (taskEnv) => taskEnv.close(),
      () => undefined,
    );
  }
}
