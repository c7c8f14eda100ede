/**
 * `kindling package <entry> [-o out]`: bundle a job module into a directory
 * (bundle.mjs + manifest.json) that `kindling submit` runs and executors load.
 */
import { resolve } from 'node:path';
import type { Command } from 'commander';
import { packageBundle } from '../../bundle/index.js';
import type { CliContext } from '../cli-context.js';

interface PackageFlags {
  readonly output: string;
  readonly name?: string;
  readonly bundleVersion?: string;
}

export function registerPackageCommand(program: Command, _cli: CliContext): void {
  program
    .command('package')
    .description('bundle a job module (.ts, .js, .mjs) with esbuild into a job bundle directory')
    .argument('<entry>', 'the job module; its default export is main(kc, args)')
    .option('-o, --output <dir>', 'directory to write bundle.mjs and manifest.json to', 'bundle')
    .option('--name <name>', 'bundle name (default: the nearest package.json name, else the file name)')
    .option('--bundle-version <version>', 'bundle version (default: the nearest package.json version)')
    .action(async (entry: string, flags: PackageFlags) => {
      const { dir, manifest } = await packageBundle(entry, resolve(flags.output), {
        ...(flags.name === undefined ? {} : { name: flags.name }),
        ...(flags.bundleVersion === undefined ? {} : { version: flags.bundleVersion }),
      });
      console.log(`Packaged ${manifest.name} ${manifest.version} (sha256 ${manifest.sha256.slice(0, 12)}…) into ${dir}`);
    });
}
