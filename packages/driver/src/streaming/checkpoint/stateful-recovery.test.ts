/**
 * Recovery of stateful streams from the metadata checkpoint (reference §6 item 13):
 * updateStateByKey, mapWithState and an invertible reduceByKeyAndWindow, stopped
 * after some batches and recovered with a down time, give for every batch exactly
 * what a direct computation over the same input gives — no batch lost, none twice,
 * state intact — whether the state was restored from its checkpoint files or
 * recomputed from the replayable input.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import '../index.js';
import { Seconds } from '../duration.js';
import { StateSpec } from '../state-spec.js';
import { collectOutput } from '../testing/test-output.js';
import { runningCount } from '../testing/running-count-state.js';
import { TestInputDStream } from '../testing/test-input-dstream.js';
import { recoverAndStart, runBatches, withStreamingTest } from '../testing/streaming-test-harness.js';

const keys = ['a', 'b', 'c', 'd'];
const batches: string[][] = Array.from({ length: 12 }, (_, i) => Array.from({ length: (i * 7) % 5 }, (_, j) => keys[(i + j * 3) % keys.length]!));

function running(upTo: number): Array<[string, number]> {
  const counts = new Map<string, number>();
  for (const batch of batches.slice(0, upTo)) for (const k of batch) counts.set(k, (counts.get(k) ?? 0) + 1);
  return [...counts].sort((a, b) => a[0].localeCompare(b[0]));
}

function windowed(end: number, size: number): Array<[string, number]> {
  const counts = new Map<string, number>();
  for (const batch of batches.slice(Math.max(0, end - size), end)) for (const k of batch) counts.set(k, (counts.get(k) ?? 0) + 1);
  return [...counts].filter(([, n]) => n > 0).sort((a, b) => a[0].localeCompare(b[0]));
}

const byKey = (a: [string, number], b: [string, number]): number => a[0].localeCompare(b[0]);

for (const stateInterval of [2, 10]) {
  void test(`stateful streams recover across a down time with state ${stateInterval === 2 ? 'restored from checkpoint files' : 'recomputed from the replayable input'}`, async () => {
    await withStreamingTest({ checkpoint: true }, async ({ kc, ssc, clock, checkpointDir }) => {
      const pairs = new TestInputDStream(ssc, batches, 2).map((k: string): [string, number] => [k, 1]).name('pairs');
      const sums = pairs.updateStateByKey((values: number[], state: number | undefined) => values.reduce((a, b) => a + b, state ?? 0)).name('sums');
      sums.checkpoint(Seconds(stateInterval));
      const hits = pairs
        .mapWithState(
          StateSpec.function(runningCount),
        )
        .name('hits');
      hits.checkpoint(Seconds(stateInterval));
      const win = pairs.reduceByKeyAndWindow((a: number, b: number) => a + b, (a: number, b: number) => a - b, Seconds(3), Seconds(1), 2, (kv: [string, number]) => kv[1] > 0).name('window');
      win.checkpoint(Seconds(stateInterval));
      const sumsOut = collectOutput(sums, byKey);
      const snapshots = collectOutput(hits.stateSnapshots(), byKey);
      const windowOut = collectOutput(win, byKey);
      ssc.start();
      await runBatches(ssc, clock, 5);
      await ssc.stop({ stopKindlingContext: false });

      // Back at 8.5 s: batches 6, 7 and 8 fell in the down time.
      const { recovered, clock: clock2 } = await recoverAndStart(checkpointDir, kc, 8500);
      await runBatches(recovered, clock2, 4);
      assert.deepEqual(recovered.jobGenerator.restartedBatches, [6000, 7000, 8000]);
      const times = Array.from({ length: 12 }, (_, i) => (i + 1) * 1000);
      assert.deepEqual(sumsOut.timedBatches().map((b) => b.time), times);
      assert.deepEqual(sumsOut.batches(), times.map((_, i) => running(i + 1)));
      assert.deepEqual(snapshots.batches(), times.map((_, i) => running(i + 1)));
      assert.deepEqual(windowOut.batches(), times.map((_, i) => windowed(i + 1, 3)));
      await recovered.stop({ stopKindlingContext: false });
    });
  });
}
