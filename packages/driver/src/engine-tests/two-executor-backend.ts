/**
 * A SchedulerBackend for tests: two in-process executors, `exec-a` (host-a) and
 * `exec-b` (host-b), running tasks with the engine's `runTask`, with hooks to inject
 * faults — lose an executor, drop a task, delete a map output before a task runs.
 * Both executors write to one work directory, so either can read any shuffle file
 * that still exists (as a reducer fetching from a live executor would).
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  createLocalExecutorEnv,
  removeShuffleFiles,
  runTask,
  type BlockManager,
  type ExecutorEnv,
  type TaskDescription,
} from '@kindling/common';
import type { SchedulerBackend, SchedulerBackendListener } from '../scheduler/scheduler-backend.js';
import type { SchedulerBackendSetup } from '../scheduler/scheduler-backend-factory.js';

export type LaunchDecision = 'run' | 'drop';

export interface Launch {
  readonly taskId: number;
  readonly stageId: number;
  readonly stageAttemptId: number;
  readonly partitionId: number;
  readonly executorId: string;
}

export class TwoExecutorBackend implements SchedulerBackend {
  static readonly executorIds = ['exec-a', 'exec-b'] as const;
  /** Called before each task runs; may inject a fault and tell the backend to drop the task. */
  beforeLaunch: ((task: TaskDescription, executorId: string) => LaunchDecision | Promise<LaunchDecision>) | undefined;
  readonly launches: Launch[] = [];
  workDir = '';
  private listener: SchedulerBackendListener | undefined;
  private readonly envs = new Map<string, ExecutorEnv & { readonly blockManager: BlockManager }>();
  private readonly lost = new Set<string>();

  constructor(
    private readonly setup: SchedulerBackendSetup,
    private readonly coresEach: number,
  ) {}

  async start(listener: SchedulerBackendListener): Promise<void> {
    this.listener = listener;
    this.workDir = await mkdtemp(join(tmpdir(), 'kindling-two-executors-'));
    for (const executorId of TwoExecutorBackend.executorIds) {
      this.envs.set(
        executorId,
        createLocalExecutorEnv({
          executorId,
          workDir: this.workDir,
          conf: this.setup.conf,
          logger: this.setup.logger,
          mapOutputs: this.setup.mapOutputTracker,
          loadBundle: () => Promise.resolve(undefined),
        }),
      );
      listener.executorAdded({ executorId, host: executorId.replace('exec', 'host'), cores: this.coresEach });
    }
  }

  defaultParallelism(): number {
    return this.coresEach * 2;
  }

  launchTask(executorId: string, task: TaskDescription): void {
    this.launches.push({ taskId: task.taskId, stageId: task.stageId, stageAttemptId: task.stageAttemptId, partitionId: task.partitionId, executorId });
    void (async () => {
      await new Promise((resolve) => setImmediate(resolve));
      const decision = (await this.beforeLaunch?.(task, executorId)) ?? 'run';
      if (decision === 'drop' || this.lost.has(executorId)) return;
      const outcome = await runTask(task, this.envs.get(executorId)!);
      if (!this.lost.has(executorId)) this.listener?.statusUpdate(task.taskId, executorId, outcome);
    })();
  }

  /** The executor dies: it reports nothing more, and the scheduler is told. */
  loseExecutor(executorId: string, reason: string): void {
    this.lost.add(executorId);
    this.listener?.executorLost(executorId, reason);
  }

  killTask(): void {}

  async removeRdd(rddId: number): Promise<void> {
    for (const env of this.envs.values()) await env.blockManager.removeRdd(rddId);
  }

  async removeShuffle(shuffleId: number): Promise<void> {
    await removeShuffleFiles(this.workDir, shuffleId);
  }

  async stop(): Promise<void> {
    this.lost.add('exec-a').add('exec-b');
    await rm(this.workDir, { recursive: true, force: true });
  }
}
