import assert from 'node:assert/strict';
import { after, test } from 'node:test';
import { InvalidArgumentError } from '../../errors/index.js';
import { StorageLevel } from '../../storage/index.js';
import { LocalTestContext } from '../../task/testing/local-test-context.js';
import '../index.js';
import { ParallelCollectionRDD } from '../parallel-collection-rdd.js';
import { seededRandom } from '../range-partitioner.js';

const sc = new LocalTestContext();
after(() => sc.close());

void test('parallelize slices like Spark: slice i holds [i·n/k, (i+1)·n/k), order kept', async () => {
  const data = Array.from({ length: 10 }, (_, i) => i);
  assert.deepEqual(ParallelCollectionRDD.slice(data, 3), [[0, 1, 2], [3, 4, 5], [6, 7, 8, 9]]);
  assert.deepEqual(ParallelCollectionRDD.slice([1, 2], 4), [[], [1], [], [2]]);
  assert.deepEqual(await sc.parallelize(data, 4).glom().collect(), ParallelCollectionRDD.slice(data, 4));
  for (const bad of [0, -1, 1.5]) {
    assert.throws(() => sc.parallelize(data, bad), (e: unknown) => e instanceof InvalidArgumentError && !e.message.includes('\n'));
  }
});

void test('map, filter, flatMap, mapPartitions(WithIndex), keyBy, glom equal plain JavaScript', async () => {
  const random = seededRandom(42);
  const data = Array.from({ length: 200 }, () => Math.floor(random() * 50));
  const rdd = sc.parallelize(data, 3);
  assert.deepEqual(await rdd.map((x: number) => x * 2).collect(), data.map((x) => x * 2));
  assert.deepEqual(await rdd.filter((x: number) => x % 3 === 0).collect(), data.filter((x) => x % 3 === 0));
  assert.deepEqual(await rdd.flatMap((x: number) => [x, -x]).collect(), data.flatMap((x) => [x, -x]));
  const sums = await rdd.mapPartitions(function* (xs: Iterable<number>) {
    let s = 0;
    for (const x of xs) s += x;
    yield s;
  }).collect();
  assert.equal(sums.length, 3);
  assert.equal(sums.reduce((a, b) => a + b, 0), data.reduce((a, b) => a + b, 0));
  const indexed = await rdd.mapPartitionsWithIndex((i: number, xs: Iterable<number>) => [[i, [...xs].length]]).collect();
  assert.deepEqual(indexed.map(([i]) => i), [0, 1, 2]);
  assert.deepEqual(await rdd.keyBy((x: number) => x % 2).take(2), data.slice(0, 2).map((x) => [x % 2, x]));
});

void test('distinct, union, cartesian, groupBy equal plain JavaScript over random inputs', async () => {
  for (const seed of [1, 2]) {
    const random = seededRandom(seed);
    const a = Array.from({ length: 80 }, () => Math.floor(random() * 30));
    const b = Array.from({ length: 7 }, () => String.fromCharCode(97 + Math.floor(random() * 5)));
    const ra = sc.parallelize(a, 3);
    const rb = sc.parallelize(b, 2);
    assert.deepEqual((await ra.distinct(2).collect()).sort((x, y) => x - y), [...new Set(a)].sort((x, y) => x - y));
    assert.deepEqual(await ra.union(ra.map((x: number) => x + 1)).collect(), [...a, ...a.map((x) => x + 1)]);
    const product = await ra.cartesian(rb).collect();
    assert.deepEqual(
      product.map((p) => JSON.stringify(p)).sort(),
      a.flatMap((x) => b.map((y) => JSON.stringify([x, y]))).sort(),
    );
    const grouped = await ra.groupBy((x: number) => x % 4).mapValues((xs: number[]) => xs.length).collectAsMap();
    const plain = new Map<number, number>();
    for (const x of a) plain.set(x % 4, (plain.get(x % 4) ?? 0) + 1);
    assert.deepEqual(grouped, plain);
    assert.deepEqual((await ra.distinct().collect()).length, new Set(a).size);
  }
  assert.deepEqual(await sc.parallelize([[1, 'a'], [1, 'a'], [2, 'b']], 2).distinct().count(), 2, 'distinct compares tuples by value');
});

void test('union of RDDs with the same partitioner keeps it; otherwise partitions add up', () => {
  const a = sc.parallelize<[string, number]>([['a', 1]], 2).reduceByKey((x: number, y: number) => x + y, 3);
  const b = sc.parallelize<[string, number]>([['b', 1]], 2).reduceByKey((x: number, y: number) => x + y, 3);
  const u = a.union(b);
  assert.equal(u.getNumPartitions(), 3);
  assert.ok(u.partitioner?.equals(a.partitioner));
  assert.equal(sc.parallelize([1], 2).union(sc.parallelize([2], 3)).getNumPartitions(), 5);
});

void test('coalesce merges neighbours without a shuffle; repartition spreads evenly through one', async () => {
  const data = Array.from({ length: 100 }, (_, i) => i);
  const rdd = sc.parallelize(data, 10);
  const coalesced = rdd.coalesce(3);
  assert.equal(coalesced.getNumPartitions(), 3);
  assert.ok(!coalesced.toDebugString().includes('+-'), 'no shuffle');
  assert.deepEqual(await coalesced.collect(), data);
  assert.equal(rdd.coalesce(20).getNumPartitions(), 10, 'coalesce without shuffle never adds partitions');
  const repartitioned = rdd.repartition(4);
  const parts = await repartitioned.glom().collect();
  assert.equal(parts.length, 4);
  assert.deepEqual(parts.flat().sort((a, b) => a - b), data);
  assert.ok(parts.every((p) => p.length >= 20 && p.length <= 30), `uneven: ${parts.map((p) => p.length).join(',')}`);
  assert.equal((await rdd.coalesce(20, true).glom().collect()).length, 20);
});

void test('zipWithIndex numbers records in order, counting partitions with one job first', async () => {
  const data = ['a', 'b', 'c', 'd', 'e', 'f', 'g'];
  const rdd = sc.parallelize(data, 3);
  const jobs = sc.jobsRun;
  const zipped = await rdd.zipWithIndex().collect();
  assert.deepEqual(zipped, data.map((x, i) => [x, i]));
  assert.equal(sc.jobsRun - jobs, 2, 'one counting job, then the collect');
  assert.deepEqual(await sc.parallelize(['x'], 1).zipWithIndex().collect(), [['x', 0]]);
});

void test('a cached RDD is computed once; a second action reads its blocks', async () => {
  const g = globalThis as { kindlingComputeCount?: number };
  g.kindlingComputeCount = 0;
  const rdd = sc.parallelize(Array.from({ length: 30 }, (_, i) => i), 3).map((x: number) => {
    (globalThis as { kindlingComputeCount?: number }).kindlingComputeCount! += 1;
    return x * x;
  });
  rdd.cache();
  assert.equal(await rdd.count(), 30);
  assert.equal(g.kindlingComputeCount, 30);
  const sum = await rdd.reduce((a: number, b: number) => a + b);
  assert.equal(sum, Array.from({ length: 30 }, (_, i) => i * i).reduce((a, b) => a + b, 0));
  assert.equal(g.kindlingComputeCount, 30, 'the second action did not recompute');
  const stored = sc.outcomes.flatMap((o) => (o.status === 'success' ? (o.updatedBlocks ?? []) : []));
  assert.deepEqual(stored.filter((b) => b.startsWith(`rdd_${rdd.id}_`)).sort(), [0, 1, 2].map((p) => `rdd_${rdd.id}_${p}`));
  assert.throws(() => rdd.persist(StorageLevel.DISK_ONLY), InvalidArgumentError);
  rdd.unpersist();
  // unpersist removes in the background (Spark's non-blocking default): wait for it.
  const mine = (): string[] => sc.env.blockManager.listBlocks().filter((b) => b.startsWith(`rdd_${rdd.id}_`));
  for (let i = 0; i < 100 && mine().length > 0; i++) await new Promise((r) => setTimeout(r, 10));
  assert.deepEqual(mine(), []);
  await rdd.count();
  assert.equal(g.kindlingComputeCount, 60, 'unpersisted: computed again');
});

void test('DISK_ONLY blocks are written in the framed format and read back from disk', async () => {
  const rdd = sc.parallelize(['a', 'b', 'c'], 2).map((s: string) => s.toUpperCase()).persist(StorageLevel.DISK_ONLY);
  assert.deepEqual(await rdd.collect(), ['A', 'B', 'C']);
  assert.equal(sc.env.blockManager.getFromMemory(`rdd_${rdd.id}_0`), undefined);
  assert.deepEqual(await sc.env.blockManager.get(`rdd_${rdd.id}_1`), ['B', 'C']);
  assert.deepEqual(await rdd.collect(), ['A', 'B', 'C']);
});
