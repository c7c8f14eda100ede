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
 *
 * With `kindling.driver.supervise.standby` (default true) the restart is a warm
 * standby's (supervised-driver.ts): once the active driver runs (its first batch
 * completed, or after healthyAfter), a second driver is prepared and waits; when
 * the active one dies, the standby takes over and a new standby is prepared once it
 * runs. Preparing it only then keeps it from competing for the CPU with a recovery.
 */
import { ErrorCode, KindlingError, type KindlingConf } from '@kindling/common';
import { driverStartup } from '../util/driver-startup.js';
import { errorLine, ExitCode } from './error-report.js';
import { standbyEnvVar, supervisedEnvVar, SupervisedDriver, type DriverFailure, type DriverMessage, type SupervisorMessage } from './supervised-driver.js';

export { supervisedEnvVar } from './supervised-driver.js';

const maxBackoffMs = 30_000;

export function isSupervisedDriver(): boolean {
  return process.env[supervisedEnvVar] === '1';
}

export function isStandbyDriver(): boolean {
  return isSupervisedDriver() && process.env[standbyEnvVar] === '1' && typeof process.send === 'function';
}

/** Failures a restart would repeat: the driver reports these, and is not started again. */
const permanentCodes: ReadonlySet<string> = new Set([ErrorCode.Bundle, ErrorCode.Closure, ErrorCode.IncompatibleCheckpoint, ErrorCode.InvalidArgument, ErrorCode.IllegalState]);

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

/** In a supervised driver, tells the supervisor once the driver runs (driverStartup.markRunning). */
export function notifySupervisorWhenRunning(): void {
  if (!isSupervisedDriver() || typeof process.send !== 'function') return;
  driverStartup.onRunning(() => {
    const message: DriverMessage = { kind: 'kindling-driver-running' };
    process.send?.(message, undefined, {}, () => undefined);
  });
}

/**
 * In a standby driver: resolves when the supervisor says to take over. Listens from
 * the call on (a message that came before would be lost); exits when the supervisor
 * is gone, since no one would ever say it.
 */
export function waitForTakeOver(): Promise<void> {
  return new Promise((resolve) => {
    const onMessage = (message: SupervisorMessage | null): void => {
      if (message?.kind !== 'kindling-driver-take-over') return;
      process.off('message', onMessage);
      process.off('disconnect', onDisconnect);
      resolve();
    };
    const onDisconnect = (): void => process.exit(ExitCode.JobFailed);
    process.on('message', onMessage);
    process.on('disconnect', onDisconnect);
  });
}

export async function superviseDriver(script: string, argv: readonly string[], conf: KindlingConf): Promise<number> {
  const maxRestarts = conf.getInt('kindling.driver.supervise.maxRestarts', 10);
  const healthyAfterMs = conf.getDurationMs('kindling.driver.supervise.healthyAfter', 5_000);
  const useStandby = conf.getBoolean('kindling.driver.supervise.standby', true);
  let stopping = false;
  let restarts = 0;
  let active = new SupervisedDriver(script, argv, 'active');
  let standby: SupervisedDriver | undefined;
  const forward = (signal: NodeJS.Signals): void => {
    stopping = true;
    active.kill(signal);
    standby?.kill('SIGTERM');
  };
  process.on('SIGINT', forward);
  process.on('SIGTERM', forward);
  /** Prepares a standby once `driver` runs, unless one is there already. */
  const prepareStandbyAfter = (driver: SupervisedDriver): NodeJS.Timeout | undefined => {
    if (!useStandby) return undefined;
    const prepare = (): void => {
      if (stopping || driver !== active || standby?.alive === true) return;
      const fresh = new SupervisedDriver(script, argv, 'standby');
      standby = fresh;
    };
    driver.onRunning(prepare);
    return setTimeout(prepare, healthyAfterMs).unref();
  };
  try {
    for (;;) {
      const started = Date.now();
      const standbyTimer = prepareStandbyAfter(active);
      const { code, signal, failure } = await active.exited;
      clearTimeout(standbyTimer);
      const stopCode = code === null && stopping ? 130 : code;
      if (code === ExitCode.Success || code === ExitCode.Usage || stopping) return stopCode ?? ExitCode.JobFailed;
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
      if (backoffMs > 0) await new Promise((resolve) => setTimeout(resolve, backoffMs));
      if (stopping) return ExitCode.JobFailed;
      if (standby?.alive === true) {
        active = standby;
        standby = undefined;
        active.takeOver();
        process.stderr.write(`kindling: the standby driver (pid ${active.pid}) takes over\n`);
      } else {
        active = new SupervisedDriver(script, argv, 'active');
      }
    }
  } finally {
    process.off('SIGINT', forward);
    process.off('SIGTERM', forward);
    if (standby?.alive === true) {
      standby.kill('SIGTERM');
      await standby.exited.catch(() => undefined);
    }
  }
}
