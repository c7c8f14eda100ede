/**
 * Issue 9, "Must show": the windowed operators' and saveAsTextFiles' result tests also pass on `local[2]`
 * — two executor processes over gRPC on loopback, the window's cogroup reading
 * persisted blocks and checkpoint files across processes — with the same expected
 * values. The compiled test file runs in a child test runner with
 * KINDLING_TEST_MASTER=local[2], as the engine's results-on-local-cluster test does.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { test } from 'node:test';

const resultTests = ['streaming-windows.test.js', 'streaming-save.test.js'].map((name) => fileURLToPath(new URL(`./${name}`, import.meta.url)));

void test('the windowed operators and saveAsTextFiles give the same results on local[2] with executor processes over gRPC', () => {
  const run = spawnSync(process.execPath, ['--test', '--test-reporter=tap', ...resultTests], {
    env: { ...process.env, KINDLING_TEST_MASTER: 'local[2]', NODE_TEST_CONTEXT: undefined },
    encoding: 'utf8',
    timeout: 240_000,
  });
  const summary = run.stdout.split('\n').filter((line) => /^# (tests|pass|fail)/.test(line));
  assert.equal(run.status, 0, `child test run failed:\n${run.stdout.slice(-4000)}\n${run.stderr.slice(-2000)}`);
  assert.ok(summary.some((line) => /^# fail 0$/.test(line)), summary.join('\n'));
  assert.ok(summary.some((line) => /^# pass [1-9]/.test(line)), `tests ran: ${summary.join(', ')}`);
});
