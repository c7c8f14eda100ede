#!/usr/bin/env node
/**
 * The executor as a process of its own: what `--master local[N]` spawns, and what
 * `kindling executor` runs. Flags mirror `kindling executor`'s; any failure is one
 * line on stderr (`kindling executor: …`) and a non-zero exit code (2 for bad flags).
 */
import { parseArgs } from 'node:util';
import { InvalidArgumentError } from '@kindling/common';
import { parseDriverAddress, runExecutorCommand, type ExecutorCommandOptions } from './run-executor-command.js';

// Task failures reported to the driver carry stacks that point at the user's files
// (bundles carry an inline source map); tasks run inline use this thread's setting.
process.setSourceMapsEnabled(true);

function parseConf(values: readonly string[]): Record<string, string> {
  const conf: Record<string, string> = {};
  for (const entry of values) {
    const eq = entry.indexOf('=');
    if (eq <= 0) throw new InvalidArgumentError(`Invalid --conf '${entry}'; use key=value`);
    conf[entry.slice(0, eq)] = entry.slice(eq + 1);
  }
  return conf;
}

function parseInteger(flag: string, value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0) throw new InvalidArgumentError(`Invalid ${flag} '${value}'; use a whole number`);
  return n;
}

export function parseExecutorArgs(argv: readonly string[]): ExecutorCommandOptions {
  const { values } = parseArgs({
    args: [...argv],
    options: {
      driver: { type: 'string' },
      cores: { type: 'string' },
      'work-dir': { type: 'string' },
      host: { type: 'string' },
      port: { type: 'string' },
      'advertise-host': { type: 'string' },
      'app-id': { type: 'string' },
      'executor-id': { type: 'string' },
      conf: { type: 'string', multiple: true },
      'exit-with-parent': { type: 'boolean' },
      'task-runner-module': { type: 'string' },
      secret: { type: 'string' },
    },
    strict: true,
    allowPositionals: false,
  });
  if (values.driver === undefined) throw new InvalidArgumentError('Missing --driver HOST:PORT (the address the driver listens on)');
  const cores = parseInteger('--cores', values.cores);
  const port = parseInteger('--port', values.port);
  return {
    driver: parseDriverAddress(values.driver),
    conf: parseConf(values.conf ?? []),
    ...(cores === undefined ? {} : { cores }),
    ...(port === undefined ? {} : { port }),
    ...(values['work-dir'] === undefined ? {} : { workDir: values['work-dir'] }),
    ...(values.host === undefined ? {} : { host: values.host }),
    ...(values['advertise-host'] === undefined ? {} : { advertiseHost: values['advertise-host'] }),
    ...(values['app-id'] === undefined ? {} : { appId: values['app-id'] }),
    ...(values['executor-id'] === undefined ? {} : { executorId: values['executor-id'] }),
    ...(values['exit-with-parent'] === true ? { exitWithParent: true } : {}),
    ...(values.secret === undefined ? {} : { secret: values.secret }),
    ...(values['task-runner-module'] === undefined ? {} : { taskRunnerModule: values['task-runner-module'] }),
  };
}

async function main(): Promise<number> {
  let options: ExecutorCommandOptions;
  try {
    options = parseExecutorArgs(process.argv.slice(2));
  } catch (error) {
    process.stderr.write(`kindling executor: ${error instanceof Error ? error.message : String(error)}\n`);
    return 2;
  }
  try {
    const exit = await runExecutorCommand(options);
    // The last word of an executor that gives up, in the same one-line form as a
    // startup failure: a local[N] driver reads it from this process's stderr and
    // reports it as the reason the executor died (its log lines may be filtered out).
    if (exit.code !== 0) process.stderr.write(`kindling executor: ${exit.reason}\n`);
    return exit.code;
  } catch (error) {
    process.stderr.write(`kindling executor: ${error instanceof Error ? error.message : String(error)}\n`);
    return 1;
  }
}

process.exit(await main());
