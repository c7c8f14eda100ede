/**
 * Iterative jobs (issue 5, "Must show"): a loop of 200 map/union iterations. Without
 * checkpoints its lineage — and so every task's plan and every scheduler walk —
 * grows by a few RDDs per iteration; with a checkpoint every 10 iterations its depth
 * stays bounded. The depths (lines of toDebugString) and the times are printed.
 */
import assert from 'node:assert/strict';
import { performance } from 'node:perf_hooks';
import { test } from 'node:test';
import { builtinRef, encodeResultTask, HashPartitioner } from '@kindling/common';
import type { KindlingContext, RDD } from '../index.js';
import { describeEachCase } from './testing/checkpoint-test-support.js';

const ITERATIONS = 200;
const CHECKPOINT_EVERY = 10;

interface LoopResult {
  readonly records: [number, number][];
  /** toDebugString line counts after each block of CHECKPOINT_EVERY iterations. */
  readonly depths: number[];
  /** ms of each block's action. */
  readonly times: number[];
  /** Bytes of the task payload (the plans shipped to executors) of the final RDD. */
  readonly payloadBytes: number;
}

async function iterate(kc: KindlingContext, checkpoint: boolean): Promise<LoopResult> {
  const partitioner = new HashPartitioner(2);
  // The same co-partitioned increment every iteration: the union keeps the partitioner, so no shuffle per iteration.
  const increment = kc.parallelize([[0, 1], [1, 1]] as [number, number][], 2).partitionBy(partitioner).cache();
  let rdd: RDD<[number, number]> = kc.parallelize(Array.from({ length: 100 }, (_, i): [number, number] => [i, 0]), 2).partitionBy(partitioner);
  const depths: number[] = [];
  const times: number[] = [];
  for (let i = 1; i <= ITERATIONS; i++) {
    rdd = rdd.mapValues((v: number) => v + 1).union(increment);
    if (i % CHECKPOINT_EVERY !== 0) continue;
    if (checkpoint) rdd.checkpoint();
    const started = performance.now();
    await rdd.count();
    times.push(performance.now() - started);
    depths.push(rdd.toDebugString().split('\n').length);
  }
  const records = (await rdd.collect()).sort((a, b) => a[0] - b[0] || a[1] - b[1]);
  const payloadBytes = encodeResultTask(rdd as RDD<unknown>, builtinRef('rdd.count')).length;
  return { records, depths, times, payloadBytes };
}

describeEachCase(
  'iterative lineage',
  (current) => {
    void test(`${ITERATIONS} map/union iterations: lineage depth bounded with a checkpoint every ${CHECKPOINT_EVERY}, linear without`, async (t) => {
      const { kc } = current();
      const plain = await iterate(kc, false);
      const checkpointed = await iterate(kc, true);
      t.diagnostic(`toDebugString lines without checkpoints: ${plain.depths.join(' ')}`);
      t.diagnostic(`toDebugString lines with checkpoints:    ${checkpointed.depths.join(' ')}`);
      t.diagnostic(`ms per block without checkpoints: ${plain.times.map((ms) => ms.toFixed(0)).join(' ')}`);
      t.diagnostic(`ms per block with checkpoints:    ${checkpointed.times.map((ms) => ms.toFixed(0)).join(' ')}`);
      t.diagnostic(`task payload bytes at the end: ${plain.payloadBytes} without checkpoints, ${checkpointed.payloadBytes} with`);
      assert.deepEqual(checkpointed.records, plain.records, 'same result either way');
      assert.equal(plain.records.length, 100 + 2 * ITERATIONS);
      // Without: a few RDDs per iteration, so the last depth is about 20x the first.
      const first = plain.depths[0]!;
      const last = plain.depths.at(-1)!;
      assert.ok(last >= ITERATIONS * 2, `depth ${last} grows with the iterations`);
      assert.ok(Math.abs(plain.depths[9]! * 2 - last) <= first, `linear growth: ${plain.depths[9]} at half way, ${last} at the end`);
      // With: right after each checkpoint the lineage is the RDD and its checkpoint.
      assert.ok(checkpointed.depths.every((d) => d === 2), `bounded depths ${checkpointed.depths.join(' ')}`);
      // What every task of the next job ships: the whole lineage, or the checkpoint and what follows it.
      assert.ok(checkpointed.payloadBytes * 20 < plain.payloadBytes, `payload ${checkpointed.payloadBytes} vs ${plain.payloadBytes} bytes`);
    });
  },
  { storages: ['file'] },
);
