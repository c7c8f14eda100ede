/**
 * `kindling package <entry> -o <dir>`: bundles a job and writes the bundle directory
 * (bundle.mjs + manifest.json) that `kindling submit` accepts and executors load.
 */
import { resolve } from 'node:path';
import { writeBundleDir, type BundleManifest } from '@kindling/common';
import { buildBundle, type BuildBundleOptions } from './build-bundle.js';

export interface PackagedBundle {
  readonly dir: string;
  readonly manifest: BundleManifest;
}

export async function packageBundle(entry: string, outDir: string, options: BuildBundleOptions = {}): Promise<PackagedBundle> {
  const { code, manifest } = await buildBundle(entry, options);
  const dir = resolve(outDir);
  await writeBundleDir(dir, code, manifest);
  return { dir, manifest };
}
