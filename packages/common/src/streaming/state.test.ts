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
import { StateMap, stateEntries } from './state-map.js';
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

void test('StateMap: a copy never changes the record it was copied from, and composite keys match by structure', () => {
  const first = StateMap.empty<unknown, number>();
  first.put('a', 1, 1000);
  first.put(['v', 1], 2, 1000);
  const record = first.toRecord(['x']);
  const second = StateMap.copyOf<unknown, number>(record);
  second.put('a', 5, 2000);
  second.put(['v', 1], 6, 2000);
  second.remove('a');
  second.put({ k: 1 }, 3, 2000);
  assert.deepEqual([...stateEntries(record)], [['a', 1, 1000], [['v', 1], 2, 1000]]);
  assert.equal(second.get(['v', 1])?.[1], 6);
  assert.equal(second.get('a'), undefined);
  assert.deepEqual(second.updatedBefore(2000), []);
  assert.deepEqual(StateMap.copyOf(record).updatedBefore(1001).map((e) => e[0]), ['a', ['v', 1]]);
});

void test('a state record survives both record serializers: Maps, key kinds, composite keys, undefined results', () => {
  const map = StateMap.empty<unknown, unknown>();
  for (const key of ['s', 42, true, null, -1.5, ['v', 2], { video: 'x', hour: 3 }]) map.put(key, { count: 1, last: 'y' }, 5000);
  const record = map.toRecord([undefined, ['s', 1], null]);
  for (const serializer of [new MsgpackSerializer(), new V8Serializer()]) {
    const [back] = serializer.deserializeBatch(serializer.serializeBatch([record])) as [typeof record];
    assert.ok(back.primitiveKeys instanceof Map && back.compositeKeys instanceof Map, serializer.name);
    assert.deepEqual([...stateEntries(back)], [...stateEntries(record)], serializer.name);
    assert.deepEqual(back.mappedData, [undefined, ['s', 1], null], serializer.name);
    assert.deepEqual(StateMap.copyOf(back).get({ hour: 3, video: 'x' })?.[1], { count: 1, last: 'y' }, serializer.name);
  }
});
