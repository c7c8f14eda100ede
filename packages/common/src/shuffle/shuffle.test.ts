import assert from 'node:assert/strict';
import { readFileSync, writeFileSync, rmSync } from 'node:fs';
import { after, test } from 'node:test';
import { FetchFailedError } from '../errors/index.js';
import { HashPartitioner, registerPartitionerKind, ShuffledRDD, type RDD } from '../rdd/index.js';
import { decodeRecords } from '../storage/index.js';
import { LocalTestContext } from '../task/testing/local-test-context.js';
import type { TaskOutcome } from '../task/index.js';
import { readShuffleBlock, shuffleDataPath } from './shuffle-files.js';

const sc = new LocalTestContext();
after(() => sc.close());

function words(n: number): Array<[string, number]> {
  return Array.from({ length: n }, (_, i): [string, number] => [`w${i % 37}`, i]);
}

void test('map output round-trips: every record lands in the block of its key’s partition', async () => {
  const data = words(500);
  const partitioner = new HashPartitioner(4);
  const shuffled = new ShuffledRDD<string, number>(sc.parallelize(data, 3), partitioner);
  const result = await shuffled.collect();
  assert.deepEqual([...result].sort(), [...data].sort());
  const statuses = sc.mapStatuses.get(shuffled.shuffleId)!;
  assert.equal(statuses.length, 3);
  for (const status of statuses) {
    for (let reduceId = 0; reduceId < 4; reduceId++) {
      const bytes = await readShuffleBlock(sc.workDir, status.shuffleId, status.mapId, reduceId);
      assert.equal(bytes.length, status.blockSizes[reduceId]);
      if (bytes.length === 0) continue;
      for (const [key] of decodeRecords(bytes) as [string, number][]) assert.equal(partitioner.getPartition(key), reduceId);
    }
  }
});

void test('reduceByKey combines on the map side: each map task writes one record per key', async () => {
  const data = words(1000);
  const before = sc.outcomes.length;
  const sums = await sc.parallelize(data, 2).reduceByKey((a: number, b: number) => a + b, 3).collectAsMap();
  const mapOutcomes = sc.outcomes.slice(before).filter((o): o is Extract<TaskOutcome, { status: 'success' }> => o.status === 'success' && o.mapStatus !== undefined);
  assert.equal(mapOutcomes.length, 2);
  for (const o of mapOutcomes) assert.equal(o.metrics.recordsWritten, 37);
  const expected = new Map<string, number>();
  for (const [k, v] of data) expected.set(k, (expected.get(k) ?? 0) + v);
  assert.deepEqual(sums, expected);
  // groupByKey does not combine map-side: every record is written.
  const before2 = sc.outcomes.length;
  await sc.parallelize(data, 2).groupByKey(3).count();
  const written = sc.outcomes.slice(before2).reduce((n, o) => n + (o.status === 'success' && o.mapStatus !== undefined ? o.metrics.recordsWritten : 0), 0);
  assert.equal(written, 1000);
});

/** A hash partitioner that counts the keys it is asked to place, rebuilt on the (in-process) executor from its plan. */
let placements = 0;
class CountingHashPartitioner extends HashPartitioner {
  override getPartition(key: unknown): number {
    placements++;
    return super.getPartition(key);
  }

  override toPlan(): { kind: string; numPartitions: number } {
    return { kind: 'counting-hash-test', numPartitions: this.numPartitions };
  }
}
registerPartitionerKind('counting-hash-test', (plan) => new CountingHashPartitioner(plan.numPartitions));

void test('map-side combine places each distinct key once; every key, primitive or composite, lands in its partition', async () => {
  const keys: unknown[] = ['a', 'b', 1, -0, 0, true, null, ['a', 1], { x: 1, y: 2 }, { y: 2, x: 1 }, 12345678901234567890n];
  const data = Array.from({ length: 600 }, (_, i): [unknown, number] => [keys[i % keys.length], i]);
  const partitioner = new CountingHashPartitioner(3);
  placements = 0;
  const sums = await sc
    .parallelize(data, 2)
    .combineByKey((v: number) => v, (c: number, v: number) => c + v, (a: number, b: number) => a + b, partitioner)
    .glom()
    .collect();
  // -0 and 0, and the two orders of {x, y}, are one key each: 9 distinct keys per map task.
  assert.equal(placements, 2 * 9);
  const expected = new HashPartitioner(3);
  const seen = new Map<string, number>();
  sums.forEach((partition, reduceId) => {
    for (const [key, sum] of partition) {
      assert.equal(expected.getPartition(key), reduceId);
      seen.set(JSON.stringify(key, (_, v: unknown) => (typeof v === 'bigint' ? `${v}n` : v)), sum);
    }
  });
  assert.equal(seen.size, 9);
  assert.equal(seen.get('"a"'), data.filter(([k]) => k === 'a').reduce((n, [, v]) => n + v, 0));
  assert.equal(seen.get('0'), data.filter(([k]) => k === 0).reduce((n, [, v]) => n + v, 0));
  assert.equal(seen.get('{"x":1,"y":2}'), data.filter(([k]) => typeof k === 'object' && k !== null && !Array.isArray(k)).reduce((n, [, v]) => n + v, 0));
});

async function failureOf(rdd: RDD<unknown>): Promise<TaskOutcome> {
  const error = await rdd.collect().then(
    () => assert.fail('the job should fail'),
    (e: unknown) => e as Error & { outcome: TaskOutcome },
  );
  return error.outcome;
}

void test('a corrupt shuffle block fails the reduce task with a fetch failure naming the map output', async () => {
  const shuffled = new ShuffledRDD<string, number>(sc.parallelize(words(200), 2), new HashPartitioner(2));
  await shuffled.count();
  const data = shuffleDataPath(sc.workDir, shuffled.shuffleId, 1);
  const bytes = readFileSync(data);
  bytes.writeUInt8(bytes.readUInt8(bytes.length - 30) ^ 0xff, bytes.length - 30);
  writeFileSync(data, bytes);
  const outcome = await failureOf(shuffled as RDD<unknown>);
  assert.equal(outcome.status, 'failed');
  if (outcome.status !== 'failed') return;
  assert.equal(outcome.failure.code, 'FETCH_FAILED');
  assert.equal(outcome.failure.fetchFailed?.shuffleId, shuffled.shuffleId);
  assert.equal(outcome.failure.fetchFailed?.mapId, 1);
  assert.equal(outcome.failure.fetchFailed?.executorId, 'test-executor');
});

void test('a missing shuffle file fails with a fetch failure, and the local fetcher throws FetchFailedError', async () => {
  const shuffled = new ShuffledRDD<string, number>(sc.parallelize(words(50), 2), new HashPartitioner(2));
  await shuffled.count();
  rmSync(shuffleDataPath(sc.workDir, shuffled.shuffleId, 0));
  const status = sc.mapStatuses.get(shuffled.shuffleId)![0]!;
  const reduceId = status.blockSizes.findIndex((s) => s > 0);
  await assert.rejects(sc.env.fetcher.fetchBlock(status, reduceId), FetchFailedError);
  const outcome = await failureOf(shuffled as RDD<unknown>);
  assert.ok(outcome.status === 'failed' && outcome.failure.fetchFailed?.mapId === 0);
});
