/**
 * A SchedulerBackend wrapper that times every task from launchTask to its status
 * update (the per-task round trip as the scheduler sees it), for the cluster bench.
 */
import { performance } from 'node:perf_hooks';
import type { TaskDescription } from '@kindling/common';
import type { SchedulerBackend, SchedulerBackendListener } from '../scheduler/scheduler-backend.js';

export class TimingBackend implements SchedulerBackend {
  private readonly launchedAt = new Map<number, number>();
  roundTripsMs: number[] = [];

  constructor(readonly inner: SchedulerBackend) {}

  start(listener: SchedulerBackendListener): Promise<void> {
    return this.inner.start({
      executorAdded: (executor) => listener.executorAdded(executor),
      executorLost: (executorId, reason) => listener.executorLost(executorId, reason),
      backendDead: (reason) => listener.backendDead(reason),
      statusUpdate: (taskId, executorId, outcome) => {
        const launched = this.launchedAt.get(taskId);
        if (launched !== undefined) {
          this.roundTripsMs.push(performance.now() - launched);
          this.launchedAt.delete(taskId);
        }
        listener.statusUpdate(taskId, executorId, outcome);
      },
    });
  }

  launchTask(executorId: string, task: TaskDescription): void {
    this.launchedAt.set(task.taskId, performance.now());
    this.inner.launchTask(executorId, task);
  }

  stop(): Promise<void> {
    return this.inner.stop();
  }

  defaultParallelism(): number {
    return this.inner.defaultParallelism();
  }

  killTask(executorId: string, taskId: number, reason: string): void {
    this.inner.killTask(executorId, taskId, reason);
  }

  removeRdd(rddId: number): Promise<void> {
    return this.inner.removeRdd(rddId);
  }

  removeShuffle(shuffleId: number): Promise<void> {
    return this.inner.removeShuffle(shuffleId);
  }
}

/** The q-quantile (0..1) of some numbers. */
export function quantile(values: readonly number[], q: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!;
}
