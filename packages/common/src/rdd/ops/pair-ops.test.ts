import assert from 'node:assert/strict';
import { after, test } from 'node:test';
import { LocalTestContext } from '../../task/testing/local-test-context.js';
import { HashPartitioner } from '../hash-partitioner.js';
import '../index.js';
import { seededRandom } from '../range-partitioner.js';

const sc = new LocalTestContext();
after(() => sc.close());

function randomPairs(seed: number, n: number, keys: number): Array<[string, number]> {
  const random = seededRandom(seed);
  return Array.from({ length: n }, (): [string, number] => [`k${Math.floor(random() * keys)}`, Math.floor(random() * 100)]);
}

function groupPlain<V>(pairs: Array<[string, V]>): Map<string, V[]> {
  const m = new Map<string, V[]>();
  for (const [k, v] of pairs) m.set(k, [...(m.get(k) ?? []), v]);
  return m;
}

const sortPairs = <T>(xs: T[]): T[] => [...xs].sort((a, b) => (JSON.stringify(a) < JSON.stringify(b) ? -1 : JSON.stringify(a) > JSON.stringify(b) ? 1 : 0));

void test('join and the outer joins equal a plain JavaScript nested loop, over random inputs', async () => {
  for (const seed of [1, 2, 3]) {
    const left = randomPairs(seed, 60, 12);
    const right = randomPairs(seed + 100, 40, 15);
    const l = sc.parallelize(left, 3);
    const r = sc.parallelize(right, 2);
    const lg = groupPlain(left);
    const rg = groupPlain(right);
    const keys = new Set([...lg.keys(), ...rg.keys()]);
    const inner: unknown[] = [];
    const leftOuter: unknown[] = [];
    const rightOuter: unknown[] = [];
    const full: unknown[] = [];
    for (const k of keys) {
      const vs = lg.get(k) ?? [];
      const ws = rg.get(k) ?? [];
      for (const v of vs) for (const w of ws) inner.push([k, [v, w]]);
      for (const v of vs) for (const w of ws.length > 0 ? ws : [undefined]) leftOuter.push([k, [v, w]]);
      for (const w of ws) for (const v of vs.length > 0 ? vs : [undefined]) rightOuter.push([k, [v, w]]);
      for (const v of vs.length > 0 ? vs : [undefined]) for (const w of ws.length > 0 ? ws : [undefined]) full.push([k, [v, w]]);
    }
    assert.deepEqual(sortPairs(await l.join(r).collect()), sortPairs(inner));
    assert.deepEqual(sortPairs(await l.leftOuterJoin(r, 4).collect()), sortPairs(leftOuter));
    assert.deepEqual(sortPairs(await l.rightOuterJoin(r).collect()), sortPairs(rightOuter));
    assert.deepEqual(sortPairs(await l.fullOuterJoin(r).collect()), sortPairs(full));
  }
});

void test('a join of co-partitioned RDDs runs no shuffle of its own', async () => {
  const p = new HashPartitioner(3);
  const a = sc.parallelize(randomPairs(7, 50, 10), 2).partitionBy(p).cache();
  const b = sc.parallelize(randomPairs(8, 50, 10), 2).reduceByKey((x: number, y: number) => x + y, p);
  const joined = a.join(b);
  assert.ok(joined.partitioner?.equals(p), 'the join keeps the shared partitioner');
  const shuffles = (joined.toDebugString().match(/\+-/g) ?? []).length;
  assert.equal(shuffles, 2, 'only the two inputs’ own shuffles appear:\n' + joined.toDebugString());
  const before = sc.mapStagesRun;
  await a.count();
  await b.count();
  const afterInputs = sc.mapStagesRun;
  await joined.count();
  assert.equal(afterInputs - before, 2);
  assert.equal(sc.mapStagesRun, afterInputs, 'the join ran no map stage');
  assert.equal(a.partitionBy(new HashPartitioner(3)), a, 'partitionBy with an equal partitioner is a no-op');
});

void test('cogroup of three RDDs groups each key’s values per input', async () => {
  const a = sc.parallelize<[string, number]>([['x', 1], ['y', 2], ['x', 3]], 2);
  const b = sc.parallelize<[string, string]>([['x', 'a']], 1);
  const c = sc.parallelize<[string, boolean]>([['z', true]], 1);
  const grouped = new Map(await a.cogroup(b, c, 2).collect());
  assert.deepEqual(
    new Map([...grouped].map(([k, [v1, v2, v3]]) => [k, [[...v1].sort(), v2, v3]])),
    new Map<string, unknown>([
      ['x', [[1, 3], ['a'], []]],
      ['y', [[2], [], []]],
      ['z', [[], [], [true]]],
    ]),
  );
});

void test('aggregateByKey, combineByKey, groupByKey and foldable sums equal plain JavaScript', async () => {
  const pairs = randomPairs(11, 300, 20);
  const rdd = sc.parallelize(pairs, 4);
  const grouped = groupPlain(pairs);
  const aggregated = await rdd
    .aggregateByKey<string, number, [number, number]>([0, 0], (acc, v) => [acc[0] + v, acc[1] + 1], (x, y) => [x[0] + y[0], x[1] + y[1]], 3)
    .collectAsMap();
  assert.deepEqual(aggregated, new Map([...grouped].map(([k, vs]) => [k, [vs.reduce((s, v) => s + v, 0), vs.length]])));
  const maxes = await rdd.combineByKey((v: number) => v, (c: number, v: number) => Math.max(c, v), (a: number, b: number) => Math.max(a, b)).collectAsMap();
  assert.deepEqual(maxes, new Map([...grouped].map(([k, vs]) => [k, Math.max(...vs)])));
  const groups = await rdd.groupByKey(5).mapValues((vs: number[]) => [...vs].sort((a, b) => a - b)).collectAsMap();
  assert.deepEqual(groups, new Map([...grouped].map(([k, vs]) => [k, [...vs].sort((a, b) => a - b)])));
  const counts = await rdd.countByKey();
  assert.deepEqual(counts, new Map([...grouped].map(([k, vs]) => [k, vs.length])));
});

void test('mapValues keeps the partitioner, map drops it; keys, values, flatMapValues', async () => {
  const reduced = sc.parallelize(randomPairs(3, 30, 5), 2).reduceByKey((a: number, b: number) => a + b, 2);
  assert.ok(reduced.mapValues((v: number) => v * 2).partitioner?.equals(reduced.partitioner));
  assert.equal(reduced.map((kv: [string, number]) => kv).partitioner, undefined);
  const kv = sc.parallelize<[string, number]>([['a', 1], ['b', 2]], 2);
  assert.deepEqual(await kv.keys().collect(), ['a', 'b']);
  assert.deepEqual(await kv.values().collect(), [1, 2]);
  assert.deepEqual(await kv.flatMapValues((v: number) => Array.from({ length: v }, (_, i) => i)).collect(), [['a', 0], ['b', 0], ['b', 1]]);
});

void test('sortByKey sorts globally over random keys, ascending and descending, with a sampled range partitioner', async () => {
  const random = seededRandom(5);
  const pairs = Array.from({ length: 500 }, (_, i): [number, number] => [Math.floor(random() * 1000), i]);
  const rdd = sc.parallelize(pairs, 4);
  const ascending = await rdd.sortByKey(true, 3).collect();
  assert.deepEqual(ascending.map(([k]) => k), pairs.map(([k]) => k).sort((a, b) => a - b));
  const descending = await rdd.sortByKey(false, 3).keys().collect();
  assert.deepEqual(descending, pairs.map(([k]) => k).sort((a, b) => b - a));
  // Distinct lengths: records with equal keys come in shuffle-arrival order, as in Spark.
  const sortedBy = await sc.parallelize(['pear', 'fig', 'banana', 'kiwis'], 2).sortBy((s: string) => s.length).collect();
  assert.deepEqual(sortedBy, ['fig', 'pear', 'kiwis', 'banana']);
  const byComparator = await sc.parallelize<[string, null]>([['b', null], ['A', null], ['c', null]], 2)
    .sortByKey(true, 2, (x: string, y: string) => x.toLowerCase().localeCompare(y.toLowerCase()))
    .keys()
    .collect();
  assert.deepEqual(byComparator, ['A', 'b', 'c']);
  const parts = await rdd.sortByKey(true, 3).glom().collect();
  assert.equal(parts.length, 3);
  assert.ok(parts.every((p) => p.length > 50), `range partitions unbalanced: ${parts.map((p) => p.length).join(',')}`);
});

void test('lookup scans only the key’s partition when there is a partitioner', async () => {
  const reduced = sc.parallelize(randomPairs(9, 100, 10), 3).groupByKey(4);
  const before = sc.outcomes.length;
  const values = await reduced.lookup('k3');
  const tasks = sc.outcomes.length - before;
  assert.equal(tasks, 3 + 1, 'the map stage (3 tasks) and one result task');
  assert.equal(values.length, 1);
  const again = sc.outcomes.length;
  await reduced.lookup('k4');
  assert.equal(sc.outcomes.length - again, 1);
  const plain = sc.parallelize(randomPairs(9, 100, 10), 3);
  assert.equal((await plain.lookup('k3')).length, randomPairs(9, 100, 10).filter(([k]) => k === 'k3').length);
});
