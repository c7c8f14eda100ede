/**
 * Issue 3, "Must show": an executor killed with SIGKILL in the middle of a
 * shuffle-heavy job. The backend reports it lost at once; the schedulers resubmit
 * its running tasks and the map outputs it held; the job completes with the right
 * answer, and the driver's log says what was resubmitted.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { KindlingConf } from '@kindling/common';
import { capturingLogger, clusterContext, waitFor } from './testing/cluster-test-support.js';

void test('a job survives SIGKILL of an executor mid-shuffle, with the correct result', async () => {
  const captured = capturingLogger('info');
  const { kc, backend } = await clusterContext('local[3]', { conf: new KindlingConf(), logger: captured.logger });
  try {
    const keys = 60;
    const data = Array.from({ length: 6_000 }, (_, i) => i);
    const job = kc
      .parallelize(data, 12)
      .map((x: number): [number, number] => [x % 60, x])
      .reduceByKey((a: number, b: number) => a + b, 6)
      // Slow reducers (about 20 ms per key), so the kill lands while the reduce stage runs.
      .mapValues((v: number) => {
        const end = Date.now() + 20;
        while (Date.now() < end);
        return v * 2;
      })
      .collect();
    await waitFor(() => /Submitting \d+ missing tasks from ResultStage/.test(captured.text()), 10_000, 'the reduce stage to start');
    const victim = backend.executorIds()[0]!;
    const pid = backend.localExecutorPids()[Number(victim)]!;
    process.kill(pid, 'SIGKILL');
    const result = new Map(await job);
    const expected = new Map<number, number>();
    for (const x of data) expected.set(x % keys, (expected.get(x % keys) ?? 0) + x * 2);
    assert.deepEqual(result, expected);
    assert.ok(!backend.executorIds().includes(victim));
    // Every task the scheduler heard begin, the lost executor's included, is heard to end.
    await waitFor(() => kc.dagScheduler.runningTaskCount === 0, 5_000, 'no task to be left counted as running');
  } finally {
    await kc.stop();
  }
  const log = captured.text();
  if (process.env['KINDLING_TEST_SHOW_LOG'] === '1') process.stderr.write(`${log}\n`);
  assert.match(log, /executor \d+ lost: (executor \d+ \(process \d+\) was killed by SIGKILL|task channel failed)/);
  // The lost map outputs are recomputed: the map stage is submitted a second time.
  const mapStageSubmissions = log.split('\n').filter((l) => /Submitting \d+ missing tasks from ShuffleMapStage 0/.test(l));
  assert.ok(mapStageSubmissions.length >= 2, `map stage submitted ${mapStageSubmissions.length} time(s):\n${log}`);
});
