/**
 * The `kindling` commands. Each command lives in its own file and registers itself
 * on the program; to add one (`executor`, `hdfs`, `checkpoint inspect`, `drill`…),
 * write `commands/<name>-command.ts` exporting a `register…Command(program, cli)`
 * and add it to this list. Use `program.command(name)` inside it, so the command
 * inherits the program's error handling (exit code 2 and one line for usage errors).
 */
import type { Command } from 'commander';
import type { CliContext } from '../cli-context.js';
import { registerCheckpointCommand } from './checkpoint-command.js';
import { registerDrillCommand } from './drill-command.js';
import { registerExecutorCommand } from './executor-command.js';
import { registerHdfsCommand } from './hdfs-command.js';
import { registerHistoryCommand } from './history-command.js';
import { registerPackageCommand } from './package-command.js';
import { registerSubmitCommand } from './submit-command.js';

export type RegisterCommand = (program: Command, cli: CliContext) => void;

export const commands: readonly RegisterCommand[] = [
  registerSubmitCommand,
  registerPackageCommand,
  registerExecutorCommand,
  registerHdfsCommand,
  registerCheckpointCommand,
  registerDrillCommand,
  registerHistoryCommand,
];
