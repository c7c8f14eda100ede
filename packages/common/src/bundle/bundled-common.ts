/**
 * The single-file build of @kindling/common (scripts/bundle-common.mjs writes it
 * to `packages/common/dist/bundled/common.mjs` after `tsc -b`), and the node
 * options that make a process use it.
 *
 * Why: an executor process loads common twice, on its main thread and in its task
 * thread, and resolving and compiling its ~440 modules (grpc-js and protobufjs
 * among them) was most of its start: importing common took 0.55–0.6 CPU-s per
 * thread on a quiet machine, the one file 0.23–0.25 (node itself 0.09). A local[2]
 * context starts two executors.
 *
 * The export condition `kindling-bundled` maps `@kindling/common` to that file for
 * every module of the process, so the executor's code, a job bundle's and the
 * driver modules a job bundle pulls in share one copy (kindling-resolve-hooks.ts
 * answers the same). Source maps are on from the start, because common loads
 * before an entry point could turn them on: stack traces name the .ts files.
 *
 * A stale build is never used: only one newer than common's last tsc build (its
 * tsbuildinfo, which `tsc -b` rewrites whenever it emits) counts. A missing or
 * stale one (say, after a bare `npx tsc -b`) only means the slower start.
 */
import { statSync } from 'node:fs';
import { join } from 'node:path';
import { kindlingPackagesDir } from './kindling-resolver.js';
import { bundledCondition } from './kindling-resolve-hooks.js';

/**
 * The options to start a Kindling process on common's single-file build with, or
 * none when there is no current one (`packagesDir`: this installation's, or a test's).
 */
export function bundledCommonNodeArgs(packagesDir: string = kindlingPackagesDir()): readonly string[] {
  const common = join(packagesDir, 'common');
  const built = mtimeMs(join(common, 'dist', 'bundled', 'common.mjs'));
  const compiled = mtimeMs(join(common, 'tsconfig.tsbuildinfo'));
  if (built === undefined || compiled === undefined || built < compiled) return [];
  return [`--conditions=${bundledCondition}`, '--enable-source-maps'];
}

function mtimeMs(path: string): number | undefined {
  try {
    return statSync(path).mtimeMs;
  } catch {
    return undefined;
  }
}
