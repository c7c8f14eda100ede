// Runs the compiled tests with node's own test runner, whose closing summary the CI
// reads: every test file in its own process, two at a time (the CI machine has 2
// cores; more made the process-starting tests flaky from CPU and port contention).
//
// Files start longest first (LPT scheduling), by the durations in
// scripts/test-durations.json: in name order the 50 s drills started near the end
// and ran alone while the other core idled, about a minute of a 7.5 minute run.
// A file missing from the table is given a typical duration for its kind.
// `--record-durations` rewrites the table from this run (merging, so a filtered run
// updates only its own files); do it after adding or speeding up a slow test.
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';

const root = new URL('..', import.meta.url).pathname;
const onlyUnit = process.argv.includes('--unit');
const record = process.argv.includes('--record-durations');
const filters = process.argv.slice(2).filter((a) => !a.startsWith('--'));
const durationsFile = join(root, 'scripts', 'test-durations.json');
// Typical durations (seconds) of a file not yet in the table.
const UNKNOWN_UNIT_S = 1;
const UNKNOWN_INTEGRATION_S = 4;

function findTests(dir, out = []) {
  for (const name of readdirSync(dir)) {
    if (name === 'node_modules') continue;
    const path = join(dir, name);
    if (statSync(path).isDirectory()) findTests(path, out);
    else if (name.endsWith('.test.js')) out.push(path);
  }
  return out;
}

const all = readdirSync(join(root, 'packages'))
  .map((p) => join(root, 'packages', p, 'dist'))
  .filter((d) => { try { return statSync(d).isDirectory(); } catch { return false; } })
  .flatMap((d) => findTests(d))
  .filter((f) => filters.length === 0 || filters.some((x) => f.includes(x)))
  .filter((f) => !onlyUnit || !f.endsWith('.integration.test.js'));
if (all.length === 0) {
  console.error('no test files found under packages/*/dist; did the build run?');
  process.exit(1);
}

const known = existsSync(durationsFile) ? JSON.parse(readFileSync(durationsFile, 'utf8')) : {};
const key = (file) => relative(root, file);
const expected = (file) => known[key(file)] ?? (file.endsWith('.integration.test.js') ? UNKNOWN_INTEGRATION_S : UNKNOWN_UNIT_S);
// Ties (and unknown files) in name order, so that the order is the same on every run.
const files = [...all].sort((a, b) => expected(b) - expected(a) || a.localeCompare(b));

const measured = join(tmpdir(), `kindling-test-durations-${process.pid}.jsonl`);
const reporter = new URL('./test-durations-reporter.mjs', import.meta.url).pathname;
const result = spawnSync(
  process.execPath,
  [
    '--test',
    '--test-concurrency=2',
    '--test-timeout=300000',
    '--test-reporter=spec',
    '--test-reporter-destination=stdout',
    ...(record ? [`--test-reporter=${reporter}`, `--test-reporter-destination=${measured}`] : []),
    ...files,
  ],
  { stdio: 'inherit', env: { ...process.env, KINDLING_LOG_LEVEL: process.env.KINDLING_LOG_LEVEL ?? 'silent' } },
);

if (record && existsSync(measured)) {
  const perFile = {};
  for (const line of readFileSync(measured, 'utf8').split('\n')) {
    if (line === '') continue;
    const { file, seconds } = JSON.parse(line);
    // node names the file where test() was called: tests that a helper module defines
    // (checkpoint/testing/…) are reported under the helper, not under the test file
    // that ran them. Those files keep the duration the table had.
    if (!file.endsWith('.test.js')) continue;
    perFile[key(file)] = (perFile[key(file)] ?? 0) + seconds;
  }
  const merged = { ...known, ...Object.fromEntries(Object.entries(perFile).map(([f, s]) => [f, Math.round(s * 10) / 10])) };
  // Drop files that no longer exist, then write longest first: the table reads as the schedule.
  const kept = Object.entries(merged).filter(([f]) => existsSync(join(root, f))).sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]));
  writeFileSync(durationsFile, `${JSON.stringify(Object.fromEntries(kept), null, 1)}\n`);
  rmSync(measured, { force: true });
  console.log(`recorded the durations of ${Object.keys(perFile).length} test files in ${relative(root, durationsFile)}`);
}
process.exit(result.status ?? 1);
