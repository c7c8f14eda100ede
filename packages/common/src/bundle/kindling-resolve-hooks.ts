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
 * In a process started with `--conditions=kindling-bundled` (a local[N] executor,
 * bundled-common.ts) the packages themselves resolve `@kindling/common` to its
 * single-file build, through the package's exports; the hook answers the same file
 * there, or a job bundle's code would get a second copy of common.
 *
 * Runs on Node's loader thread: keep it tiny and free of Kindling imports.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

/** The export condition under which `@kindling/common` is its single-file build. */
export const bundledCondition = 'kindling-bundled';

export interface KindlingResolveHooksData {
  /** Absolute, real path of this installation's `packages` directory. */
  readonly packagesDir: string;
}

interface ResolveResult {
  url: string;
  shortCircuit?: boolean;
  format?: string | null;
}
interface ResolveContext {
  readonly conditions?: readonly string[];
}
type NextResolve = (specifier: string, context: ResolveContext) => ResolveResult | Promise<ResolveResult>;

let packagesDir: string | undefined;
const resolved = new Map<string, string | null>();

export function initialize(data: KindlingResolveHooksData): void {
  packagesDir = data.packagesDir;
}

export function resolve(specifier: string, context: ResolveContext, nextResolve: NextResolve): ResolveResult | Promise<ResolveResult> {
  const match = /^@kindling\/([a-z0-9][a-z0-9-]*)$/.exec(specifier);
  if (match !== null && packagesDir !== undefined) {
    let url = resolved.get(specifier);
    if (url === undefined) {
      const dist = join(packagesDir, match[1]!, 'dist');
      const bundled = join(dist, 'bundled', `${match[1]!}.mjs`);
      const file = context.conditions?.includes(bundledCondition) === true && existsSync(bundled) ? bundled : join(dist, 'index.js');
      url = existsSync(file) ? pathToFileURL(file).href : null;
      resolved.set(specifier, url);
    }
    if (url !== null) return { url, shortCircuit: true, format: 'module' };
  }
  return nextResolve(specifier, context);
}
