/**
 * For TaskScheduler unit tests: a SchedulerBackend that only records the launches it
 * is asked for, and callbacks that ignore everything.
 */
import type { TaskDescription } from '@kindling/common';
import type { SchedulerBackend, SchedulerBackendListener } from '../scheduler-backend.js';
import type { TaskSchedulerCallbacks } from '../task-set.js';

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
