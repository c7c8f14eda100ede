/**
 * A checkpointed RDD lets go of its parents (Spark's clearDependencies): once the
 * checkpoint is written, nothing but the checkpoint RDD is reachable from it, so the
 * old lineage is garbage-collected — for every RDD kind that has parents — while the
 * RDD still answers its partitioner and its records.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { test } from 'node:test';
import { HashPartitioner, KindlingConf, type RDD } from '@kindling/common';
import { KindlingContext } from '../kindling-context.js';
import { collectUntil } from './testing/gc.js';

async function withContext(body: (kc: KindlingContext) => Promise<void>): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'kindling-lineage-'));
  const kc = await KindlingContext.create({ master: 'local-inprocess', conf: new KindlingConf({ 'kindling.ui.showConsoleProgress': 'false' }) });
  try {
    await kc.setCheckpointDir(pathToFileURL(dir).href);
    await body(kc);
  } finally {
    await kc.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

type Pair = [number, number];

/**
 * Records as sorted strings, with every nested array sorted too: the values of a
 * cogroup come in the order their shuffle blocks arrived, which Spark does not fix either.
 */
function canonical(records: unknown[]): string[] {
  const sortDeep = (value: unknown): unknown =>
    Array.isArray(value) ? value.map(sortDeep).sort((a, b) => JSON.stringify(a).localeCompare(JSON.stringify(b))) : value;
  return records.map((r) => JSON.stringify(Array.isArray(r) ? (r as unknown[]).map(sortDeep) : r)).sort();
}

/** Each builds a child of `parent` (and of a second RDD where the kind has two parents). */
const kinds: Record<string, (kc: KindlingContext, parent: RDD<Pair>) => RDD<unknown>> = {
  MapPartitionsRDD: (_kc, parent) => parent.map((kv: Pair) => kv[1]),
  ShuffledRDD: (_kc, parent) => parent.reduceByKey((a: number, b: number) => a + b, 3),
  CoGroupedRDD: (kc, parent) => parent.cogroup(kc.parallelize<Pair>([[1, 10]], 1), 2),
  UnionRDD: (kc, parent) => parent.union(kc.parallelize<Pair>([[9, 9]], 1)),
  CartesianRDD: (kc, parent) => parent.cartesian(kc.parallelize([1, 2], 1)),
  CoalescedRDD: (_kc, parent) => parent.coalesce(1),
  ZippedWithIndexRDD: (_kc, parent) => parent.zipWithIndex(),
};

for (const [kind, build] of Object.entries(kinds)) {
  void test(`a checkpointed ${kind} drops its parents, which are then garbage-collected, and still gives the same records`, async () => {
    await withContext(async (kc) => {
      // Built in a function so that no local variable of the test keeps the parent alive.
      const made = ((): { child: RDD<unknown>; parent: WeakRef<RDD<Pair>> } => {
        const parent = kc.parallelize<Pair>([[1, 1], [2, 2], [3, 3], [1, 4]], 2).map((kv: Pair): Pair => [kv[0], kv[1] * 10]);
        return { child: build(kc, parent), parent: new WeakRef(parent) };
      })();
      const { child } = made;
      assert.equal(child.kind, kind);
      const before = canonical(await child.collect());
      child.checkpoint();
      await child.count();
      assert.equal(child.isCheckpointed(), true);
      assert.equal(await collectUntil(() => made.parent.deref() === undefined), true, `the parent of the checkpointed ${kind} was garbage-collected`);
      assert.deepEqual(canonical(await child.collect()), before);
    });
  });
}

void test('a checkpointed RDD keeps the partitioner it had from its parent, and says clearly that its parents are gone', async () => {
  await withContext(async (kc) => {
    const counts = kc.parallelize<Pair>([[1, 1], [2, 2], [1, 3]], 2).reduceByKey((a: number, b: number) => a + b, 4);
    const doubled = counts.mapValues((v: number) => v * 2);
    doubled.checkpoint();
    await doubled.count();
    assert.ok(doubled.partitioner instanceof HashPartitioner && doubled.partitioner.numPartitions === 4);
    assert.throws(() => (doubled as unknown as { prev: unknown }).prev, /no longer has its parents: they were dropped when it was checkpointed/);
    // A join with an RDD partitioned alike still needs no shuffle of the checkpointed side.
    const joined = doubled.join(counts, 4);
    assert.deepEqual((await joined.collect()).sort((a, b) => a[0] - b[0]), [[1, [8, 4]], [2, [4, 2]]]);
  });
});
