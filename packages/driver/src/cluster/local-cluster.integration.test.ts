/**
 * local[2]: real executor processes, real gRPC on loopback. Results are compared
 * with plain JavaScript computations of the same data.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { KindlingConf } from '@kindling/common';
import { clusterContext, isAlive, waitFor, type ClusterContext } from './testing/cluster-test-support.js';

void describe('local[2] over gRPC', () => {
  let ctx: ClusterContext;

  before(async () => {
    ctx = await clusterContext('local[2]', { conf: new KindlingConf({ 'kindling.ui.showConsoleProgress': 'false' }) });
  });

  after(async () => {
    await ctx.kc.stop();
  });

  void test('two executor processes register, one core each', () => {
    assert.equal(ctx.backend.executorIds().length, 2);
    assert.equal(ctx.kc.defaultParallelism, 2);
    assert.equal(ctx.backend.localExecutorPids().length, 2);
    assert.ok(ctx.backend.localExecutorPids().every((pid) => pid !== process.pid && isAlive(pid)));
  });

  void test('a narrow job returns what a plain loop computes', async () => {
    const data = Array.from({ length: 1000 }, (_, i) => i);
    const result = await ctx.kc.parallelize(data, 7).map((x: number) => x * 3 + 1).filter((x: number) => x % 2 === 0).collect();
    assert.deepEqual(result, data.map((x) => x * 3 + 1).filter((x) => x % 2 === 0));
  });

  void test('a word count shuffles between the two executors and matches a plain count', async () => {
    const words = Array.from({ length: 5000 }, (_, i) => `w${(i * 7919) % 101}`);
    const counts = await ctx.kc
      .parallelize(words, 8)
      .map((w: string) => [w, 1] as [string, number])
      .reduceByKey((a: number, b: number) => a + b, 4)
      .collect();
    const expected = new Map<string, number>();
    for (const w of words) expected.set(w, (expected.get(w) ?? 0) + 1);
    assert.deepEqual(new Map(counts), expected);
    // Map outputs were written by both executors, so every reducer fetched remotely too.
    const shuffleId = Math.max(...ctx.kc.mapOutputTracker.shuffleIds());
    const statuses = await ctx.kc.mapOutputTracker.getMapStatuses(shuffleId);
    assert.deepEqual(new Set(statuses.map((s) => s.executorId)), new Set(ctx.backend.executorIds()));
  });

  void test('a result larger than 1 MiB comes back through FetchTaskResult intact', async () => {
    const [big] = await ctx.kc.parallelize([0], 1).map((_x: number) => 'x'.repeat(3 * 1024 * 1024)).collect();
    assert.equal(big?.length, 3 * 1024 * 1024);
  });

  void test('a task payload larger than 1 MiB is downloaded by the executor and gives the right answer', async () => {
    const data = Array.from({ length: 200_000 }, (_, i) => `value-${i}`);
    assert.equal(await ctx.kc.parallelize(data, 4).count(), data.length);
    const lengths = await ctx.kc.parallelize(data, 4).map((s: string) => s.length).reduce((a: number, b: number) => a + b);
    assert.equal(lengths, data.reduce((a, s) => a + s.length, 0));
  });

  void test('a task that throws fails the job with its error, stage and executor in one message', async () => {
    await assert.rejects(
      ctx.kc.parallelize([1, 2, 3], 3).map((x: number) => {
        if (x === 2) throw new Error('bad record 2');
        return x;
      }).collect(),
      (error: Error) => /bad record 2/.test(error.message) && /stage/i.test(error.message) && /executor/i.test(error.message),
    );
  });

  void test('stop() ends every executor process', async () => {
    const { kc, backend } = await clusterContext('local[2]');
    const pids = backend.localExecutorPids();
    assert.equal(pids.length, 2);
    await kc.stop();
    await waitFor(() => pids.every((pid) => !isAlive(pid)), 5_000, 'executor processes to exit');
  });
});
