/**
 * Issue 9: the windowed operators, each compared with the same window computed
 * directly over the input, batch by batch on a manual clock — keys appearing and
 * disappearing, empty batches, slides longer than the batch. Also run on local[2]
 * (windows-on-local-cluster.integration.test.ts); the argument checks are in
 * streaming-window-validation.test.ts. Few contexts, many outputs each: a local[2]
 * context costs seconds to start.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { RDD } from '@kindling/common';
import { Seconds } from './duration.js';
import './index.js';
import { ReducedWindowedDStream } from './reduced-windowed-dstream.js';
import { collectOutput } from './testing/test-output.js';
import { TestInputDStream } from './testing/test-input-dstream.js';
import { runBatches, withStreamingTest } from './testing/streaming-test-harness.js';

const BATCHES = 20;

/** Deterministic batches of keys a..h: each key comes and goes; every fifth batch is empty, the first is not. */
function keyBatches(n: number): string[][] {
  let seed = 7;
  const next = (): number => (seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648;
  return Array.from({ length: n }, (_, i) => {
    if (i % 5 === 4) return [];
    // Keys live in a band that drifts with the batch index, so old keys leave for good.
    const keys = 'abcdefgh'.slice(Math.floor(i / 4) % 5, (Math.floor(i / 4) % 5) + 3 + (i % 2));
    return Array.from({ length: 1 + Math.floor(next() * 6) }, () => keys[Math.floor(next() * keys.length)]!);
  });
}

const input = keyBatches(BATCHES);
const numbers = input.map((batch) => batch.map((k) => k.charCodeAt(0) - 96));

/** The batch indexes (0-based) in the window ending at batch `i`. */
function windowOf<T>(batches: readonly (readonly T[])[], i: number, windowBatches: number): T[] {
  return batches.slice(Math.max(0, i - windowBatches + 1), i + 1).flat();
}

/** For a slide of `slideBatches`, the batch indexes that end a window: slideBatches − 1, 2·slideBatches − 1, … */
function windowEnds(n: number, slideBatches: number): number[] {
  return Array.from({ length: n }, (_, i) => i).filter((i) => (i + 1) % slideBatches === 0);
}

function counts(keys: readonly string[]): Array<[string, number]> {
  const m = new Map<string, number>();
  for (const k of keys) m.set(k, (m.get(k) ?? 0) + 1);
  return [...m].sort((a, b) => a[0].localeCompare(b[0]));
}

const byKey = (a: [string, unknown], b: [string, unknown]): number => a[0].localeCompare(b[0]);
const sum = (a: number, b: number): number => a + b;

void test('window, reduceByWindow, groupByKeyAndWindow and reduceByKeyAndWindow without inverse equal a direct computation, also when the slide is longer than the batch', async () => {
  await withStreamingTest({}, async ({ ssc, clock }) => {
    const keys = new TestInputDStream(ssc, input);
    const nums = new TestInputDStream(ssc, numbers);
    const pairs = keys.map((k): [string, number] => [k, 1]);
    const sliding = collectOutput(keys.window(Seconds(3)), (a, b) => a.localeCompare(b));
    const hopping = collectOutput(keys.window(Seconds(4), Seconds(2)), (a, b) => a.localeCompare(b));
    const tumbling = collectOutput(keys.window(Seconds(3), Seconds(3)), (a, b) => a.localeCompare(b));
    const reducedByWindow = collectOutput(nums.reduceByWindow(sum, Seconds(3), Seconds(2)));
    const byKeyAndWindow = collectOutput(pairs.reduceByKeyAndWindow(sum, Seconds(4), Seconds(2)), byKey);
    const defaultSlide = collectOutput(pairs.reduceByKeyAndWindow(sum, Seconds(3)), byKey);
    const grouped = collectOutput(
      keys.map((k): [string, string] => [k, k.toUpperCase()]).groupByKeyAndWindow(Seconds(3), Seconds(1), 3).mapValues((vs) => vs.length),
      byKey,
    );
    ssc.start();
    await runBatches(ssc, clock, BATCHES);
    assert.deepEqual(sliding.batches(), input.map((_, i) => windowOf(input, i, 3).sort()));
    // Slide 2 s: windows end at batches 2, 4, 6… only; the batches between have no window RDD and no job.
    assert.deepEqual(hopping.timedBatches().map((b) => b.time), windowEnds(BATCHES, 2).map((i) => (i + 1) * 1000));
    assert.deepEqual(hopping.batches(), windowEnds(BATCHES, 2).map((i) => windowOf(input, i, 4).sort()));
    assert.deepEqual(tumbling.batches(), windowEnds(BATCHES, 3).map((i) => windowOf(input, i, 3).sort()));
    assert.deepEqual(
      reducedByWindow.batches(),
      windowEnds(BATCHES, 2).map((i) => {
        const window = windowOf(numbers, i, 3);
        return window.length === 0 ? [] : [window.reduce(sum)];
      }),
    );
    assert.deepEqual(byKeyAndWindow.batches(), windowEnds(BATCHES, 2).map((i) => counts(windowOf(input, i, 4))));
    assert.deepEqual(defaultSlide.batches(), input.map((_, i) => counts(windowOf(input, i, 3))));
    assert.deepEqual(grouped.batches(), input.map((_, i) => counts(windowOf(input, i, 3))));
  });
});

void test('reduceByKeyAndWindow with an inverse and a filter equals the form without, keys coming and going; countByWindow, countByValueAndWindow and reduceByWindow with an inverse equal a direct computation', async () => {
  await withStreamingTest({ checkpoint: true }, async ({ ssc, clock }) => {
    const keys = new TestInputDStream(ssc, input);
    const nums = new TestInputDStream(ssc, numbers);
    const pairs = keys.map((k): [string, number] => [k, 1]);
    const dropZero = (kv: [string, number]): boolean => kv[1] !== 0;
    const shapes = [
      [Seconds(3), Seconds(1)],
      [Seconds(4), Seconds(2)],
      [Seconds(2), Seconds(4)],
    ] as const;
    const outputs = shapes.map(([window, slide]) => ({
      window,
      slide,
      inverse: collectOutput(pairs.reduceByKeyAndWindow(sum, (a, b) => a - b, window, slide, 2, dropZero), byKey),
      plain: collectOutput(pairs.reduceByKeyAndWindow(sum, window, slide, 2), byKey),
    }));
    const unfiltered = collectOutput(pairs.reduceByKeyAndWindow(sum, (a, b) => a - b, Seconds(3)), byKey);
    const counted = collectOutput(keys.countByWindow(Seconds(3), Seconds(1)));
    const byValue = collectOutput(keys.countByValueAndWindow(Seconds(4), Seconds(2)), byKey);
    const reduced = collectOutput(nums.reduceByWindow(sum, (a, b) => a - b, Seconds(5), Seconds(1)));
    ssc.start();
    await runBatches(ssc, clock, BATCHES);
    for (const { window, slide, inverse, plain } of outputs) {
      const w = window.milliseconds / 1000;
      const expected = windowEnds(BATCHES, slide.milliseconds / 1000).map((i) => counts(windowOf(input, i, w)));
      assert.deepEqual(inverse.batches(), expected, `inverse, window ${window}, slide ${slide}`);
      assert.deepEqual(plain.batches(), expected, `plain, window ${window}, slide ${slide}`);
    }
    // Without the filter, a key that left the window stays with a count of 0 (as in Spark).
    const seen = new Set<string>();
    const expectedUnfiltered = input.map((_, i) => {
      for (const k of input[i]!) seen.add(k);
      const inWindow = new Map(counts(windowOf(input, i, 3)));
      return [...seen].sort().map((k): [string, number] => [k, inWindow.get(k) ?? 0]);
    });
    assert.deepEqual(unfiltered.batches(), expectedUnfiltered);
    // The first batch has records, so the single key exists from then on: one record per window, 0 when empty.
    assert.deepEqual(counted.batches(), input.map((_, i) => [windowOf(input, i, 3).length]));
    assert.deepEqual(byValue.batches(), windowEnds(BATCHES, 2).map((i) => counts(windowOf(input, i, 4))));
    assert.deepEqual(reduced.batches(), numbers.map((_, i) => [windowOf(numbers, i, 5).reduce(sum, 0)]));
  });
});

/** Every RDD reachable from `rdd` through its dependencies (which end at a checkpoint once one is written). */
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

void test('the inverse form checkpoints its window RDD every 10 s by default, so its lineage stays bounded', async () => {
  await withStreamingTest({ checkpoint: true }, async ({ ssc, clock }) => {
    const windowed = new TestInputDStream(ssc, keyBatches(30))
      .map((k): [string, number] => [k, 1])
      .reduceByKeyAndWindow(sum, (a, b) => a - b, Seconds(3), Seconds(1), 2, (kv) => kv[1] !== 0);
    assert.ok(windowed instanceof ReducedWindowedDStream);
    assert.equal(windowed.mustCheckpoint, true);
    collectOutput(windowed);
    ssc.start();
    const sizes: number[] = [];
    const checkpointed: number[] = [];
    for (let batch = 1; batch <= 30; batch++) {
      await runBatches(ssc, clock, 1);
      const time = batch * 1000;
      const rdd = windowed.generatedRDDs.get(time);
      assert.ok(rdd !== undefined, `no window RDD at ${time} ms`);
      assert.ok(rdd.storageLevel.isValid, 'the window RDDs are persisted');
      sizes.push(lineageSize(rdd));
      if (rdd.isCheckpointed()) checkpointed.push(time);
    }
    assert.equal(windowed.checkpointDuration?.milliseconds, 10_000);
    assert.deepEqual(checkpointed, [10_000, 20_000, 30_000]);
    // Between checkpoints the lineage grows by one window's worth of RDDs per batch,
    // then drops back: batches 21–30 are no longer than batches 11–20.
    assert.equal(sizes[9], 2, 'a checkpointed RDD depends only on its checkpoint');
    assert.ok(Math.max(...sizes.slice(20)) <= Math.max(...sizes.slice(10, 20)), `lineage sizes ${sizes.join(' ')}`);
    assert.ok(sizes[18]! > sizes[10]!, `the lineage grows between checkpoints: ${sizes.join(' ')}`);
    // Forgotten after the remember duration (2 × the checkpoint interval).
    assert.deepEqual([...windowed.generatedRDDs.keys()].sort((a, b) => a - b)[0], 11_000);
    // The reduced batches are kept a window longer than that: the oldest still leaves a window.
    assert.equal(windowed.reducedStream.rememberDuration?.milliseconds, 23_000);
    assert.deepEqual([...windowed.reducedStream.generatedRDDs.keys()].sort((a, b) => a - b)[0], 8_000);
  });
});

