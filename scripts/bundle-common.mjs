// The single-file build of @kindling/common: packages/common/dist/bundled/common.mjs,
// its compiled modules and their dependencies (grpc-js, protobufjs, proto-loader,
// pino, acorn) in one ES module, with a source map chained through tsc's maps to
// the .ts sources. Run after `tsc -b` (the package scripts do).
//
// Why: a local[N] executor loads common on its main thread and again in its task
// thread, about 440 modules each time; resolving and compiling them was most of an
// executor's start (0.45 of 0.6 CPU-s per thread). One file takes about 0.2.
// Executors started by a local[N] driver use it through the `kindling-bundled`
// export condition, and only while it is newer than common's last tsc build
// (packages/common/src/bundle/bundled-common.ts), so a stale one is never run.
//
// msgpackr stays external: its native string decoder (msgpackr-extract) is found
// from its own directory at run time, which a bundle cannot do.
//
// The output sits in dist/bundled/, one level below dist/ as dist/rpc/ and
// dist/bundle/ are, so that common's paths relative to import.meta.url (the proto
// directory, the packages directory) come out the same from the bundle.
import { readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { decode, encode } from '@jridgewell/sourcemap-codec';

const root = new URL('..', import.meta.url).pathname;
// esbuild is a dependency of the driver (job bundles); pnpm does not hoist it to the root.
const esbuild = createRequire(join(root, 'packages', 'driver', 'package.json'))('esbuild');

const common = join(root, 'packages', 'common');
await esbuild.build({
  entryPoints: [join(common, 'dist', 'index.js')],
  outfile: join(common, 'dist', 'bundled', 'common.mjs'),
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  external: ['msgpackr'],
  // The CommonJS dependencies call require() for node's builtins.
  banner: { js: "import { createRequire as __kindlingCreateRequire } from 'node:module';\nconst require = __kindlingCreateRequire(import.meta.url);" },
  sourcemap: 'linked',
  // Stack traces need only the mappings; the sources are on disk beside the map's paths.
  sourcesContent: false,
  logLevel: 'warning',
});

// Node parses a source map whole the first time it formats a stack trace (0.2–0.3
// CPU-s per thread for the full map, measured): keep only the mappings of Kindling's
// own code, about a quarter of the file. Frames in the dependencies show their
// place in common.mjs, as they would show their own files unmapped.
const mapFile = join(common, 'dist', 'bundled', 'common.mjs.map');
const map = JSON.parse(readFileSync(mapFile, 'utf8'));
const ownSource = map.sources.map((source) => !source.includes('/node_modules/'));
map.mappings = keepMappings(map.mappings, (segment) => segment.length === 1 || ownSource[segment[1]]);
writeFileSync(mapFile, JSON.stringify(map));

/** Source map v3 `mappings` with only the segments `keep` accepts (a decoded segment is [column, source, line, column, name?], absolute). */
function keepMappings(mappings, keep) {
  return encode(decode(mappings).map((line) => line.filter(keep)));
}
