/**
 * For TaskScheduler unit tests: a SchedulerBackend that only records the launches it
 * is asked for, callbacks that ignore everything, and task sets of empty tasks.
 */
import type { TaskDescription } from '@kindling/common';
import type { SchedulerBackend, SchedulerBackendListener } from '../scheduler-backend.js';
import type { TaskSchedulerCallbacks, TaskSet } from '../task-set.js';

export class RecordingBackend implements SchedulerBackend {
  readonly launched: Array<{ executorId: string; taskId: number; stageId: number }> = [];
  start(_listener: SchedulerBackendListener): Promise<void> {
    return Promise.resolve();
  }
  stop(): Promise<void> {
    return Promise.resolve();
  }
  defaultParallelism(): number {
    return 2;
  }
  launchTask(executorId: string, task: TaskDescription): void {
    this.launched.push({ executorId, taskId: task.taskId, stageId: task.stageId });
  }
  killTask(): void {}
  removeRdd(): Promise<void> {
    return Promise.resolve();
  }
  removeShuffle(): Promise<void> {
    return Promise.resolve();
  }
}

export const ignoringCallbacks: TaskSchedulerCallbacks = {
  taskStarted: () => undefined,
  taskEnded: () => undefined,
  taskSetFailed: () => undefined,
  executorAdded: () => undefined,
  executorLost: () => undefined,
};

/** A result stage's task set of `tasks` tasks with no locality preference and an empty payload. */
export function emptyTaskSet(tasks: number, ids: { stageId?: number; jobId?: number; pool?: string } = {}): TaskSet {
  return {
    stageId: ids.stageId ?? 1,
    stageAttemptId: 0,
    jobId: ids.jobId ?? 0,
    stageKind: 'ResultStage',
    appId: 'app',
    bundleSha256: '',
    payload: new Uint8Array(0),
    tasks: Array.from({ length: tasks }, (_, partitionId) => ({ partitionId, preferredLocations: [] })),
    epoch: 0,
    ...(ids.pool === undefined ? {} : { pool: ids.pool }),
  };
}
