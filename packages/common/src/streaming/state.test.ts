/**
 * The State a mapWithState function sees (Spark's StateImpl rules), and the state
 * record as checkpoints store it: both record serializers must give back the Maps,
 * composite keys and undefined results exactly.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { IllegalStateError } from '../errors/index.js';
import { MsgpackSerializer } from '../serializer/msgpack-serializer.js';
import { V8Serializer } from '../serializer/v8-serializer.js';
import { MAX_DELTA_CHAIN, StateMap, stateEntries } from './state-map.js';
import { StateImpl } from './state.js';

void test('State: get without a state, and update or remove at the wrong time, fail with Spark\'s messages', () => {
  const state = new StateImpl<number>();
  state.wrap(false, undefined);
  assert.equal(state.exists(), false);
  assert.equal(state.getOption(), undefined);
  assert.throws(() => state.get(), (e: unknown) => e instanceof IllegalStateError && e.message === 'State is not set');
  state.update(3);
  assert.equal(state.get(), 3);
  assert.equal(state.isUpdated(), true);
  state.remove();
  assert.equal(state.exists(), false);
  assert.equal(state.isRemoved(), true);
  assert.throws(() => state.update(4), /^.*Cannot update the state after it has been removed$/);
  assert.throws(() => state.remove(), /Cannot remove the state that has already been removed/);

  state.wrapTimingOut(7);
  assert.equal(state.isTimingOut(), true);
  assert.equal(state.get(), 7);
  assert.throws(() => state.update(8), /Cannot update the state that is timing out/);
  assert.throws(() => state.remove(), /Cannot remove the state that is timing out/);

  state.wrap(true, 9);
  assert.deepEqual([state.exists(), state.get(), state.isTimingOut(), state.isUpdated(), state.isRemoved()], [true, 9, false, false, false]);
});

void test('StateMap: a batch adds a level and never changes the previous record; lookups, removals and timeouts see the newest entry of each key', () => {
  const first = StateMap.empty<unknown, number>();
  first.put('a', 1, 1000);
  first.put(['v', 1], 2, 1000);
  first.put('b', 4, 1000);
  const record1 = first.toRecord(['x']);
  const second = StateMap.after<unknown, number>(record1, false);
  second.put('a', 5, 2000);
  second.put(['v', 1], 6, 2000);
  second.remove('a');
  second.remove('b');
  second.put({ k: 1 }, 3, 2000);
  assert.deepEqual([...stateEntries(record1)], [['a', 1, 1000], ['b', 4, 1000], [['v', 1], 2, 1000]], 'the previous record is unchanged');
  assert.equal(second.get(['v', 1])?.[1], 6, 'composite keys match by structure');
  assert.equal(second.get('a'), undefined);
  assert.equal(second.get('b'), undefined, 'a tombstone hides the older level');
  const record2 = second.toRecord([]);
  assert.equal(record2.levels.length, 2);
  assert.deepEqual([...stateEntries(record2)].map((e) => [e[0], e[1]]), [[['v', 1], 6], [{ k: 1 }, 3]]);

  const third = StateMap.after<unknown, number>(record2, false);
  third.put('c', 7, 3000);
  // Only the newest entry of a key can time out, and a removed key never does.
  assert.deepEqual(third.updatedBefore(2001).map((e) => e[0]), [['v', 1], { k: 1 }]);
  assert.deepEqual(third.updatedBefore(1500), []);

  const compacted = StateMap.after<unknown, number>(record2, true).toRecord([]);
  assert.equal(compacted.levels.length, 1);
  assert.deepEqual([...stateEntries(compacted)], [...stateEntries(record2)]);
  assert.equal(compacted.levels[0]!.minUpdatedAt, 2000);
});

void test('StateMap: a key set several times in a batch is one entry of that batch; entries older records share are never changed', () => {
  const first = StateMap.empty<string, number>();
  for (let v = 1; v <= 3; v++) {
    first.get('a');
    first.put('a', v, 1000);
  }
  const record1 = first.toRecord([]);
  assert.deepEqual([...stateEntries(record1)], [['a', 3, 1000]]);

  const second = StateMap.after(record1, false);
  for (const v of [10, 11]) {
    assert.equal(second.get('a')?.[1], v === 10 ? 3 : 10);
    second.put('a', v, 2000);
  }
  // Removed, then set again: a new entry, not the removed one changed.
  second.get('a');
  second.remove('a');
  second.put('a', 12, 2000);
  assert.equal(second.get('a')?.[1], 12);
  const record2 = second.toRecord([]);
  assert.deepEqual([...stateEntries(record1)], [['a', 3, 1000]], 'the previous record is unchanged');
  assert.deepEqual([...stateEntries(record2)], [['a', 12, 2000]]);

  // A compacted batch starts from a merge whose entries record2 shares: it must copy, not change them.
  const third = StateMap.after(record2, true);
  assert.equal(third.get('a')?.[1], 12);
  third.put('a', 20, 3000);
  assert.equal(third.get('a')?.[1], 20);
  assert.deepEqual([...stateEntries(record2)], [['a', 12, 2000]], 'the record before the compaction is unchanged');
  assert.deepEqual([...stateEntries(third.toRecord([]))], [['a', 20, 3000]]);
});

void test(`StateMap: a chain of ${MAX_DELTA_CHAIN} levels is compacted into one by the next batch`, () => {
  let record = StateMap.empty<string, number>().toRecord([]);
  for (let batch = 1; batch < MAX_DELTA_CHAIN; batch++) {
    const map = StateMap.after(record, false);
    map.put(`k${batch % 3}`, batch, batch * 1000);
    record = map.toRecord([]);
  }
  assert.equal(record.levels.length, MAX_DELTA_CHAIN);
  const next = StateMap.after(record, false).toRecord([]);
  assert.equal(next.levels.length, 1);
  assert.deepEqual([...stateEntries(next)].sort(), [...stateEntries(record)].sort());
});

void test('a state record survives both record serializers: Maps, key kinds, composite keys, undefined results', () => {
  const map = StateMap.empty<unknown, unknown>();
  for (const key of ['s', 42, true, null, -1.5, ['v', 2], { video: 'x', hour: 3 }]) map.put(key, { count: 1, last: 'y' }, 5000);
  map.put('gone', 1, 4000);
  const next = StateMap.after(map.toRecord([]), false);
  next.remove('gone');
  const record = next.toRecord([undefined, ['s', 1], null]);
  for (const serializer of [new MsgpackSerializer(), new V8Serializer()]) {
    const [back] = serializer.deserializeBatch(serializer.serializeBatch([record])) as [typeof record];
    assert.ok(back.levels.every((l) => l.primitiveKeys instanceof Map && l.compositeKeys instanceof Map), serializer.name);
    assert.deepEqual([...stateEntries(back)], [...stateEntries(record)], serializer.name);
    assert.deepEqual(back.mappedData, [undefined, ['s', 1], null], serializer.name);
    assert.deepEqual(StateMap.after(back, false).get({ hour: 3, video: 'x' })?.[1], { count: 1, last: 'y' }, serializer.name);
    assert.equal(StateMap.after(back, false).get('gone'), undefined, `${serializer.name}: a tombstone stays a tombstone`);
  }
});
