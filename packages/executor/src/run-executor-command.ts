/**
 * `kindling executor --driver HOST:PORT [--cores N] [--work-dir DIR] …`: runs an
 * executor until it stops and returns the process exit code. Startup failures
 * (unreachable driver, refused registration, port in use, bad flags) are thrown as
 * KindlingErrors with one readable message, for the CLI to print.
 */
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { InvalidArgumentError, KindlingConf, SecurityConf, createLogger, type Logger } from '@kindling/common';
import { Executor, type ExecutorExit } from './executor.js';

export interface ExecutorCommandOptions {
  /** HOST:PORT of the driver (`--driver`). */
  readonly driver: string;
  /** Tasks at once (`--cores`), 1 by default. */
  readonly cores?: number;
  /** `--work-dir`: bundle cache and application directories; `<os tmp>/kindling-executor` by default. */
  readonly workDir?: string;
  /** The shared secret (`--secret`; prefer the KINDLING_AUTHENTICATE_SECRET environment variable). */
  readonly secret?: string;
  /** `--host`: address to listen on, 0.0.0.0 by default. */
  readonly host?: string;
  /** `--port`: port to listen on, any free one by default. */
  readonly port?: number;
  /** `--advertise-host`: host name other processes use to reach this executor. */
  readonly advertiseHost?: string;
  /** `--app-id`: serve only this application and exit when its driver is gone. */
  readonly appId?: string;
  /** `--executor-id`: id to propose to the driver. */
  readonly executorId?: string;
  /** `--conf key=value` settings. */
  readonly conf?: KindlingConf | Readonly<Record<string, string>>;
  readonly logger?: Logger;
  /** `--exit-with-parent`: exit when stdin closes (set by a local[N] driver, whose death closes the pipe). */
  readonly exitWithParent?: boolean;
  /** Internal: module exporting runTask (transport tests). */
  readonly taskRunnerModule?: string;
}

export function parseDriverAddress(driver: string): string {
  const match = /^(\[[0-9a-fA-F:]+\]|[^:/\s]+):(\d{1,5})$/.exec(driver.trim());
  if (match === null || Number(match[2]) > 65535 || Number(match[2]) === 0) {
    throw new InvalidArgumentError(`Invalid --driver '${driver}'; use HOST:PORT, for example 127.0.0.1:7077`);
  }
  return driver.trim();
}

/** Starts an executor from command-line options; resolves with its exit code and why, when it stops. */
export async function runExecutorCommand(options: ExecutorCommandOptions): Promise<ExecutorExit> {
  const driver = parseDriverAddress(options.driver);
  const conf = options.conf instanceof KindlingConf ? options.conf.clone() : new KindlingConf(options.conf ?? {});
  if (options.secret !== undefined && options.secret !== '') conf.set(SecurityConf.secret, options.secret);
  const logger = options.logger ?? createLogger({ base: { pid: process.pid, role: 'executor' } });
  const executor = new Executor({
    driver,
    workDir: options.workDir ?? join(tmpdir(), 'kindling-executor'),
    conf,
    logger,
    ...(options.cores === undefined ? {} : { cores: options.cores }),
    ...(options.host === undefined ? {} : { host: options.host }),
    ...(options.port === undefined ? {} : { port: options.port }),
    ...(options.advertiseHost === undefined ? {} : { advertiseHost: options.advertiseHost }),
    ...(options.appId === undefined ? {} : { appId: options.appId }),
    ...(options.executorId === undefined ? {} : { executorId: options.executorId }),
    ...(options.taskRunnerModule === undefined ? {} : { taskRunnerModule: options.taskRunnerModule }),
  });
  // Watch for the end before starting: the parent may die while the driver is still
  // unreachable, and registration retries for a while.
  let stoppedFromOutside = false;
  const stopOnSignal = (signal: NodeJS.Signals): void => {
    stoppedFromOutside = true;
    void executor.stop(0, `received ${signal}`);
  };
  const onStdinEnd = (): void => {
    stoppedFromOutside = true;
    void executor.stop(1, 'the parent process is gone (stdin closed)');
  };
  process.once('SIGTERM', stopOnSignal);
  process.once('SIGINT', stopOnSignal);
  if (options.exitWithParent === true) {
    process.stdin.once('end', onStdinEnd);
    process.stdin.once('close', onStdinEnd);
    process.stdin.resume();
  }
  try {
    const starting = executor.start();
    starting.catch(() => undefined);
    // A stop while starting (registration may be sleeping between retries) ends the wait at once;
    // otherwise a startup failure is thrown for the CLI to print.
    await Promise.race([starting.catch(() => undefined), executor.exited]);
    if (!stoppedFromOutside) await starting;
    return await executor.exited;
  } finally {
    process.off('SIGTERM', stopOnSignal);
    process.off('SIGINT', stopOnSignal);
    if (options.exitWithParent === true) {
      process.stdin.off('end', onStdinEnd);
      process.stdin.off('close', onStdinEnd);
      process.stdin.pause();
    }
  }
}
