/**
 * The parts incremental state checkpoints write: a delta holds the levels added since
 * the previous checkpoint (tombstones included), never more; chain compaction stops at
 * the checkpoint a delta will be taken over, and a level compacted across it makes the
 * part a full one.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { MAX_DELTA_CHAIN, StateMap, stateEntries, type MapWithStateRecord } from './state-map.js';
import { levelsSnapshot, pairsSnapshot, partLevel, sliceOf } from './state-snapshot.js';

/** `batches` batches after an initial state of `initial` keys; batch b sets key `n${b}` and removes `k0` at batch 3. */
function run(initial: number, batches: number, compactThrough?: number): MapWithStateRecord<string, number, unknown> {
  const first = StateMap.empty<string, number>();
  for (let i = 0; i < initial; i++) first.put(`k${i}`, 0, 1000);
  let record = first.toRecord([], 1000);
  for (let b = 2; b <= batches; b++) {
    const map = StateMap.after(record, false, compactThrough);
    map.put(`n${b}`, b, b * 1000);
    if (b === 3) map.remove('k0');
    record = map.toRecord([], b * 1000);
  }
  return record;
}

void test('a delta part holds only the keys the batches after the base checkpoint set or removed', () => {
  const record = run(100, 6);
  const delta = levelsSnapshot(record.levels, 4000);
  assert.equal(delta.full, false);
  assert.deepEqual([...partLevel(delta).primitiveKeys.keys()].sort(), ['n5', 'n6']);
  const withRemoval = levelsSnapshot(record.levels, 2000);
  assert.equal(partLevel(withRemoval).primitiveKeys.get('k0'), null, 'a removed key is a tombstone in the delta');
  const full = levelsSnapshot(record.levels, null);
  assert.equal(full.full, true);
  assert.equal(partLevel(full).primitiveKeys.size, 100 + 5 - 1, 'a full part holds every live key once, no tombstones');
  assert.deepEqual([...stateEntries({ levels: [partLevel(full), partLevel(delta)], mappedData: [] })].length, 104);
});

void test(`chain compaction at ${MAX_DELTA_CHAIN} levels stops at the boundary, so the next part is still a delta; without a boundary it is full`, () => {
  const bounded = run(10, MAX_DELTA_CHAIN + 2, 10_000);
  assert.ok(bounded.levels.length < MAX_DELTA_CHAIN, `compacted: ${bounded.levels.length} levels`);
  assert.equal(bounded.levels[0]!.lastBatch, 10_000, 'the compacted level ends at the boundary');
  const delta = levelsSnapshot(bounded.levels, 10_000);
  assert.equal(delta.full, false);
  assert.deepEqual([...partLevel(delta).primitiveKeys.keys()].sort(), Array.from({ length: MAX_DELTA_CHAIN + 2 - 10 }, (_, i) => `n${i + 11}`).sort());

  const unbounded = run(10, MAX_DELTA_CHAIN + 2);
  assert.ok(levelsSnapshot(unbounded.levels, 10_000).full, 'a level compacted across the base cannot be split: the part is full');
});

void test('a full snapshot in slices: every live key in exactly one slice, slice 0 full and the others adding to it', () => {
  const record = run(1000, 5);
  const full = levelsSnapshot(record.levels, null);
  const slices = Array.from({ length: 4 }, (_, i) => levelsSnapshot(record.levels, null, i, 4));
  assert.deepEqual(slices.map((p) => p.full), [true, false, false, false]);
  const keys = slices.flatMap((p) => [...partLevel(p).primitiveKeys.keys()]);
  assert.equal(keys.length, partLevel(full).primitiveKeys.size, 'no key twice');
  assert.deepEqual(new Set(keys), new Set(partLevel(full).primitiveKeys.keys()));
  assert.ok(slices.every((p) => partLevel(p).primitiveKeys.size > 150), `slices are balanced: ${slices.map((p) => partLevel(p).primitiveKeys.size).join(' ')}`);
  assert.ok(slices.every((p) => partLevel(p).lastBatch === 5000), 'each slice keeps the batch tags, so the next delta can be taken over it');
  assert.equal(sliceOf(7, 4), 3);
  assert.equal(sliceOf('k1', 4), sliceOf('k1', 4));
});

void test('a pair-state full snapshot in slices: every key, composite ones included, in exactly one slice; slice 0 full', () => {
  const pairs: Array<[unknown, unknown]> = [...Array.from({ length: 400 }, (_, i): [unknown, unknown] => [`k${i}`, i]), ...Array.from({ length: 100 }, (_, i): [unknown, unknown] => [[i, 'x'], { n: i }])];
  const whole = pairsSnapshot(pairs[Symbol.iterator]());
  assert.equal(whole.full, true);
  const slices = Array.from({ length: 4 }, (_, i) => pairsSnapshot(pairs[Symbol.iterator](), i, 4));
  assert.deepEqual(slices.map((p) => p.full), [true, false, false, false]);
  const primitive = slices.flatMap((p) => [...partLevel(p).primitiveKeys.keys()]);
  const composite = slices.flatMap((p) => [...partLevel(p).compositeKeys.keys()]);
  assert.equal(primitive.length, 400, 'no primitive key twice or lost');
  assert.equal(composite.length, 100, 'no composite key twice or lost');
  assert.deepEqual(new Set(composite), new Set(partLevel(whole).compositeKeys.keys()));
  assert.ok(slices.every((p) => partLevel(p).primitiveKeys.size + partLevel(p).compositeKeys.size > 60), `balanced: ${slices.map((p) => partLevel(p).primitiveKeys.size + partLevel(p).compositeKeys.size).join(' ')}`);
});

void test('a part stores each key once with its update time as an index into a table of distinct times, and loads back to the same entries', () => {
  const record = run(1000, 6);
  const full = levelsSnapshot(record.levels, null);
  const stored = full.stored!;
  assert.equal(stored.keys.length, 1000 + 5 - 1);
  assert.deepEqual([...stored.times].sort((a, b) => a - b), [1000, 2000, 3000, 4000, 5000, 6000], 'one slot per distinct update time');
  assert.ok(stored.timeIndex.every((i) => i < stored.times.length));
  const live = new Map([...stateEntries(record)].map((e) => [e[0], e]));
  assert.deepEqual(new Map([...partLevel(full).primitiveKeys].map(([k, e]) => [k, e])), live);
  // A composite key comes back under its canonical string, with the original key in its entry.
  const map = StateMap.empty<unknown, number>();
  map.put(['a', 1], 7, 3000);
  map.put('b', 8, 3000);
  map.remove('gone');
  const level = partLevel(levelsSnapshot(map.toRecord([], 3000).levels, null));
  assert.deepEqual([...level.compositeKeys.values()], [[['a', 1], 7, 3000]]);
  assert.deepEqual(level.primitiveKeys.get('b'), ['b', 8, 3000]);
});

void test('chain compaction is size-tiered: a large oldest level is not copied until the levels above it hold half as many entries', () => {
  const tiered = run(1000, MAX_DELTA_CHAIN + 2);
  assert.equal(tiered.levels[0]!.primitiveKeys.size, 1000, 'the initial 1,000 keys stay in their own level');
  assert.equal(tiered.levels[0]!.lastBatch, 1000);
  assert.ok(tiered.levels.length < MAX_DELTA_CHAIN, `compacted: ${tiered.levels.length} levels`);
  assert.equal(partLevel(levelsSnapshot(tiered.levels, null)).primitiveKeys.size, 1000 + MAX_DELTA_CHAIN + 1 - 1, 'every live key once, k0 removed');
  // Small levels over a small oldest one: everything is merged, as before.
  const merged = run(10, MAX_DELTA_CHAIN + 2);
  assert.ok(merged.levels.length <= 3 && merged.levels[0]!.primitiveKeys.size > 10, `merged into the oldest level: ${merged.levels.map((l) => l.primitiveKeys.size).join(' ')}`);
});
