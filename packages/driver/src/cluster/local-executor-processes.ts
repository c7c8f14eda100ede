/**
 * The executor processes of `--master local[N]`: N children running the executor's
 * process main on loopback, pinned to this application.
 *
 * No orphans: each child gets a stdin pipe and exits when it closes — which the
 * kernel does when the driver dies, even by SIGKILL — and also exits when its task
 * channel to the driver ends. stop() asks them to exit over gRPC first (the backend
 * does), then waits, then kills what is left.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { executorHeapMegabytes, secretEnvVar, type KindlingConf, type Logger } from '@kindling/common';
import { executorMainPath } from '@kindling/executor';

export interface LocalExecutorProcessesOptions {
  readonly count: number;
  readonly cores: number;
  readonly driverAddress: string;
  readonly appId: string;
  readonly conf: KindlingConf;
  /** Passed in the environment, never on the command line (where `ps` shows it). */
  readonly secret: string | undefined;
  readonly workDir: string;
  readonly logger: Logger;
  /** Internal: module exporting runTask, for transport tests. */
  readonly taskRunnerModule?: string;
  /** A child exited (at any time): `description` says how. */
  readonly onExit: (executorId: string, description: string) => void;
}

/** Settings an executor needs before it registers (the rest arrives with its registration). */
const forwardedConfPrefixes = ['kindling.ssl.', 'kindling.authenticate', 'kindling.executor.', 'kindling.network.'];

export class LocalExecutorProcesses {
  private readonly children = new Map<string, ChildProcess>();
  private readonly exits = new Map<string, Promise<void>>();

  constructor(private readonly options: LocalExecutorProcessesOptions) {
    for (let i = 0; i < options.count; i++) this.spawnOne(String(i));
  }

  private spawnOne(executorId: string): void {
    const { options } = this;
    const confArgs = options.conf
      .getAll()
      .filter(([key]) => key !== 'kindling.authenticate.secret' && forwardedConfPrefixes.some((p) => key.startsWith(p)))
      .flatMap(([key, value]) => ['--conf', `${key}=${value}`]);
    // --executor-memory is the executor's heap, as in Spark: every isolate of the
    // process (main thread and task threads) gets that old-generation limit.
    const heapMb = executorHeapMegabytes(options.conf);
    const args = [
      ...(heapMb === undefined ? [] : [`--max-old-space-size=${heapMb}`]),
      executorMainPath,
      '--driver',
      options.driverAddress,
      '--host',
      '127.0.0.1',
      '--advertise-host',
      '127.0.0.1',
      '--app-id',
      options.appId,
      '--executor-id',
      executorId,
      '--cores',
      String(options.cores),
      '--work-dir',
      join(options.workDir, `executor-${executorId}`),
      '--exit-with-parent',
      ...confArgs,
      ...(options.taskRunnerModule === undefined ? [] : ['--task-runner-module', options.taskRunnerModule]),
    ];
    // Executors of a local[N] driver log at the driver's level (they share its
    // terminal, and `kindling submit` keeps it quiet unless --verbose), unless
    // KINDLING_LOG_LEVEL says otherwise for every process.
    const env: NodeJS.ProcessEnv = { ...process.env, KINDLING_LOG_LEVEL: process.env['KINDLING_LOG_LEVEL'] ?? options.logger.level };
    if (options.secret !== undefined) env[secretEnvVar] = options.secret;
    else delete env[secretEnvVar];
    const child = spawn(process.execPath, args, { stdio: ['pipe', 'inherit', 'inherit'], env });
    // A broken stdin pipe (the child already exited) must not crash the driver.
    child.stdin?.on('error', () => undefined);
    this.children.set(executorId, child);
    this.exits.set(
      executorId,
      new Promise<void>((resolve) => {
        child.once('exit', (code, signal) => {
          this.children.delete(executorId);
          resolve();
          const how = signal !== null ? `was killed by ${signal}` : `exited with code ${code}`;
          options.onExit(executorId, `executor process ${child.pid} ${how}`);
        });
        child.once('error', (error) => {
          this.children.delete(executorId);
          resolve();
          options.onExit(executorId, `executor process could not start: ${error.message}`);
        });
      }),
    );
    options.logger.debug({ executorId, pid: child.pid }, 'spawned executor process');
  }

  pidOf(executorId: string): number | undefined {
    return this.children.get(executorId)?.pid;
  }

  pids(): number[] {
    return [...this.children.values()].flatMap((c) => (c.pid === undefined ? [] : [c.pid]));
  }

  kill(executorId: string): void {
    this.children.get(executorId)?.kill('SIGKILL');
  }

  /** Closes every child's stdin (they exit), waits up to `graceMs`, then kills the rest. */
  async stop(graceMs: number): Promise<void> {
    for (const child of this.children.values()) child.stdin?.end();
    let timer: NodeJS.Timeout | undefined;
    const grace = new Promise<void>((resolve) => {
      timer = setTimeout(resolve, graceMs);
    });
    await Promise.race([Promise.all(this.exits.values()), grace]);
    clearTimeout(timer);
    for (const child of this.children.values()) child.kill('SIGKILL');
    await Promise.all(this.exits.values());
  }
}
