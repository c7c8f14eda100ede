/**
 * Reliable checkpoints against Spark's own checklist (reference/spark-checkpointing.md
 * §6, items 1–6 and 9), plus Kindling's promise that a marked RDD is computed once.
 * Every case runs on local-inprocess and local[2], with a file:// directory and with
 * the embedded WebHDFS server.
 */
import assert from 'node:assert/strict';
import { writeFile } from 'node:fs/promises';
import { test } from 'node:test';
import { CHECKPOINT_COMPRESS_KEY, HashPartitioner, readFramedHeader, ReliableCheckpointRDD } from '@kindling/common';
import { readFile } from 'node:fs/promises';
import type { KindlingContext, RDD } from '../index.js';
import { ComputeCounter, describeEachCase } from './testing/checkpoint-test-support.js';

const range = (n: number): number[] => Array.from({ length: n }, (_, i) => i);
const pairs = (kc: KindlingContext, n: number, slices: number): RDD<[number, number]> =>
  kc.parallelize(range(n), slices).map((x: number): [number, number] => [x % 5, x]);

/** RDDs of every shape Spark's suite checkpoints (item 4). */
const shapes: ReadonlyArray<readonly [string, (kc: KindlingContext) => RDD<unknown>]> = [
  ['a parallelized collection', (kc) => kc.parallelize(range(20), 3)],
  ['map', (kc) => kc.parallelize(range(20), 3).map((x: number) => x * 2)],
  ['flatMap', (kc) => kc.parallelize(range(10), 3).flatMap((x: number) => [x, -x])],
  ['filter', (kc) => kc.parallelize(range(30), 3).filter((x: number) => x % 3 !== 0)],
  ['mapPartitions', (kc) => kc.parallelize(range(30), 3).mapPartitions((it: Iterable<number>) => [Array.from(it).reduce((a, b) => a + b, 0)])],
  ['mapValues', (kc) => pairs(kc, 20, 3).mapValues((v: number) => v + 1)],
  ['a shuffled RDD (reduceByKey)', (kc) => pairs(kc, 40, 4).reduceByKey((a: number, b: number) => a + b, 3)],
  ['a union', (kc) => kc.parallelize(range(10), 2).union(kc.parallelize(range(5), 3))],
  ['a cogroup', (kc) => pairs(kc, 20, 3).cogroup(pairs(kc, 12, 2), 3)],
  ['zipWithIndex', (kc) => kc.parallelize(['a', 'b', 'c', 'd', 'e'], 3).zipWithIndex()],
  ['a cartesian product', (kc) => kc.parallelize([1, 2, 3], 2).cartesian(kc.parallelize(['x', 'y'], 2))],
];

/** Partition contents, each as sorted canonical strings: compares RDDs whose record order inside a group may vary. */
async function partitionContents(rdd: RDD<unknown>): Promise<string[][]> {
  const parts = await rdd.glom().collect();
  const canonical = (r: unknown): string =>
    JSON.stringify(r, (_k, v: unknown) => (Array.isArray(v) && v.every((x) => typeof x === 'number') ? [...(v as number[])].sort((a, b) => a - b) : v));
  return parts.map((records) => records.map(canonical).sort());
}

describeEachCase('reliable checkpoints', (current) => {
  for (const [shape, build] of shapes) {
    void test(`${shape}: depends on its parent before the action and on its checkpoint after it, with the same records in the same partitions`, async () => {
      const { kc } = current();
      const expected = await partitionContents(build(kc));
      const rdd = build(kc);
      const parentsBefore = rdd.dependencies.map((d) => d.rdd);
      rdd.checkpoint();
      assert.equal(rdd.isCheckpointed(), false, 'marking writes nothing');
      assert.ok(rdd.dependencies.every((d) => !(d.rdd instanceof ReliableCheckpointRDD)));
      assert.deepEqual(await partitionContents(rdd), expected);
      assert.equal(rdd.isCheckpointed(), true);
      assert.equal(rdd.dependencies.length, 1);
      const checkpointRdd = rdd.dependencies[0]!.rdd;
      assert.ok(checkpointRdd instanceof ReliableCheckpointRDD, `depends on ${checkpointRdd.toString()}`);
      assert.ok(!parentsBefore.includes(checkpointRdd));
      assert.equal(rdd.getNumPartitions(), expected.length);
      assert.match(rdd.toDebugString(), /\|\s+ReliableCheckpointRDD\[\d+\] at checkpoint/);
      assert.deepEqual(await partitionContents(rdd), expected, 'read back from the checkpoint files');
    });
  }

  void test('checkpointFile(getCheckpointFile()) gives back equal data and an equal partitioner (hash and range)', async () => {
    const { kc } = current();
    const hashed = pairs(kc, 50, 4).reduceByKey((a: number, b: number) => a + b, new HashPartitioner(3));
    const sorted = pairs(kc, 50, 4).sortByKey(true, 3);
    for (const rdd of [hashed, sorted] as RDD<[number, number]>[]) {
      rdd.checkpoint();
      const data = await rdd.glom().collect();
      const file = rdd.getCheckpointFile();
      assert.ok(file !== undefined && file.endsWith(`/rdd-${rdd.id}`), `checkpoint file ${file}`);
      const recovered = await kc.checkpointFile<[number, number]>(file);
      assert.deepEqual(await recovered.glom().collect(), data);
      assert.ok(recovered.partitioner !== undefined && recovered.partitioner.equals(rdd.partitioner), `${String(recovered.partitioner)} vs ${String(rdd.partitioner)}`);
    }
  });

  void test('a corrupt _partitioner still recovers the data, without a partitioner and with Spark\'s warning', async () => {
    const { kc, storage, log } = current();
    const rdd = pairs(kc, 30, 3).reduceByKey((a: number, b: number) => a + b, 2);
    rdd.checkpoint();
    const data = await rdd.glom().collect();
    const file = rdd.getCheckpointFile()!;
    await writeFile(storage.localPath(`${file}/_partitioner`), 'not a partitioner');
    const recovered = await kc.checkpointFile<[number, number]>(file);
    assert.equal(recovered.partitioner, undefined);
    assert.deepEqual(await recovered.glom().collect(), data);
    assert.match(log(), /Error reading partitioner from .*rdd-\d+, partitioner will not be recovered which may lead to performance loss/);
  });

  void test('an RDD with zero partitions is not checkpointed until count()', async () => {
    const { kc } = current();
    const empty = kc.emptyRDD<number>();
    empty.checkpoint();
    assert.equal(empty.isCheckpointed(), false);
    assert.equal(empty.getCheckpointFile(), undefined);
    assert.equal(await empty.count(), 0);
    assert.equal(empty.isCheckpointed(), true);
    const recovered = await kc.checkpointFile<number>(empty.getCheckpointFile()!);
    assert.equal(recovered.getNumPartitions(), 0);
    assert.equal(await recovered.count(), 0);
  });

  void test('compressed checkpoints (kindling.checkpoint.compress=true) round-trip', async () => {
    const { kc, storage } = current();
    kc.conf.set(CHECKPOINT_COMPRESS_KEY, 'true');
    try {
      const rdd = kc.parallelize(range(500), 2).map((x: number) => ({ id: x, text: `record number ${x % 17}` }));
      rdd.checkpoint();
      const data = await rdd.collect();
      const file = rdd.getCheckpointFile()!;
      const header = readFramedHeader(await readFile(storage.localPath(`${file}/part-00000`)));
      assert.notEqual(header.codec.name, 'none');
      assert.deepEqual(await (await kc.checkpointFile(file)).collect(), data);
    } finally {
      kc.conf.remove(CHECKPOINT_COMPRESS_KEY);
    }
  });

  void test('checkpointing without draining the iterator (first()) still writes every partition', async () => {
    const { kc, scratch } = current();
    const counter = await ComputeCounter.create(scratch);
    const rdd = counter.counted(kc.parallelize(range(12), 3));
    rdd.checkpoint();
    assert.equal(await rdd.first(), 0);
    assert.equal(rdd.isCheckpointed(), true);
    assert.deepEqual(await (await kc.checkpointFile(rdd.getCheckpointFile()!)).collect(), range(12));
    // first() computed one record of partition 0, which stopped early and was not committed; the follow-up job computed all 12.
    assert.equal(await counter.count(), 13);
  });

  void test('an RDD marked before its first job is computed once, cached or not, and later jobs read the checkpoint', async () => {
    const { kc, scratch } = current();
    for (const cache of [false, true]) {
      const counter = await ComputeCounter.create(scratch);
      const rdd = counter.counted(kc.parallelize(range(40), 4));
      if (cache) rdd.cache();
      rdd.checkpoint();
      assert.equal(await rdd.count(), 40);
      assert.equal(await counter.count(), 40, `computed once (cache: ${cache})`);
      assert.equal(rdd.isCheckpointed(), true);
      assert.deepEqual(await rdd.map((x: number) => x + 1).collect(), range(40).map((x) => x + 1));
      assert.equal(await counter.count(), 40, 'later jobs do not recompute it');
    }
  });

  void test('a marked RDD on the map side of a shuffle is written by the map tasks, not by a second job', async () => {
    const { kc, scratch } = current();
    const counter = await ComputeCounter.create(scratch);
    const mapped = counter.counted(kc.parallelize(range(30), 3)).map((x: number): [number, number] => [x % 4, x]);
    mapped.checkpoint();
    const sums = new Map(await mapped.reduceByKey((a: number, b: number) => a + b, 2).collect());
    assert.equal(sums.get(0), range(30).filter((x) => x % 4 === 0).reduce((a, b) => a + b, 0));
    assert.equal(mapped.isCheckpointed(), true);
    assert.equal(await counter.count(), 30);
  });
});
