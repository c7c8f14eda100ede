/** What every command gets besides its own flags. */
export interface CliContext {
  /** The arguments after `kindling` as given, for commands that re-launch themselves (`--supervise`). */
  readonly argv: readonly string[];
  /** The script that runs the CLI (dist/cli/main.js). */
  readonly script: string;
  /** Set by a command once its flags are parsed; before that, runCli looks for --verbose in argv. */
  verbose?: boolean;
}
