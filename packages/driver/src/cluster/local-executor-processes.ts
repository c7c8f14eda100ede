/**
 * The executor processes of `--master local[N]`: children running the executor's
 * process main on loopback, pinned to this application. The backend starts N and
 * starts a replacement, under a new id, for each one that dies (Spark's standalone
 * master relaunching executors).
 *
 * No orphans: each child gets a stdin pipe and exits when it closes — which the
 * kernel does when the driver dies, even by SIGKILL — and also exits when its task
 * channel to the driver ends. stop() asks them to exit over gRPC first (the backend
 * does), then waits, then kills what is left.
 *
 * A child's stderr passes through to the driver's, except its last word: the
 * `kindling executor: …` line an executor writes when it gives up. That line is
 * the reason reported for the exit, so a failed start is explained once, by the
 * driver, instead of by a line from each of its processes.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { bundledCommonNodeArgs, executorHeapMegabytes, secretEnvVar, type KindlingConf, type Logger } from '@kindling/common';
import { executorMainPath } from '@kindling/executor';

/** A local executor's own work directory under the application's `workDir`. */
export function localExecutorDir(workDir: string, executorId: string): string {
  return join(workDir, `executor-${executorId}`);
}

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
  /** A child exited (at any time): `description` says how and, when it said, why. */
  readonly onExit: (executorId: string, description: string) => void;
}

/** Settings an executor needs before it registers (the rest arrives with its registration). */
const forwardedConfPrefixes = ['kindling.ssl.', 'kindling.authenticate', 'kindling.executor.', 'kindling.network.'];

export class LocalExecutorProcesses {
  private readonly children = new Map<string, ChildProcess>();
  private readonly exits = new Map<string, Promise<void>>();

  constructor(private readonly options: LocalExecutorProcessesOptions) {
    for (let i = 0; i < options.count; i++) this.launch(String(i));
  }

  /** Starts an executor process proposing `executorId` (the first N are 0..N-1, replacements count on). */
  launch(executorId: string): void {
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
      // common as one file when its single-file build is current (halves the start's CPU).
      ...bundledCommonNodeArgs(),
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
      localExecutorDir(options.workDir, executorId),
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
    const child = spawn(process.execPath, args, { stdio: ['pipe', 'inherit', 'pipe'], env });
    // A broken stdin pipe (the child already exited) must not crash the driver.
    child.stdin?.on('error', () => undefined);
    const stderr = child.stderr === null ? undefined : relayStderr(child.stderr);
    this.children.set(executorId, child);
    this.exits.set(
      executorId,
      new Promise<void>((resolve) => {
        let reported = false;
        const report = (description: string): void => {
          if (reported) return;
          reported = true;
          this.children.delete(executorId);
          this.exits.delete(executorId);
          resolve();
          options.onExit(executorId, description);
        };
        child.once('exit', (code, signal) => {
          const how = signal !== null ? `was killed by ${signal}` : `exited with code ${code}`;
          // Its last word may still be in the pipe when the exit is seen.
          void (stderr?.ended ?? Promise.resolve()).then(() => {
            const why = stderr?.lastWord();
            report(`executor ${executorId} (process ${child.pid}) ${how}${why === undefined ? '' : `: ${why}`}`);
          });
        });
        child.once('error', (error) => report(`executor ${executorId} could not start: ${error.message}`));
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

  /** Kills that child unless it has exited within `graceMs`. */
  killAfter(executorId: string, graceMs: number): void {
    const child = this.children.get(executorId);
    if (child === undefined) return;
    const timer = setTimeout(() => {
      if (this.children.get(executorId) === child) child.kill('SIGKILL');
    }, graceMs);
    timer.unref();
    child.once('exit', () => clearTimeout(timer));
  }

  /** Children still running. */
  get size(): number {
    return this.children.size;
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

/** Marks an executor's last word on stderr (executor-main.ts writes it). */
const lastWordPrefix = 'kindling executor: ';

/**
 * Copies a child's stderr to the driver's line by line, keeping back the
 * executor's last word, and resolves `ended` when the pipe closes. A plain copy is
 * what `inherit` did: the executor's log lines are the user's to read.
 */
function relayStderr(stream: NodeJS.ReadableStream): { readonly ended: Promise<void>; lastWord(): string | undefined } {
  let partial = '';
  let lastWord: string | undefined;
  const onLine = (line: string): void => {
    if (line.startsWith(lastWordPrefix)) lastWord = line.slice(lastWordPrefix.length).trim();
    else process.stderr.write(`${line}\n`);
  };
  stream.setEncoding('utf8');
  stream.on('data', (chunk: string) => {
    const lines = (partial + chunk).split('\n');
    partial = lines.pop() ?? '';
    for (const line of lines) onLine(line);
  });
  const ended = new Promise<void>((resolve) => {
    const finish = (): void => {
      if (partial !== '') onLine(partial);
      partial = '';
      resolve();
    };
    stream.once('end', finish);
    stream.once('close', finish);
    stream.once('error', finish);
  });
  return { ended, lastWord: () => lastWord };
}
