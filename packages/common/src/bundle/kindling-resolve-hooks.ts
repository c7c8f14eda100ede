/**
 * Module resolve hooks (registered with `module.register`, see kindling-resolver.ts):
 * `@kindling/<pkg>` resolves to this installation's `packages/<pkg>/dist/index.js`.
 *
 * A job bundle keeps `@kindling/*` external and may live anywhere on disk (a temp
 * dir, an executor's bundle cache), where Node's own resolution finds no
 * node_modules. It must also get the very module instances the running driver or
 * executor uses — one KindlingContext class, one builtin registry — so the hook
 * always answers with this installation's files, even when the bundle's directory
 * happens to have another copy of Kindling installed.
 *
 * Runs on Node's loader thread: keep it tiny and free of Kindling imports.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

export interface KindlingResolveHooksData {
  /** Absolute, real path of this installation's `packages` directory. */
  readonly packagesDir: string;
}

interface ResolveResult {
  url: string;
  shortCircuit?: boolean;
  format?: string | null;
}
type NextResolve = (specifier: string, context: unknown) => ResolveResult | Promise<ResolveResult>;

let packagesDir: string | undefined;
const resolved = new Map<string, string | null>();

export function initialize(data: KindlingResolveHooksData): void {
  packagesDir = data.packagesDir;
}

export function resolve(specifier: string, context: unknown, nextResolve: NextResolve): ResolveResult | Promise<ResolveResult> {
  const match = /^@kindling\/([a-z0-9][a-z0-9-]*)$/.exec(specifier);
  if (match !== null && packagesDir !== undefined) {
    let url = resolved.get(specifier);
    if (url === undefined) {
      const file = join(packagesDir, match[1]!, 'dist', 'index.js');
      url = existsSync(file) ? pathToFileURL(file).href : null;
      resolved.set(specifier, url);
    }
    if (url !== null) return { url, shortCircuit: true, format: 'module' };
  }
  return nextResolve(specifier, context);
}
