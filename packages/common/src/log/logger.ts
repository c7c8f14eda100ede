/**
 * Logging (STYLE.md §11): library code receives a `Logger` and never calls
 * `console`. Child loggers carry the ids a reader filters by: appId, jobId, stageId,
 * executorId, batchTime.
 */
import { pino, type Logger as PinoLogger, type LevelWithSilent } from 'pino';

export type Logger = PinoLogger;

export interface LoggerOptions {
  /** pino level; `KINDLING_LOG_LEVEL` overrides the default ('info', or 'silent' under tests). */
  readonly level?: LevelWithSilent;
  /** Where log lines go; stderr by default so that stdout stays the job's own output. */
  readonly destination?: NodeJS.WritableStream | number;
  readonly base?: Record<string, unknown>;
}

export function defaultLogLevel(): LevelWithSilent {
  const fromEnv = process.env['KINDLING_LOG_LEVEL'];
  if (fromEnv !== undefined && fromEnv !== '') return fromEnv as LevelWithSilent;
  return process.env['NODE_TEST_CONTEXT'] !== undefined ? 'silent' : 'info';
}

export function createLogger(options: LoggerOptions = {}): Logger {
  const destination = options.destination ?? 2;
  const stream = typeof destination === 'number' ? pino.destination({ fd: destination, sync: true }) : destination;
  return pino(
    { level: options.level ?? defaultLogLevel(), base: options.base ?? { pid: process.pid } },
    stream as pino.DestinationStream,
  );
}

/** A logger that drops everything; for tests and for code paths given no logger. */
export function silentLogger(): Logger {
  return pino({ level: 'silent' });
}
