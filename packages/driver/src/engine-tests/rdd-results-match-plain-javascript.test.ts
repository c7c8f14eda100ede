/**
 * Property-style tests (issue 2, "Must show"): over many random inputs drawn from a
 * seeded PRNG, word count, join, sortByKey, distinct, cartesian and aggregateByKey
 * on local-inprocess give exactly what a plain JavaScript computation of the same
 * data gives. Sizes are small and partition counts vary (including more partitions
 * than records), so that empty partitions and single-record partitions occur.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { silentLogger } from '@kindling/common';
import { KindlingContext } from '../index.js';
import { testMaster } from './test-master.js';
import { canonical, seededRandom, type Random } from '../util/seeded-random.js';

const ROUNDS = 20;
let kc: KindlingContext;

before(async () => {
  kc = await KindlingContext.create({ master: testMaster, appName: 'property-tests', logger: silentLogger() });
});
after(() => kc.stop());

const words = ['a', 'b', 'c', 'spark', 'kindling', 'node', 'x', 'y', 'élan', '日本'];

function randomLines(random: Random): string[] {
  return random.array(random.int(0, 30), () => random.array(random.int(0, 8), () => random.pick(words)).join(' '));
}

function randomPairs(random: Random, keys: number): Array<[number, number]> {
  return random.array(random.int(0, 40), () => [random.int(0, keys), random.int(-100, 100)]);
}

void describe('RDD results equal a plain JavaScript computation over random inputs', () => {
  void test('word count (flatMap, filter, map, reduceByKey)', async () => {
    const random = seededRandom(1);
    for (let round = 0; round < ROUNDS; round++) {
      const lines = randomLines(random);
      const counts = await kc
        .parallelize(lines, random.int(1, 6))
        .flatMap((line: string) => line.split(' '))
        .filter((w: string) => w.length > 0)
        .map((w: string): [string, number] => [w, 1])
        .reduceByKey((a: number, b: number) => a + b, random.int(1, 5))
        .collect();
      const expected = new Map<string, number>();
      for (const line of lines) for (const w of line.split(' ')) if (w.length > 0) expected.set(w, (expected.get(w) ?? 0) + 1);
      assert.deepEqual(new Map(counts), expected, `round ${round}`);
      assert.equal(counts.length, expected.size, `round ${round}: each word once`);
    }
  });

  void test('join of two RDDs', async () => {
    const random = seededRandom(2);
    for (let round = 0; round < ROUNDS; round++) {
      const left = randomPairs(random, 8);
      const right = randomPairs(random, 8).map(([k, v]): [number, string] => [k, `r${v}`]);
      const joined = await kc
        .parallelize(left, random.int(1, 4))
        .join(kc.parallelize(right, random.int(1, 4)), random.int(1, 5))
        .collect();
      const expected: Array<[number, [number, string]]> = [];
      for (const [k, v] of left) for (const [k2, w] of right) if (k === k2) expected.push([k, [v, w]]);
      assert.deepEqual(canonical(joined), canonical(expected), `round ${round}`);
    }
  });

  void test('sortByKey, ascending and descending', async () => {
    const random = seededRandom(3);
    for (let round = 0; round < ROUNDS; round++) {
      const pairs = random.array(random.int(0, 50), (): [number, string] => [random.int(-20, 20), random.pick(words)]);
      const ascending = round % 2 === 0;
      const sorted = await kc.parallelize(pairs, random.int(1, 5)).sortByKey(ascending, random.int(1, 4)).collect();
      const expectedKeys = pairs.map(([k]) => k).sort((a, b) => (ascending ? a - b : b - a));
      assert.deepEqual(sorted.map(([k]) => k), expectedKeys, `round ${round}: keys in order`);
      assert.deepEqual(canonical(sorted), canonical(pairs), `round ${round}: same records`);
    }
  });

  void test('distinct', async () => {
    const random = seededRandom(4);
    for (let round = 0; round < ROUNDS; round++) {
      const values = random.array(random.int(0, 50), () => (random.next() < 0.5 ? random.int(0, 10) : random.pick(words)));
      const distinct = await kc.parallelize(values, random.int(1, 5)).distinct().collect();
      assert.deepEqual(canonical(distinct), canonical([...new Set(values)]), `round ${round}`);
    }
  });

  void test('cartesian', async () => {
    const random = seededRandom(5);
    for (let round = 0; round < ROUNDS; round++) {
      const left = random.array(random.int(0, 8), () => random.int(0, 5));
      const right = random.array(random.int(0, 8), () => random.pick(words));
      const product = await kc.parallelize(left, random.int(1, 3)).cartesian(kc.parallelize(right, random.int(1, 3))).collect();
      const expected = left.flatMap((l) => right.map((r): [number, string] => [l, r]));
      assert.deepEqual(canonical(product), canonical(expected), `round ${round}`);
    }
  });

  void test('aggregateByKey with a mutable zero value', async () => {
    const random = seededRandom(6);
    for (let round = 0; round < ROUNDS; round++) {
      const pairs = randomPairs(random, 6);
      // Collects [count, sum, values] per key; the array zero must be fresh for every key.
      const aggregated = await kc
        .parallelize(pairs, random.int(1, 5))
        .aggregateByKey(
          [0, 0] as [number, number],
          (acc: [number, number], v: number): [number, number] => {
            acc[0] += 1;
            acc[1] += v;
            return acc;
          },
          (a: [number, number], b: [number, number]): [number, number] => [a[0] + b[0], a[1] + b[1]],
          random.int(1, 4),
        )
        .collect();
      const expected = new Map<number, [number, number]>();
      for (const [k, v] of pairs) {
        const acc = expected.get(k) ?? [0, 0];
        expected.set(k, [acc[0] + 1, acc[1] + v]);
      }
      assert.deepEqual(new Map(aggregated), expected, `round ${round}`);
    }
  });
});
