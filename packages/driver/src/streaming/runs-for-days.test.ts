/**
 * Issue 9 item 6, "runs for days": every batch's leftovers are released. Over many
 * batches of a graph with a window and a state stream (stand-ins for the real
 * operators, with the same remember, persist and checkpoint needs), every stream
 * keeps only the RDDs its remember duration asks for, the state's lineage stays
 * short because checkpoints cut it, the driver's per-job and per-batch maps do not
 * grow, and — once the garbage collector has run — neither do the shuffles the
 * MapOutputTracker knows. The running counts are still right at the end.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { RDD } from '@kindling/common';
import { collectUntil } from '../cleaner/testing/gc.js';
import { testMaster } from '../engine-tests/test-master.js';
import type { DStream } from './dstream.js';
import './index.js';
import { GeneratedInputDStream } from './testing/generated-input-dstream.js';
import { RunningCountDStream } from './testing/running-count-dstream.js';
import { runBatches, withStreamingTest } from './testing/streaming-test-harness.js';
import { collectOutput } from './testing/test-output.js';
import { UnionWindowDStream } from './testing/union-window-dstream.js';

/** Fewer on local[2], where a batch's three jobs cost a few hundred ms of round trips. */
const BATCHES = testMaster === 'local-inprocess' ? 100 : 60;

/** RDDs reachable from `rdd` through dependencies (the lineage a job would walk). */
function lineageSize(rdd: RDD<unknown>): number {
  const seen = new Set<RDD<unknown>>();
  const stack = [rdd];
  while (stack.length > 0) {
    const next = stack.pop()!;
    if (seen.has(next)) continue;
    seen.add(next);
    for (const dep of next.dependencies) stack.push(dep.rdd);
  }
  return seen.size;
}

void test(`over ${BATCHES} batches of a graph with a window and a state stream, nothing the driver keeps per batch grows`, async () => {
  await withStreamingTest({ checkpoint: true }, async ({ kc, ssc, clock }) => {
    const input = new GeneratedInputDStream(ssc, 60, 13);
    const counts = input.reduceByKey((a: number, b: number) => a + b);
    const windowed = new UnionWindowDStream(counts, 4000);
    const state = new RunningCountDStream(counts);
    const windowCounts = collectOutput(windowed.count());
    const states = collectOutput(state, (a, b) => a[0].localeCompare(b[0]));
    ssc.start();

    const streams = ssc.graph.allStreams();
    const maxKept = new Map<DStream<unknown>, number>();
    const stateLineage: number[] = [];
    for (let batch = 1; batch <= BATCHES; batch++) {
      await runBatches(ssc, clock, 1);
      for (const stream of streams) maxKept.set(stream, Math.max(maxKept.get(stream) ?? 0, stream.generatedRDDs.size));
      stateLineage.push(lineageSize(state.generatedRDDs.get(clock.now())! as RDD<unknown>));
      // Only what is remembered for the batches kept, and nothing of finished jobs.
      assert.ok(ssc.inputInfoTracker.size <= input.rememberDuration!.div(ssc.batchDuration) + 1, `input infos: ${ssc.inputInfoTracker.size}`);
      assert.deepEqual(ssc.jobScheduler.pendingBatchTimes, []);
      assert.ok(Object.values(kc.dagScheduler.stateSizes()).every((n) => n === 0), JSON.stringify(kc.dagScheduler.stateSizes()));
      assert.ok(Object.values(kc.taskScheduler.stateSizes()).every((n) => n === 0), JSON.stringify(kc.taskScheduler.stateSizes()));
    }

    // Every stream keeps the RDDs of its remember duration, no more (window: its parent keeps the window on top).
    for (const stream of streams) {
      const remembered = stream.rememberDuration!.div(stream.slideDuration);
      assert.ok(remembered < 40, `${stream.toString()} remembers ${remembered} batches`);
      assert.ok(maxKept.get(stream)! <= remembered, `${stream.toString()} kept ${maxKept.get(stream)} RDDs, remembers ${remembered}`);
    }
    // The state's lineage is cut every checkpoint (10 batches), so it does not grow with the batches.
    assert.ok(Math.max(...stateLineage.slice(-30)) <= Math.max(...stateLineage.slice(10, 40)), `state lineage sizes: ${stateLineage.join(' ')}`);
    assert.ok(Math.max(...stateLineage) < 150, `state lineage sizes: ${stateLineage.join(' ')}`);
    // Cached blocks: those of the remembered persisted RDDs only (unpersisted by clearMetadata).
    const persistedRemembered = streams.filter((s) => s.storageLevel.isValid).reduce((n, s) => n + s.rememberDuration!.div(s.slideDuration), 0);
    assert.ok(kc.blockManagerMaster.numCachedRdds <= persistedRemembered, `cached RDDs ${kc.blockManagerMaster.numCachedRdds} > ${persistedRemembered}`);
    // Shuffles of batches no longer reachable are cleaned once collected: about 3 a batch were made.
    const bounded = await collectUntil(() => kc.mapOutputTracker.shuffleIds().length <= 80, { settle: () => kc.cleaner!.cleanupsSettled() });
    assert.ok(bounded, `the MapOutputTracker still knows ${kc.mapOutputTracker.shuffleIds().length} shuffles after ${BATCHES} batches`);
    assert.ok(kc.cleaner!.cleanedShuffles >= BATCHES, `cleaned ${kc.cleaner!.cleanedShuffles} shuffles`);

    // And the results are still right: the running count of every key, and each window's size.
    const last = states.batches().at(-1)!;
    assert.deepEqual(last, Array.from({ length: 13 }, (_, k) => [`k${k}`, input.expectedCount(`k${k}`, BATCHES)]).sort((a, b) => String(a[0]).localeCompare(String(b[0]))));
    assert.deepEqual(windowCounts.batches().slice(0, 6).map((b) => b[0]), [13, 26, 39, 52, 52, 52]);
  });
});
