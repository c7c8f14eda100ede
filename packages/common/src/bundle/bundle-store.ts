/**
 * Writes a job bundle directory: used by the driver when it packages an entry on the
 * fly, and by executors for bundles they download.
 *
 * `storeBundle` is content-addressed and idempotent (STYLE.md §6): the bundle goes
 * to `<root>/<sha256>/`, written to a temp directory of its own and renamed into
 * place; if the directory already exists, another writer won and
 * holds the same bytes, so ours is deleted.
 */
import { mkdir, mkdtemp, rename, rm, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { BundleError, KindlingError } from '../errors/index.js';
import { bundleFileName, manifestFileName, sha256Hex, type BundleManifest } from './bundle-manifest.js';

/** Writes bundle.mjs and manifest.json into `dir` (created if needed). */
export async function writeBundleDir(dir: string, code: Uint8Array, manifest: BundleManifest): Promise<void> {
  if (sha256Hex(code) !== manifest.sha256) {
    throw new BundleError(`The bundle bytes do not match manifest sha256 ${manifest.sha256.slice(0, 12)}…; refusing to write ${dir}`);
  }
  try {
    await mkdir(dir, { recursive: true });
    await writeFile(join(dir, bundleFileName), code);
    await writeFile(join(dir, manifestFileName), `${JSON.stringify(manifest, null, 2)}\n`);
  } catch (error) {
    throw KindlingError.from(error, `Writing job bundle to ${dir}`);
  }
}

/** Stores a bundle under `<root>/<sha256>/` unless it is there already; returns that directory. */
export async function storeBundle(root: string, code: Uint8Array, manifest: BundleManifest): Promise<string> {
  const dir = join(root, manifest.sha256);
  if (await isBundleDir(dir)) return dir;
  // mkdtemp, not a name made of pid and clock: two writers in one process within the
  // same millisecond shared such a name, and one renamed the other's half-written
  // directory away.
  let temp: string;
  try {
    await mkdir(root, { recursive: true });
    temp = await mkdtemp(join(root, `.${manifest.sha256}.`));
  } catch (error) {
    throw KindlingError.from(error, `Making a temp directory for a job bundle in ${root}`);
  }
  await writeBundleDir(temp, code, manifest);
  try {
    await rename(temp, dir);
  } catch (error) {
    await rm(temp, { recursive: true, force: true });
    // Someone else stored the same sha256 first: theirs is as good as ours.
    if (await isBundleDir(dir)) return dir;
    throw KindlingError.from(error, `Storing job bundle in ${dir}`);
  }
  return dir;
}

async function isBundleDir(dir: string): Promise<boolean> {
  try {
    await stat(join(dir, manifestFileName));
    return true;
  } catch {
    return false;
  }
}
