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
// Every receiver test; of the rate and file tests, those whose RDDs executors rebuild
// and compute (the validation-only ones prove nothing more on local[2]). Each test
// starts its own two executor processes, so the selection keeps the suite short.
const pattern = '^(socketTextStream|receiverStream: a custom|kindling\\.streaming\\.receiver|rateStream: values|rateStream: a batch time|textFileStream on webhdfs)';

void test('the input stream tests pass on local[2] with executor processes over gRPC', () => {
  const run = spawnSync(process.execPath, ['--test', '--test-reporter=tap', `--test-name-pattern=${pattern}`, ...inputTests], {
    env: { ...process.env, KINDLING_TEST_MASTER: 'local[2]', NODE_TEST_CONTEXT: undefined },
    encoding: 'utf8',
    timeout: 300_000,
  });
  const summary = run.stdout.split('\n').filter((line) => /^# (tests|pass|fail)/.test(line));
  assert.equal(run.status, 0, `child test run failed:\n${run.stdout.slice(-4000)}\n${run.stderr.slice(-2000)}`);
  assert.ok(summary.some((line) => /^# fail 0$/.test(line)), summary.join('\n'));
  // Seven tests match the pattern: a renamed test must not drop out silently.
  assert.ok(summary.some((line) => /^# pass 7$/.test(line)), `tests ran: ${summary.join(', ')}`);
});
