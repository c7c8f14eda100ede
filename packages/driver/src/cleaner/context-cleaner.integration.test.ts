/**
 * The context cleaner on local[2] (two executor processes, real gRPC, real work
 * directories): once a shuffle's dependency or a persisted RDD can no longer be
 * reached on the driver, its shuffle files are deleted on both executors, its map
 * outputs forgotten, its cached blocks dropped; and a checkpointed RDD's old lineage
 * — with its shuffle — goes the same way. Garbage collection is forced (testing/gc.ts).
 */
import assert from 'node:assert/strict';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { after, before, describe, test } from 'node:test';
import { KindlingConf, type RDD } from '@kindling/common';
import { clusterContext, type ClusterContext } from '../cluster/testing/cluster-test-support.js';
import { collectUntil } from './testing/gc.js';

type Pair = [number, number];

void describe('context cleaner on local[2]', () => {
  let ctx: ClusterContext;
  let dir: string;

  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'kindling-cleaner-'));
    ctx = await clusterContext('local[2]', { conf: new KindlingConf({ 'kindling.ui.showConsoleProgress': 'false' }) });
    await ctx.kc.setCheckpointDir(pathToFileURL(dir).href);
  });

  after(async () => {
    await ctx.kc.stop();
    await rm(dir, { recursive: true, force: true });
  });

  /** Shuffle files of `shuffleId` on each executor, by executor id. */
  async function shuffleFiles(shuffleId: number): Promise<number[]> {
    const counts: number[] = [];
    for (const executorId of ctx.backend.executorIds()) {
      const workDir = ctx.backend.localExecutorWorkDir(executorId)!;
      const names = await readdir(join(workDir, 'shuffle')).catch(() => [] as string[]);
      counts.push(names.filter((n) => n.startsWith(`shuffle_${shuffleId}_`)).length);
    }
    return counts;
  }

  const settle = (): Promise<void> => ctx.kc.cleaner!.cleanupsSettled();

  /** A word-count-like shuffle over 4 map partitions, so both executors write map outputs. */
  function counted(): RDD<Pair> {
    return ctx.kc.parallelize(Array.from({ length: 400 }, (_, i) => i), 4).map((i: number): Pair => [i % 7, 1]).reduceByKey((a: number, b: number) => a + b, 3);
  }

  void test('a shuffle nothing refers to any more is deleted on both executors and forgotten by the MapOutputTracker', async () => {
    const shuffleId = await (async () => {
      const rdd = counted();
      assert.equal((await rdd.collect()).length, 7);
      return (rdd as unknown as { shuffleId: number }).shuffleId;
    })();
    const before = await shuffleFiles(shuffleId);
    // Each executor wrote the .data and .index of the map tasks it ran.
    assert.equal(before.reduce((a, b) => a + b, 0), 8, `shuffle files per executor: ${before.join(', ')}`);
    assert.ok(before.every((n) => n > 0), `both executors ran map tasks: ${before.join(', ')}`);
    assert.ok(ctx.kc.mapOutputTracker.containsShuffle(shuffleId));
    const cleaned = await collectUntil(async () => (await shuffleFiles(shuffleId)).every((n) => n === 0), { settle });
    assert.equal(cleaned, true, `shuffle ${shuffleId} files were deleted: ${(await shuffleFiles(shuffleId)).join(', ')}`);
    assert.equal(ctx.kc.mapOutputTracker.containsShuffle(shuffleId), false);
  });

  void test('a shuffle still referred to keeps its files, and a second job reuses them', async () => {
    const rdd = counted();
    await rdd.collect();
    const shuffleId = (rdd as unknown as { shuffleId: number }).shuffleId;
    await collectUntil(() => false, { attempts: 5, settle });
    assert.equal((await shuffleFiles(shuffleId)).reduce((a, b) => a + b, 0), 8);
    assert.equal((await rdd.collect()).length, 7);
  });

  void test('a persisted RDD nothing refers to has its blocks forgotten', async () => {
    const before = ctx.kc.blockManagerMaster.numCachedRdds;
    const rddId = await (async () => {
      const cached = ctx.kc.parallelize([1, 2, 3, 4], 2).map((x: number) => x + 1).cache();
      await cached.count();
      return cached.id;
    })();
    assert.ok(ctx.kc.blockManagerMaster.getLocations(rddId, 0).length > 0);
    assert.equal(await collectUntil(() => ctx.kc.blockManagerMaster.getLocations(rddId, 0).length === 0, { settle }), true);
    assert.equal(ctx.kc.blockManagerMaster.numCachedRdds, before);
    assert.ok(ctx.kc.cleaner!.cleanedRdds >= 1);
  });

  void test('after checkpointing, the parent RDD is garbage-collected and its shuffle files are deleted on the executors', async () => {
    const made = ((): { child: RDD<Pair>; parent: WeakRef<RDD<Pair>>; shuffleId: number } => {
      const parent = counted();
      const child = parent.mapValues((v: number) => v * 2);
      child.checkpoint();
      return { child, parent: new WeakRef(parent), shuffleId: (parent as unknown as { shuffleId: number }).shuffleId };
    })();
    const expected = (await made.child.collect()).sort((a, b) => a[0] - b[0]);
    assert.equal(made.child.isCheckpointed(), true);
    assert.ok((await shuffleFiles(made.shuffleId)).reduce((a, b) => a + b, 0) > 0);
    const cleaned = await collectUntil(async () => made.parent.deref() === undefined && (await shuffleFiles(made.shuffleId)).every((n) => n === 0), { settle });
    assert.equal(cleaned, true, 'the parent was collected and its shuffle deleted');
    assert.equal(ctx.kc.mapOutputTracker.containsShuffle(made.shuffleId), false);
    // Read from the checkpoint: the shuffle it came from is gone.
    assert.deepEqual((await made.child.collect()).sort((a, b) => a[0] - b[0]), expected);
  });
});
