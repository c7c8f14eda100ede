/**
 * `kindling submit --supervise`: run the driver as a child process and start it again
 * when it dies (crash, kill -9, out of memory), as Spark's standalone master does for
 * a supervised driver. A restarted driver recovers through
 * `StreamingContext.getOrCreate` and the metadata checkpoint.
 *
 * A driver that exits 0 (done) or 2 (bad command line, which a restart cannot fix)
 * is not restarted, nor one stopped by a signal sent to the supervisor itself, which
 * forwards SIGINT/SIGTERM to the driver. Restarts back off exponentially up to 30 s
 * and stop after `kindling.driver.supervise.maxRestarts` (default 10).
 */
import { spawn } from 'node:child_process';
import type { KindlingConf } from '@kindling/common';
import { ExitCode } from './error-report.js';

/** Set in the environment of a supervised driver, so that it runs the job instead of supervising. */
export const supervisedEnvVar = 'KINDLING_SUPERVISED';

const maxBackoffMs = 30_000;

export function isSupervisedDriver(): boolean {
  return process.env[supervisedEnvVar] === '1';
}

export async function superviseDriver(script: string, argv: readonly string[], conf: KindlingConf): Promise<number> {
  const maxRestarts = conf.getInt('kindling.driver.supervise.maxRestarts', 10);
  let stopping = false;
  let restarts = 0;
  for (;;) {
    const { code, signal } = await runDriver(script, argv, () => stopping, () => (stopping = true));
    if (code === ExitCode.Success || code === ExitCode.Usage || stopping) return code ?? ExitCode.JobFailed;
    if (restarts >= maxRestarts) {
      process.stderr.write(`kindling: the supervised driver failed ${restarts + 1} times; giving up (kindling.driver.supervise.maxRestarts=${maxRestarts})\n`);
      return ExitCode.JobFailed;
    }
    const backoffMs = Math.min(maxBackoffMs, 1000 * 2 ** restarts);
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
): Promise<{ code: number | null; signal: NodeJS.Signals | null }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [...process.execArgv, script, ...argv], {
      stdio: 'inherit',
      env: { ...process.env, [supervisedEnvVar]: '1' },
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
      resolve({ code: isStopping() && code === null ? 130 : code, signal });
    });
  });
}
