/**
 * The keyed state of one partition of a `mapWithState` stream (Spark's StateMap,
 * OpenHashMapBasedStateMap and MapWithStateRDDRecord).
 *
 * A state RDD partition is one record: its state plus the records the mapping
 * function returned in that batch. The state is a chain of delta levels, oldest
 * first, as Spark's state map is: a batch adds one level holding only the keys it
 * touched (a removed key is a `null` tombstone), and a lookup reads the newest level
 * that has the key. So a batch costs in proportion to its records, not to the number
 * of keys — copying a 100,000-key map every batch took an eighth of the batch time
 * and most of the garbage — and the cached records of the remembered batches share
 * their levels instead of each holding a full copy. The chain is compacted into one
 * level when the state RDD is checkpointed (the file then holds the state once, and
 * the lineage and the chain are cut together) and whenever it reaches
 * MAX_DELTA_CHAIN levels.
 *
 * The record is plain data — Maps of entry arrays — so the memory store keeps it as
 * is and the record serializers write it (msgpack and v8 both round-trip Maps). Keys
 * follow the equality of grouping (grouping-key.ts): primitives by value in one Map,
 * composite keys (arrays, plain objects) by their canonical string in another, so a
 * canonical string never collides with a user's string key.
 *
 * Levels are never changed once a record is built, so a retried task, or a second job
 * reading the cached block, sees the previous batch's state exactly as it was.
 */
import { canonicalKey, isPrimitiveKey } from '../rdd/grouping-key.js';

/** One key's state and the batch time it was last updated (the timeout clock). */
export type StateEntry<K, S> = readonly [key: K, state: S, updatedAt: number];

/** One batch's changes: entries set, and `null` for keys removed. */
export interface StateLevel<K, S> {
  readonly primitiveKeys: ReadonlyMap<unknown, StateEntry<K, S> | null>;
  readonly compositeKeys: ReadonlyMap<string, StateEntry<K, S> | null>;
  /** The oldest update time in this level: a timeout scan skips levels with nothing old enough. */
  readonly minUpdatedAt: number;
  /**
   * The oldest and newest batch whose changes this level holds (one batch, unless
   * levels were compacted). An incremental state checkpoint writes the levels newer
   * than the previous checkpoint (state-checkpoint.ts); absent in levels written
   * before these were recorded, which are then only ever written whole.
   */
  readonly firstBatch?: number;
  readonly lastBatch?: number;
}

export interface MapWithStateRecord<K, S, E> {
  /** Oldest first; a key's state is in the newest level that has it. */
  readonly levels: readonly StateLevel<K, S>[];
  /** What the mapping function returned this batch, in call order. */
  readonly mappedData: readonly E[];
}

/** Spark's spark.streaming.sessionByKey.deltaChainThreshold default. */
export const MAX_DELTA_CHAIN = 20;

/** The state of one partition while a batch updates it: the previous levels plus a new one. */
export class StateMap<K, S> {
  private readonly primitiveKeys: Map<unknown, StateEntry<K, S> | null>;
  private readonly compositeKeys: Map<string, StateEntry<K, S> | null>;

  /** When this batch's level starts from compacted levels: their oldest batch (undefined: untagged, so the new level is too). */
  private carriedFirstBatch: number | undefined | 'none' = 'none';

  /**
   * The entry of this batch's own level that get() or put() last saw, while every entry
   * of that level was made by this batch (it did not start from compacted levels, whose
   * entries older records share). put() of the same key then changes it in place: a
   * key receiving eight values a batch is looked up once and allocated once, not
   * looked up three times and allocated eight times.
   */
  private ownEntry: [unknown, unknown, number] | undefined;
  private readonly ownIsFresh: boolean;

  private constructor(
    private readonly base: readonly StateLevel<K, S>[],
    own?: { primitiveKeys: Map<unknown, StateEntry<K, S> | null>; compositeKeys: Map<string, StateEntry<K, S> | null> },
  ) {
    this.primitiveKeys = own?.primitiveKeys ?? new Map();
    this.compositeKeys = own?.compositeKeys ?? new Map();
    this.ownIsFresh = own === undefined;
  }

  /** Every level merged into this batch's own (mergeLevels makes fresh maps, so the batch may change them). */
  private static compacted<K, S>(merged: StateLevel<K, S>): StateMap<K, S> {
    const map = new StateMap<K, S>([], merged as unknown as { primitiveKeys: Map<unknown, StateEntry<K, S> | null>; compositeKeys: Map<string, StateEntry<K, S> | null> });
    map.carriedFirstBatch = merged.firstBatch;
    return map;
  }

  static empty<K, S>(): StateMap<K, S> {
    return new StateMap([]);
  }

  /**
   * The previous batch's state, to be changed only through a new level; compacted into
   * one first when asked. At MAX_DELTA_CHAIN levels the chain is compacted too, but
   * only the levels up to `compactThrough` (the newest state checkpoint that is
   * complete, when the stream writes incremental ones): a level holding changes from
   * both sides of that checkpoint could not be written as a delta of it. Past three
   * times the threshold everything is compacted whatever the checkpoints.
   */
  static after<K, S>(record: MapWithStateRecord<K, S, unknown>, compact: boolean, compactThrough?: number): StateMap<K, S> {
    const levels = record.levels;
    if (levels.length <= 1 || (!compact && levels.length < MAX_DELTA_CHAIN)) return new StateMap(levels);
    if (compact || levels.length >= 3 * MAX_DELTA_CHAIN) return StateMap.compacted(mergeLevels(levels, false));
    let prefix = levels.length;
    if (compactThrough !== undefined) {
      prefix = 0;
      while (prefix < levels.length && levels[prefix]!.lastBatch !== undefined && levels[prefix]!.lastBatch! <= compactThrough) prefix++;
      if (prefix <= 1) return new StateMap(levels);
    }
    // Size-tiered, as an LSM tree: the oldest level (the large one once a state has
    // grown) is merged only when the levels merged onto it hold at least half as many
    // entries; until then the small levels are merged among themselves, tombstones
    // kept (the oldest level is still below them). Copying a 500,000-key oldest level
    // at every compaction was the largest single batch cost of the checkpoint-cost
    // bench's 1M-key scenarios, with and without checkpoints.
    const small = levels.slice(1, prefix);
    const smallSize = small.reduce((n, l) => n + levelSize(l), 0);
    if (small.length >= 2 && smallSize * 2 < levelSize(levels[0]!)) return new StateMap([levels[0]!, mergeLevels(small, true), ...levels.slice(prefix)]);
    // Without a checkpoint to stop at, this batch's own level may start from the merge.
    if (compactThrough === undefined) return StateMap.compacted(mergeLevels(levels, false));
    return new StateMap([mergeLevels(levels.slice(0, prefix), false), ...levels.slice(prefix)]);
  }

  get(key: K): StateEntry<K, S> | undefined {
    if (isPrimitiveKey(key)) {
      const own = this.primitiveKeys.get(key);
      if (own !== undefined) {
        if (this.ownIsFresh && own !== null) this.ownEntry = own as [unknown, unknown, number];
        return own ?? undefined;
      }
      for (let i = this.base.length - 1; i >= 0; i--) {
        const entry = this.base[i]!.primitiveKeys.get(key);
        if (entry !== undefined) return entry ?? undefined;
      }
      return undefined;
    }
    return this.getComposite(canonicalKey(key));
  }

  private getComposite(canonical: string): StateEntry<K, S> | undefined {
    const own = this.compositeKeys.get(canonical);
    if (own !== undefined) return own ?? undefined;
    for (let i = this.base.length - 1; i >= 0; i--) {
      const entry = this.base[i]!.compositeKeys.get(canonical);
      if (entry !== undefined) return entry ?? undefined;
    }
    return undefined;
  }

  put(key: K, state: S, updatedAt: number): void {
    const seen = this.ownEntry;
    if (seen !== undefined && seen[0] === key) {
      seen[1] = state;
      seen[2] = updatedAt;
      return;
    }
    const entry: [K, S, number] = [key, state, updatedAt];
    if (isPrimitiveKey(key)) {
      this.primitiveKeys.set(key, entry);
      if (this.ownIsFresh) this.ownEntry = entry;
    } else {
      this.compositeKeys.set(canonicalKey(key), entry);
    }
  }

  /** Drops `key`: a tombstone hides it in the older levels, which are never changed. */
  remove(key: K): void {
    this.ownEntry = undefined;
    const primitive = isPrimitiveKey(key);
    const k = primitive ? key : canonicalKey(key);
    const inBase = this.base.some((level) => (primitive ? level.primitiveKeys.get(k) : level.compositeKeys.get(k as string)) !== undefined);
    const own = primitive ? this.primitiveKeys : this.compositeKeys;
    if (inBase) own.set(k as string, null);
    else own.delete(k as string);
  }

  /**
   * The live entries last updated before `threshold` (Spark's getByTime): the keys that
   * timed out. Only levels holding something that old are read, and an entry counts only
   * if it is still its key's newest.
   */
  updatedBefore(threshold: number): StateEntry<K, S>[] {
    const out: StateEntry<K, S>[] = [];
    const levels = [...this.base, { primitiveKeys: this.primitiveKeys, compositeKeys: this.compositeKeys, minUpdatedAt: -Infinity }];
    const newest = levels.length - 1;
    for (const [i, level] of levels.entries()) {
      if (level.minUpdatedAt >= threshold) continue;
      for (const [k, entry] of level.primitiveKeys) {
        if (entry !== null && entry[2] < threshold && (i === newest || this.get(k as K) === entry)) out.push(entry);
      }
      for (const [k, entry] of level.compositeKeys) {
        if (entry !== null && entry[2] < threshold && (i === newest || this.getComposite(k) === entry)) out.push(entry);
      }
    }
    return out;
  }

  /** The record after this batch: the previous levels plus this batch's (tagged with `batchTime`). */
  toRecord<E>(mappedData: readonly E[], batchTime?: number): MapWithStateRecord<K, S, E> {
    // The level is handed out: none of its entries may change from here on.
    this.ownEntry = undefined;
    let minUpdatedAt = Infinity;
    for (const entry of this.primitiveKeys.values()) if (entry !== null && entry[2] < minUpdatedAt) minUpdatedAt = entry[2];
    for (const entry of this.compositeKeys.values()) if (entry !== null && entry[2] < minUpdatedAt) minUpdatedAt = entry[2];
    const level: StateLevel<K, S> = {
      primitiveKeys: this.primitiveKeys,
      compositeKeys: this.compositeKeys,
      minUpdatedAt,
      ...(batchTime === undefined || this.carriedFirstBatch === undefined
        ? {}
        : { firstBatch: this.carriedFirstBatch === 'none' ? batchTime : Math.min(this.carriedFirstBatch, batchTime), lastBatch: batchTime }),
    };
    return { levels: [...this.base, level], mappedData };
  }
}

function levelSize(level: StateLevel<unknown, unknown>): number {
  return level.primitiveKeys.size + level.compositeKeys.size;
}

/**
 * One level holding what `levels` (oldest first) hold together: each key's newest
 * entry. Tombstones are kept when `keepTombstones` (a delta must still hide the key in
 * the levels below it), dropped otherwise (the merge starts from nothing). The batch
 * tags span the merged levels'; absent when any level has none.
 */
export function mergeLevels<K, S>(levels: readonly StateLevel<K, S>[], keepTombstones: boolean, keep?: (key: unknown) => boolean): StateLevel<K, S> {
  const primitiveKeys = new Map<unknown, StateEntry<K, S> | null>();
  const compositeKeys = new Map<string, StateEntry<K, S> | null>();
  for (const level of levels) {
    for (const [k, entry] of level.primitiveKeys) {
      if (keep !== undefined && !keep(k)) continue;
      if (entry === null && !keepTombstones) primitiveKeys.delete(k);
      else primitiveKeys.set(k, entry);
    }
    for (const [k, entry] of level.compositeKeys) {
      if (keep !== undefined && !keep(k)) continue;
      if (entry === null && !keepTombstones) compositeKeys.delete(k);
      else compositeKeys.set(k, entry);
    }
  }
  let minUpdatedAt = Infinity;
  for (const entry of primitiveKeys.values()) if (entry !== null && entry[2] < minUpdatedAt) minUpdatedAt = entry[2];
  for (const entry of compositeKeys.values()) if (entry !== null && entry[2] < minUpdatedAt) minUpdatedAt = entry[2];
  const tagged = levels.length > 0 && levels.every((l) => l.firstBatch !== undefined && l.lastBatch !== undefined);
  return {
    primitiveKeys,
    compositeKeys,
    minUpdatedAt,
    ...(tagged ? { firstBatch: Math.min(...levels.map((l) => l.firstBatch!)), lastBatch: Math.max(...levels.map((l) => l.lastBatch!)) } : {}),
  };
}

/** Every live entry of a record (each key once, its newest entry). */
export function* stateEntries<K, S>(record: MapWithStateRecord<K, S, unknown>): Generator<StateEntry<K, S>> {
  const levels = record.levels;
  if (levels.length === 1) {
    for (const entry of levels[0]!.primitiveKeys.values()) if (entry !== null) yield entry;
    for (const entry of levels[0]!.compositeKeys.values()) if (entry !== null) yield entry;
    return;
  }
  const seenPrimitive = new Set<unknown>();
  const seenComposite = new Set<string>();
  for (let i = levels.length - 1; i >= 0; i--) {
    for (const [k, entry] of levels[i]!.primitiveKeys) {
      if (seenPrimitive.has(k)) continue;
      seenPrimitive.add(k);
      if (entry !== null) yield entry;
    }
    for (const [k, entry] of levels[i]!.compositeKeys) {
      if (seenComposite.has(k)) continue;
      seenComposite.add(k);
      if (entry !== null) yield entry;
    }
  }
}
