// Runs the compiled tests with node's own test runner, whose closing summary the CI
// reads: every test file in its own process, KINDLING_TEST_CONCURRENCY (default 2)
// at a time.
//
// Longest first: node 20's `--test` sorts the files it is given by name, so a long
// file late in the alphabet could start last and leave a core idle at the end.
// node:test's run() keeps the order it is given; its `timeout` is what the CLI's
// --test-timeout is in node 20: a cap on each file's process (the CLI passes it to
// run() too; in the files' processes the flag has no effect, so a test's own
// `{ timeout }` is what bounds it). The durations come from
// scripts/test-durations.json (seconds per file; only their order matters);
// `--record-durations` rewrites it with this run's (each file's top-level test
// durations, summed). A file missing from it is taken as long if it is an
// integration test, so a new one starts early rather than last.
import { readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { run } from 'node:test';
import { spec } from 'node:test/reporters';

const root = new URL('..', import.meta.url).pathname;
const durationsFile = join(root, 'scripts', 'test-durations.json');
const onlyUnit = process.argv.includes('--unit');
const record = process.argv.includes('--record-durations');
const filters = process.argv.slice(2).filter((a) => !a.startsWith('--'));

function findTests(dir, out = []) {
  for (const name of readdirSync(dir)) {
    if (name === 'node_modules') continue;
    const path = join(dir, name);
    if (statSync(path).isDirectory()) findTests(path, out);
    else if (name.endsWith('.test.js')) out.push(path);
  }
  return out;
}

function readDurations() {
  try {
    return JSON.parse(readFileSync(durationsFile, 'utf8'));
  } catch {
    return {};
  }
}

const durations = readDurations();
const UNKNOWN_INTEGRATION_S = 60;
const UNKNOWN_UNIT_S = 2;
const expected = (file) =>
  durations[relative(root, file)] ?? (file.endsWith('.integration.test.js') ? UNKNOWN_INTEGRATION_S : UNKNOWN_UNIT_S);

const files = readdirSync(join(root, 'packages'))
  .map((p) => join(root, 'packages', p, 'dist'))
  .filter((d) => { try { return statSync(d).isDirectory(); } catch { return false; } })
  .flatMap((d) => findTests(d))
  .filter((f) => filters.length === 0 || filters.some((x) => f.includes(x)))
  .filter((f) => !onlyUnit || !f.endsWith('.integration.test.js'))
  .sort()
  .sort((a, b) => expected(b) - expected(a));
if (files.length === 0) {
  console.error('no test files found under packages/*/dist; did the build run?');
  process.exit(1);
}

process.env.KINDLING_LOG_LEVEL ??= 'silent';
// Every process of the run (test files, the drivers and servers they start) loads
// @kindling/common as its single-file build when it is current, as local[N]
// executors do (packages/common/src/bundle/bundled-common.ts): 0.3 CPU-s less per
// process. A stale or missing build (a bare `tsc -b`) runs the compiled modules.
// common's own tests import its modules by path, so they test those either way.
// The condition only, not --enable-source-maps: with it node:test reports each
// test at its source-mapped place (a .ts file, or the helper that defines it), and
// the durations above are keyed by compiled test file. Executors still get both.
const { bundledCommonNodeArgs } = await import(join(root, 'packages', 'common', 'dist', 'bundle', 'bundled-common.js'));
const bundledArgs = bundledCommonNodeArgs().filter((arg) => arg.startsWith('--conditions='));
if (bundledArgs.length > 0) process.env.NODE_OPTIONS = [process.env.NODE_OPTIONS, ...bundledArgs].filter((o) => o !== undefined && o !== '').join(' ');
const seconds = new Map();
const concurrency = Number(process.env.KINDLING_TEST_CONCURRENCY ?? 2);
if (!Number.isInteger(concurrency) || concurrency < 1) {
  console.error(`KINDLING_TEST_CONCURRENCY=${process.env.KINDLING_TEST_CONCURRENCY}: use a whole number of test files at a time, 1 or more`);
  process.exit(2);
}
const stream = run({ files, concurrency, timeout: 300_000 });
stream.on('test:fail', (data) => {
  if (data.todo === undefined || data.todo === false) process.exitCode = 1;
});
if (record) {
  for (const event of ['test:pass', 'test:fail']) {
    stream.on(event, (data) => {
      if (data.nesting !== 0 || data.file === undefined) return;
      const file = relative(root, data.file);
      seconds.set(file, (seconds.get(file) ?? 0) + data.details.duration_ms / 1000);
    });
  }
  stream.once('end', () => {
    const table = Object.fromEntries([...seconds].sort(([a], [b]) => (a < b ? -1 : 1)).map(([f, s]) => [f, Math.round(s * 10) / 10]));
    writeFileSync(durationsFile, `${JSON.stringify({ ...durations, ...table }, null, 2)}\n`);
  });
}
stream.compose(spec).pipe(process.stdout);
