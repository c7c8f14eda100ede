/**
 * `kindling submit [options] <bundle|entry> [args...]` (docs/DESIGN.md §5): load the job
 * bundle (packaging an entry file on the fly), create a KindlingContext on the
 * master, call the bundle's default export `main(kc, args)`, stop the context.
 *
 * Everything after the bundle/entry argument belongs to the job, flags included
 * (`kindling submit job.ts --input x` passes ['--input', 'x'] to main), as with
 * spark-submit's application arguments.
 */
import { createLogger, loadBundleDir, type Logger, type LoggerOptions } from '@kindling/common';
import type { Command } from 'commander';
import { jobMainOf, resolveJobBundle } from '../../bundle/index.js';
import { KindlingContext } from '../../kindling-context.js';
import type { CliContext } from '../cli-context.js';
import { ExitCode } from '../error-report.js';
import { defaultMaster, submitSettings, type SubmitFlags } from '../submit-settings.js';
import { driverStartup } from '../../util/driver-startup.js';
import { warmUpExecutors } from '../standby-warm-up.js';
import { isStandbyDriver, isSupervisedDriver, notifySupervisorWhenRunning, superviseDriver, waitForTakeOver } from '../supervisor.js';

export function registerSubmitCommand(program: Command, cli: CliContext): void {
  program
    .command('submit')
    .description('run a job: a bundle directory from `kindling package`, or an entry file (.ts, .js, .mjs) packaged on the fly')
    .argument('<bundle|entry>', 'job bundle directory, its manifest.json, or an entry module')
    .argument('[args...]', "arguments passed to the job's main(kc, args)")
    .option('--master <url>', `where tasks run: local-inprocess, local, local[N], local[*], kindling://HOST:PORT (default ${defaultMaster})`)
    .option('--name <name>', 'application name (default: the bundle name)')
    .option('--conf <key=value>', 'a configuration property; repeatable', (pair: string, all: string[]) => [...all, pair], [] as string[])
    .option('--properties-file <file>', 'configuration properties, one `key=value` per line')
    .option('--num-executors <n>', 'executors to wait for before the job starts (cluster mode)')
    .option('--executor-memory <size>', 'memory per executor, e.g. 512m or 2g')
    .option('--supervise', 'restart the driver when it dies; it recovers from its checkpoint')
    .option('--upgrade', "restart a streaming checkpoint written by other code: the new code's graph, with the state of the operators that match by uid")
    .option('--allow-dropped-state', 'with --upgrade: drop the state of operators the new code no longer has instead of refusing')
    .option('--ui-port <port>', 'port of the driver UI')
    .option('--verbose', 'print stack traces and informational logs')
    .passThroughOptions()
    .action(async (target: string, args: string[], flags: SubmitFlags) => {
      const code = await submit(target, args, flags, cli);
      // Signals "done" to main.ts; thrown errors are reported there.
      process.exitCode = code;
    });
}

async function submit(target: string, args: string[], flags: SubmitFlags, cli: CliContext): Promise<number> {
  cli.verbose = flags.verbose === true;
  const settings = await submitSettings(flags);
  // Printed once: by the supervisor, not again by each driver it restarts.
  if (!isSupervisedDriver()) for (const warning of settings.confWarnings) process.stderr.write(`kindling: warning: ${warning}\n`);
  if (settings.supervise && !isSupervisedDriver()) return superviseDriver(cli.script, cli.argv, settings.conf);

  // A warm standby (supervisor.ts) prepares everything that does not depend on the
  // checkpoint, then waits; listening for the word to go starts before anything else.
  const takeOver = isStandbyDriver() ? waitForTakeOver() : undefined;
  const logger = createLogger({ level: logLevel(settings.verbose) });
  driverStartup.mark('node-and-cli', logger);
  const resolved = await resolveJobBundle(target);
  driverStartup.mark(resolved.packaged ? 'bundle-build' : 'bundle-resolve', logger);
  const bundle = await loadBundleDir(resolved.dir);
  const main = jobMainOf(bundle);
  driverStartup.mark('bundle-import', logger);
  logger.info({ sha256: bundle.sha256, dir: resolved.dir }, `Loaded job bundle ${bundle.manifest.name} ${bundle.manifest.version}`);
  const createContext = async (): Promise<{ kc: KindlingContext; stopOnSignal: { dispose(): void } }> => {
    const kc = await KindlingContext.create({
      master: settings.master,
      appName: settings.appName ?? bundle.manifest.name,
      conf: settings.conf,
      bundle,
      logger,
    });
    driverStartup.mark('context-and-executors', logger);
    return { kc, stopOnSignal: stopContextOnSignal(kc, logger) };
  };
  let context: { kc: KindlingContext; stopOnSignal: { dispose(): void } } | undefined;
  if (takeOver !== undefined) {
    let warmedUp = false;
    // Local executors are this driver's own: start them now. A kindling:// driver
    // cannot listen on the master's port while the active driver does.
    if (!settings.master.trim().startsWith('kindling://')) {
      context = await createContext();
      const warmUp = warmUpExecutors(context.kc, logger).then(() => {
        warmedUp = true;
        driverStartup.mark('executors-warm-up', logger);
      });
      // A takeover does not wait for the warm-up: that goes on beside the recovery.
      await Promise.race([warmUp, takeOver]);
    } else {
      warmedUp = true;
    }
    await takeOver;
    const prepared = driverStartup.takeOver(warmedUp, logger);
    logger.info(`Taking over from the driver that died (warm standby, ${warmedUp ? 'ready' : 'still preparing'}; prepared before: ${prepared})`);
  }
  const { kc, stopOnSignal } = context ?? (await createContext());
  notifySupervisorWhenRunning();
  try {
    await main(kc, args);
  } finally {
    stopOnSignal.dispose();
    await kc.stop();
  }
  return ExitCode.Success;
}

function logLevel(verbose: boolean): NonNullable<LoggerOptions['level']> {
  const fromEnv = process.env['KINDLING_LOG_LEVEL'];
  if (fromEnv !== undefined && fromEnv !== '') return fromEnv as NonNullable<LoggerOptions['level']>;
  // Quiet by default, so a failure reads as its one `kindling:` line; task retries
  // and lost executors are warnings, shown with --verbose (or KINDLING_LOG_LEVEL=warn).
  return verbose ? 'info' : 'error';
}

/**
 * Ctrl-C or SIGTERM stops the context (its executors and temp files) before exiting:
 * with kindling.streaming.stopGracefullyOnShutdown a running stream first finishes
 * its received data and batches (the context's stop hook; bounded by
 * kindling.streaming.gracefulStopTimeout). A second signal exits at once: whatever
 * batch had not finished stays pending in the metadata checkpoint (every checkpoint
 * file is written to a temporary name and renamed), so a restart runs it again.
 */
function stopContextOnSignal(kc: KindlingContext, logger: Logger): { dispose(): void } {
  let received = 0;
  const graceful = kc.conf.getBoolean('kindling.streaming.stopGracefullyOnShutdown', false);
  const onSignal = (signal: NodeJS.Signals): void => {
    received++;
    const code = signal === 'SIGINT' ? 130 : 143;
    if (received > 1) {
      logger.warn(`Received ${signal} again; exiting now`);
      process.exit(code);
    }
    logger.warn(`Received ${signal}; stopping the KindlingContext${graceful ? ' once the running and queued batches have finished (send it again to stop at once)' : ''}`);
    void kc.stop().finally(() => process.exit(code));
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  return {
    dispose: () => {
      process.off('SIGINT', onSignal);
      process.off('SIGTERM', onSignal);
    },
  };
}
