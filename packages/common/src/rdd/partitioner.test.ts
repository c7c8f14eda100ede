import assert from 'node:assert/strict';
import { after, test } from 'node:test';
import { LocalTestContext } from '../task/testing/local-test-context.js';
import { HashPartitioner } from './hash-partitioner.js';
import './index.js';
import { partitionerFromPlan } from './partitioner-registry.js';
import { RangePartitioner } from './range-partitioner.js';

const sc = new LocalTestContext();
after(() => sc.close());

void test('HashPartitioners are equal exactly when their partition counts are', () => {
  assert.ok(new HashPartitioner(4).equals(new HashPartitioner(4)));
  assert.ok(!new HashPartitioner(4).equals(new HashPartitioner(5)));
  assert.ok(!new HashPartitioner(4).equals({ numPartitions: 4 }));
  assert.ok(partitionerFromPlan(new HashPartitioner(7).toPlan()).equals(new HashPartitioner(7)));
});

void test('HashPartitioner places every key in range and equal keys together', () => {
  const p = new HashPartitioner(7);
  const counts = new Array<number>(7).fill(0);
  for (let i = 0; i < 7000; i++) {
    const part = p.getPartition(`key-${i}`);
    assert.ok(part >= 0 && part < 7);
    counts[part]!++;
  }
  assert.ok(Math.min(...counts) > 800, `unbalanced: ${counts.join(',')}`);
  assert.equal(p.getPartition(['a', { x: 1, y: 2 }]), p.getPartition(['a', { y: 2, x: 1 }]));
  assert.equal(p.getPartition(-0), p.getPartition(0));
  assert.equal(new HashPartitioner(1).getPartition('anything'), 0);
});

void test('RangePartitioner samples bounds that split the keys in order, and equal bounds mean equal partitioners', async () => {
  const keys = Array.from({ length: 1000 }, (_, i) => (i * 7919) % 1000);
  const pairs = sc.parallelize(keys.map((k): [number, null] => [k, null]), 5);
  const a = new RangePartitioner(4, pairs as never);
  await a.prepare();
  assert.equal(a.rangeBounds.length, 3);
  const sizes = new Array<number>(4).fill(0);
  let last = 0;
  for (const k of [...keys].sort((x, y) => x - y)) {
    const part = a.getPartition(k);
    assert.ok(part >= last, 'partitions must be monotonic in key order');
    last = part;
    sizes[part]!++;
  }
  assert.ok(Math.min(...sizes) > 100, `unbalanced ranges: ${sizes.join(',')}`);
  const rebuilt = partitionerFromPlan(a.toPlan());
  assert.ok(rebuilt.equals(a) && a.equals(rebuilt));
  const descending = new RangePartitioner(4, undefined, false, undefined, undefined, a.rangeBounds);
  assert.ok(!descending.equals(a));
  assert.equal(descending.getPartition(0), 3);
  assert.ok(!new RangePartitioner(4, pairs as never).equals(a), 'an unsampled partitioner equals nothing but itself');
});
