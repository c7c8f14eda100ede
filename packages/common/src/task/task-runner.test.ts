import assert from 'node:assert/strict';
import { after, test } from 'node:test';
import { builtinRef } from '../functions/index.js';
import { HashPartitioner, ShuffledRDD, type RDD } from '../rdd/index.js';
import { decodeTaskPayload, decodeTaskResult, encodeResultTask, encodeShuffleMapTask } from './task-payload.js';
import { runTask } from './task-runner.js';
import type { TaskDescription, TaskOutcome } from './task-types.js';
import { LocalTestContext } from './testing/local-test-context.js';

const sc = new LocalTestContext();
after(() => sc.close());

let nextTaskId = 1_000_000;
function describeTask(payload: Uint8Array, partitionId: number): TaskDescription {
  return { taskId: nextTaskId++, jobId: 1, stageId: 1, stageAttemptId: 0, partitionId, attemptNumber: 0, appId: 'test', bundleSha256: '', payload };
}

void test('a result stage’s payload holds the reduce side only: a ShuffledRDD ships its handle, not its map-side parent', () => {
  const counts = sc
    .parallelize(['a', 'b', 'a'], 2)
    .map((w: string): [string, number] => [w, 1])
    .reduceByKey((a: number, b: number) => a + b, 2);
  const doubled = counts.mapValues((n: number) => n * 2);
  const payload = decodeTaskPayload(encodeResultTask(doubled, builtinRef('rdd.collect')));
  assert.equal(payload.type, 'result');
  assert.deepEqual(payload.plans.map((p) => p.kind), ['ShuffledRDD', 'MapPartitionsRDD']);
  assert.deepEqual(payload.plans[0]!.parentIds, []);
  const dep = (counts as ShuffledRDD<string, number>).dependencies[0]!;
  const mapPayload = decodeTaskPayload(encodeShuffleMapTask(dep as never));
  assert.equal(mapPayload.type, 'shuffleMap');
  assert.deepEqual(mapPayload.plans.map((p) => p.kind), ['ParallelCollectionRDD', 'MapPartitionsRDD']);
});

void test('a payload decoded from a fresh copy of the bytes computes the same results', async () => {
  const rdd = sc.parallelize(Array.from({ length: 40 }, (_, i) => i), 4).filter((x: number) => x % 3 !== 0).map((x: number) => [x, x * x]);
  const payload = encodeResultTask(rdd as RDD<unknown>, builtinRef('rdd.collect'));
  for (let p = 0; p < 4; p++) {
    const a = await runTask(describeTask(payload, p), sc.env);
    const b = await runTask(describeTask(Uint8Array.from(payload), p), sc.env);
    assert.ok(a.status === 'success' && b.status === 'success');
    assert.deepEqual(decodeTaskResult(a.result), decodeTaskResult(b.result));
  }
  const direct = (await rdd.collect()).flat();
  assert.equal(direct.length, 2 * 26);
});

void test('a shuffle map task reports its MapStatus and metrics', async () => {
  const shuffled = new ShuffledRDD<number, number>(sc.parallelize<[number, number]>([[1, 1], [2, 2], [3, 3]], 1), new HashPartitioner(2));
  const outcome = await runTask(describeTask(encodeShuffleMapTask(shuffled.dependencies[0] as never), 0), sc.env);
  assert.equal(outcome.status, 'success');
  if (outcome.status !== 'success') return;
  assert.equal(outcome.mapStatus?.shuffleId, shuffled.shuffleId);
  assert.equal(outcome.mapStatus?.blockSizes.length, 2);
  assert.equal(outcome.metrics.recordsWritten, 3);
  assert.equal(outcome.metrics.shuffleBytesWritten, outcome.mapStatus!.blockSizes.reduce((a, b) => a + b, 0));
  assert.equal(outcome.metrics.recordsRead, 3);
});

void test('an error in a user function fails the task with its name and message, never a throw', async () => {
  const rdd = sc.parallelize([1, 2], 1).map((x: number) => {
    if (x === 2) throw new TypeError(`bad record ${x}`);
    return x;
  });
  const outcome: TaskOutcome = await runTask(describeTask(encodeResultTask(rdd as RDD<unknown>, builtinRef('rdd.collect')), 0), sc.env);
  assert.equal(outcome.status, 'failed');
  if (outcome.status !== 'failed') return;
  assert.equal(outcome.failure.errorName, 'TypeError');
  assert.equal(outcome.failure.message, 'bad record 2');
  assert.equal(outcome.failure.fetchFailed, undefined);
  const outOfRange = await runTask(describeTask(encodeResultTask(rdd as RDD<unknown>, builtinRef('rdd.collect')), 5), sc.env);
  assert.ok(outOfRange.status === 'failed' && outOfRange.failure.code === 'INVALID_ARGUMENT');
});

void test('a result that cannot be serialized fails with a serialization error', async () => {
  const rdd = sc.parallelize([1], 1).map(() => Symbol('no'));
  const outcome = await runTask(describeTask(encodeResultTask(rdd as RDD<unknown>, builtinRef('rdd.collect')), 0), sc.env);
  assert.ok(outcome.status === 'failed' && outcome.failure.code === 'SERIALIZATION', JSON.stringify(outcome));
});

void test('1,000 tasks of one stage run from one decoded payload quickly', async () => {
  const rdd = sc.parallelize(Array.from({ length: 1000 }, (_, i) => i), 1000).map((x: number) => x + 1);
  const payload = encodeResultTask(rdd as RDD<unknown>, builtinRef('rdd.count'));
  const started = performance.now();
  let total = 0;
  for (let p = 0; p < 1000; p++) {
    const outcome = await runTask(describeTask(Uint8Array.from(payload), p), sc.env);
    assert.equal(outcome.status, 'success');
    if (outcome.status === 'success') total += decodeTaskResult<number>(outcome.result);
  }
  assert.equal(total, 1000);
  const ms = performance.now() - started;
  assert.ok(ms < 5000, `1000 tiny tasks took ${ms.toFixed(0)} ms`);
});
