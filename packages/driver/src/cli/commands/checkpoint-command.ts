/**
 * `kindling checkpoint inspect <dir> [--json]` (DESIGN.md §5): prints the newest
 * valid metadata checkpoint of a streaming checkpoint directory readably, and the
 * checkpoint files that cannot be read, with the reason. Exit code 1 when the
 * directory holds checkpoint files but none is readable.
 */
import type { Command } from 'commander';
import { formatInspection, inspectCheckpoint } from '../../streaming/checkpoint/checkpoint-inspection.js';
import type { CliContext } from '../cli-context.js';

export function registerCheckpointCommand(program: Command, _cli: CliContext): void {
  const checkpoint = program.command('checkpoint').description('look into a streaming checkpoint directory');
  checkpoint
    .command('inspect')
    .description('print the newest valid metadata checkpoint of a directory (file:// or webhdfs://)')
    .argument('<dir>', 'the checkpoint directory, as given to ssc.checkpoint()')
    .option('--json', 'print JSON for scripts')
    .action(async (dir: string, flags: { json?: boolean }) => {
      const inspection = await inspectCheckpoint(dir);
      process.stdout.write(flags.json === true ? `${JSON.stringify(inspection, jsonReplacer, 2)}\n` : formatInspection(inspection));
      if (inspection.file === undefined && inspection.unreadable.length > 0) process.exitCode = 1;
    });
}

/** Bytes (captured values of function refs) as base64 in the JSON. */
function jsonReplacer(_key: string, value: unknown): unknown {
  return value instanceof Uint8Array ? { base64: Buffer.from(value).toString('base64') } : value;
}
