/**
 * The ExecutorEnv of the in-process backend (`--master local-inprocess`): tasks run
 * in the driver's process, shuffle blocks are read from this process's own work
 * directory, and persisted blocks live in one block manager.
 */
import type { KindlingConf } from '../conf/index.js';
import type { Logger } from '../log/index.js';
import { LocalShuffleBlockFetcher } from '../shuffle/index.js';
import { memoryManagerFromConf } from '../memory/index.js';
import { BlockManager } from '../storage/index.js';
import { inProcessReceiverEndpoint } from '../streaming/receiver-endpoint.js';
import type { ExecutorEnv, LoadedBundle, MapOutputSource } from './executor-env.js';

export interface LocalExecutorEnvOptions {
  readonly executorId: string;
  readonly workDir: string;
  readonly conf: KindlingConf;
  readonly logger: Logger;
  readonly mapOutputs: MapOutputSource;
  readonly loadBundle: (sha256: string) => Promise<LoadedBundle | undefined>;
  readonly address?: string;
}

export function createLocalExecutorEnv(options: LocalExecutorEnvOptions): ExecutorEnv & { readonly blockManager: BlockManager } {
  const memoryManager = memoryManagerFromConf(options.conf, 1);
  return {
    executorId: options.executorId,
    address: options.address ?? '',
    conf: options.conf,
    logger: options.logger,
    workDir: options.workDir,
    loadBundle: options.loadBundle,
    mapOutputs: options.mapOutputs,
    fetcher: new LocalShuffleBlockFetcher(options.workDir),
    blockManager: new BlockManager({
      workDir: options.workDir,
      logger: options.logger,
      conf: options.conf,
      memoryManager,
    }),
    memoryManager,
    // Tasks here run in the driver's process: blocks go straight to its tracker.
    receiverEndpoint: inProcessReceiverEndpoint,
  };
}
