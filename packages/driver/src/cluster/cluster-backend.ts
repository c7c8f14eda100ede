/**
 * The SchedulerBackend of `--master local[N]` and `--master kindling://HOST:PORT`
 * (Spark's CoarseGrainedSchedulerBackend): a DriverService server that executors
 * register with, and one task channel per executor.
 *
 * - local[N]: listens on 127.0.0.1 (any port), spawns N executor processes pinned to
 *   this application, and waits for all of them. Authentication is always on: a
 *   random secret is made for the run unless one is configured, so no other local
 *   user can hand tasks to these processes.
 * - kindling://HOST:PORT: listens there and waits for `numExecutors` executors
 *   (kindling.executor.instances, --num-executors) for up to
 *   kindling.scheduler.maxRegisteredResourcesWaitingTime, else fails with a clear
 *   message. Executors that register later are added as they come.
 *
 * An executor is lost when its task channel ends (its process died: noticed at
 * once), when its heartbeats stop for kindling.network.timeout, or when its local
 * process exits; the TaskScheduler hears executorLost exactly once.
 *
 * local[N] replaces every executor process that exits, under a new id, as Spark's
 * standalone master relaunches executors. An executor has started once a heartbeat
 * says its task threads are ready (it sends one as soon as they are); after
 * kindling.deploy.maxExecutorRetries exits with no start in between, and none
 * running, the backend is dead: start() fails, or every job fails, with the last
 * exit's reason in one line.
 */
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  ErrorCode,
  ExecutorLostError,
  InvalidArgumentError,
  KindlingError,
  RpcError,
  RpcSecurity,
  SecurityConf,
  bindServer,
  createServer,
  grpc,
  kindlingProto,
  privateConfKeys,
  secretEnvVar,
  serializerFromConf,
  shutdownServer,
  type Serializer,
  type KindlingConf,
  type LoadedBundle,
  type Logger,
  type MapOutputSource,
  type RegisterExecutorRequest__Output,
  type RegisterExecutorResponse,
  type TaskDescription,
} from '@kindling/common';
import { parseMasterUrl } from '../scheduler/master-url.js';
import type { SchedulerBackend, SchedulerBackendListener } from '../scheduler/scheduler-backend.js';
import { ClusterConf, clusterDefaults } from './cluster-conf.js';
import { driverServiceHandlers, type BundleSource, type DriverServiceHost } from './driver-service.js';
import { ExecutorEndpoint } from './executor-endpoint.js';
import type { BroadcastBytesSource } from '../broadcast/broadcast-manager.js';
import { localExecutorDir, LocalExecutorProcesses } from './local-executor-processes.js';
import { PayloadRegistry } from './payload-registry.js';
import { joinHostPort, peerHost } from './peer-address.js';

export interface ClusterBackendOptions {
  /** `local[N]`, `local`, `local[*]` or `kindling://HOST:PORT`. */
  readonly master: string;
  readonly conf: KindlingConf;
  readonly logger: Logger;
  readonly appId: string;
  /** The DAG scheduler's MapOutputTracker (its getEpoch, when present, stamps launched tasks). */
  readonly mapOutputs: MapOutputSource & { getEpoch?(): number };
  /** The job bundle executors download; a LoadedJobBundle (it has `file` and `manifest`). */
  readonly bundle?: LoadedBundle | BundleSource | undefined;
  /** Executors a kindling:// driver waits for; kindling.executor.instances (default 1) otherwise. */
  readonly numExecutors?: number;
  /** Internal: module exporting runTask for spawned executors (transport tests and benches). */
  readonly taskRunnerModule?: string;
  /** Where cached blocks are (the driver's BlockManagerMaster), for executors' remote block reads. */
  readonly blockLocations?: BlockLocationSource;
  /** The driver's broadcasts, served to executors by id (DriverService.FetchBroadcast). */
  readonly broadcasts?: BroadcastBytesSource;
  /** Called for each heartbeat of a registered executor (the UI shows the last one). */
  readonly onHeartbeat?: (executorId: string, time: number) => void;
}

/** Executor ids holding a cached block. */
export interface BlockLocationSource {
  getLocationsOf(blockId: string): readonly string[];
}

export function createClusterBackend(options: ClusterBackendOptions): ClusterBackend {
  return new ClusterBackend(options);
}

type Mode = { readonly kind: 'local'; readonly executors: number } | { readonly kind: 'cluster'; readonly host: string; readonly port: number };

/** How long a local executor whose task channel closed may take to exit before it is killed. */
const exitGraceMs = 3_000;

/** Settings that belong to one process and are not sent to executors. */
const perProcessConfPrefixes = ['kindling.ssl.', 'kindling.authenticate'];

export class ClusterBackend implements SchedulerBackend, DriverServiceHost {
  readonly appId: string;
  readonly security: RpcSecurity;
  readonly logger: Logger;
  readonly payloads = new PayloadRegistry();
  readonly mapOutputs: MapOutputSource & { getEpoch?(): number };
  /** The DriverService port, once started. */
  port = 0;
  private readonly mode: Mode;
  private readonly conf: KindlingConf;
  /** Decodes streaming receivers' blocks (DriverServiceHost). */
  readonly recordSerializer: Serializer;
  private readonly secret: string | undefined;
  private readonly server = createServer();
  private readonly executors = new Map<string, ExecutorEndpoint>();
  private readonly bundles = new Map<string, BundleSource>();
  private readonly downloads = new Map<string, number>();
  private readonly registrationWaiters = new Set<() => void>();
  private listener: SchedulerBackendListener | undefined;
  private processes: LocalExecutorProcesses | undefined;
  private localWorkDir: string | undefined;
  private heartbeatChecker: NodeJS.Timeout | undefined;
  private startFailure: KindlingError | undefined;
  private nextExecutorId = 0;
  /** local[N] executors whose heartbeats say their task threads are up. */
  private readonly startedExecutors = new Set<string>();
  /** local[N] executor exits since an executor last started (Spark's ApplicationInfo.retryCount). */
  private executorFailuresInARow = 0;
  /** How the last local executor exit was described, for messages. */
  private lastExecutorFailure: string | undefined;
  private coresAtStart = 0;
  private stopping: Promise<void> | undefined;

  constructor(private readonly options: ClusterBackendOptions) {
    const url = parseMasterUrl(options.master);
    if (url.kind === 'local-inprocess') {
      throw new InvalidArgumentError(`createClusterBackend runs executors over gRPC; '${options.master}' runs tasks in process`);
    }
    this.mode = url;
    this.appId = options.appId;
    this.logger = options.logger;
    this.mapOutputs = options.mapOutputs;
    this.conf = options.conf.clone();
    this.recordSerializer = serializerFromConf(this.conf);
    if (url.kind === 'local') {
      // Loopback executors run whatever they are sent: never without a secret.
      const configured = this.conf.get(SecurityConf.secret) ?? process.env[secretEnvVar];
      this.secret = configured !== undefined && configured !== '' ? configured : randomBytes(32).toString('hex');
      this.conf.set(SecurityConf.secret, this.secret).set(SecurityConf.authenticate, true);
    } else {
      this.secret = undefined;
    }
    this.security = RpcSecurity.fromConf(this.conf);
    const bundle = options.bundle;
    if (bundle !== undefined) this.registerBundle(bundle);
  }

  /** Makes a bundle downloadable by executors (more than one may be registered). */
  registerBundle(bundle: LoadedBundle | BundleSource): void {
    const source = bundle as Partial<BundleSource>;
    if (typeof source.file !== 'string' || source.manifest === undefined) {
      this.logger.warn({ sha256: bundle.sha256 }, 'bundle has no file on disk; executors cannot download it');
      return;
    }
    this.bundles.set(bundle.sha256, { sha256: bundle.sha256, file: source.file, manifest: source.manifest });
  }

  async start(listener: SchedulerBackendListener): Promise<void> {
    this.listener = listener;
    this.server.addService(kindlingProto().DriverService.service, driverServiceHandlers(this));
    const host = this.mode.kind === 'local' ? '127.0.0.1' : this.mode.host;
    this.port = await bindServer(this.server, host, this.mode.kind === 'local' ? 0 : this.mode.port, this.security.serverCredentials());
    const networkTimeoutMs = this.conf.getDurationMs(ClusterConf.networkTimeout, clusterDefaults.networkTimeoutMs);
    this.heartbeatChecker = setInterval(() => this.expireDeadExecutors(networkTimeoutMs), Math.min(1_000, networkTimeoutMs / 4));
    this.heartbeatChecker.unref();
    try {
      if (this.mode.kind === 'local') await this.startLocalExecutors(this.mode.executors);
      else await this.awaitClusterExecutors(this.mode.host);
    } catch (error) {
      await this.stop();
      throw error;
    }
    this.coresAtStart = [...this.executors.values()].reduce((sum, e) => sum + e.info.cores, 0);
  }

  private async startLocalExecutors(count: number): Promise<void> {
    this.localWorkDir = await mkdtemp(join(tmpdir(), `kindling-${this.appId}-`));
    this.nextExecutorId = count;
    this.processes = new LocalExecutorProcesses({
      count,
      cores: this.conf.getInt(ClusterConf.executorCores, clusterDefaults.executorCores),
      driverAddress: joinHostPort('127.0.0.1', this.port),
      appId: this.appId,
      conf: this.conf,
      secret: this.secret,
      workDir: this.localWorkDir,
      logger: this.logger,
      ...(this.options.taskRunnerModule === undefined ? {} : { taskRunnerModule: this.options.taskRunnerModule }),
      onExit: (executorId, description) => this.localProcessExited(executorId, description),
    });
    const waitMs = this.conf.getDurationMs(ClusterConf.registrationWait, clusterDefaults.localRegistrationWaitMs);
    await this.awaitExecutors(count, waitMs, () =>
      `only ${this.executors.size} of ${count} local executor processes registered within ${Math.round(waitMs / 1000)}s${
        this.lastExecutorFailure === undefined ? '; see their log lines above' : `; the last failure: ${this.lastExecutorFailure}`
      }`,
    );
  }

  private async awaitClusterExecutors(host: string): Promise<void> {
    const expected = this.options.numExecutors ?? this.conf.getInt(ClusterConf.executorInstances, clusterDefaults.executorInstances);
    const waitMs = this.conf.getDurationMs(ClusterConf.registrationWait, clusterDefaults.clusterRegistrationWaitMs);
    const address = joinHostPort(host, this.port);
    this.logger.info({ address, expected }, `driver listening on ${address}; waiting for ${expected} executor(s)`);
    await this.awaitExecutors(expected, waitMs, () =>
      `waited ${Math.round(waitMs / 1000)}s for ${expected} executor(s) at kindling://${address}, ${this.executors.size} registered; start them with \`kindling executor --driver HOST:${this.port}\` or lower --num-executors`,
    );
  }

  private awaitExecutors(count: number, waitMs: number, timeoutMessage: () => string): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      const check = (): void => {
        if (this.startFailure !== undefined) finish(this.startFailure);
        else if (this.executors.size >= count) finish(undefined);
      };
      const timer = setTimeout(() => finish(new KindlingError(ErrorCode.Unavailable, `Cannot start: ${timeoutMessage()}`)), waitMs);
      const finish = (error: KindlingError | undefined): void => {
        clearTimeout(timer);
        this.registrationWaiters.delete(check);
        if (error === undefined) resolve();
        else reject(error);
      };
      this.registrationWaiters.add(check);
      check();
    });
  }

  private notifyWaiters(): void {
    for (const waiter of [...this.registrationWaiters]) waiter();
  }

  // ---- DriverServiceHost -------------------------------------------------------

  registerExecutor(request: RegisterExecutorRequest__Output, peer: string): RegisterExecutorResponse {
    if (this.stopping !== undefined) throw new KindlingError(ErrorCode.Unavailable, 'RegisterExecutor refused: the driver is stopping');
    if (this.startFailure !== undefined) throw new KindlingError(ErrorCode.Unavailable, `RegisterExecutor refused: ${this.startFailure.message}`);
    if (request.appId !== '' && request.appId !== this.appId) {
      this.logger.warn({ peer, appId: request.appId }, `refused executor from ${peer}: it was started for application ${request.appId}, this driver runs ${this.appId}`);
      throw new RpcError(
        ErrorCode.Authentication,
        grpc.status.FAILED_PRECONDITION,
        `RegisterExecutor refused by the driver: this executor was started for application ${request.appId}, but the driver runs ${this.appId}`,
      );
    }
    if (request.port <= 0 || request.cores <= 0) throw new InvalidArgumentError(`RegisterExecutor refused: invalid port ${request.port} or cores ${request.cores}`);
    const executorId = this.chooseExecutorId(request.executorId);
    const host = request.host !== '' ? request.host : peerHost(peer);
    const endpoint = new ExecutorEndpoint(
      { executorId, host, port: request.port, cores: request.cores, pid: request.pid },
      this.appId,
      this.security,
      this.payloads,
      {
        statusUpdate: (id, taskId, outcome) => {
          if (this.executors.get(id) === endpoint) this.listener?.statusUpdate(taskId, id, outcome);
        },
        channelClosed: (id, reason) => this.loseExecutor(id, reason, endpoint, 'exiting'),
      },
      this.logger.child({ executorId }),
    );
    this.executors.set(executorId, endpoint);
    this.logger.info(
      { executorId, address: endpoint.address, cores: request.cores, pid: request.pid },
      `registered executor ${executorId} at ${endpoint.address} with ${request.cores} core(s)`,
    );
    this.listener?.executorAdded({ executorId, host, cores: request.cores });
    queueMicrotask(() => this.notifyWaiters());
    const heartbeatIntervalMs = this.conf.getDurationMs(ClusterConf.heartbeatInterval, clusterDefaults.heartbeatIntervalMs);
    return {
      appId: this.appId,
      executorId,
      address: endpoint.address,
      heartbeatIntervalMs,
      conf: this.conf
        .getAll()
        .filter(([key]) => !privateConfKeys.has(key) && !perProcessConfPrefixes.some((p) => key.startsWith(p)))
        .map(([key, value]) => ({ key, value })),
    };
  }

  private chooseExecutorId(proposed: string): string {
    if (proposed !== '' && !this.executors.has(proposed)) return proposed;
    return this.newExecutorId();
  }

  /** An id no executor has had in this application (local[N] reserves 0..N-1 for its first processes). */
  private newExecutorId(): string {
    let id: string;
    do id = String(this.nextExecutorId++);
    while (this.executors.has(id) || (this.mode.kind === 'local' && Number(id) < this.mode.executors));
    return id;
  }

  heartbeat(executorId: string, taskRunnerReady: boolean): boolean {
    const endpoint = this.executors.get(executorId);
    if (endpoint === undefined) return false;
    endpoint.lastHeartbeat = Date.now();
    this.options.onHeartbeat?.(executorId, endpoint.lastHeartbeat);
    if (this.mode.kind === 'local' && taskRunnerReady && !this.startedExecutors.has(executorId)) {
      this.startedExecutors.add(executorId);
      this.executorFailuresInARow = 0;
    }
    return true;
  }

  bundle(sha256: string): BundleSource | undefined {
    return this.bundles.get(sha256);
  }

  bundleDownloaded(sha256: string): void {
    this.downloads.set(sha256, (this.downloads.get(sha256) ?? 0) + 1);
  }

  mapOutputEpoch(): number {
    return this.mapOutputs.getEpoch?.() ?? 0;
  }

  broadcastBytes(broadcastId: number): Uint8Array {
    if (this.options.broadcasts === undefined) throw new KindlingError(ErrorCode.NotFound, `This driver holds no broadcasts (asked for Broadcast(${broadcastId}))`);
    return this.options.broadcasts.fetchBytes(broadcastId);
  }

  blockLocations(blockId: string): Array<{ executorId: string; address: string }> {
    const ids = this.options.blockLocations?.getLocationsOf(blockId) ?? [];
    return ids.flatMap((executorId) => {
      const address = this.executorAddress(executorId);
      return address === undefined ? [] : [{ executorId, address }];
    });
  }

  // ---- losing executors --------------------------------------------------------

  private expireDeadExecutors(networkTimeoutMs: number): void {
    const now = Date.now();
    for (const [executorId, endpoint] of this.executors) {
      if (now - endpoint.lastHeartbeat > networkTimeoutMs) {
        this.loseExecutor(executorId, `no heartbeat for ${Math.round((now - endpoint.lastHeartbeat) / 1000)}s (kindling.network.timeout=${Math.round(networkTimeoutMs / 1000)}s)`, endpoint, 'hung');
      }
    }
  }

  private localProcessExited(executorId: string, description: string): void {
    this.startedExecutors.delete(executorId);
    if (this.stopping !== undefined) return;
    const endpoint = this.executors.get(executorId);
    if (endpoint !== undefined) this.loseExecutor(executorId, description, endpoint, 'exited');
    this.replaceLocalExecutor(description);
    void this.removeLocalExecutorDir(executorId);
  }

  /**
   * Deletes an exited local executor's work directory: its shuffle files, blocks and
   * bundle copy can be served by nobody (there is no external shuffle service, and its
   * replacement has a new id and directory). Kept until the application ended, they
   * grew the disk by one directory for every executor a long-running stream lost.
   */
  private async removeLocalExecutorDir(executorId: string): Promise<void> {
    if (this.localWorkDir === undefined) return;
    const dir = localExecutorDir(this.localWorkDir, executorId);
    try {
      await rm(dir, { recursive: true, force: true });
    } catch (error) {
      this.logger.warn({ err: error, executorId }, `could not delete the work directory ${dir} of exited executor ${executorId}`);
    }
  }

  /** Starts a replacement for an exited local executor, or declares the backend dead (see the class comment). */
  private replaceLocalExecutor(failure: string): void {
    if (this.startFailure !== undefined || this.processes === undefined) return;
    this.lastExecutorFailure = failure;
    const failures = ++this.executorFailuresInARow;
    const max = this.conf.getInt(ClusterConf.maxExecutorRetries, clusterDefaults.maxExecutorRetries);
    if (max >= 0 && failures >= max) {
      if (this.startedExecutors.size === 0) {
        this.die(`local executors failed ${failures} times in a row (kindling.deploy.maxExecutorRetries=${max}); the last: ${failure}`);
      } else {
        this.logger.warn({ failures }, `${failure}; not replacing it: ${failures} executor failures in a row (kindling.deploy.maxExecutorRetries=${max})`);
      }
      return;
    }
    const replacement = this.newExecutorId();
    this.logger.warn({ failures, replacement }, `${failure}; starting executor ${replacement} in its place (failure ${failures} in a row)`);
    this.processes.launch(replacement);
  }

  /** Nothing will run: start() fails with `reason`, and so does every job, now and later. */
  private die(reason: string): void {
    const message = reason.charAt(0).toUpperCase() + reason.slice(1);
    // A warning: the error itself reaches the user once, as the job's or start()'s failure.
    this.logger.warn({ reason }, message);
    this.startFailure = new KindlingError(ErrorCode.ExecutorLost, message);
    this.notifyWaiters();
    this.listener?.backendDead(message);
  }

  /**
   * `process` says what its local process (if any) is doing: a hung one is killed at
   * once, so it cannot come back half-alive; one whose channel just closed is
   * usually exiting on its own and gets a moment to do so, so that its exit, with
   * the reason it gives, is what the replacement logic sees.
   */
  private loseExecutor(executorId: string, reason: string, endpoint: ExecutorEndpoint, process: 'hung' | 'exiting' | 'exited'): void {
    if (this.executors.get(executorId) !== endpoint) return;
    this.executors.delete(executorId);
    endpoint.close();
    if (this.stopping !== undefined) return;
    this.logger.warn({ executorId, reason }, `executor ${executorId} lost: ${reason}`);
    if (process === 'hung') this.processes?.kill(executorId);
    else if (process === 'exiting') this.processes?.killAfter(executorId, exitGraceMs);
    this.listener?.executorLost(executorId, reason);
  }

  // ---- SchedulerBackend --------------------------------------------------------

  defaultParallelism(): number {
    return Math.max(this.coresAtStart, 2);
  }

  launchTask(executorId: string, task: TaskDescription): void {
    const endpoint = this.executors.get(executorId);
    if (endpoint === undefined) throw new ExecutorLostError(`Executor ${executorId} is gone; task ${task.taskId} was not launched`, { executorId });
    endpoint.launch(task, this.mapOutputEpoch());
  }

  killTask(executorId: string, taskId: number, reason: string): void {
    const endpoint = this.executors.get(executorId);
    if (endpoint === undefined) return;
    endpoint.killTask(taskId, reason).catch((error: unknown) => this.logger.warn({ err: error, executorId, taskId }, 'could not kill task'));
  }

  async removeRdd(rddId: number): Promise<void> {
    await this.onAllExecutors(`remove RDD ${rddId}`, (e) => e.removeRdd(rddId));
  }

  async removeShuffle(shuffleId: number): Promise<void> {
    await this.onAllExecutors(`remove shuffle ${shuffleId}`, (e) => e.removeShuffle(shuffleId));
  }

  async removeBroadcast(broadcastId: number): Promise<void> {
    await this.onAllExecutors(`remove broadcast ${broadcastId}`, (e) => e.removeBroadcast(broadcastId));
  }

  /** Cleanup is best effort, as in Spark: an executor that cannot be reached is logged, not fatal. */
  private async onAllExecutors(what: string, action: (endpoint: ExecutorEndpoint) => Promise<void>): Promise<void> {
    await Promise.all(
      [...this.executors.values()].map((endpoint) =>
        action(endpoint).catch((error: unknown) => this.logger.warn({ err: error, executorId: endpoint.info.executorId }, `could not ${what}`)),
      ),
    );
  }

  stop(): Promise<void> {
    this.stopping ??= this.stopNow();
    return this.stopping;
  }

  private async stopNow(): Promise<void> {
    clearInterval(this.heartbeatChecker);
    const endpoints = [...this.executors.values()];
    this.executors.clear();
    await Promise.all(endpoints.map((e) => e.shutdown('the application ended').catch(() => undefined)));
    for (const endpoint of endpoints) endpoint.close();
    await this.processes?.stop(5_000);
    if (this.localWorkDir !== undefined) await rm(this.localWorkDir, { recursive: true, force: true });
    await shutdownServer(this.server, 200);
  }

  // ---- introspection (tests, benches) ----------------------------------------------

  executorIds(): string[] {
    return [...this.executors.keys()];
  }

  localExecutorPids(): number[] {
    return this.processes?.pids() ?? [];
  }

  bundleDownloads(sha256: string): number {
    return this.downloads.get(sha256) ?? 0;
  }

  /** host:port of an executor's ExecutorService. */
  executorAddress(executorId: string): string | undefined {
    return this.executors.get(executorId)?.address;
  }

  /** The directory holding every local[N] executor's own (`executor-<id>`); undefined for a cluster master. */
  localWorkRoot(): string | undefined {
    return this.localWorkDir;
  }

  /** The application work directory of a local[N] executor (where its shuffle files are). */
  localExecutorWorkDir(executorId: string): string | undefined {
    return this.localWorkDir === undefined ? undefined : join(localExecutorDir(this.localWorkDir, executorId), 'apps', this.appId, executorId);
  }
}
