/**
 * A state level as a state checkpoint part stores it (format 2): columns, each key
 * once, update times as indexes into a table of the distinct times.
 *
 * Why not the level's own Maps (format 1): written as Maps of `key → [key, state,
 * updatedAt]`, every entry held its key twice and a 9-byte epoch time — 26.8 bytes per
 * entry of the checkpoint-cost bench's `k123456 → 1`, of which the key and the value are
 * 9 — and building the merged Map a full snapshot serialized cost 8× its serialization
 * (2.5 s against 0.3 s for 500,000 keys on the loaded bench machine). Here a snapshot
 * is collected newest level first into plain arrays, a key shadowed by a newer level
 * is skipped through a Set of the newer levels' keys (never of the oldest level,
 * which is the large one), and an entry costs its key, its state and one small index.
 * Recovery builds the Maps back once per directory.
 */
import { canonicalKey, isPrimitiveKey } from '../rdd/grouping-key.js';
import type { StateEntry, StateLevel } from './state-map.js';

export interface StoredStateLevel {
  /** The live entries' keys (composite keys as themselves: their canonical form is rebuilt on read). */
  readonly keys: unknown[];
  readonly states: unknown[];
  /** The distinct update times, and each entry's index into them. */
  readonly times: number[];
  readonly timeIndex: number[];
  /** Tombstones: primitive keys, and composite keys' canonical strings. */
  readonly removed: unknown[];
  readonly removedComposite: string[];
  readonly minUpdatedAt: number;
  readonly firstBatch?: number;
  readonly lastBatch?: number;
}

class StoredLevelBuilder {
  readonly keys: unknown[] = [];
  readonly states: unknown[] = [];
  readonly times: number[] = [];
  readonly timeIndex: number[] = [];
  readonly removed: unknown[] = [];
  readonly removedComposite: string[] = [];
  private readonly timeSlots = new Map<number, number>();
  private minUpdatedAt = Infinity;

  add(entry: StateEntry<unknown, unknown>): void {
    this.keys.push(entry[0]);
    this.states.push(entry[1]);
    const t = entry[2];
    let slot = this.timeSlots.get(t);
    if (slot === undefined) {
      slot = this.times.length;
      this.times.push(t);
      this.timeSlots.set(t, slot);
    }
    this.timeIndex.push(slot);
    if (t < this.minUpdatedAt) this.minUpdatedAt = t;
  }

  build(tags: { firstBatch?: number; lastBatch?: number }): StoredStateLevel {
    const { keys, states, times, timeIndex, removed, removedComposite, minUpdatedAt } = this;
    return { keys, states, times, timeIndex, removed, removedComposite, minUpdatedAt, ...tags };
  }
}

/** The batch tags spanning `levels` (absent when any level has none), as mergeLevels sets them. */
function spanOf(levels: readonly StateLevel<unknown, unknown>[]): { firstBatch?: number; lastBatch?: number } {
  const tagged = levels.length > 0 && levels.every((l) => l.firstBatch !== undefined && l.lastBatch !== undefined);
  return tagged ? { firstBatch: Math.min(...levels.map((l) => l.firstBatch!)), lastBatch: Math.max(...levels.map((l) => l.lastBatch!)) } : {};
}

/**
 * What `levels` (oldest first) hold together, stored: each key's newest entry, and —
 * when `keepTombstones` (a delta, to hide the key in the levels below it) — a removed
 * key's tombstone. `keep` selects keys (a slice), as the levels key them: primitives
 * by value, composite keys by their canonical string.
 */
export function storeLevels(levels: readonly StateLevel<unknown, unknown>[], keepTombstones: boolean, keep?: (key: unknown) => boolean): StoredStateLevel {
  const out = new StoredLevelBuilder();
  const seenPrimitive = new Set<unknown>();
  const seenComposite = new Set<string>();
  for (let i = levels.length - 1; i >= 0; i--) {
    const level = levels[i]!;
    // Nothing is older than the oldest level: its keys need not be remembered.
    const remember = i > 0;
    for (const [k, entry] of level.primitiveKeys) {
      if (seenPrimitive.has(k) || (keep !== undefined && !keep(k))) continue;
      if (remember) seenPrimitive.add(k);
      if (entry !== null) out.add(entry);
      else if (keepTombstones) out.removed.push(k);
    }
    for (const [k, entry] of level.compositeKeys) {
      if (seenComposite.has(k) || (keep !== undefined && !keep(k))) continue;
      if (remember) seenComposite.add(k);
      if (entry !== null) out.add(entry);
      else if (keepTombstones) out.removedComposite.push(k);
    }
  }
  return out.build(spanOf(levels));
}

/** `[key, state]` pairs stored as a level (update time 0: pair state has no timeout clock); `keep` as in storeLevels. */
export function storePairs(pairs: Iterator<[unknown, unknown]>, keep?: (key: unknown) => boolean): StoredStateLevel {
  const out = new StoredLevelBuilder();
  for (let r = pairs.next(); r.done !== true; r = pairs.next()) {
    const key = r.value[0];
    if (keep !== undefined && !keep(isPrimitiveKey(key) ? key : canonicalKey(key))) continue;
    out.add([key, r.value[1], 0]);
  }
  return out.build({});
}

/** A stored level (format 2) back as the Maps a state map reads. */
export function loadStoredLevel(stored: StoredStateLevel): StateLevel<unknown, unknown> {
  const primitiveKeys = new Map<unknown, StateEntry<unknown, unknown> | null>();
  const compositeKeys = new Map<string, StateEntry<unknown, unknown> | null>();
  const { keys, states, times, timeIndex } = stored;
  for (let i = 0; i < keys.length; i++) {
    const key = keys[i];
    const entry: StateEntry<unknown, unknown> = [key, states[i], times[timeIndex[i]!]!];
    if (isPrimitiveKey(key)) primitiveKeys.set(key, entry);
    else compositeKeys.set(canonicalKey(key), entry);
  }
  for (const k of stored.removed) primitiveKeys.set(k, null);
  for (const k of stored.removedComposite) compositeKeys.set(k, null);
  return {
    primitiveKeys,
    compositeKeys,
    // A msgpack round trip keeps Infinity (an empty level), but be safe with null.
    minUpdatedAt: typeof stored.minUpdatedAt === 'number' ? stored.minUpdatedAt : Infinity,
    ...(stored.firstBatch === undefined || stored.firstBatch === null ? {} : { firstBatch: stored.firstBatch }),
    ...(stored.lastBatch === undefined || stored.lastBatch === null ? {} : { lastBatch: stored.lastBatch }),
  };
}
