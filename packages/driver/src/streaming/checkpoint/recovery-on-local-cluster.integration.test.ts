/**
 * Issue 10, "Must show": the recovery tests (reference §6 items 11–19) also pass on
 * `local[2]` — executor processes over gRPC writing the state checkpoints, a new
 * context recovering them — with the same expected values. The compiled test files
 * run in a child test runner with KINDLING_TEST_MASTER=local[2], with the
 * checkpoints on file:// and on the embedded WebHDFS server.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { test } from 'node:test';

const files = ['recovery.test.js', 'stateful-recovery.test.js', 'metadata-checkpoint.test.js'].map((name) => fileURLToPath(new URL(`./${name}`, import.meta.url)));

function runOnLocalCluster(testFiles: readonly string[], env: Record<string, string> = {}): void {
  const run = spawnSync(process.execPath, ['--test', '--test-reporter=tap', ...testFiles], {
    env: { ...process.env, ...env, KINDLING_TEST_MASTER: 'local[2]', NODE_TEST_CONTEXT: undefined },
    encoding: 'utf8',
    timeout: 240_000,
  });
  const summary = run.stdout.split('\n').filter((line) => /^# (tests|pass|fail)/.test(line));
  assert.equal(run.status, 0, `child test run failed:\n${run.stdout.slice(-4000)}\n${run.stderr.slice(-2000)}`);
  assert.ok(summary.some((line) => /^# fail 0$/.test(line)), summary.join('\n'));
  assert.ok(summary.some((line) => /^# pass [1-9]/.test(line)), `tests ran: ${summary.join(', ')}`);
}

void test('the recovery tests pass on local[2] with executor processes over gRPC', () => runOnLocalCluster(files));

// The tests that do not reach into the checkpoint directory with node:fs, with every
// checkpoint (metadata and state) on an embedded WebHDFS server.
void test('stateful recovery passes on local[2] with the checkpoints on WebHDFS', () =>
  runOnLocalCluster([fileURLToPath(new URL('./stateful-recovery.test.js', import.meta.url))], { KINDLING_TEST_CHECKPOINT_STORAGE: 'webhdfs' }));
