/**
 * What `kindling submit <bundle|entry>` accepts (docs/DESIGN.md §3): a bundle directory
 * written by `kindling package`, that directory's manifest.json, or an entry file
 * (.ts, .mts, .js, .mjs — anywhere on disk) that is packaged on the fly.
 *
 * On-the-fly bundles go to a content-addressed cache (`<cache>/<sha256>/`), so
 * submitting unchanged code again reuses the same directory and the same sha256,
 * which is what a checkpoint recognises after a restart.
 */
import { stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, dirname, extname, join, resolve } from 'node:path';
import {
  BundleError,
  loadBundleDir,
  manifestFileName,
  parseBundleManifest,
  storeBundle,
  type BundleManifest,
  type LoadedJobBundle,
} from '@kindling/common';
import { readFile } from 'node:fs/promises';
import { buildBundle, entryExtensions, type BuildBundleOptions } from './build-bundle.js';
import { EntryNotFoundError } from './entry-not-found-error.js';
import { NotAJobError } from './not-a-job-error.js';
import { jobMainOf, type JobMain } from './job-main.js';

export interface ResolvedJobBundle {
  readonly dir: string;
  readonly manifest: BundleManifest;
  /** True when `pathArg` was an entry file that was packaged just now. */
  readonly packaged: boolean;
}

export interface ResolveJobBundleOptions extends BuildBundleOptions {
  /** Where on-the-fly bundles are stored; default `$KINDLING_BUNDLE_CACHE` or `<tmpdir>/kindling-bundles`. */
  readonly cacheDir?: string;
}

export function defaultBundleCacheDir(): string {
  const fromEnv = process.env['KINDLING_BUNDLE_CACHE'];
  return fromEnv !== undefined && fromEnv !== '' ? fromEnv : join(tmpdir(), 'kindling-bundles');
}

export async function resolveJobBundle(pathArg: string, options: ResolveJobBundleOptions = {}): Promise<ResolvedJobBundle> {
  const path = resolve(pathArg);
  let isDirectory: boolean;
  try {
    isDirectory = (await stat(path)).isDirectory();
  } catch {
    const what = (entryExtensions as readonly string[]).includes(extname(path)) ? 'Entry file' : 'Job bundle or entry file';
    throw new EntryNotFoundError(`${what} ${pathArg} does not exist`, { path });
  }
  if (isDirectory) {
    if (!(await exists(join(path, manifestFileName)))) {
      throw new NotAJobError(
        `${pathArg} is a directory without a ${manifestFileName}, not a job bundle; give a bundle directory written by \`kindling package\`, or an entry file (${entryExtensions.join(', ')})`,
        { path },
      );
    }
    return { dir: path, manifest: await readManifest(join(path, manifestFileName)), packaged: false };
  }
  if (basename(path) === manifestFileName) return { dir: dirname(path), manifest: await readManifest(path), packaged: false };
  const { code, manifest } = await buildBundle(pathArg, options);
  const dir = await storeBundle(options.cacheDir ?? defaultBundleCacheDir(), code, manifest);
  return { dir, manifest, packaged: true };
}

/** Resolves, loads and checks a job: its bundle, and the default export the driver calls. */
export async function loadJobBundle(
  pathArg: string,
  options: ResolveJobBundleOptions = {},
): Promise<{ bundle: LoadedJobBundle; main: JobMain; resolved: ResolvedJobBundle }> {
  const resolved = await resolveJobBundle(pathArg, options);
  const bundle = await loadBundleDir(resolved.dir);
  return { bundle, main: jobMainOf(bundle), resolved };
}

async function exists(file: string): Promise<boolean> {
  return stat(file).then(
    () => true,
    () => false,
  );
}

async function readManifest(file: string): Promise<BundleManifest> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    throw new BundleError(`${dirname(file)} is not a job bundle: it has no ${manifestFileName}; give a bundle directory written by kindling package, or an entry file`, {
      cause: error,
      path: file,
    });
  }
  return parseBundleManifest(text, file);
}
