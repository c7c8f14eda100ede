/**
 * `kindling executor --driver HOST:PORT [--cores N] [--work-dir DIR] …`: runs an
 * executor daemon (packages/executor) until it stops; the exit code is the
 * executor's. Used by docker-compose and by anyone starting executors by hand for a
 * `--master kindling://HOST:PORT` driver.
 */
import { InvalidArgumentError, KindlingConf, checkConf } from '@kindling/common';
import { parseDriverAddress, runExecutorCommand } from '@kindling/executor';
import type { Command } from 'commander';
import type { CliContext } from '../cli-context.js';
import { portNumber, positiveInteger } from '../flag-values.js';
import { parseConfPair } from '../submit-settings.js';
import { UsageError } from '../usage-error.js';

interface ExecutorFlags {
  readonly driver: string;
  readonly cores?: string;
  readonly workDir?: string;
  readonly host?: string;
  readonly port?: string;
  readonly advertiseHost?: string;
  readonly appId?: string;
  readonly executorId?: string;
  readonly secret?: string;
  readonly conf: string[];
  readonly exitWithParent?: boolean;
}

export function registerExecutorCommand(program: Command, _cli: CliContext): void {
  program
    .command('executor')
    .description('run an executor that registers with a driver started with --master kindling://HOST:PORT')
    .requiredOption('--driver <host:port>', 'the driver to register with')
    .option('--cores <n>', 'tasks run at once (worker threads), default 1')
    .option('--work-dir <dir>', 'bundle cache, shuffle files and disk blocks (default: <tmp>/kindling-executor)')
    .option('--host <addr>', 'address to listen on for tasks and shuffle fetches (default 0.0.0.0)')
    .option('--port <port>', 'port to listen on (default: any free port)')
    .option('--advertise-host <name>', 'host name other processes use to reach this executor')
    .option('--app-id <id>', 'serve only this application; exit when its driver is gone')
    .option('--executor-id <id>', 'executor id to propose to the driver')
    .option('--secret <secret>', 'shared secret (prefer the KINDLING_AUTHENTICATE_SECRET environment variable)')
    .option('--conf <key=value>', 'a configuration property; repeatable', (pair: string, all: string[]) => [...all, pair], [] as string[])
    .option('--exit-with-parent', 'exit when stdin closes (used by a local[N] driver)')
    .action(async (flags: ExecutorFlags) => {
      const conf = new KindlingConf(flags.conf.map(parseConfPair));
      const { errors, warnings } = checkConf(conf);
      if (errors.length > 0) throw new UsageError(errors[0]!.message, { cause: errors[0] });
      for (const warning of warnings) process.stderr.write(`kindling: warning: ${warning}\n`);
      try {
        parseDriverAddress(flags.driver);
      } catch (error) {
        if (error instanceof InvalidArgumentError) throw new UsageError(error.message, { cause: error });
        throw error;
      }
      const exit = await runExecutorCommand({
        driver: flags.driver,
        conf,
        ...(flags.cores === undefined ? {} : { cores: positiveInteger('--cores', flags.cores) }),
        ...(flags.workDir === undefined ? {} : { workDir: flags.workDir }),
        ...(flags.host === undefined ? {} : { host: flags.host }),
        ...(flags.port === undefined ? {} : { port: portNumber('--port', flags.port) }),
        ...(flags.advertiseHost === undefined ? {} : { advertiseHost: flags.advertiseHost }),
        ...(flags.appId === undefined ? {} : { appId: flags.appId }),
        ...(flags.executorId === undefined ? {} : { executorId: flags.executorId }),
        ...(flags.secret === undefined ? {} : { secret: flags.secret }),
        ...(flags.exitWithParent === true ? { exitWithParent: true } : {}),
      });
      process.exitCode = exit.code;
    });
}
