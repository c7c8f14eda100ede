/**
 * SIGTERM to `kindling submit` with batches queued (what its signal handler does:
 * kc.stop(), whose stop hook stops the StreamingContext): the queued batches are
 * dropped at once and no job of theirs starts, even while an input stream takes its
 * time to stop (a socket receiver ends its task on an executor). Reported as one
 * "Cannot call runJob: this KindlingContext was stopped" error per queued batch with
 * video-hits' socket receiver: the queue went on starting jobs while the receiver
 * stopped. Here a test input whose stop takes 400 ms plays the receiver.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { KindlingConf } from '@kindling/common';
import { capturingLogger } from '../cluster/testing/cluster-test-support.js';
import { KindlingContext } from '../kindling-context.js';
import './index.js';
import { ManualClock } from './clock.js';
import { StreamingContext } from './streaming-context.js';
import { TestInputDStream } from './testing/test-input-dstream.js';

/** An input stream slow to stop, as a receiver stream is. */
class SlowStoppingInput<T> extends TestInputDStream<T> {
  override async stop(): Promise<void> {
    await new Promise((resolve) => setTimeout(resolve, 400));
  }
}

async function until(condition: () => boolean, what: string): Promise<void> {
  const deadline = Date.now() + 30_000;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

void test('a stop with batches queued drops them before the input streams stop: no job of theirs starts, and nothing is logged as an error', async () => {
  const capture = capturingLogger('info');
  const kc = await KindlingContext.create({ master: 'local-inprocess', appName: 'stop-with-queue', conf: new KindlingConf().set('kindling.ui.showConsoleProgress', 'false'), logger: capture.logger });
  try {
    const clock = new ManualClock(0);
    const ssc = new StreamingContext(kc, 1000, { clock });
    const started: Array<{ time: number; afterStop: boolean }> = [];
    let stopCalled = false;
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    new SlowStoppingInput(ssc, Array.from({ length: 8 }, (_, i) => [`record ${i}`]), 1).foreachRDD(async (rdd, time) => {
      started.push({ time, afterStop: stopCalled });
      await rdd.count();
      await held;
    });
    ssc.start();
    clock.setTime(1000);
    await until(() => started.length === 1, 'the first batch to start');
    for (let t = 2000; t <= 6000; t += 1000) clock.setTime(t);
    await until(() => ssc.jobScheduler.queuedJobs === 5, 'five batches queued behind the first');

    stopCalled = true;
    const stopping = kc.stop();
    // The running batch ends while the input stream is still stopping.
    release();
    await stopping;

    assert.deepEqual(started.filter((s) => s.afterStop).map((s) => s.time), [], 'no queued batch started once the stop began');
    const errors = capture.lines.filter((line) => (JSON.parse(line) as { level: number }).level >= 50);
    assert.deepEqual(errors, []);
    assert.doesNotMatch(capture.text(), /Cannot call runJob/);
    assert.match(capture.text(), /Dropped 5 queued output job\(s\)/);
  } finally {
    await kc.stop();
  }
});
