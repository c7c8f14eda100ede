/**
 * Broadcasts and accumulators through `capture`, with Spark's semantics. Runs on
 * local-inprocess, and on local[2] (executor processes over gRPC) when
 * shared-variables-on-local-cluster.integration.test.ts re-runs this file.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { silentLogger } from '@kindling/common';
import { testMaster } from '../engine-tests/test-master.js';
import { BroadcastDestroyedError, capture, KindlingConf, KindlingContext } from '../index.js';

void describe(`broadcasts and accumulators on ${testMaster}`, () => {
  let kc: KindlingContext;

  before(async () => {
    kc = await KindlingContext.create({ master: testMaster, logger: silentLogger(), conf: new KindlingConf({ 'kindling.ui.showConsoleProgress': 'false' }) });
  });

  after(async () => {
    await kc.stop();
  });

  void test('a captured broadcast is read through b.value in tasks, with the value it had when created', async () => {
    const table = new Map([
      ['a', 1],
      ['b', 2],
    ]);
    const b = kc.broadcast(table);
    table.set('a', 100); // later changes on the driver are not seen, as with Spark
    const out = await kc
      .parallelize(['a', 'b', 'a', 'c'], 2)
      .map(capture({ b }, ({ b }) => (k: string) => b.value.get(k) ?? 0))
      .collect();
    assert.deepEqual(out, [1, 2, 1, 0]);
    assert.equal(b.value.get('a'), 1);
  });

  void test('a broadcast nested in a captured object, and two broadcasts in one stage', async () => {
    const factor = kc.broadcast(3);
    const offset = kc.broadcast({ by: 10 });
    const out = await kc
      .parallelize([1, 2, 3], 3)
      .map(capture({ cfg: { factor } }, ({ cfg }) => (x: number) => x * cfg.factor.value))
      .map(capture({ offset }, ({ offset }) => (x: number) => x + offset.value.by))
      .collect();
    assert.deepEqual(out, [13, 16, 19]);
  });

  void test('after unpersist the broadcast still works (executors fetch it again); after destroy it is a one-line error', async () => {
    const b = kc.broadcast([5, 6, 7]);
    const read = capture({ b }, ({ b }) => (i: number) => b.value[i]!);
    assert.deepEqual(await kc.parallelize([0, 1, 2], 2).map(read).collect(), [5, 6, 7]);
    await b.unpersist();
    assert.deepEqual(await kc.parallelize([2, 1, 0], 2).map(read).collect(), [7, 6, 5]);
    await b.destroy();
    assert.throws(() => b.value, (error: unknown) => error instanceof BroadcastDestroyedError && !error.message.includes('\n') && /Broadcast\(\d+\) was used after it was destroyed/.test(error.message));
    // Refused on the driver, when the stage is serialized, before any task runs.
    await assert.rejects(kc.parallelize([0], 1).map(read).collect(), /cannot be serialized for its tasks: Broadcast\(\d+\) was used after it was destroyed/);
    await assert.rejects(b.destroy(), BroadcastDestroyedError);
  });

  void test('a value that cannot be serialized is refused when broadcast, naming what it is', () => {
    assert.throws(() => kc.broadcast({ f: () => 1 }), /kc\.broadcast: the value \(an object\) cannot be serialized/);
  });

  void test('long and double accumulators: sum, count, avg and reset as Spark', async () => {
    const hits = kc.longAccumulator('hits');
    const sizes = kc.doubleAccumulator();
    await kc.parallelize([1, 2, 3, 4, 5], 3).foreach(
      capture({ hits, sizes }, ({ hits, sizes }) => (x: number) => {
        hits.add(x);
        sizes.add(x / 2);
      }),
    );
    assert.equal(hits.value, 15);
    assert.equal(hits.sum, 15);
    assert.equal(hits.count, 5);
    assert.equal(hits.avg, 3);
    assert.equal(hits.name, 'hits');
    assert.equal(sizes.value, 7.5);
    assert.equal(sizes.count, 5);
    hits.reset();
    assert.equal(hits.value, 0);
    assert.equal(hits.isZero, true);
    assert.ok(Number.isNaN(hits.avg));
    // The driver may add too.
    hits.add(2);
    assert.equal(hits.value, 2);
    assert.throws(() => hits.add(1.5), /LongAccumulator 'hits'\.add expects a safe integer, got 1\.5; use a doubleAccumulator/);
  });

  void test('a collection accumulator collects every value added by every task', async () => {
    const seen = kc.collectionAccumulator<string>('seen');
    await kc.parallelize(['x', 'y', 'z', 'w'], 4).foreach(capture({ seen }, ({ seen }) => (s: string) => seen.add(s.toUpperCase())));
    assert.deepEqual(seen.value.sort(), ['W', 'X', 'Y', 'Z']);
  });

  void test('updates in an action count once per partition; a task reads its own partial value', async () => {
    const acc = kc.longAccumulator();
    const partial = kc.collectionAccumulator<number>();
    await kc.parallelize([1, 1, 1, 1, 1, 1], 2).foreachPartition(
      capture({ acc, partial }, ({ acc, partial }) => (records: Iterable<number>) => {
        for (const x of records) acc.add(x);
        // Spark: on an executor, value is the task's own copy.
        partial.add(acc.value);
      }),
    );
    assert.equal(acc.value, 6);
    assert.deepEqual(partial.value.sort(), [3, 3]);
  });

  void test('a named accumulator asked for again by name is the same accumulator', () => {
    const a = kc.longAccumulator('by-name');
    a.add(4);
    assert.equal(kc.longAccumulator('by-name'), a);
    assert.throws(() => kc.doubleAccumulator('by-name'), /an accumulator named 'by-name' exists already as a long accumulator/);
  });
});
