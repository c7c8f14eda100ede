/**
 * Registers, once per process, the resolve hooks that let a job bundle stored
 * anywhere import `@kindling/*` from this installation (kindling-resolve-hooks.ts).
 *
 * This file is compiled to `packages/common/dist/bundle/` (and into the single-file
 * build in `dist/bundled/`), so the installation's `packages` directory is three
 * levels up from it. Its real path is used so that
 * the URLs the hook answers are the same URLs Node gives the packages when they
 * import each other through pnpm's symlinked node_modules: same URL, same module
 * instance.
 */
import { realpathSync } from 'node:fs';
import { register } from 'node:module';
import { fileURLToPath } from 'node:url';
import type { KindlingResolveHooksData } from './kindling-resolve-hooks.js';

let registered = false;

/** The `packages` directory of this Kindling installation. */
export function kindlingPackagesDir(): string {
  return realpathSync(fileURLToPath(new URL('../../../', import.meta.url)));
}

export function registerKindlingResolver(): void {
  if (registered) return;
  registered = true;
  const data: KindlingResolveHooksData = { packagesDir: kindlingPackagesDir() };
  // '../bundle/' rather than './': the same file from dist/bundle/ and from the
  // single-file build in dist/bundled/ (scripts/bundle-common.mjs).
  register('../bundle/kindling-resolve-hooks.js', { parentURL: import.meta.url, data });
}
