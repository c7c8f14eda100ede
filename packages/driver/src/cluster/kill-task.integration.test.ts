/**
 * KillTask over gRPC: a cancelled job's running task is stopped on its executor
 * (its task thread is terminated and replaced), so the executor's core is free for
 * the next job at once instead of after the runaway task.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ErrorCode, KindlingConf, KindlingError, silentLogger } from '@kindling/common';
import { clusterContext } from './testing/cluster-test-support.js';

void test('cancelling a job kills its running task on the executor, and the next job runs at once', async () => {
  const { kc } = await clusterContext('local[1]', { conf: new KindlingConf(), logger: silentLogger() });
  try {
    let cancelled = false;
    kc.addKindlingListener({
      onTaskStart: ({ taskInfo }) => {
        if (cancelled) return;
        cancelled = true;
        // Let the task get going on its thread first.
        setTimeout(() => kc.cancelJob(taskInfo.jobId, 'runaway'), 300);
      },
    });
    const started = Date.now();
    const runaway = kc.parallelize([1], 1).map((x: number) => {
      const until = Date.now() + 60_000;
      while (Date.now() < until);
      return x;
    });
    const error = await runaway.collect().then(
      () => undefined,
      (e: unknown) => e,
    );
    assert.ok(error instanceof KindlingError && error.code === ErrorCode.Cancelled, String(error));
    assert.deepEqual(await kc.parallelize([1, 2, 3], 1).map((x: number) => x + 1).collect(), [2, 3, 4]);
    assert.ok(Date.now() - started < 20_000, `took ${Date.now() - started} ms: the runaway task was not stopped`);
  } finally {
    await kc.stop();
  }
});
