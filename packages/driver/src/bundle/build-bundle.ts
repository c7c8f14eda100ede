/**
 * Bundles a job entry module with esbuild into one ES module plus its manifest
 * (docs/DESIGN.md §3), in memory; package-bundle.ts and resolve-job-bundle.ts write it.
 *
 * - `@kindling/*` stays external: a job must run against the Kindling that runs it
 *   (the loader's resolve hook points the import at this installation), and node
 *   built-ins are external on platform node.
 * - No minification: function source travels as text and names in it must stay
 *   the user's (esbuild still renames a top-level binding when two modules clash;
 *   the manifest's export aliases record that).
 * - An inline source map, so stack traces on executors can point at the user's
 *   TypeScript (`process.setSourceMapsEnabled`) — executors get one file.
 * - Paths inside the output are relative to the project directory, so the same code
 *   gives the same bytes and the same sha256 wherever it is packaged from.
 */
import { stat } from 'node:fs/promises';
import { extname, relative, resolve } from 'node:path';
import { BundleError, computeExportAliases, sha256Hex, type BundleManifest } from '@kindling/common';
import { build, type BuildFailure, type Message } from 'esbuild';
import { EntryNotFoundError } from './entry-not-found-error.js';
import { kindlingVersion } from './kindling-version.js';
import { projectInfo } from './project-info.js';
import { NotAJobError } from './not-a-job-error.js';

export const entryExtensions = ['.ts', '.mts', '.js', '.mjs'] as const;

export interface BuildBundleOptions {
  /** Defaults to the `name` of the entry's nearest package.json, else the entry's file name. */
  readonly name?: string;
  /** Defaults to the `version` of the entry's nearest package.json, else 0.0.0. */
  readonly version?: string;
}

export interface BuiltBundle {
  readonly code: Uint8Array;
  readonly manifest: BundleManifest;
}

// Bundled CommonJS dependencies call `require` for node built-ins; esbuild's ESM
// output only has a shim that throws, unless a real `require` is in scope.
const requireBanner = "import { createRequire as __kindlingCreateRequire } from 'node:module';\nconst require = __kindlingCreateRequire(import.meta.url);";

/** `entry` is the path as the user gave it (messages quote it as given). */
export async function buildBundle(entry: string, options: BuildBundleOptions = {}): Promise<BuiltBundle> {
  const entryFile = resolve(entry);
  await assertEntryFile(entry, entryFile);
  const project = projectInfo(entryFile);
  let code: Uint8Array;
  try {
    const result = await build({
      entryPoints: [entryFile],
      absWorkingDir: project.root,
      // Not written (write: false); it only anchors the source map's relative paths.
      outfile: resolve(project.root, 'kindling-bundle.mjs'),
      write: false,
      bundle: true,
      format: 'esm',
      platform: 'node',
      target: 'node20',
      external: ['@kindling/*'],
      minify: false,
      sourcemap: 'inline',
      banner: { js: requireBanner },
      logLevel: 'silent',
    });
    const output = result.outputFiles[0];
    if (output === undefined) throw new BundleError(`esbuild produced no output for ${entry}`);
    code = output.contents;
  } catch (error) {
    if (isBuildFailure(error)) throw new BundleError(`Cannot bundle ${entry}: ${describeFailure(error, project.root)}`, { cause: error });
    throw error;
  }
  const manifest: BundleManifest = {
    name: options.name ?? project.name,
    version: options.version ?? project.version,
    entry: relative(project.root, entryFile),
    sha256: sha256Hex(code),
    kindlingVersion: kindlingVersion(),
    exportAliases: computeExportAliases(Buffer.from(code.buffer, code.byteOffset, code.byteLength).toString('utf8')),
    builtAt: new Date().toISOString(),
  };
  return { code, manifest };
}

async function assertEntryFile(entry: string, entryFile: string): Promise<void> {
  let isFile: boolean;
  try {
    isFile = (await stat(entryFile)).isFile();
  } catch {
    throw new EntryNotFoundError(`Entry file ${entry} does not exist`, { path: entryFile });
  }
  if (!isFile) throw new BundleError(`Entry file ${entry} is not a file`, { path: entryFile });
  if (!(entryExtensions as readonly string[]).includes(extname(entryFile))) {
    throw new NotAJobError(`Entry file ${entry} must be a module ending in ${entryExtensions.join(', ')}`, { path: entryFile });
  }
}

function isBuildFailure(error: unknown): error is BuildFailure {
  return error instanceof Error && Array.isArray((error as Partial<BuildFailure>).errors);
}

/** One line: the first error with file:line:column, and how many more there are. */
function describeFailure(failure: BuildFailure, root: string): string {
  const [first, ...rest] = failure.errors;
  if (first === undefined) return failure.message.split('\n', 1)[0]!;
  const more = rest.length === 0 ? '' : ` (and ${rest.length} more error${rest.length === 1 ? '' : 's'})`;
  return `${where(first, root)}${first.text}${more}`;
}

function where(message: Message, root: string): string {
  const location = message.location;
  if (location === null) return '';
  const absolute = resolve(root, location.file);
  const fromCwd = relative(process.cwd(), absolute);
  const file = fromCwd === '' || fromCwd.startsWith('..') ? absolute : fromCwd;
  return `${file}:${location.line}:${location.column + 1}: `;
}
