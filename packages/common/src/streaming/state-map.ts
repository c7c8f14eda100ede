/**
 * The keyed state of one partition of a `mapWithState` stream (Spark's StateMap and
 * MapWithStateRDDRecord).
 *
 * A state RDD partition is one record: its state map plus the records the mapping
 * function returned in that batch. The record is plain data — two JavaScript Maps of
 * entry arrays — so the memory store keeps it as is (the next batch reads it without
 * a copy through the serializer) and the checkpoint writes it with the record
 * serializer (msgpack and v8 both round-trip Maps). Keys follow the equality of
 * grouping (grouping-key.ts): primitives by value in one Map, composite keys (arrays,
 * plain objects) by their canonical string in another, so a canonical string can
 * never collide with a user's string key.
 *
 * Records are never changed once built: a batch copies the previous map (`StateMap.copyOf`)
 * and replaces whole entries, so a retried task, or a second job reading the cached
 * block, sees the previous batch's state exactly as it was.
 */
import { canonicalKey, isPrimitiveKey } from '../rdd/grouping-key.js';

/** One key's state and the batch time it was last updated (the timeout clock). */
export type StateEntry<K, S> = readonly [key: K, state: S, updatedAt: number];

export interface MapWithStateRecord<K, S, E> {
  readonly primitiveKeys: ReadonlyMap<unknown, StateEntry<K, S>>;
  readonly compositeKeys: ReadonlyMap<string, StateEntry<K, S>>;
  /** What the mapping function returned this batch, in call order. */
  readonly mappedData: readonly E[];
}

/** A mutable state map under construction for one batch; `toRecord` freezes it into the partition's record. */
export class StateMap<K, S> {
  private constructor(
    private readonly primitiveKeys: Map<unknown, StateEntry<K, S>>,
    private readonly compositeKeys: Map<string, StateEntry<K, S>>,
  ) {}

  static empty<K, S>(): StateMap<K, S> {
    return new StateMap(new Map(), new Map());
  }

  /** A copy of the previous batch's map (Maps copy natively; entries are shared, never changed). */
  static copyOf<K, S>(record: MapWithStateRecord<K, S, unknown>): StateMap<K, S> {
    return new StateMap(new Map(record.primitiveKeys), new Map(record.compositeKeys));
  }

  get size(): number {
    return this.primitiveKeys.size + this.compositeKeys.size;
  }

  get(key: K): StateEntry<K, S> | undefined {
    return isPrimitiveKey(key) ? this.primitiveKeys.get(key) : this.compositeKeys.get(canonicalKey(key));
  }

  put(key: K, state: S, updatedAt: number): void {
    const entry: StateEntry<K, S> = [key, state, updatedAt];
    if (isPrimitiveKey(key)) this.primitiveKeys.set(key, entry);
    else this.compositeKeys.set(canonicalKey(key), entry);
  }

  remove(key: K): void {
    if (isPrimitiveKey(key)) this.primitiveKeys.delete(key);
    else this.compositeKeys.delete(canonicalKey(key));
  }

  /** The entries last updated before `threshold` (Spark's getByTime): the keys that timed out. */
  updatedBefore(threshold: number): StateEntry<K, S>[] {
    const out: StateEntry<K, S>[] = [];
    for (const entry of this.primitiveKeys.values()) if (entry[2] < threshold) out.push(entry);
    for (const entry of this.compositeKeys.values()) if (entry[2] < threshold) out.push(entry);
    return out;
  }

  toRecord<E>(mappedData: readonly E[]): MapWithStateRecord<K, S, E> {
    return { primitiveKeys: this.primitiveKeys, compositeKeys: this.compositeKeys, mappedData };
  }
}

/** Every entry of a record, primitive keys first. */
export function* stateEntries<K, S>(record: MapWithStateRecord<K, S, unknown>): Generator<StateEntry<K, S>> {
  yield* record.primitiveKeys.values();
  yield* record.compositeKeys.values();
}
