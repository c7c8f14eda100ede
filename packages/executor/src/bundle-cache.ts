/**
 * Job bundles on the executor's disk, one directory per sha256 under
 * `<workDir>/bundles`. A bundle is downloaded from the driver the first time a task
 * needs it and never again — not for the next task, not after the executor
 * restarts, not for the next application that runs the same code.
 */
import { stat } from 'node:fs/promises';
import { join } from 'node:path';
import {
  BundleError,
  bundleFileName,
  manifestFileName,
  parseBundleManifest,
  storeBundle,
  type Logger,
} from '@kindling/common';
import type { BundleFiles } from './driver-client.js';

export class BundleCache {
  private readonly ready = new Map<string, Promise<string>>();

  constructor(
    readonly root: string,
    private readonly download: (sha256: string) => Promise<BundleFiles>,
    private readonly logger: Logger,
  ) {}

  /** The directory holding bundle `sha256`, downloading it first if this machine does not have it. */
  ensure(sha256: string): Promise<string> {
    let pending = this.ready.get(sha256);
    if (pending === undefined) {
      pending = this.fetch(sha256);
      this.ready.set(sha256, pending);
      pending.catch(() => this.ready.delete(sha256));
    }
    return pending;
  }

  private async fetch(sha256: string): Promise<string> {
    if (!/^[0-9a-f]{64}$/.test(sha256)) throw new BundleError(`Task names bundle '${sha256}', which is not a sha256`);
    const dir = join(this.root, sha256);
    if (await exists(join(dir, manifestFileName))) return dir;
    const started = Date.now();
    const files = await this.download(sha256);
    const manifestBytes = files.get(manifestFileName);
    const code = files.get(bundleFileName);
    if (manifestBytes === undefined || code === undefined) {
      throw new BundleError(`The driver sent bundle ${sha256.slice(0, 12)}… without ${manifestBytes === undefined ? manifestFileName : bundleFileName}`);
    }
    const manifest = parseBundleManifest(manifestBytes.toString('utf8'), `${manifestFileName} of bundle ${sha256.slice(0, 12)}…`);
    if (manifest.sha256 !== sha256) {
      throw new BundleError(`The driver sent bundle ${manifest.sha256.slice(0, 12)}… when asked for ${sha256.slice(0, 12)}…`);
    }
    // storeBundle checks the code against the manifest's sha256 and renames into place atomically.
    const stored = await storeBundle(this.root, code, manifest);
    this.logger.info({ sha256, bytes: code.byteLength, ms: Date.now() - started }, 'downloaded job bundle');
    return stored;
  }
}

async function exists(path: string): Promise<boolean> {
  try {
    await stat(path);
    return true;
  } catch {
    return false;
  }
}
