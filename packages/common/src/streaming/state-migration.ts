/**
 * State evolution (docs/DESIGN.md §11): the builtins that migrate a stateful
 * operator's checkpointed state, written under an older state version, to the
 * version the running code declares, with the user's `migrate(state, fromVersion, key)`.
 * Returning undefined drops the key.
 *
 * - `streaming.migrateStateEntries(migrate, fromVersion)`: a mapWithState partition's
 *   record to `[key, [state, updatedAt]]` entries with each state migrated (the
 *   timeout clock, `updatedAt`, is kept), for `streaming.stateMapFromEntries`;
 * - `streaming.migrateStatePairs(migrate, fromVersion)`: updateStateByKey's
 *   `[key, state]` pairs.
 *
 * Both keep every key in its partition, so the partitioner still holds.
 */
import { registerBuiltin } from '../functions/index.js';
import { stateEntries, type MapWithStateRecord } from './state-map.js';

type Migrate = (state: unknown, fromVersion: number, key: unknown) => unknown;
type Record = MapWithStateRecord<unknown, unknown, unknown>;

registerBuiltin('streaming.migrateStateEntries', (migrate: Migrate, fromVersion: number) =>
  function* migrateStateEntries(records: Iterator<Record>) {
    for (let r = records.next(); r.done !== true; r = records.next()) {
      for (const [key, state, updatedAt] of stateEntries(r.value)) {
        const migrated = migrate(state, fromVersion, key);
        if (migrated !== undefined) yield [key, [migrated, updatedAt]];
      }
    }
  },
);

registerBuiltin('streaming.migrateStatePairs', (migrate: Migrate, fromVersion: number) =>
  function* migrateStatePairs(records: Iterator<[unknown, unknown]>) {
    for (let r = records.next(); r.done !== true; r = records.next()) {
      const migrated = migrate(r.value[1], fromVersion, r.value[0]);
      if (migrated !== undefined) yield [r.value[0], migrated];
    }
  },
);
