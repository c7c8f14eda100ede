/**
 * Issue 9, the stateful operators: updateStateByKey and mapWithState (timeouts,
 * initial state, numPartitions, stateSnapshots), each compared batch by batch with a
 * direct computation over the same input on a manual clock; checkpoints every
 * interval with bounded lineage; and the errors Spark gives. Runs on local-inprocess,
 * and on local[2] through stateful-operators-on-local-cluster.integration.test.ts.
 */
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { test } from 'node:test';
import { InvalidArgumentError, MapWithStateRDD, StateSnapshotRDD, stateEntries, type MapWithStateRecord, type RDD, type State } from '@kindling/common';
import { readStateChain, stateCheckpointRoot } from './checkpoint/state-checkpoint-files.js';
import './index.js';
import type { DStream } from './dstream.js';
import { StateSpec } from './state-spec.js';
import { collectOutput } from './testing/test-output.js';
import { TestInputDStream } from './testing/test-input-dstream.js';
import { runBatches, withStreamingTest } from './testing/streaming-test-harness.js';

type Pair = [string, number];
/** Records in a canonical order: by their JSON form (keys first, as every record here starts with its key). */
const byKey = (a: unknown, b: unknown): number => JSON.stringify(a).localeCompare(JSON.stringify(b));

/** Batches of [key, delta]: keys come and go; 'x' sums to zero at batch 4 (removed), comes back at batch 7. */
const deltas: Pair[][] = [
  [['a', 1], ['b', 2], ['a', 1], ['x', 3]],
  [['a', 1], ['c', 5]],
  [],
  [['x', -3], ['b', 1], ['d', 1]],
  [['a', 2], ['c', -1]],
  [['e', 1], ['e', 1], ['e', 1]],
  [['x', 4]],
  [['b', -3], ['a', 1]],
  [],
  [['c', 1], ['f', 2]],
  [['a', 1]],
  [['g', 1], ['x', -4]],
];

/** The running sums updateStateByKey must give: a key whose sum reaches 0 or less is dropped. */
function directRunningSums(batches: readonly Pair[][], initial: readonly Pair[] = []): Pair[][] {
  const state = new Map<string, number>(initial);
  const out: Pair[][] = [];
  for (const batch of batches) {
    const values = new Map<string, number[]>();
    for (const [k, v] of batch) values.set(k, [...(values.get(k) ?? []), v]);
    for (const key of new Set([...state.keys(), ...values.keys()])) {
      const sum = (state.get(key) ?? 0) + (values.get(key) ?? []).reduce((a, b) => a + b, 0);
      if (sum <= 0) state.delete(key);
      else state.set(key, sum);
    }
    out.push([...state].sort(byKey));
  }
  return out;
}

const runningSum = (values: number[], state: number | undefined): number | undefined => {
  const sum = (state ?? 0) + values.reduce((a, b) => a + b, 0);
  return sum <= 0 ? undefined : sum;
};

void test('updateStateByKey keeps running sums over 12 batches, drops keys whose update returns undefined, and accepts numPartitions and an initial RDD', async () => {
  await withStreamingTest({ checkpoint: true }, async ({ kc, ssc, clock }) => {
    const input = new TestInputDStream<Pair>(ssc, deltas);
    const sums = collectOutput(input.updateStateByKey(runningSum), byKey);
    const initial: Pair[] = [['a', 100], ['z', 7]];
    const seeded = input.updateStateByKey(runningSum, 3, kc.parallelize(initial, 2));
    const seededOut = collectOutput(seeded, byKey);
    ssc.start();
    await runBatches(ssc, clock, deltas.length);
    assert.deepEqual(sums.batches(), directRunningSums(deltas));
    assert.deepEqual(seededOut.batches(), directRunningSums(deltas, initial));
    assert.ok(!sums.batches()[4]!.some(([k]) => k === 'x'), 'x summed to 0 in batch 4 and was dropped');
    assert.ok(sums.batches()[6]!.some(([k, v]) => k === 'x' && v === 4), 'x came back in batch 7 from nothing');
    const last = seeded.generatedRDDs.get(deltas.length * 1000)!;
    assert.equal(last.getNumPartitions(), 3);
  });
});

/** What mapWithState's function returns, as the tests' mapping function builds it. */
type Mapped = [string, string, number];

/** Counts per key; removes a key on a negative value; reports the key and its count when it times out. */
export function countWithTimeout(key: string, value: number | undefined, state: State<number>): Mapped {
  if (state.isTimingOut()) return [key, 'timeout', state.get()];
  if (value! < 0) {
    state.remove();
    return [key, 'removed', 0];
  }
  const count = (state.getOption() ?? 0) + value!;
  state.update(count);
  return [key, 'count', count];
}

/**
 * The same semantics computed directly: per batch, the records in order, then every
 * key last updated more than `timeoutMs` before the batch time times out once.
 */
function directMapWithState(batches: readonly Pair[][], batchMs: number, timeoutMs: number | undefined, initial: readonly Pair[] = []) {
  const state = new Map<string, { count: number; updatedAt: number }>(initial.map(([k, v]) => [k, { count: v, updatedAt: batchMs }]));
  const mapped: Mapped[][] = [];
  const snapshots: Pair[][] = [];
  batches.forEach((batch, i) => {
    const time = (i + 1) * batchMs;
    const out: Mapped[] = [];
    for (const [key, value] of batch) {
      if (value < 0) {
        state.delete(key);
        out.push([key, 'removed', 0]);
        continue;
      }
      const count = (state.get(key)?.count ?? 0) + value;
      state.set(key, { count, updatedAt: time });
      out.push([key, 'count', count]);
    }
    if (timeoutMs !== undefined) {
      for (const [key, s] of [...state]) {
        if (s.updatedAt < time - timeoutMs) {
          out.push([key, 'timeout', s.count]);
          state.delete(key);
        }
      }
    }
    mapped.push(out.sort(byKey));
    snapshots.push([...state].map(([k, s]): Pair => [k, s.count]).sort(byKey));
  });
  return { mapped, snapshots };
}

/** Keys go idle for different spans: 'b' last seen in batch 2, 'c' in batch 1, 'a' every other batch. */
const plays: Pair[][] = [
  [['a', 1], ['b', 1], ['c', 1]],
  [['b', 2]],
  [['a', 1]],
  [],
  [['a', 1], ['d', 1]],
  [['d', -1]],
  [['a', 1]],
  [],
  [],
  [['b', 1]],
];

void test('mapWithState, compared batch by batch with a direct computation (one streaming context, three graphs)', async (t) => {
  // One context for the three graphs: on local[2] each context starts two executor
  // processes, and these graphs are independent outputs of the same batches.
  await withStreamingTest({ checkpoint: true }, async ({ kc, ssc, clock }) => {
    const input = new TestInputDStream<Pair>(ssc, plays);
    const withTimeout = input.mapWithState(StateSpec.function(countWithTimeout).timeout(3000));
    const timeoutMapped = collectOutput(withTimeout, byKey);
    const timeoutSnapshots = collectOutput(withTimeout.stateSnapshots(), byKey);

    const initial: Pair[] = [['a', 10], ['z', 5]];
    const seeded = input.mapWithState(StateSpec.function(countWithTimeout).initialState(kc.parallelize(initial, 2)).numPartitions(3));
    const seededMapped = collectOutput(seeded, byKey);
    const seededSnapshots = collectOutput(seeded.stateSnapshots(), byKey);

    const composite = new TestInputDStream<[[string, number], number]>(ssc, [[[['v', 1], 1], [['v', 2], 1]], [[['v', 1], 1]]]).mapWithState(
      StateSpec.function((key: [string, number], value: number | undefined, state: State<number>) => {
        const n = (state.getOption() ?? 0) + (value ?? 0);
        state.update(n);
        return n > 1 ? undefined : key;
      }),
    );
    const compositeMapped = collectOutput(composite);
    const compositeSnapshots = collectOutput(composite.stateSnapshots(), byKey);

    // Batches with no data RDD at all (not an empty one): the state carries over, and still times out.
    const gappy: Pair[][] = [[], [['a', 1], ['b', 1]], [], [['a', 1]], [], [], [], [], [], []];
    const gaps = new Set([0, 2, 4, 5]);
    const sometimes = new (class extends TestInputDStream<Pair> {
      override compute(time: number): Promise<RDD<Pair> | undefined> {
        return gaps.has((time - this.zeroTime!) / 1000 - 1) ? Promise.resolve(undefined) : super.compute(time);
      }
    })(ssc, gappy).mapWithState(StateSpec.function(countWithTimeout).timeout(2000));
    const sometimesMapped = collectOutput(sometimes, byKey);
    const sometimesSnapshots = collectOutput(sometimes.stateSnapshots(), byKey);

    ssc.start();
    await runBatches(ssc, clock, plays.length);

    await t.test('a batch without a data RDD keeps the state, and keys still time out then', () => {
      const expected = directMapWithState(gappy, 1000, 2000);
      assert.deepEqual(sometimesMapped.batches(), expected.mapped);
      assert.deepEqual(sometimesSnapshots.batches(), expected.snapshots);
      assert.deepEqual(sometimesMapped.batches()[4], [['b', 'timeout', 1]], 'b (updated at 2000) times out at 5000, a batch without data');
    });

    await t.test('with a timeout, a key idle past it is called exactly once with isTimingOut() and dropped; stateSnapshots gives the full state each batch', () => {
      const expected = directMapWithState(plays, 1000, 3000);
      assert.deepEqual(timeoutMapped.batches(), expected.mapped);
      assert.deepEqual(timeoutSnapshots.batches(), expected.snapshots);
      const timeouts = timeoutMapped.timedBatches().flatMap(({ time, records }) => records.filter((r) => r[1] === 'timeout').map((r) => [r[0], time]));
      // c: updated at 1000, idle > 3 s first at 5000; b: updated at 2000 → 6000; a: updated at 7000 → 11000 (after the run).
      assert.deepEqual(timeouts, [['c', 5000], ['b', 6000]]);
      assert.ok(!timeoutSnapshots.batches()[5]!.some(([k]) => k === 'b' || k === 'c'), 'timed-out keys are gone from the state');
      assert.deepEqual(timeoutMapped.batches()[9], [['b', 'count', 1]], 'b starts again from nothing after its timeout');
    });

    await t.test('without a timeout idle keys stay; initialState seeds the first batch; numPartitions sets the state partitions', () => {
      const expected = directMapWithState(plays, 1000, undefined, initial);
      assert.deepEqual(seededMapped.batches(), expected.mapped);
      assert.deepEqual(seededSnapshots.batches(), expected.snapshots);
      assert.deepEqual(seededMapped.batches()[0]![0], ['a', 'count', 11], 'a continues from its initial state');
      assert.equal(seeded.internalStream.generatedRDDs.get(plays.length * 1000)!.getNumPartitions(), 3);
    });

    await t.test('undefined results are kept as records, and composite keys match by structure', () => {
      assert.deepEqual(compositeMapped.batches().map((b) => b.length), [2, 1, 0, 0, 0, 0, 0, 0, 0, 0]);
      assert.deepEqual(compositeMapped.batches()[1], [undefined]);
      assert.deepEqual(compositeSnapshots.batches()[1], [[['v', 1], 2], [['v', 2], 1]]);
      assert.deepEqual(compositeSnapshots.batches()[9], [[['v', 1], 2], [['v', 2], 1]]);
    });
  });
});

/** Tests of the graph alone (settings, validation) run no batch: executor processes would add nothing. */
const graphOnly = 'local-inprocess';

/** How many state RDDs of `kind` the lineage of `rdd` reaches (through any dependency). */
function stateRddsInLineage(rdd: RDD<unknown>, kind: string): number {
  const seen = new Set<RDD<unknown>>();
  const stack = [rdd];
  let n = 0;
  while (stack.length > 0) {
    const next = stack.pop()!;
    if (seen.has(next)) continue;
    seen.add(next);
    if (next.kind === kind) n++;
    for (const dep of next.dependencies) stack.push(dep.rdd);
  }
  return n;
}

/** Counts per key, keeping the random token drawn when the key's state was created. */
export function countWithToken(key: string, value: number | undefined, state: State<{ count: number; token: number }>): string {
  const previous = state.getOption();
  state.update({ count: (previous?.count ?? 0) + (value ?? 0), token: previous?.token ?? Math.random() });
  return key;
}

void test('over 30 batches: state read from the cache every batch, checkpoints every interval holding the state, bounded lineage', async (t) => {
  // The locality wait is long so that a slow, loaded machine cannot send a task away
  // from the executor holding the previous state (which would recompute it).
  await withStreamingTest({ checkpoint: true, conf: { 'kindling.locality.wait': '60s' } }, async ({ kc, ssc, clock }) => {
    const batches: Pair[][] = Array.from({ length: 30 }, (_, i) => [[`k${i % 7}`, 1], ['all', 1], [`n${i}`, 1]]);
    const input = new TestInputDStream<Pair>(ssc, batches);
    const stream = input.mapWithState(StateSpec.function(countWithTimeout));
    const mapped = collectOutput(stream, byKey);
    const sums = input.updateStateByKey(runningSum);
    const sumsOut = collectOutput(sums, byKey);
    const tokenSnapshots = collectOutput(input.mapWithState(StateSpec.function(countWithToken)).stateSnapshots(), byKey);
    ssc.start();
    await runBatches(ssc, clock, batches.length);

    await t.test('each batch reads the previous state from the cache (on local[2]: on the executor holding it) or its checkpoint, never recomputing it', () => {
      // A state draws a random token when it is created. Were a state partition ever
      // recomputed from its lineage, its keys would get new tokens.
      const tokens = new Map<string, number>();
      for (const [i, snapshot] of tokenSnapshots.batches().entries()) {
        assert.equal(snapshot.length, Math.min(i + 1, 7) + 1 + i + 1, `batch ${i + 1}: every key so far`);
        for (const [key, { token }] of snapshot) {
          const first = tokens.get(key) ?? token;
          tokens.set(key, first);
          assert.equal(token, first, `batch ${i + 1}: the state of ${key} was recomputed`);
        }
      }
    });

    await t.test('checkpoints every interval hold the state; lineage stays bounded', async () => {
      assert.deepEqual(mapped.batches(), directMapWithState(batches, 1000, undefined).mapped);
      assert.deepEqual(sumsOut.batches(), directRunningSums(batches));

      const internal = stream.internalStream;
      assert.equal(internal.checkpointDuration?.milliseconds, 10_000, 'mapWithState: ten batches');
      assert.equal(sums.checkpointDuration?.milliseconds, 10_000, 'updateStateByKey: 10 s');
      for (const stateStream of [internal, sums] as DStream<unknown>[]) {
        // Remembered for twice the checkpoint interval: batches 11..30.
        assert.deepEqual([...stateStream.generatedRDDs.keys()].sort((a, b) => a - b), Array.from({ length: 20 }, (_, i) => (i + 11) * 1000));
        for (const [time, rdd] of stateStream.generatedRDDs) {
          assert.equal(rdd.isCheckpointed(), time % 10_000 === 0, `${stateStream.kind} at ${time}: checkpointed iff on the interval`);
        }
        // Written after each checkpoint batch, in the background: a full snapshot, then deltas.
        const root = stateCheckpointRoot(ssc.checkpointDir!, stateStream.uid);
        for (const name of ['state-10000-full', 'state-20000-delta', 'state-30000-delta']) {
          // A full snapshot (mapWithState's and updateStateByKey's alike) is written in slices, complete once `_slices` is.
          const marker = name.endsWith('-full') ? '_slices' : '_metadata';
          assert.ok(existsSync(fileURLToPath(`${root}/${name}/${marker}`)), `${stateStream.kind}: ${name} is complete`);
        }
      }
      // The last state RDD reaches back to the checkpoint at 30 s only; batch 29's to the one at 20 s.
      assert.equal(stateRddsInLineage(internal.generatedRDDs.get(30_000)!, 'MapWithStateRDD'), 1);
      assert.equal(stateRddsInLineage(internal.generatedRDDs.get(29_000)!, 'MapWithStateRDD'), 10);
      // updateStateByKey: one cogroup per batch since the last checkpoint.
      assert.equal(stateRddsInLineage(sums.generatedRDDs.get(30_000)!, 'CoGroupedRDD'), 0);
      assert.equal(stateRddsInLineage(sums.generatedRDDs.get(29_000)!, 'CoGroupedRDD'), 9);

      // The checkpoint files hold the state itself: Maps of [key, state, updatedAt] survive
      // the serializer; the chain is the full snapshot at 10 s and the deltas at 20 and 30 s.
      const checkpointed = internal.generatedRDDs.get(30_000)!;
      const chain = await readStateChain(`${stateCheckpointRoot(ssc.checkpointDir!, internal.uid)}/state-30000-delta`, kc.logger);
      assert.deepEqual(chain.names, ['state-10000-full', 'state-20000-delta', 'state-30000-delta']);
      const records = await new StateSnapshotRDD<MapWithStateRecord<string, number, unknown>>(kc, chain.dirs, 'levels', internal.partitioner).collect();
      assert.equal(records.length, checkpointed.getNumPartitions());
      // One level per directory: the full snapshot's slices (kindling.streaming.state.fullSnapshotSlices), then each delta.
      assert.equal(chain.dirs.length, 8 + 2);
      assert.ok(records.every((r) => r.levels.length === chain.dirs.length), 'one level per directory of the chain');
      // The delta at 30 s holds the keys batches 21–30 touched: 'all', the k* keys and n20..n29 — not n0..n19.
      const delta = new Set(records.flatMap((r) => [...r.levels.at(-1)!.primitiveKeys.keys()]));
      assert.ok(delta.has('all') && delta.has('n29') && !delta.has('n19'), `delta keys: ${[...delta].join(' ')}`);
      const state = new Map(records.flatMap((r) => [...stateEntries(r)].map(([k, s, t]) => [k, [s, t]] as const)));
      assert.deepEqual(state.get('all'), [30, 30_000]);
      assert.deepEqual(state.get('k0'), [5, 29_000]);
      assert.equal(state.size, 38);
      assert.ok(checkpointed instanceof MapWithStateRDD);
    });
  });
});

void test('default checkpoint intervals: mapWithState ten batches (100 ms → 1 s, 1 s → 10 s, 10 s → 100 s), updateStateByKey the first multiple of 10 s', async () => {
  for (const [batchMs, mapWithStateMs, updateStateMs] of [
    [100, 1000, 10_000],
    [1000, 10_000, 10_000],
    [10_000, 100_000, 10_000],
    [3000, 30_000, 12_000],
  ] as const) {
    await withStreamingTest({ checkpoint: true, batchMs, master: graphOnly }, async ({ ssc }) => {
      const input = new TestInputDStream<Pair>(ssc, []);
      const mapped = input.mapWithState(StateSpec.function(countWithTimeout));
      const sums = input.updateStateByKey(runningSum);
      collectOutput(mapped);
      collectOutput(sums);
      ssc.start();
      assert.equal(mapped.internalStream.checkpointDuration?.milliseconds, mapWithStateMs, `mapWithState, batch ${batchMs} ms`);
      assert.equal(sums.checkpointDuration?.milliseconds, updateStateMs, `updateStateByKey, batch ${batchMs} ms`);
      // An explicit interval on the mapped stream goes to the state stream (as Spark).
    });
  }
  await withStreamingTest({ checkpoint: true, master: graphOnly }, async ({ ssc }) => {
    const mapped = new TestInputDStream<Pair>(ssc, []).mapWithState(StateSpec.function(countWithTimeout)).checkpoint(4000);
    collectOutput(mapped);
    ssc.start();
    assert.equal(mapped.internalStream.checkpointDuration?.milliseconds, 4000);
    assert.equal(mapped.checkpointDuration, undefined);
  });
});

void test('stateful operators without a checkpoint directory fail at start with Spark\'s message', async () => {
  const message = /^The checkpoint directory has not been set\. Please set it by StreamingContext\.checkpoint\(\)\.$/;
  await withStreamingTest({ master: graphOnly }, async ({ ssc }) => {
    collectOutput(new TestInputDStream<Pair>(ssc, [[['a', 1]]]).updateStateByKey(runningSum));
    assert.throws(() => ssc.start(), (e: unknown) => e instanceof InvalidArgumentError && message.test(e.message));
  });
  await withStreamingTest({ master: graphOnly }, async ({ ssc }) => {
    collectOutput(new TestInputDStream<Pair>(ssc, [[['a', 1]]]).mapWithState(StateSpec.function(countWithTimeout)).stateSnapshots());
    assert.throws(() => ssc.start(), (e: unknown) => e instanceof InvalidArgumentError && message.test(e.message));
  });
});

void test('bad arguments to the stateful operators fail at once with one line saying what to pass', async () => {
  await withStreamingTest({ checkpoint: true, master: graphOnly }, async ({ ssc }) => {
    const input = new TestInputDStream<Pair>(ssc, []);
    assert.throws(() => input.mapWithState(countWithTimeout as never), /mapWithState expects a StateSpec, e\.g\. mapWithState\(StateSpec\.function/);
    assert.throws(() => StateSpec.function(countWithTimeout).numPartitions(0), /StateSpec\.numPartitions must be a positive integer, got 0/);
    assert.throws(() => StateSpec.function(countWithTimeout).timeout(0), /StateSpec timeout must be positive/);
    assert.throws(() => StateSpec.function('f' as never), /StateSpec\.function expects a mapping function/);
    assert.throws(() => input.updateStateByKey(runningSum, 1.5), /updateStateByKey: numPartitions must be a positive integer or a Partitioner, got 1\.5/);
    const limit = 3;
    assert.throws(() => input.updateStateByKey((values: number[]) => (values.length > limit ? 1 : undefined)), /limit/);
  });
});
