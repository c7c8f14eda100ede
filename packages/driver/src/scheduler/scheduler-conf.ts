/**
 * Configuration the task scheduler reads that Spark does not have, with defaults
 * and the measurements behind them (`pnpm bench cluster`, docs/DECISIONS.md).
 */
export const SchedulerConf = {
  /**
   * At most this many tasks per core an executor may hold queued behind the one it
   * runs, for task sets whose tasks are short. 0 turns pipelining off (Spark's
   * behaviour: never more tasks on an executor than cores).
   */
  pipelinedTasksPerCore: 'kindling.scheduler.pipeline.tasksPerCore',
  /**
   * How much estimated work may queue behind each core's running task: a set whose
   * tasks average 0.5 ms gets 4 queued per core with 2ms, one of 2 ms gets 1, a
   * longer one none. This bounds how much a stage's end can be stretched by tasks
   * waiting on a busy executor while another one is idle.
   */
  pipelineQueuedWork: 'kindling.scheduler.pipeline.queuedWorkPerCore',
} as const;

export const schedulerDefaults = {
  // 64, not 16: tasks of a few tens of microseconds then travel ~32 to a message
  // each way instead of ~8, and 10,000 empty tasks on local[2] ran 11,400-15,800
  // tasks/s against 4,500-7,800 (A/B interleaved, load 10-12; docs/DECISIONS.md).
  // queuedWorkPerCore still bounds what queues (2 ms of estimated work per core),
  // so this cap only binds for tasks under ~30 µs.
  pipelinedTasksPerCore: 64,
  pipelineQueuedWorkMs: 2,
} as const;

/**
 * Tasks per core that may queue behind the running one for a task set whose tasks
 * take `runTimeEstimateMs` on average (undefined: none has finished yet, so nothing
 * is known and nothing queues).
 */
export function pipelinedTasksPerCore(runTimeEstimateMs: number | undefined, maxTasksPerCore: number, queuedWorkMs: number): number {
  if (runTimeEstimateMs === undefined || maxTasksPerCore === 0) return 0;
  if (runTimeEstimateMs <= 0) return maxTasksPerCore;
  return Math.min(maxTasksPerCore, Math.floor(queuedWorkMs / runTimeEstimateMs));
}
