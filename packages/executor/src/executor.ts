/**
 * The executor daemon (docs/DESIGN.md §1): listens for its ExecutorService, registers
 * with the driver, heartbeats, and serves one application at a time.
 *
 * Life cycle:
 *   start ─▶ register (retrying while the driver is unreachable, up to
 *            kindling.executor.registrationTimeout) ─▶ serving an application
 *   serving ─▶ the task channel ends, heartbeats go unanswered for
 *            kindling.network.timeout, or the driver answers "re-register":
 *            the application's state is dropped (tasks, caches, shuffle files), then
 *            - an executor started for one application (local[N], --app-id) or with
 *              kindling.executor.driverWaitTimeout=0 exits;
 *            - any other registers again, for up to driverWaitTimeout, with
 *              whichever driver answers at the same address (a restarted one).
 *   any ─▶ Shutdown from the driver, stop(), or (exitWithParent) stdin closing: exit.
 */
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import {
  ErrorCode,
  KindlingConf,
  KindlingError,
  RpcError,
  RpcSecurity,
  bindServer,
  createServer,
  grpc,
  kindlingProto,
  privateConfKeys,
  shutdownServer,
  type HeartbeatRequest,
  type Logger,
} from '@kindling/common';
import { BundleCache } from './bundle-cache.js';
import { ExecutorBroadcastCache } from './broadcast-cache.js';
import { DriverClient } from './driver-client.js';
import { ExecutorApp } from './executor-app.js';
import { ExecutorConf, executorDefaults, taskIsolationOf } from './executor-conf.js';
import { executorServiceHandlers, type ExecutorServiceHost } from './executor-service.js';
import { InlineTaskRunner } from './inline-task-runner.js';
import type { TaskEnvSetup } from './task-env.js';
import type { TaskRunner } from './task-runner.js';
import { ThreadTaskRunner } from './thread-task-runner.js';
import { logExecutorMemory } from './executor-memory.js';
import { kindlingExecutorVersion } from './version.js';

export interface ExecutorOptions {
  /** HOST:PORT of the driver. */
  readonly driver: string;
  /** Tasks at once (task threads); kindling.executor.cores or 1. */
  readonly cores?: number;
  /** Bundles cache and application directories live here. */
  readonly workDir: string;
  /** Address the ExecutorService binds; 0.0.0.0 by default. */
  readonly host?: string;
  /** Port of the ExecutorService; 0 = any free port. */
  readonly port?: number;
  /** Host other processes reach this executor at; by default the address its registration came from. */
  readonly advertiseHost?: string;
  /** Serve only this application, and exit when its driver is gone (local[N] executors). */
  readonly appId?: string;
  /** Id to propose to the driver (local[N] numbers its executors); the driver assigns one otherwise. */
  readonly executorId?: string;
  readonly conf: KindlingConf;
  readonly logger: Logger;
  /** Module exporting `runTask(task, env)`; '@kindling/common' by default (tests pass a stand-in). */
  readonly taskRunnerModule?: string;
}

export interface ExecutorExit {
  /** 0 when asked to stop; 1 when the driver was lost for good or startup failed. */
  readonly code: number;
  readonly reason: string;
}

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

export class Executor implements ExecutorServiceHost {
  readonly security: RpcSecurity;
  readonly logger: Logger;
  /** The port the ExecutorService listens on. */
  port = 0;
  /** Resolves when the executor has stopped, with why. */
  readonly exited: Promise<ExecutorExit>;
  private resolveExit!: (exit: ExecutorExit) => void;
  private readonly server = createServer();
  private readonly driver: DriverClient;
  private readonly bundles: BundleCache;
  private readonly cores: number;
  private readonly networkTimeoutMs: number;
  private app: ExecutorApp | undefined;
  /** Settles when the registration in flight (if any) has an answer. */
  private registration: Promise<void> = Promise.resolve();
  private stopping = false;
  /** Applications whose task runner is ready (heartbeats say so). */
  private readonly readyApps = new WeakSet<ExecutorApp>();

  /** Builds an executor; `start()` makes it listen and register. */
  constructor(private readonly options: ExecutorOptions) {
    this.logger = options.logger;
    this.security = RpcSecurity.fromConf(options.conf);
    this.driver = new DriverClient(options.driver, this.security, this.logger);
    this.bundles = new BundleCache(join(options.workDir, 'bundles'), (sha) => this.driver.downloadBundle(sha), this.logger);
    this.cores = options.cores ?? options.conf.getInt(ExecutorConf.cores, executorDefaults.cores);
    if (!Number.isInteger(this.cores) || this.cores < 1) throw new KindlingError(ErrorCode.InvalidArgument, `--cores must be a whole number >= 1, not ${this.cores}`);
    this.networkTimeoutMs = options.conf.getDurationMs(ExecutorConf.networkTimeout, executorDefaults.networkTimeoutMs);
    this.exited = new Promise<ExecutorExit>((resolve) => {
      this.resolveExit = resolve;
    });
  }

  /** Listens, registers with the driver and starts heartbeating; fails with one clear message. */
  static async start(options: ExecutorOptions): Promise<Executor> {
    const executor = new Executor(options);
    await executor.start();
    return executor;
  }

  /**
   * Listens and registers. A stop() meanwhile (the parent process went away while
   * the driver was still unreachable) ends the attempt; `exited` then says why.
   */
  async start(): Promise<void> {
    const { options } = this;
    try {
      this.server.addService(kindlingProto().ExecutorService.service, executorServiceHandlers(this));
      this.port = await bindServer(this.server, options.host ?? '0.0.0.0', options.port ?? 0, this.security.serverCredentials());
      const timeoutMs = options.conf.getDurationMs(ExecutorConf.registrationTimeout, executorDefaults.registrationTimeoutMs);
      await this.register(timeoutMs);
    } catch (error) {
      // The caller reports a startup failure (one line); the log gets it at debug level only.
      await this.stop(1, error instanceof Error ? error.message : String(error), 'debug');
      throw error;
    }
  }

  get isStopping(): boolean {
    return this.stopping;
  }

  async appFor(appId: string, method: string, peer: string): Promise<ExecutorApp> {
    await this.registration;
    const app = this.app;
    if (app !== undefined && app.info.appId === appId) return app;
    this.logger.warn({ method, peer, appId }, `refused ${method} from ${peer}: this executor does not serve application '${appId}'`);
    throw new RpcError(
      ErrorCode.Authentication,
      grpc.status.FAILED_PRECONDITION,
      `${method} refused: this executor does not serve application '${appId}'${app === undefined ? '' : ` (it serves ${app.info.appId})`}`,
    );
  }

  shutdown(reason: string): void {
    void this.stop(0, reason);
  }

  /**
   * Registers, retrying while the driver is unreachable (it may not be up yet, or be
   * restarting) until `timeoutMs`; a refusal (wrong secret, another application) is
   * final.
   */
  private async register(timeoutMs: number): Promise<void> {
    let settle!: () => void;
    this.registration = new Promise<void>((resolve) => {
      settle = resolve;
    });
    try {
      const until = Date.now() + timeoutMs;
      for (let attempt = 0; ; attempt++) {
        try {
          await this.registerOnce();
          return;
        } catch (error) {
          const code = error instanceof KindlingError ? error.code : undefined;
          const retryable = code === ErrorCode.Unavailable || code === ErrorCode.DeadlineExceeded;
          if (this.stopping || !retryable) throw error;
          if (Date.now() >= until) {
            throw new KindlingError(
              ErrorCode.Unavailable,
              `Cannot reach the driver at ${this.options.driver} within ${Math.round(timeoutMs / 1000)}s (${(error as Error).message}); check --driver and that the driver is running`,
              { cause: error },
            );
          }
          this.logger.debug({ attempt, err: error }, 'driver not reachable yet; retrying registration');
          await sleep(Math.min(1_000, 100 * 2 ** attempt));
          if (this.stopping) throw new KindlingError(ErrorCode.Cancelled, 'the executor stopped while registering');
        }
      }
    } finally {
      settle();
    }
  }

  private async registerOnce(): Promise<void> {
    const response = await this.driver.register({
      host: this.options.advertiseHost ?? '',
      port: this.port,
      cores: this.cores,
      appId: this.options.appId ?? '',
      pid: process.pid,
      kindlingVersion: kindlingExecutorVersion,
      executorId: this.options.executorId ?? '',
    });
    this.driver.setAppId(response.appId);
    // The application's settings, with this executor's own (--conf, secrets, TLS files) on top.
    const conf = new KindlingConf(response.conf.filter((e) => !privateConfKeys.has(e.key)).map((e) => [e.key, e.value] as const));
    for (const [key, value] of this.options.conf.getAll()) conf.set(key, value);
    const setup: TaskEnvSetup = {
      executorId: response.executorId,
      address: response.address,
      appId: response.appId,
      workDir: join(this.options.workDir, 'apps', response.appId, response.executorId),
      bundleRoot: this.bundles.root,
      driverAddress: this.options.driver,
      conf: this.secretConf(conf).getAll(),
      runnerModule: this.options.taskRunnerModule ?? '@kindling/common',
      payloadCacheBytes: conf.getInt(ExecutorConf.payloadCacheBytes, executorDefaults.payloadCacheBytes),
      memorySlots: taskIsolationOf(conf) === 'inline' ? 1 : this.cores,
    };
    logExecutorMemory(conf, setup.memorySlots, this.logger);
    await mkdir(setup.workDir, { recursive: true });
    const runner = this.createRunner(setup, conf);
    const app = new ExecutorApp(
      { appId: response.appId, executorId: response.executorId, address: response.address, workDir: setup.workDir },
      runner,
      this.driver,
      this.bundles,
      setup.payloadCacheBytes,
      this.cores,
      this.logger.child({ appId: response.appId, executorId: response.executorId }),
      (reason) => void this.driverLost(app, reason),
    );
    this.app = app;
    this.logger.info(
      { appId: response.appId, executorId: response.executorId, address: response.address, cores: this.cores, driver: this.options.driver },
      `registered with the driver at ${this.options.driver} as executor ${response.executorId} of ${response.appId}`,
    );
    runner.ready.then(
      () => {
        this.readyApps.add(app);
        // Tell the driver now, not at the next beat: a local[N] driver counts this executor as started.
        this.driver.heartbeat(this.heartbeatOf(app)).catch(() => undefined);
      },
      (error: unknown) => void this.stop(1, `task threads could not start: ${(error as Error).message}`),
    );
    void this.heartbeatLoop(app, Math.max(100, response.heartbeatIntervalMs));
  }

  private heartbeatOf(app: ExecutorApp): HeartbeatRequest {
    return { executorId: app.info.executorId, runningTaskIds: app.runningTaskIds(), taskRunnerReady: this.readyApps.has(app) };
  }

  /** The secret travels to task threads in their (in-process) configuration, so they can call peers. */
  private secretConf(conf: KindlingConf): KindlingConf {
    const withSecret = conf.clone();
    const secret = this.options.conf.get('kindling.authenticate.secret') ?? process.env['KINDLING_AUTHENTICATE_SECRET'];
    if (this.security.authenticationEnabled && secret !== undefined) withSecret.set('kindling.authenticate.secret', secret);
    return withSecret;
  }

  private createRunner(setup: TaskEnvSetup, conf: KindlingConf): TaskRunner {
    const logger = this.logger.child({ executorId: setup.executorId });
    // One per application: a new driver's broadcast ids name other values.
    const broadcasts = new ExecutorBroadcastCache(this.driver, logger);
    return taskIsolationOf(conf) === 'inline'
      ? new InlineTaskRunner(setup, this.cores, logger, broadcasts)
      : new ThreadTaskRunner(setup, this.cores, logger, broadcasts);
  }

  private async heartbeatLoop(app: ExecutorApp, intervalMs: number): Promise<void> {
    let lastAnswer = Date.now();
    while (this.app === app && !this.stopping) {
      await sleep(intervalMs);
      if (this.app !== app || this.stopping) return;
      try {
        const response = await this.driver.heartbeat(this.heartbeatOf(app));
        lastAnswer = Date.now();
        if (response.reregister) await this.driverLost(app, 'the driver no longer knows this executor');
      } catch (error) {
        if (error instanceof RpcError && error.status === grpc.status.FAILED_PRECONDITION) {
          await this.driverLost(app, `the driver at ${this.options.driver} runs another application`);
        } else if (error instanceof RpcError && error.status === grpc.status.UNAUTHENTICATED) {
          await this.stop(1, error.message);
        } else if (Date.now() - lastAnswer > this.networkTimeoutMs) {
          await this.driverLost(app, `no heartbeat answer for ${Math.round(this.networkTimeoutMs / 1000)}s (kindling.network.timeout)`);
        } else {
          this.logger.warn({ err: error }, 'heartbeat failed');
        }
      }
    }
  }

  /** Drops the application's state, then exits or waits for a driver, as documented above. */
  private async driverLost(app: ExecutorApp, reason: string): Promise<void> {
    if (this.app !== app || this.stopping) return;
    this.app = undefined;
    this.logger.warn({ appId: app.info.appId, reason }, `lost the driver at ${this.options.driver}: ${reason}; dropping application ${app.info.appId}`);
    await app.close();
    const waitMs = this.options.conf.getDurationMs(ExecutorConf.driverWaitTimeout, executorDefaults.driverWaitTimeoutMs);
    if (this.options.appId !== undefined || waitMs <= 0) {
      await this.stop(1, `the driver at ${this.options.driver} is gone (${reason})`);
      return;
    }
    this.logger.info({ waitMs }, `waiting up to ${Math.round(waitMs / 1000)}s for a driver at ${this.options.driver}`);
    try {
      await this.register(waitMs);
    } catch (error) {
      await this.stop(1, error instanceof Error ? error.message : String(error));
    }
  }

  /** Stops tasks, drops the application, closes the server; idempotent. */
  async stop(code = 0, reason = 'stopped', level: 'debug' | 'info' | 'warn' = code === 0 ? 'info' : 'warn'): Promise<void> {
    if (this.stopping) return;
    this.stopping = true;
    const app = this.app;
    this.app = undefined;
    this.logger[level]({ code }, `executor stopping: ${reason}`);
    await app?.close().catch((error: unknown) => this.logger.warn({ err: error }, 'error while dropping the application'));
    // Nothing in flight matters once stopping: a short grace, then cut.
    await shutdownServer(this.server, 100);
    this.driver.close();
    this.resolveExit({ code, reason });
  }
}
