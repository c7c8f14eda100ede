/**
 * What the DAG scheduler saves (issue 2, "Must show"): a second action on a cached
 * RDD does not recompute it; a shuffle reused by a second job skips its map stage;
 * a join of co-partitioned RDDs adds no shuffle stage; toDebugString of a
 * three-stage job shows its stages. Compute calls are counted by the user lambdas
 * themselves through a globalThis counter (a global, so the lambda may ship).
 */
import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, test } from 'node:test';
import { silentLogger } from '@kindling/common';
import { HashPartitioner, KindlingContext } from '../index.js';
import { EventRecorder } from './event-recorder.js';

let kc: KindlingContext;
const events = new EventRecorder();
const counters = globalThis as { __kindlingComputeCalls?: number };

before(async () => {
  kc = await KindlingContext.create({ master: 'local-inprocess', appName: 'caching', logger: silentLogger() });
  kc.addKindlingListener(events);
});
after(() => kc.stop());
beforeEach(() => {
  events.clear();
  counters.__kindlingComputeCalls = 0;
});

function computeCalls(): number {
  return counters.__kindlingComputeCalls ?? 0;
}

/** A source whose records count the times they are computed. */
function countedNumbers(n: number, slices: number) {
  return kc.parallelize(Array.from({ length: n }, (_, i) => i), slices).map((x: number) => {
    const g = globalThis as { __kindlingComputeCalls?: number };
    g.__kindlingComputeCalls = (g.__kindlingComputeCalls ?? 0) + 1;
    return x;
  });
}

void describe('caching', () => {
  void test('a second action on a cached RDD does not recompute it', async () => {
    const doubled = countedNumbers(12, 3).map((x: number) => x * 2).cache();
    assert.equal(await doubled.count(), 12);
    assert.equal(computeCalls(), 12, 'the first action computes every record once');
    assert.equal(await doubled.reduce((a: number, b: number) => a + b), 132);
    assert.deepEqual((await doubled.collect()).slice(0, 3), [0, 2, 4]);
    assert.equal(computeCalls(), 12, 'later actions read the cached blocks');
    doubled.unpersist();
    assert.equal(await doubled.count(), 12);
    assert.equal(computeCalls(), 24, 'after unpersist it is computed again');
  });

  void test('a cached RDD after a shuffle needs neither its map stage nor the shuffle files', async () => {
    const sums = countedNumbers(20, 4)
      .map((x: number): [number, number] => [x % 3, x])
      .reduceByKey((a: number, b: number) => a + b, 2)
      .cache();
    const expected = new Map([[0, 63], [1, 70], [2, 57]]);
    assert.deepEqual(new Map(await sums.collect()), expected);
    const shuffleId = kc.mapOutputTracker.shuffleIds()[0]!;
    await kc.removeShuffle(shuffleId);
    events.clear();
    assert.deepEqual(new Map(await sums.map(([k, v]: [number, number]): [number, number] => [k, v * 10]).collect()), new Map([...expected].map(([k, v]) => [k, v * 10])));
    assert.deepEqual(events.submittedStageKinds(), ['ResultStage']);
    assert.equal(computeCalls(), 20);
  });
});

void describe('stages', () => {
  void test('a shuffle reused by a second job skips its map stage', async () => {
    const sums = countedNumbers(30, 3)
      .map((x: number): [number, number] => [x % 5, 1])
      .reduceByKey((a: number, b: number) => a + b, 2);
    assert.deepEqual(new Map(await sums.collect()), new Map([[0, 6], [1, 6], [2, 6], [3, 6], [4, 6]]));
    assert.deepEqual(events.submittedStageKinds(), ['ShuffleMapStage', 'ResultStage']);
    events.clear();

    assert.equal(await sums.count(), 5);
    const job = events.jobStarts[0]!;
    assert.deepEqual(job.stageInfos.map((s) => s.kind).sort(), ['ResultStage', 'ShuffleMapStage'], 'the job has the map stage');
    assert.deepEqual(events.submittedStageKinds(), ['ResultStage'], 'but only its result stage runs');
    assert.equal(computeCalls(), 30, 'the map side was not recomputed');
  });

  void test('a join of co-partitioned RDDs adds no shuffle stage', async () => {
    const partitioner = new HashPartitioner(3);
    const left = kc.parallelize([[1, 'a'], [2, 'b'], [3, 'c'], [4, 'd']] as Array<[number, string]>, 2).partitionBy(partitioner);
    const right = kc.parallelize([[2, 'x'], [4, 'y'], [4, 'z'], [5, 'w']] as Array<[number, string]>, 2).partitionBy(partitioner);
    const coPartitioned = await left.join(right).collect();
    assert.deepEqual(coPartitioned.sort(), [[2, ['b', 'x']], [4, ['d', 'y']], [4, ['d', 'z']]]);
    const mapStages = (i: number): number => events.jobStarts[i]!.stageInfos.filter((s) => s.kind === 'ShuffleMapStage').length;
    assert.equal(mapStages(0), 2, 'only the two partitionBy shuffles, none for the join');

    // The same join against an RDD without the partitioner needs a third shuffle.
    const unpartitioned = kc.parallelize([[2, 'x'], [4, 'y'], [4, 'z'], [5, 'w']] as Array<[number, string]>, 2);
    assert.deepEqual((await left.join(unpartitioned).collect()).sort(), coPartitioned.sort());
    assert.equal(mapStages(1), 2, 'left reuses its partitionBy shuffle; the other side is shuffled once');
    assert.deepEqual(events.stagesSubmitted.slice(-2).map((e) => e.stageInfo.kind), ['ShuffleMapStage', 'ResultStage'], 'and only that shuffle runs');
  });

  void test('toDebugString of a three-stage job shows its stages', async () => {
    const sorted = kc
      .parallelize(['b a', 'c b a'], 2)
      .flatMap((line: string) => line.split(' '))
      .map((w: string): [string, number] => [w, 1])
      .reduceByKey((a: number, b: number) => a + b)
      .map(([w, n]: [string, number]): [number, string] => [n, w])
      .sortByKey(false);
    const debug = sorted.toDebugString();
    const lines = debug.split('\n');
    // Spark's format: a stage boundary is a `+-` at a deeper indentation, one per shuffle.
    assert.match(lines[0]!, /^\(2\) ShuffledRDD\[\d+\] at sortByKey/);
    assert.equal(lines.filter((l) => l.includes('+-')).length, 2, debug);
    assert.match(debug, / \+-\(2\) MapPartitionsRDD\[\d+\] at map[^\n]*\n {4}\| {2}ShuffledRDD\[\d+\] at reduceByKey/);
    assert.match(debug, / {4}\+-\(2\) MapPartitionsRDD\[\d+\] at map[^\n]*\n {7}\| {2}MapPartitionsRDD\[\d+\] at flatMap[^\n]*\n {7}\| {2}ParallelCollectionRDD\[\d+\] at parallelize/);
    const result = await sorted.collect();
    assert.deepEqual(result.map(([n]) => n), [2, 2, 1], 'counts in descending order');
    assert.deepEqual(result.map(([, w]) => w).sort(), ['a', 'b', 'c']);
    const job = events.jobStarts.at(-1)!;
    assert.equal(job.stageInfos.length, 3, 'the job the debug string describes has three stages');
  });
});
