/**
 * A graceful stop waits for the batches generated before it, and stops waiting on
 * kindling.streaming.gracefulStopTimeout or forceStop(): the batch still running is
 * then left pending (not completed), for a restart to run again. In process, on a
 * manual clock; graceful-shutdown.integration.test.ts does the same through
 * `kindling submit` and SIGTERM.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import './index.js';
import type { ManualClock } from './clock.js';
import type { StreamingContext } from './streaming-context.js';
import { TestInputDStream } from './testing/test-input-dstream.js';
import { withStreamingTest } from './testing/streaming-test-harness.js';

/** A stream whose one output holds every batch until released. */
function heldOutput(ssc: StreamingContext): { release: () => void; running: () => boolean; completed: number[] } {
  let release!: () => void;
  let running = false;
  const held = new Promise<void>((resolve) => (release = resolve));
  const completed: number[] = [];
  new TestInputDStream(ssc, [['a'], ['b'], ['c']], 1).foreachRDD(async (rdd, time) => {
    running = true;
    await rdd.count();
    await held;
    completed.push(time);
  });
  return { release: () => release(), running: () => running, completed };
}

async function startFirstBatch(ssc: StreamingContext, clock: ManualClock, output: { running: () => boolean }): Promise<void> {
  ssc.start();
  clock.setTime(1000);
  const deadline = Date.now() + 30_000;
  while (!output.running()) {
    if (Date.now() > deadline) throw new Error('the first batch did not start');
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

void test('a graceful stop waits for the running batch; once it is released the batch completes and nothing is pending', async () => {
  await withStreamingTest({}, async ({ ssc, clock }) => {
    const output = heldOutput(ssc);
    await startFirstBatch(ssc, clock, output);
    let stopped = false;
    const stopping = ssc.stop({ graceful: true, stopKindlingContext: false }).then(() => (stopped = true));
    await new Promise((resolve) => setTimeout(resolve, 200));
    assert.equal(stopped, false, 'the graceful stop did not wait for the running batch');
    output.release();
    await stopping;
    assert.deepEqual(output.completed, [1000]);
    assert.deepEqual(ssc.jobScheduler.pendingBatchTimes, []);
  });
});

void test('forceStop() cuts a graceful stop short: the running batch stays pending, not completed', async () => {
  await withStreamingTest({}, async ({ ssc, clock }) => {
    const output = heldOutput(ssc);
    await startFirstBatch(ssc, clock, output);
    const stopping = ssc.stop({ graceful: true, stopKindlingContext: false });
    ssc.forceStop();
    await stopping;
    assert.deepEqual(ssc.jobScheduler.pendingBatchTimes, [1000]);
    assert.deepEqual(output.completed, []);
    output.release();
  });
});

void test('kindling.streaming.gracefulStopTimeout ends the wait: the running batch stays pending', async () => {
  await withStreamingTest({ conf: { 'kindling.streaming.gracefulStopTimeout': '150ms' } }, async ({ ssc, clock }) => {
    const output = heldOutput(ssc);
    await startFirstBatch(ssc, clock, output);
    const started = Date.now();
    await ssc.stop({ graceful: true, stopKindlingContext: false });
    assert.ok(Date.now() - started < 10_000, 'the stop did not time out');
    assert.deepEqual(ssc.jobScheduler.pendingBatchTimes, [1000]);
    output.release();
  });
});
