/**
 * `kindling history <eventLogDir> [--port 18080] [--host 127.0.0.1]`: serves the UI
 * and REST API of the finished (and unfinished) applications whose event logs are
 * in the directory (kindling.eventLog.dir), until SIGINT or SIGTERM.
 */
import { createLogger, defaultLogLevel, InvalidArgumentError } from '@kindling/common';
import type { Command } from 'commander';
import { DEFAULT_HISTORY_PORT, HistoryServer } from '../../ui/history/history-server.js';
import type { CliContext } from '../cli-context.js';
import { portNumber } from '../flag-values.js';
import { UsageError } from '../usage-error.js';

interface HistoryFlags {
  readonly port: string;
  readonly host: string;
  readonly updateInterval: string;
}

export function registerHistoryCommand(program: Command, _cli: CliContext): void {
  program
    .command('history')
    .description('serve the UI and REST API of the applications whose event logs are in a directory (kindling.eventLog.dir)')
    .argument('<eventLogDir>', 'the event log directory: file:///…, webhdfs://host:9870/…, or a local path')
    .option('--port <port>', 'HTTP port; 0 picks a free one', String(DEFAULT_HISTORY_PORT))
    .option('--host <addr>', 'address to bind', '127.0.0.1')
    .option('--update-interval <ms>', 'how often the directory is listed again for new and changed logs', '10000')
    .action(async (logDir: string, flags: HistoryFlags) => {
      // Quiet as the other commands: warnings and errors, unless KINDLING_LOG_LEVEL asks for more.
      const logger = createLogger({ level: process.env['KINDLING_LOG_LEVEL'] === undefined ? 'warn' : defaultLogLevel(), base: { component: 'history' } });
      const interval = Number(flags.updateInterval);
      if (!Number.isInteger(interval) || interval < 100) throw new UsageError(`--update-interval expects milliseconds, 100 or more, got '${flags.updateInterval}'`);
      const server = await HistoryServer.start({ logDir, host: flags.host, port: portNumber('--port', flags.port), updateIntervalMs: interval, logger }).catch((error: unknown) => {
        // A directory that is not there is a wrong command line (exit 2), not a failure.
        throw error instanceof InvalidArgumentError ? new UsageError(error.message, { cause: error }) : error;
      });
      // The one line a user needs, whatever the log level (the CLI logs only errors by default).
      process.stdout.write(`Kindling history server for ${logDir} at ${server.url}\n`);
      const signal = await new Promise<NodeJS.Signals>((resolve) => {
        process.once('SIGINT', () => resolve('SIGINT'));
        process.once('SIGTERM', () => resolve('SIGTERM'));
      });
      logger.info(`history server stopping on ${signal}`);
      await server.stop();
    });
}
