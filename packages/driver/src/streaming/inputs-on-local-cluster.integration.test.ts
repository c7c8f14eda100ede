/**
 * Issue 9, item 3: the input-stream tests (rateStream, textFileStream on file:// and
 * WebHDFS, socketTextStream and custom receivers) rerun on local[2] — the RateRDD
 * and FileLinesRDD computed in executor processes, receivers running in an executor's
 * task and pushing their blocks over gRPC — with the same expected values.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { test } from 'node:test';

const inputTests = ['inputs/rate-and-file-streams.test.js', 'receiver/receiver-streams.test.js'].map((name) => fileURLToPath(new URL(`./${name}`, import.meta.url)));

void test('the input stream tests pass on local[2] with executor processes over gRPC', () => {
  const run = spawnSync(process.execPath, ['--test', '--test-reporter=tap', ...inputTests], {
    env: { ...process.env, KINDLING_TEST_MASTER: 'local[2]', NODE_TEST_CONTEXT: undefined },
    encoding: 'utf8',
    timeout: 300_000,
  });
  const summary = run.stdout.split('\n').filter((line) => /^# (tests|pass|fail)/.test(line));
  assert.equal(run.status, 0, `child test run failed:\n${run.stdout.slice(-4000)}\n${run.stderr.slice(-2000)}`);
  assert.ok(summary.some((line) => /^# fail 0$/.test(line)), summary.join('\n'));
  assert.ok(summary.some((line) => /^# pass [1-9]/.test(line)), `tests ran: ${summary.join(', ')}`);
});
