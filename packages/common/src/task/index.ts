export type { TaskDescription, MapStatus, TaskMetrics, TaskFailure, TaskOutcome } from './task-types.js';
export type { ExecutorEnv, LoadedBundle, MapOutputSource, RemoteBlock, RemoteBlockSource, ShuffleBlockFetcher } from './executor-env.js';
export { encodeResultTask, encodeShuffleMapTask, decodeTaskResult, encodeTaskResult, decodeTaskPayload, type TaskPayload, type ShuffleWriteSpec } from './task-payload.js';
export { runTask, taskFailure } from './task-runner.js';
export { createLocalExecutorEnv, type LocalExecutorEnvOptions } from './local-executor-env.js';
export { ExecutorRddContext } from './executor-rdd-context.js';
