/**
 * Hand-written job bundles for the tests of this area (packaging with esbuild lives
 * in the driver; its tests use real packaged bundles).
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sha256Hex, type BundleManifest } from './bundle-manifest.js';
import { writeBundleDir } from './bundle-store.js';
import { computeExportAliases } from './export-aliases.js';

export function manifestFor(code: string, name = 'test-job'): BundleManifest {
  return {
    name,
    version: '1.0.0',
    entry: 'job.ts',
    sha256: sha256Hex(Buffer.from(code)),
    kindlingVersion: '0.1.0',
    exportAliases: computeExportAliases(code),
    builtAt: new Date().toISOString(),
  };
}

/** Writes `code` as a bundle dir under a fresh directory of os.tmpdir(), outside the repository. */
export async function writeTempBundle(code: string): Promise<{ dir: string; manifest: BundleManifest; cleanup: () => Promise<void> }> {
  const root = await mkdtemp(join(tmpdir(), 'kindling-bundle-test-'));
  const dir = join(root, 'bundle');
  const manifest = manifestFor(code);
  await writeBundleDir(dir, Buffer.from(code), manifest);
  return { dir, manifest, cleanup: () => rm(root, { recursive: true, force: true }) };
}
