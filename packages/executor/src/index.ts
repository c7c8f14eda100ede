// The executor daemon: `runExecutorCommand` backs `kindling executor`; a local[N]
// driver spawns `executorMainPath` as a process.
import { fileURLToPath } from 'node:url';

export { Executor, type ExecutorExit, type ExecutorOptions } from './executor.js';
export { runExecutorCommand, parseDriverAddress, type ExecutorCommandOptions } from './run-executor-command.js';
export { ExecutorConf, executorDefaults, type TaskIsolation } from './executor-conf.js';
export { GrpcShuffleBlockFetcher, type GrpcShuffleBlockFetcherOptions } from './grpc-shuffle-block-fetcher.js';

/** The executor's process main (`node <executorMainPath> --driver HOST:PORT …`). */
export const executorMainPath: string = fileURLToPath(new URL('./executor-main.js', import.meta.url));
