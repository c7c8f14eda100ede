/**
 * `kindling submit --supervise`: run the driver as a child process and start it again
 * when it dies (crash, kill -9, out of memory), as Spark's standalone master does for
 * a supervised driver. A restarted driver recovers through
 * `StreamingContext.getOrCreate` and the metadata checkpoint.
 *
 * Not restarted: a driver that exits 0 (done) or 2 (bad command line), one stopped
 * by a signal sent to the supervisor itself (forwarded to the driver as SIGINT or
 * SIGTERM), and one that failed in a way a restart would repeat — a bundle that does
 * not build or import, a ClosureError, an invalid graph or argument, a checkpoint
 * written by another build of the bundle. The driver tells the supervisor so over an
 * IPC channel before it exits (`notifySupervisor`); today's alternative, restarting a
 * syntax error ten times over three minutes, helps no one.
 *
 * A driver that ran for `kindling.driver.supervise.healthyAfter` (default 5 s, Spark's
 * successfulRunDuration) before dying was healthy: it is restarted at once, since
 * every second before the restart is a second of recovery time. One that died sooner
 * is restarted after a backoff that doubles (1 s, 2 s, 4 s… up to 30 s), and after
 * `kindling.driver.supervise.maxRestarts` (default 10) such failures in a row the
 * supervisor gives up.
 */
import { spawn } from 'node:child_process';
import { ErrorCode, KindlingError, type KindlingConf } from '@kindling/common';
import { errorLine, ExitCode } from './error-report.js';

/** Set in the environment of a supervised driver, so that it runs the job instead of supervising. */
export const supervisedEnvVar = 'KINDLING_SUPERVISED';

const maxBackoffMs = 30_000;

export function isSupervisedDriver(): boolean {
  return process.env[supervisedEnvVar] === '1';
}

/** Failures a restart would repeat: the driver reports these, and is not started again. */
const permanentCodes: ReadonlySet<string> = new Set([ErrorCode.Bundle, ErrorCode.Closure, ErrorCode.IncompatibleCheckpoint, ErrorCode.InvalidArgument, ErrorCode.IllegalState]);

interface DriverFailure {
  readonly kind: 'kindling-driver-failure';
  readonly permanent: boolean;
  readonly line: string;
}

/**
 * In a supervised driver, tells the supervisor how it failed before it exits;
 * resolves once the message is sent (or at once when not supervised).
 */
export function notifySupervisor(error: unknown, exitCode: number): Promise<void> {
  if (!isSupervisedDriver() || typeof process.send !== 'function') return Promise.resolve();
  const code = error instanceof KindlingError ? error.code : undefined;
  const failure: DriverFailure = {
    kind: 'kindling-driver-failure',
    permanent: exitCode === ExitCode.Usage || (code !== undefined && permanentCodes.has(code)),
    line: errorLine(error),
  };
  return new Promise((resolve) => {
    process.send!(failure, undefined, {}, () => resolve());
  });
}

export async function superviseDriver(script: string, argv: readonly string[], conf: KindlingConf): Promise<number> {
  const maxRestarts = conf.getInt('kindling.driver.supervise.maxRestarts', 10);
  const healthyAfterMs = conf.getDurationMs('kindling.driver.supervise.healthyAfter', 5_000);
  let stopping = false;
  let restarts = 0;
  for (;;) {
    const started = Date.now();
    const { code, signal, failure } = await runDriver(script, argv, () => stopping, () => (stopping = true));
    if (code === ExitCode.Success || code === ExitCode.Usage || stopping) return code ?? ExitCode.JobFailed;
    if (failure?.permanent === true) {
      process.stderr.write(`kindling: not restarting the driver: it failed in a way a restart would repeat (${failure.line.replace(/^kindling: /, '')})\n`);
      return code ?? ExitCode.JobFailed;
    }
    const healthy = Date.now() - started >= healthyAfterMs;
    if (healthy) restarts = 0;
    if (restarts >= maxRestarts) {
      process.stderr.write(`kindling: the supervised driver failed ${restarts + 1} times; giving up (kindling.driver.supervise.maxRestarts=${maxRestarts})\n`);
      return ExitCode.JobFailed;
    }
    const backoffMs = healthy ? 0 : Math.min(maxBackoffMs, 1000 * 2 ** restarts);
    restarts++;
    process.stderr.write(
      `kindling: the driver ${signal === null ? `exited with code ${code}` : `was killed by ${signal}`}; restarting it in ${backoffMs / 1000}s (restart ${restarts} of ${maxRestarts})\n`,
    );
    await new Promise((resolve) => setTimeout(resolve, backoffMs));
    if (stopping) return ExitCode.JobFailed;
  }
}

function runDriver(
  script: string,
  argv: readonly string[],
  isStopping: () => boolean,
  stop: () => void,
): Promise<{ code: number | null; signal: NodeJS.Signals | null; failure: DriverFailure | undefined }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [...process.execArgv, script, ...argv], {
      stdio: ['inherit', 'inherit', 'inherit', 'ipc'],
      env: { ...process.env, [supervisedEnvVar]: '1' },
    });
    let failure: DriverFailure | undefined;
    child.on('message', (message: unknown) => {
      if ((message as DriverFailure | null)?.kind === 'kindling-driver-failure') failure = message as DriverFailure;
    });
    const forward = (signal: NodeJS.Signals): void => {
      stop();
      child.kill(signal);
    };
    process.on('SIGINT', forward);
    process.on('SIGTERM', forward);
    child.once('error', reject);
    child.once('exit', (code, signal) => {
      process.off('SIGINT', forward);
      process.off('SIGTERM', forward);
      resolve({ code: isStopping() && code === null ? 130 : code, signal, failure });
    });
  });
}
