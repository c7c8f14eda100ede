/**
 * The partition functions of the stateful stream operators, as builtins so that
 * executors rebuild them by name from a task plan (functions/builtins.ts):
 *
 * - `streaming.mappedData`, `streaming.stateSnapshots`, `streaming.stateEntries`:
 *   read a MapWithStateRDD's records — what the mapping function returned, the
 *   `[key, state]` pairs, or the full `[key, [state, updatedAt]]` entries;
 * - `streaming.stateMapFromPairs(updateTime)`, `streaming.stateMapFromEntries`: build
 *   a partition's state record from an initial state RDD, or from entries re-partitioned
 *   under a new partitioner;
 * - `streaming.updateState.*(update)`: updateStateByKey's per-key update over a
 *   cogroup of the previous state with the batch, over the batch alone (first batch),
 *   or over the state alone (no batch RDD). `update(values, state)` returning
 *   undefined drops the key.
 */
import { registerBuiltin } from '../functions/index.js';
import { StateMap, stateEntries, type MapWithStateRecord } from './state-map.js';

type Records<T> = Iterator<T>;
type Update = (values: unknown[], state: unknown) => unknown;
type Record = MapWithStateRecord<unknown, unknown, unknown>;

// A state partition is one record, so its mapped data is handed on as the array it
// is: an array iterator per partition instead of a generator step per record.
registerBuiltin('streaming.mappedData', () => (records: Records<Record>): readonly unknown[] => {
  const first = records.next();
  if (first.done === true) return [];
  let second = records.next();
  if (second.done === true) return first.value.mappedData;
  const all = [...first.value.mappedData];
  for (; second.done !== true; second = records.next()) for (const e of second.value.mappedData) all.push(e);
  return all;
});

registerBuiltin('streaming.stateSnapshots', () =>
  function* stateSnapshots(records: Records<Record>) {
    for (let r = records.next(); r.done !== true; r = records.next()) {
      for (const [key, state] of stateEntries(r.value)) yield [key, state];
    }
  },
);

registerBuiltin('streaming.stateEntries', () =>
  function* entries(records: Records<Record>) {
    for (let r = records.next(); r.done !== true; r = records.next()) {
      for (const [key, state, updatedAt] of stateEntries(r.value)) yield [key, [state, updatedAt]];
    }
  },
);

registerBuiltin('streaming.stateMapFromPairs', (updateTime: number) => (pairs: Records<[unknown, unknown]>) => {
  const map = StateMap.empty<unknown, unknown>();
  for (let r = pairs.next(); r.done !== true; r = pairs.next()) map.put(r.value[0], r.value[1], updateTime);
  return [map.toRecord([], updateTime)];
});

registerBuiltin('streaming.stateMapFromEntries', (batchTime?: number) => (entries: Records<[unknown, [unknown, number]]>) => {
  const map = StateMap.empty<unknown, unknown>();
  for (let r = entries.next(); r.done !== true; r = entries.next()) map.put(r.value[0], r.value[1][0], r.value[1][1]);
  return [map.toRecord([], batchTime)];
});

registerBuiltin('streaming.updateState.cogrouped', (update: Update) =>
  function* updateCogrouped(records: Records<[unknown, [unknown[], unknown[]]]>) {
    for (let r = records.next(); r.done !== true; r = records.next()) {
      const [key, [states, values]] = r.value;
      const next = update(values, states.length === 0 ? undefined : states[0]);
      if (next !== undefined) yield [key, next];
    }
  },
);

registerBuiltin('streaming.updateState.grouped', (update: Update) =>
  function* updateGrouped(records: Records<[unknown, unknown[]]>) {
    for (let r = records.next(); r.done !== true; r = records.next()) {
      const next = update(r.value[1], undefined);
      if (next !== undefined) yield [r.value[0], next];
    }
  },
);

registerBuiltin('streaming.updateState.stateOnly', (update: Update) =>
  function* updateStateOnly(records: Records<[unknown, unknown]>) {
    for (let r = records.next(); r.done !== true; r = records.next()) {
      const next = update([], r.value[1]);
      if (next !== undefined) yield [r.value[0], next];
    }
  },
);
