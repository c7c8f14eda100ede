/**
 * A job bundle on disk is a directory with two files (docs/DESIGN.md §3):
 *
 *   bundle.mjs      the user's entry module bundled by esbuild into one ES module
 *   manifest.json   what it is: name, version, entry, sha256 of bundle.mjs, the
 *                   Kindling version that packaged it, and its export aliases
 *
 * The sha256 is the bundle's identity: executors cache bundles by it and
 * checkpoints record it, so an unchanged bundle is recognised after a restart.
 */
import { createHash } from 'node:crypto';
import { BundleError } from '../errors/index.js';

export const bundleFileName = 'bundle.mjs';
export const manifestFileName = 'manifest.json';

export interface BundleManifest {
  readonly name: string;
  readonly version: string;
  /** The entry module, relative to the project directory it was packaged from. */
  readonly entry: string;
  /** Hex sha256 of the bytes of bundle.mjs. */
  readonly sha256: string;
  readonly kindlingVersion: string;
  /** Local binding name in the bundle → the export name that holds it (see computeExportAliases). */
  readonly exportAliases: Readonly<Record<string, string>>;
  /** ISO time of packaging; informative only, not part of the identity. */
  readonly builtAt: string;
}

export function sha256Hex(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}

/** Parses and checks manifest.json; `where` names the file in messages. */
export function parseBundleManifest(text: string, where: string): BundleManifest {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (error) {
    throw new BundleError(`${where} is not valid JSON (${(error as Error).message}); package the job again with kindling package`, {
      cause: error,
      path: where,
    });
  }
  if (typeof raw !== 'object' || raw === null) throw malformed(where, 'it is not an object');
  const m = raw as Record<string, unknown>;
  for (const field of ['name', 'version', 'entry', 'sha256', 'kindlingVersion'] as const) {
    if (typeof m[field] !== 'string') throw malformed(where, `field '${field}' is missing or not a string`);
  }
  if (!/^[0-9a-f]{64}$/.test(m['sha256'] as string)) throw malformed(where, "field 'sha256' is not a hex sha256");
  const aliases = m['exportAliases'];
  if (typeof aliases !== 'object' || aliases === null || Object.values(aliases).some((v) => typeof v !== 'string')) {
    throw malformed(where, "field 'exportAliases' is missing or not an object of strings");
  }
  return {
    name: m['name'] as string,
    version: m['version'] as string,
    entry: m['entry'] as string,
    sha256: m['sha256'] as string,
    kindlingVersion: m['kindlingVersion'] as string,
    exportAliases: aliases as Record<string, string>,
    builtAt: typeof m['builtAt'] === 'string' ? m['builtAt'] : '',
  };
}

function malformed(where: string, problem: string): BundleError {
  return new BundleError(`${where} is not a job bundle manifest: ${problem}; package the job again with kindling package`, { path: where });
}
