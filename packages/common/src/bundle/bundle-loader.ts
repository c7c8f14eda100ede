/**
 * Loads a job bundle into this process (driver or executor): checks its bytes
 * against the manifest's sha256, then `import()`s it.
 *
 * A bundle is imported at most once per process per sha256 — an ES module cannot be
 * unloaded, and importing the same code twice would make two module instances whose
 * functions are not identical, which breaks export refs found by identity. Importing
 * has no side effects by contract (docs/DESIGN.md §3); only the driver calls the default
 * export.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { BundleError, KindlingError } from '../errors/index.js';
import type { LoadedBundle } from '../task/index.js';
import { bundleFileName, manifestFileName, parseBundleManifest, sha256Hex, type BundleManifest } from './bundle-manifest.js';
import { registerKindlingResolver } from './kindling-resolver.js';

/** A loaded bundle with where it came from. */
export interface LoadedJobBundle extends LoadedBundle {
  readonly manifest: BundleManifest;
  /** The bundle.mjs this process imported (the first one seen for this sha256). */
  readonly file: string;
}

const imports = new Map<string, Promise<LoadedJobBundle>>();

/** Reads `dir/manifest.json` and loads `dir/bundle.mjs`. */
export async function loadBundleDir(dir: string): Promise<LoadedJobBundle> {
  const manifestPath = join(dir, manifestFileName);
  let text: string;
  try {
    text = await readFile(manifestPath, 'utf8');
  } catch (error) {
    throw new BundleError(`${dir} is not a job bundle: ${manifestFileName} cannot be read (${systemReason(error)})`, {
      cause: error,
      path: manifestPath,
    });
  }
  return loadBundleFromFile(join(dir, bundleFileName), parseBundleManifest(text, manifestPath));
}

export async function loadBundleFromFile(bundleFile: string, manifest: BundleManifest): Promise<LoadedJobBundle> {
  const cached = imports.get(manifest.sha256);
  if (cached !== undefined) return cached;
  const loading = importVerified(bundleFile, manifest);
  imports.set(manifest.sha256, loading);
  // A failed import may be retried (say, after the file was repaired).
  loading.catch(() => imports.delete(manifest.sha256));
  return loading;
}

async function importVerified(bundleFile: string, manifest: BundleManifest): Promise<LoadedJobBundle> {
  let bytes: Buffer;
  try {
    bytes = await readFile(bundleFile);
  } catch (error) {
    throw new BundleError(`Job bundle ${bundleFile} cannot be read (${systemReason(error)})`, { cause: error, path: bundleFile });
  }
  const actual = sha256Hex(bytes);
  if (actual !== manifest.sha256) {
    throw new BundleError(
      `Job bundle ${bundleFile} has sha256 ${actual.slice(0, 12)}…, but its manifest says ${manifest.sha256.slice(0, 12)}…; it was changed after packaging — package the job again`,
      { path: bundleFile },
    );
  }
  registerKindlingResolver();
  let namespace: Record<string, unknown>;
  try {
    namespace = (await import(pathToFileURL(bundleFile).href)) as Record<string, unknown>;
  } catch (error) {
    const reason = error instanceof Error ? error.message.split('\n', 1)[0] : String(error);
    throw new BundleError(`Importing job bundle ${manifest.name} (${bundleFile}) failed: ${reason}`, { cause: error, path: bundleFile });
  }
  return { sha256: manifest.sha256, namespace, exportAliases: manifest.exportAliases, manifest, file: bundleFile };
}

function systemReason(error: unknown): string {
  const code = (error as { code?: unknown }).code;
  if (code === 'ENOENT') return 'no such file';
  return KindlingError.from(error).message;
}
