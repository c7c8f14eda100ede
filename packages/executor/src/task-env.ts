/**
 * What a task thread (or the inline runner) needs to run tasks, and the
 * ExecutorEnv built from it. The setup is plain data so it can cross into a
 * worker thread as workerData; each thread then has its own channel to the
 * driver, its own shuffle-fetch channels and its own block manager.
 */
import { join } from 'node:path';
import {
  BlockManager,
  KindlingConf,
  RpcSecurity,
  configureFileSystems,
  loadBundleDir,
  receiverCommandFromWire,
  receiverReportToWire,
  serializerFromConf,
  memoryManagerFromConf,
  type ExecutorEnv,
  type BroadcastSource,
  type LoadedBundle,
  type Logger,
  type TaskDescription,
  type TaskOutcome,
} from '@kindling/common';
import { DriverClient } from './driver-client.js';
import { GrpcShuffleBlockFetcher } from './grpc-shuffle-block-fetcher.js';
import { RemoteBlockFetcher } from './remote-block-fetcher.js';
import { RemoteMapOutputs } from './remote-map-outputs.js';

export interface TaskEnvSetup {
  readonly executorId: string;
  /** host:port other executors fetch this executor's blocks from. */
  readonly address: string;
  readonly appId: string;
  /** This application's directory for shuffle files and disk blocks. */
  readonly workDir: string;
  /** Where downloaded bundles are stored, one directory per sha256. */
  readonly bundleRoot: string;
  readonly driverAddress: string;
  /** The executor's configuration merged with the application's (secrets included; never leaves the process). */
  readonly conf: ReadonlyArray<readonly [string, string]>;
  /** Module that exports `runTask(task, env)`: '@kindling/common', or a stand-in in transport tests. */
  readonly runnerModule: string;
  readonly payloadCacheBytes: number;
  /** Task threads sharing the executor memory (each gets an equal share); 1 for the inline runner. */
  readonly memorySlots: number;
}

export type RunTaskFunction = (task: TaskDescription, env: ExecutorEnv) => Promise<TaskOutcome>;

export interface TaskEnv {
  readonly env: ExecutorEnv;
  readonly mapOutputs: RemoteMapOutputs;
  readonly runTask: RunTaskFunction;
  close(): void;
}

export async function loadRunTask(runnerModule: string): Promise<RunTaskFunction> {
  const module = (await import(runnerModule)) as { runTask?: unknown };
  if (typeof module.runTask !== 'function') throw new Error(`${runnerModule} does not export a runTask function`);
  return module.runTask as RunTaskFunction;
}

/** `broadcasts`: where the executor's broadcast bytes come from (its main thread's cache). */
export async function createTaskEnv(setup: TaskEnvSetup, logger: Logger, broadcasts?: BroadcastSource): Promise<TaskEnv> {
  const conf = new KindlingConf(setup.conf);
  // Task code reads files through getFileSystem: it gets the application's choices (short-circuit reads).
  configureFileSystems(conf, logger);
  // The secret is in `conf` already; the environment is not consulted again here.
  const security = RpcSecurity.fromConf(conf, {});
  const driver = new DriverClient(setup.driverAddress, security, logger);
  driver.setAppId(setup.appId);
  const mapOutputs = new RemoteMapOutputs(driver);
  const serializer = serializerFromConf(conf);
  const fetcher = new GrpcShuffleBlockFetcher({
    executorId: setup.executorId,
    workDir: setup.workDir,
    appId: setup.appId,
    security,
    logger,
    onFetchFailure: (shuffleId) => mapOutputs.invalidate(shuffleId),
  });
  const remoteBlocks = new RemoteBlockFetcher(driver, setup.appId, security, logger);
  const bundles = new Map<string, Promise<LoadedBundle>>();
  const memoryManager = memoryManagerFromConf(conf, setup.memorySlots);
  const env: ExecutorEnv = {
    executorId: setup.executorId,
    address: setup.address,
    conf,
    logger,
    workDir: setup.workDir,
    // The executor's main thread downloads a task's bundle before the task reaches a
    // thread, so it is on disk here.
    loadBundle: (sha256) => {
      if (sha256 === '') return Promise.resolve(undefined);
      let loading = bundles.get(sha256);
      if (loading === undefined) {
        loading = loadBundleDir(join(setup.bundleRoot, sha256));
        bundles.set(sha256, loading);
        loading.catch(() => bundles.delete(sha256));
      }
      return loading;
    },
    mapOutputs,
    fetcher,
    blockManager: new BlockManager({ workDir: setup.workDir, logger, conf, memoryManager }),
    memoryManager,
    remoteBlocks,
    ...(broadcasts === undefined ? {} : { broadcasts }),
    receiverEndpoint: {
      // A large block travels as several reports, in order; the last answer is the command.
      report: async (message) => {
        let answer;
        for (const part of receiverReportToWire(message, serializer)) answer = await driver.reportReceiver(part);
        return receiverCommandFromWire(answer!);
      },
    },
  };
  const runTask = await loadRunTask(setup.runnerModule);
  return {
    env,
    mapOutputs,
    runTask,
    close: () => {
      fetcher.close();
      remoteBlocks.close();
      driver.close();
    },
  };
}
