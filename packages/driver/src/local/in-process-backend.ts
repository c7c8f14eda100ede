/**
 * The in-process SchedulerBackend (`--master local-inprocess`): one executor,
 * 'driver', that runs tasks with the engine's `runTask` inside the driver process.
 * Its `cores` tasks run concurrently in the sense of a JavaScript event loop: they
 * interleave at their awaits (shuffle reads, disk blocks), not in parallel. It is
 * for fast unit tests of the RDD model; `local[N]` is the real thing.
 *
 * Shuffle files and disk blocks go to a work directory of its own under the OS temp
 * directory, removed on stop.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  createLocalExecutorEnv,
  removeShuffleFiles,
  runTask,
  taskFailure,
  type BlockManager,
  type ExecutorEnv,
  type KindlingConf,
  type LoadedBundle,
  type Logger,
  type MapOutputSource,
  type TaskDescription,
  type TaskOutcome,
} from '@kindling/common';
import type { SchedulerBackend, SchedulerBackendListener } from '../scheduler/scheduler-backend.js';

export const IN_PROCESS_EXECUTOR_ID = 'driver';

export interface InProcessBackendOptions {
  readonly conf: KindlingConf;
  readonly logger: Logger;
  /** The driver's MapOutputTracker. */
  readonly mapOutputs: MapOutputSource;
  readonly bundle: LoadedBundle | undefined;
  /** Tasks run at once; the CPU count by default. */
  readonly cores?: number;
}

/** How long stop() lets running tasks finish before removing their work directory anyway. */
const STOP_GRACE_MS = 5_000;

export class InProcessBackend implements SchedulerBackend {
  private readonly cores: number;
  private listener: SchedulerBackendListener | undefined;
  private env: (ExecutorEnv & { readonly blockManager: BlockManager }) | undefined;
  private dir: string | undefined;
  private readonly running = new Map<number, Promise<void>>();
  /** Tasks asked to be killed: an in-process task cannot be interrupted, so its outcome is replaced. */
  private readonly killed = new Map<number, string>();
  private stopped = false;

  constructor(private readonly options: InProcessBackendOptions) {
    this.cores = options.cores ?? availableParallelism();
  }

  async start(listener: SchedulerBackendListener): Promise<void> {
    this.listener = listener;
    this.dir = await mkdtemp(join(tmpdir(), 'kindling-inprocess-'));
    const bundle = this.options.bundle;
    this.env = createLocalExecutorEnv({
      executorId: IN_PROCESS_EXECUTOR_ID,
      workDir: this.dir,
      conf: this.options.conf,
      logger: this.options.logger.child({ executorId: IN_PROCESS_EXECUTOR_ID }),
      mapOutputs: this.options.mapOutputs,
      loadBundle: (sha256) => Promise.resolve(bundle !== undefined && bundle.sha256 === sha256 ? bundle : undefined),
    });
    listener.executorAdded({ executorId: IN_PROCESS_EXECUTOR_ID, host: 'localhost', cores: this.cores });
  }

  /** The directory of shuffle files and disk blocks, once started. */
  get workDir(): string | undefined {
    return this.dir;
  }

  defaultParallelism(): number {
    return this.cores;
  }

  launchTask(_executorId: string, task: TaskDescription): void {
    const env = this.env;
    if (env === undefined || this.stopped) throw new Error('the in-process backend is not running');
    // Started on the next turn of the event loop, so that the scheduler's handler that
    // launched it returns first and I/O callbacks get their share between tasks.
    const done = new Promise<void>((resolve) => setImmediate(resolve))
      .then(() => (this.killed.has(task.taskId) ? undefined : runTask(task, env)))
      .catch((error: unknown): TaskOutcome => ({ status: 'failed', failure: taskFailure(error) }))
      .then((outcome) => this.report(task.taskId, outcome));
    this.running.set(task.taskId, done);
  }

  killTask(_executorId: string, taskId: number, reason: string): void {
    if (this.running.has(taskId)) this.killed.set(taskId, reason);
  }

  async removeRdd(rddId: number): Promise<void> {
    await this.env?.blockManager.removeRdd(rddId);
  }

  async removeShuffle(shuffleId: number): Promise<void> {
    if (this.dir !== undefined) await removeShuffleFiles(this.dir, shuffleId);
  }

  async stop(): Promise<void> {
    if (this.stopped) return;
    this.stopped = true;
    const running = [...this.running.values()];
    if (running.length > 0) {
      let timer: NodeJS.Timeout | undefined;
      const grace = new Promise<void>((resolve) => {
        timer = setTimeout(resolve, STOP_GRACE_MS);
      });
      await Promise.race([Promise.allSettled(running), grace]);
      clearTimeout(timer);
    }
    if (this.dir !== undefined) await rm(this.dir, { recursive: true, force: true });
  }

  private report(taskId: number, outcome: TaskOutcome | undefined): void {
    this.running.delete(taskId);
    const killReason = this.killed.get(taskId);
    this.killed.delete(taskId);
    if (this.stopped) return;
    const final: TaskOutcome = killReason !== undefined || outcome === undefined ? { status: 'killed', reason: killReason ?? 'killed' } : outcome;
    this.listener?.statusUpdate(taskId, IN_PROCESS_EXECUTOR_ID, final);
  }
}
