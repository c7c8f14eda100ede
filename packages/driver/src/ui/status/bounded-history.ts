/**
 * How the status store keeps its history bounded (Spark's `spark.ui.retained*`):
 * past a bound the oldest removable entries go, a tenth of the bound at a time, so
 * that trimming is one pass per tenth of the bound rather than one per event.
 */

/**
 * Drops the oldest entries `removable` allows until the map is a tenth under
 * `limit`, once it is over it.
 */
export function trimMap<K, V>(map: Map<K, V>, limit: number, removable: (value: V) => boolean): void {
  if (map.size <= limit) return;
  const target = Math.max(0, limit - Math.floor(limit / 10));
  for (const [key, value] of map) {
    if (map.size <= target) break;
    if (removable(value)) map.delete(key);
  }
}

/** Drops the oldest entries of `array` (its head) the same way. */
export function trimArray<T>(array: T[], limit: number): void {
  if (array.length > limit) array.splice(0, array.length - limit + Math.floor(limit / 10));
}
