// Runs the compiled tests with node's own test runner, whose closing summary the CI
// reads: every test file in its own process, two at a time (2-core CI machine).
//
// The order of the files given here does not matter: node 20's `--test` sorts them
// by name. Starting the longest first (LPT) would shorten the end of the run, where
// a long drill runs alone; node:test's run() keeps the given order, but in node 20
// it cannot pass --test-timeout to the files' processes (run()'s `timeout` caps a
// whole file instead), so that waits for a node whose run() can pass arguments to
// the files' processes.
import { spawnSync } from 'node:child_process';
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

const root = new URL('..', import.meta.url).pathname;
const onlyUnit = process.argv.includes('--unit');
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

const all = readdirSync(join(root, 'packages'))
  .map((p) => join(root, 'packages', p, 'dist'))
  .filter((d) => { try { return statSync(d).isDirectory(); } catch { return false; } })
  .flatMap((d) => findTests(d))
  .filter((f) => filters.length === 0 || filters.some((x) => f.includes(x)))
  .sort();
const unit = all.filter((f) => !f.endsWith('.integration.test.js'));
const integration = onlyUnit ? [] : all.filter((f) => f.endsWith('.integration.test.js'));

const files = [...unit, ...integration];
if (files.length === 0) {
  console.error('no test files found under packages/*/dist; did the build run?');
  process.exit(1);
}
const result = spawnSync(
  process.execPath,
  ['--test', '--test-concurrency=2', '--test-reporter=spec', '--test-timeout=300000', ...files],
  { stdio: 'inherit', env: { ...process.env, KINDLING_LOG_LEVEL: process.env.KINDLING_LOG_LEVEL ?? 'silent' } },
);
process.exit(result.status ?? 1);
