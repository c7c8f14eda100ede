/**
 * State evolution (docs/DESIGN.md §11): a stateful operator may declare the version
 * of its state's shape and how to migrate older state to it,
 *
 *   StateSpec.function(trackHits).stateVersion(2, migrateHits)        // mapWithState
 *   pairs.updateStateByKey(update).stateVersion(2, migrateSums)       // updateStateByKey
 *
 * `migrate(state, fromVersion, key)` is called once per key whose checkpointed state
 * was written under an older version (`fromVersion`, from 1 up), and returns the state
 * in the new shape, or undefined to drop the key. It runs on the executors, so it
 * follows the rules of every function given to an operator (an export of the job, a
 * lambda over its parameters, or `capture`). Migration is eager: the whole restored
 * state RDD is migrated in the first batch after the restart (DECISIONS.md says why).
 */
import { InvalidArgumentError } from '@kindling/common';

/** Migrates one key's state from `fromVersion` to the operator's declared version; undefined drops the key. */
export type StateMigrationFunction<K, S> = (state: any, fromVersion: number, key: K) => S | undefined;

/** Checks `stateVersion(version, migrate)`'s arguments, one readable line per mistake. */
export function checkStateVersion(version: unknown, migrate: unknown, where: string): number {
  if (typeof version !== 'number' || !Number.isInteger(version) || version < 1) {
    throw new InvalidArgumentError(`${where}.stateVersion expects a positive integer version (1 is the version of a state that never declared one), got ${String(version)}`);
  }
  if (migrate !== undefined && typeof migrate !== 'function') {
    throw new InvalidArgumentError(`${where}.stateVersion(${version}, migrate): migrate must be a function (state, fromVersion, key) => newState, got ${migrate === null ? 'null' : typeof migrate}`);
  }
  return version;
}
