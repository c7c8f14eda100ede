import assert from 'node:assert/strict';
import { after, test } from 'node:test';
import { builtinRef } from '../functions/index.js';
import { StorageLevel } from '../storage/index.js';
import { encodeResultTask } from '../task/index.js';
import { LocalTestContext } from '../task/testing/local-test-context.js';
import { collectPlans } from './index.js';

const sc = new LocalTestContext();
after(() => sc.close());

void test('toDebugString shows a three-stage lineage with Spark’s indentation at shuffle boundaries', () => {
  const words = sc.parallelize(['a b', 'b c'], 2).flatMap((l: string) => l.split(' ')).map((w: string): [string, number] => [w, 1]);
  const counts = words.reduceByKey((a: number, b: number) => a + b, 3).persist(StorageLevel.MEMORY_ONLY);
  const sorted = counts.map(([w, n]: [string, number]): [number, string] => [n, w]).sortByKey(false, 2);
  const lines = sorted.toDebugString().split('\n');
  const ids = [sorted, counts].map((r) => r.id);
  assert.deepEqual(lines.map((l) => l.replace(/\[\d+\]/g, '[#]')), [
    '(2) ShuffledRDD[#] at sortByKey []',
    ' +-(3) MapPartitionsRDD[#] at map []',
    '    |  ShuffledRDD[#] at reduceByKey [Memory Deserialized 1x Replicated]',
    '    +-(2) MapPartitionsRDD[#] at map []',
    '       |  MapPartitionsRDD[#] at flatMap []',
    '       |  ParallelCollectionRDD[#] at parallelize []',
  ]);
  assert.ok(lines[0]!.includes(`[${ids[0]}]`) && lines[2]!.includes(`[${ids[1]}]`));
});

void test('toDebugString of an RDD with two parents puts the last one on the outer rail', () => {
  const a = sc.parallelize<[string, number]>([['a', 1]], 1);
  const b = sc.parallelize<[string, number]>([['a', 2]], 1);
  const text = a.join(b, 2).toDebugString().replace(/\[\d+\]/g, '[#]');
  assert.equal(
    text,
    [
      '(2) MapPartitionsRDD[#] at join []',
      ' |  CoGroupedRDD[#] at join []',
      ' +-(1) ParallelCollectionRDD[#] at parallelize []',
      ' +-(1) ParallelCollectionRDD[#] at parallelize []',
    ].join('\n'),
  );
});

void test('a lineage of 20,000 RDDs prints, plans and prepares without overflowing the stack', async () => {
  const f = (x: number) => x + 1;
  let rdd = sc.parallelize([1, 2, 3], 1);
  for (let i = 0; i < 20_000; i++) rdd = rdd.map(f);
  assert.equal(rdd.getNumPartitions(), 1);
  assert.equal(rdd.toDebugString().split('\n').length, 20_001);
  assert.equal(collectPlans(rdd).length, 20_001);
  assert.ok(encodeResultTask(rdd, builtinRef('rdd.count')).length > 0);
  // Computing chains one generator per RDD, so a compute this deep is the stack's
  // limit as in Spark (checkpoint to cut such lineages); 2,000 deep runs.
  let shorter = sc.parallelize([1, 2, 3], 1);
  for (let i = 0; i < 2_000; i++) shorter = shorter.map(f);
  assert.deepEqual(await shorter.collect(), [2_001, 2_002, 2_003]);
});
