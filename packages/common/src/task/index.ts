export type { TaskDescription, MapStatus, TaskMetrics, TaskFailure, TaskOutcome } from './task-types.js';
export type { ExecutorEnv, LoadedBundle, MapOutputSource, ShuffleBlockFetcher } from './executor-env.js';
