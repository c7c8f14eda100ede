/**
 * How `kindling` ends when something fails (docs/DESIGN.md §5): one line on stderr,
 * `kindling: <message>`, and an exit code — 2 when the command line is wrong, 1
 * when the job failed. `--verbose` adds the stack trace and the chain of causes.
 */
import { CommanderError } from 'commander';
import { EntryNotFoundError, NotAJobError } from '../bundle/index.js';
import { UsageError } from './usage-error.js';

export const ExitCode = { Success: 0, JobFailed: 1, Usage: 2 } as const;

export function exitCodeFor(error: unknown): number {
  if (error instanceof CommanderError) return error.exitCode === 0 ? ExitCode.Success : ExitCode.Usage;
  if (error instanceof UsageError || error instanceof EntryNotFoundError || error instanceof NotAJobError) return ExitCode.Usage;
  return ExitCode.JobFailed;
}

/** The one line: commander's "error: " prefix dropped, a multi-line message joined. */
export function errorLine(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  const line = message
    .replace(/^error: /, '')
    .split('\n')
    .map((part) => part.trim())
    .filter((part) => part !== '')
    .join(' ');
  return `kindling: ${line === '' ? (error instanceof Error ? error.name : 'failed') : line}`;
}

/** The stack and causes, for --verbose. */
export function errorDetail(error: unknown): string {
  const parts: string[] = [];
  let current: unknown = error;
  for (let depth = 0; current !== undefined && current !== null && depth < 8; depth++) {
    const text = current instanceof Error ? (current.stack ?? `${current.name}: ${current.message}`) : String(current);
    parts.push(depth === 0 ? text : `Caused by: ${text}`);
    current = current instanceof Error ? current.cause : undefined;
  }
  return parts.join('\n');
}

/** Writes the report and returns the exit code. Help and --version "errors" print nothing more. */
export function reportError(error: unknown, verbose: boolean): number {
  const code = exitCodeFor(error);
  if (error instanceof CommanderError && (error.exitCode === 0 || error.code === 'commander.help')) return code;
  process.stderr.write(`${errorLine(error)}\n`);
  if (verbose) process.stderr.write(`${errorDetail(error)}\n`);
  return code;
}
