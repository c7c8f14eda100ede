/**
 * The services a task needs from the process it runs in. The in-process backend and
 * the executor daemon each build one; `runTask` (task-runner.ts) uses nothing else,
 * so the same task code runs in both places unchanged.
 */
import type { BroadcastSource } from '../broadcast/index.js';
import type { KindlingConf } from '../conf/index.js';
import type { Logger } from '../log/index.js';
import type { MemoryManager } from '../memory/index.js';
import type { BlockManager } from '../storage/index.js';
import type { ReceiverEndpoint } from '../streaming/receiver-endpoint.js';
import type { MapStatus } from './task-types.js';

/** A loaded job bundle: the module namespace and esbuild's local-name → export-name map. */
export interface LoadedBundle {
  readonly sha256: string;
  readonly namespace: Readonly<Record<string, unknown>>;
  /** Local binding name in the bundle → the export name that holds the same value. */
  readonly exportAliases: Readonly<Record<string, string>>;
}

/** Asks the driver where a shuffle's map outputs are (MapOutputTracker). */
export interface MapOutputSource {
  getMapStatuses(shuffleId: number): Promise<readonly MapStatus[]>;
}

/**
 * Fetches one reduce block of one map output. Local blocks are read from disk; remote
 * ones from the executor at `status.address`. Fails with FetchFailedError when the
 * block cannot be had, so the DAG scheduler resubmits the map stage.
 */
export interface ShuffleBlockFetcher {
  fetchBlock(status: MapStatus, reduceId: number): Promise<Uint8Array>;
}

/** A cached block read from another executor (Spark's remote block read). */
export interface RemoteBlock {
  /** The block as framed record bytes (the format of its disk copy). */
  readonly bytes: Uint8Array;
  readonly executorId: string;
}

/**
 * Finds a cached block on another executor: asks the driver where it is, then
 * fetches it from a holder. Undefined when no holder answers (the caller recomputes).
 */
export interface RemoteBlockSource {
  fetchBlock(blockId: string): Promise<RemoteBlock | undefined>;
}

export interface ExecutorEnv {
  readonly executorId: string;
  /** `host:port` where this executor serves shuffle blocks; '' in process. */
  readonly address: string;
  readonly conf: KindlingConf;
  readonly logger: Logger;
  /** Directory for shuffle files and disk blocks of this executor (or in-process run). */
  readonly workDir: string;
  loadBundle(sha256: string): Promise<LoadedBundle | undefined>;
  readonly mapOutputs: MapOutputSource;
  readonly fetcher: ShuffleBlockFetcher;
  /**
   * Persisted RDD blocks of this process (persist/cache). Without one, persisted RDDs
   * are simply recomputed; createLocalExecutorEnv and the executor daemon provide one.
   */
  readonly blockManager?: BlockManager;
  /** Where a streaming receiver running in a task sends its blocks; without one, receivers cannot run here. */
  readonly receiverEndpoint?: ReceiverEndpoint;
  /**
   * The memory shared by cached blocks and the spilling collections of tasks (the
   * block manager's); unbounded when absent.
   */
  readonly memoryManager?: MemoryManager;
  /** Reads cached blocks held elsewhere; without one, a block not held here is recomputed. */
  readonly remoteBlocks?: RemoteBlockSource;
  /** Fetches broadcast values this process does not hold (executors); absent where the driver's originals are at hand. */
  readonly broadcasts?: BroadcastSource;
}
