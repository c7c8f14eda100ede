/**
 * Cancelling a job (Spark's cancelJob): the job fails at once with a cancellation
 * error, its tasks that have not started never start, and the running ones are
 * killed; other jobs are not disturbed.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ErrorCode, KindlingError, silentLogger } from '@kindling/common';
import { KindlingContext } from '../index.js';
import { EventRecorder } from './event-recorder.js';

void test('a cancelled job fails with a cancellation error and launches none of its remaining tasks', async () => {
  const kc = await KindlingContext.create({ master: 'local-inprocess', logger: silentLogger() });
  const events = new EventRecorder();
  let cancelled = false;
  kc.addKindlingListener(events);
  kc.addKindlingListener({
    onTaskStart: ({ taskInfo }) => {
      if (!cancelled) {
        cancelled = true;
        kc.cancelJob(taskInfo.jobId, 'the test changed its mind');
      }
    },
  });
  try {
    const slow = kc.parallelize(Array.from({ length: 32 }, (_, i) => i), 16).map((x: number) => {
      const until = Date.now() + 5;
      while (Date.now() < until);
      return x;
    });
    const error = await slow.collect().then(
      () => undefined,
      (e: unknown) => e,
    );
    assert.ok(error instanceof KindlingError && error.code === ErrorCode.Cancelled, String(error));
    assert.match(error.message, /^Job \d+ cancelled: the test changed its mind$/);
    assert.ok(events.taskStarts.length < 16, `only the first wave of tasks started (${events.taskStarts.length})`);
    assert.equal(events.jobEnds.at(-1)?.succeeded, false);
    for (const [name, size] of Object.entries(kc.dagScheduler.stateSizes())) assert.equal(size, 0, name);

    // The context keeps working for the next job.
    cancelled = true;
    assert.equal(await kc.parallelize([1, 2, 3], 2).count(), 3);
  } finally {
    await kc.stop();
  }
});
