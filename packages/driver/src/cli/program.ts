/**
 * The `kindling` command line (docs/DESIGN.md §5), built on commander.
 *
 * Commander is told not to exit or print errors itself: its parse errors come back
 * as CommanderErrors, and `runCli` reports them like every other failure, as one
 * `kindling: …` line with exit code 2. Help still goes to stdout (or to stderr
 * when shown because something was missing).
 */
import { Command } from 'commander';
import { kindlingVersion } from '../bundle/index.js';
import type { CliContext } from './cli-context.js';
import { commands } from './commands/index.js';
import { reportError } from './error-report.js';
import { notifySupervisor } from './supervisor.js';

export function buildProgram(cli: CliContext): Command {
  const program = new Command('kindling')
    .description('Kindling: a Spark-like distributed runtime for Node.js')
    .version(kindlingVersion(), '-V, --version')
    .enablePositionalOptions()
    .showSuggestionAfterError(true)
    .exitOverride()
    .configureOutput({
      writeOut: (text) => process.stdout.write(text),
      writeErr: (text) => process.stderr.write(text),
      // Errors are printed once, by reportError, in Kindling's one-line form.
      outputError: () => undefined,
    });
  for (const register of commands) register(program, cli);
  return program;
}

/** Runs the CLI on `argv` (the arguments after `kindling`); resolves to the exit code. */
export async function runCli(argv: readonly string[], script: string): Promise<number> {
  const cli: CliContext = { argv, script };
  try {
    await buildProgram(cli).parseAsync([...argv], { from: 'user' });
    return typeof process.exitCode === 'number' ? process.exitCode : 0;
  } catch (error) {
    // The error may come from parsing, before any command saw its flags.
    const code = reportError(error, cli.verbose ?? wantsVerbose(argv));
    await notifySupervisor(error, code);
    return code;
  }
}

function wantsVerbose(argv: readonly string[]): boolean {
  const jobArgsStart = argv.indexOf('--');
  return (jobArgsStart < 0 ? argv : argv.slice(0, jobArgsStart)).includes('--verbose');
}
