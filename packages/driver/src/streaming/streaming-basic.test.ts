/**
 * Issue 9: the StreamingContext lifecycle and the per-batch operators, on a manual
 * clock, compared with the same computation done directly on the input.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ClosureError, IllegalStateError, InvalidArgumentError } from '@kindling/common';
import { StreamingContext } from './streaming-context.js';
import { Seconds } from './duration.js';
import './index.js';
import { collectOutput } from './testing/test-output.js';
import { TestInputDStream } from './testing/test-input-dstream.js';
import { runBatches, withStreamingTest } from './testing/streaming-test-harness.js';

const words = [['a', 'b', 'a'], [], ['c', 'a', 'c', 'c'], ['b']];

function countWords(batch: readonly string[]): Array<[string, number]> {
  const counts = new Map<string, number>();
  for (const w of batch) counts.set(w, (counts.get(w) ?? 0) + 1);
  return [...counts].sort((a, b) => a[0].localeCompare(b[0]));
}

const byKey = (a: [string, unknown], b: [string, unknown]): number => a[0].localeCompare(b[0]);

void test('map, filter, flatMap, reduceByKey, countByValue and count give per batch what a direct computation gives', async () => {
  await withStreamingTest({}, async ({ ssc, clock }) => {
    const input = new TestInputDStream(ssc, words.map((w) => [w.join(' ')]));
    const tokens = input.flatMap((line: string) => line.split(' ').filter((w) => w.length > 0));
    const pairs = collectOutput(tokens.map((w): [string, number] => [w, 1]).reduceByKey((a, b) => a + b), byKey);
    const byValue = collectOutput(tokens.countByValue(), byKey);
    const counts = collectOutput(tokens.count());
    const long = collectOutput(tokens.filter((w) => w !== 'a'), (a, b) => a.localeCompare(b));
    ssc.start();
    await runBatches(ssc, clock, words.length);
    assert.deepEqual(pairs.batches(), words.map(countWords));
    assert.deepEqual(byValue.batches(), words.map(countWords));
    assert.deepEqual(counts.batches(), words.map((w) => [w.length]));
    assert.deepEqual(long.batches(), words.map((w) => w.filter((x) => x !== 'a').sort()));
  });
});

void test('union, transform, join and cogroup of two streams', async () => {
  await withStreamingTest({}, async ({ ssc, clock }) => {
    const left = new TestInputDStream<[string, number]>(ssc, [[['a', 1], ['b', 2]], [['a', 3]]]);
    const right = new TestInputDStream<[string, string]>(ssc, [[['a', 'x'], ['c', 'y']], [['a', 'z'], ['a', 'w']]]);
    const joined = collectOutput(left.join(right), (a, b) => JSON.stringify(a).localeCompare(JSON.stringify(b)));
    const outer = collectOutput(left.fullOuterJoin(right), (a, b) => JSON.stringify(a).localeCompare(JSON.stringify(b)));
    const union = collectOutput(left.map((kv) => kv[0]).union(right.map((kv) => kv[0])), (a, b) => a.localeCompare(b));
    const transformed = collectOutput(left.transform((rdd) => rdd.sortByKey(false).map((kv) => kv[0])));
    ssc.start();
    await runBatches(ssc, clock, 2);
    assert.deepEqual(joined.batches(), [[['a', [1, 'x']]], [['a', [3, 'w']], ['a', [3, 'z']]]]);
    assert.deepEqual(outer.batches(), [
      [['a', [1, 'x']], ['b', [2, undefined]], ['c', [undefined, 'y']]],
      [['a', [3, 'w']], ['a', [3, 'z']]],
    ]);
    assert.deepEqual(union.batches(), [['a', 'a', 'b', 'c'], ['a', 'a', 'a']]);
    assert.deepEqual(transformed.batches(), [['b', 'a'], ['a']]);
  });
});

void test('queueStream takes one RDD per batch, then yields empty batches; foreachRDD may be async and sees the batch time', async () => {
  await withStreamingTest({}, async ({ kc, ssc, clock }) => {
    const queue = [kc.parallelize([1, 2, 3]), kc.parallelize([4])];
    const seen: Array<[number, number[]]> = [];
    ssc.queueStream(queue).foreachRDD(async (rdd, time) => {
      seen.push([time, (await rdd.collect()).sort()]);
    });
    ssc.start();
    await runBatches(ssc, clock, 3);
    assert.deepEqual(seen, [
      [1000, [1, 2, 3]],
      [2000, [4]],
      [3000, []],
    ]);
  });
});

void test('listeners see each batch submitted, started and completed, with its records and delays', async () => {
  await withStreamingTest({}, async ({ ssc, clock }) => {
    const events: string[] = [];
    const completed: Array<{ time: number; records: number; total: number | undefined }> = [];
    ssc.addStreamingListener({
      onBatchSubmitted: (e) => events.push(`submitted ${e.batchInfo.batchTime}`),
      onBatchStarted: (e) => events.push(`started ${e.batchInfo.batchTime}`),
      onOutputOperationCompleted: (e) => events.push(`op ${e.outputOperationInfo.id} ${e.outputOperationInfo.batchTime}`),
      onBatchCompleted: (e) => {
        events.push(`completed ${e.batchInfo.batchTime}`);
        completed.push({ time: e.batchInfo.batchTime, records: e.batchInfo.numRecords, total: e.batchInfo.totalDelay });
      },
    });
    const input = new TestInputDStream(ssc, [[1, 2], [3]]);
    collectOutput(input);
    collectOutput(input.map((x) => x * 2));
    ssc.start();
    await runBatches(ssc, clock, 2);
    assert.deepEqual(events, [
      'submitted 1000', 'started 1000', 'op 0 1000', 'op 1 1000', 'completed 1000',
      'submitted 2000', 'started 2000', 'op 0 2000', 'op 1 2000', 'completed 2000',
    ]);
    assert.deepEqual(completed.map((c) => [c.time, c.records]), [[1000, 2], [2000, 1]]);
    // The manual clock did not move during the batch: no scheduling or processing delay.
    assert.deepEqual(completed.map((c) => c.total), [0, 0]);
  });
});

void test('a failing output job is reported through awaitTermination, and later batches still run', async () => {
  await withStreamingTest({}, async ({ ssc, clock }) => {
    const input = new TestInputDStream(ssc, [[1], [2]]);
    input.foreachRDD(async (rdd, time) => {
      if (time === 1000) throw new Error('boom in batch one');
      await rdd.count();
    });
    const out = collectOutput(input);
    ssc.start();
    await runBatches(ssc, clock, 2);
    await assert.rejects(ssc.awaitTermination(), /boom in batch one/);
    assert.deepEqual(out.batches(), [[1], [2]]);
  });
});

void test('bad use fails with Spark-like one-line errors', async () => {
  await withStreamingTest({}, async ({ kc, ssc }) => {
    assert.throws(() => ssc.start(), (e: unknown) => e instanceof InvalidArgumentError && /No output operations registered/.test(e.message));
    const input = new TestInputDStream(ssc, [[1]]);
    const threshold = 3;
    assert.throws(() => input.filter((x) => x > threshold), ClosureError);
    collectOutput(input);
    ssc.start();
    assert.throws(() => input.map((x) => x + 1), (e: unknown) => e instanceof IllegalStateError && /after starting a context is not supported/.test(e.message));
    const second = new StreamingContext(kc, Seconds(1));
    new TestInputDStream(second, [[1]]).print();
    assert.throws(() => second.start(), (e: unknown) => e instanceof IllegalStateError && /Only one StreamingContext may be started/.test(e.message));
  });
});

void test('queueStream cannot be used with checkpointing (Spark\'s message)', async () => {
  await withStreamingTest({ checkpoint: true }, async ({ kc, ssc }) => {
    ssc.queueStream([kc.parallelize([1])]).print();
    assert.throws(() => ssc.start(), /queueStream doesn't support checkpointing/);
  });
});

void test('a foreachRDD closure over driver variables is fine without checkpointing and refused with it', async () => {
  await withStreamingTest({ checkpoint: true }, async ({ ssc }) => {
    const results: number[] = [];
    new TestInputDStream(ssc, [[1]]).foreachRDD(async (rdd) => {
      results.push(await rdd.count());
    });
    assert.throws(() => ssc.start(), /DStream checkpointing has been enabled but the DStreams with their functions are not serializable: foreachRDD .*results/);
  });
});

void test('stop() is idempotent, resolves awaitTermination, and stops the KindlingContext by default', async () => {
  await withStreamingTest({}, async ({ kc, ssc, clock }) => {
    collectOutput(new TestInputDStream(ssc, [[1]]));
    ssc.start();
    await runBatches(ssc, clock, 1);
    const waiting = ssc.awaitTerminationOrTimeout(10_000);
    await Promise.all([ssc.stop(), ssc.stop()]);
    assert.equal(await waiting, true);
    assert.equal(ssc.state, 'STOPPED');
    assert.equal(kc.isStopped, true);
    assert.equal(StreamingContext.getActive(), undefined);
  });
});

