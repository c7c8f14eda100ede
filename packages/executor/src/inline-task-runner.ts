/**
 * Runs tasks on the executor's main thread, interleaved at their awaits. Cheapest
 * per task, but a CPU-bound task blocks the executor's gRPC server (shuffle
 * serving, heartbeats) while it runs; kept for measurement and for debugging
 * (`kindling.executor.taskIsolation=inline`).
 */
import { taskFailure, type Logger, type TaskDescription, type TaskOutcome } from '@kindling/common';
import { createTaskEnv, type TaskEnv, type TaskEnvSetup } from './task-env.js';
import { killedOutcome, type TaskRunner } from './task-runner.js';

export class InlineTaskRunner implements TaskRunner {
  private readonly running = new Set<number>();
  private readonly killed = new Map<number, string>();
  private readonly taskEnv: Promise<TaskEnv>;
  readonly ready: Promise<void>;

  constructor(setup: TaskEnvSetup, logger: Logger) {
    this.taskEnv = createTaskEnv(setup, logger);
    this.ready = this.taskEnv.then(() => undefined);
    this.ready.catch(() => undefined);
  }

  async run(task: TaskDescription, _payloadId: number, epoch: number): Promise<TaskOutcome> {
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
    if (!this.running.has(taskId)) return false;
    this.killed.set(taskId, reason);
    return true;
  }

  runningTaskIds(): number[] {
    return [...this.running];
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

  removeBroadcast(_broadcastId: number): Promise<void> {
    // Broadcast blocks are not kept by executors yet; nothing to drop.
    return Promise.resolve();
  }

  async close(): Promise<void> {
    await this.taskEnv.then(
      (taskEnv) => taskEnv.close(),
      () => undefined,
    );
  }
}
