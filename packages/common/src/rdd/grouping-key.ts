/**
 * Equality of record keys for grouping (reduceByKey, groupByKey, distinct, join).
 * JavaScript Maps compare objects by identity, so `['a', 1]` from two records would
 * be two keys. Primitives are used as Map keys directly (SameValueZero: -0 is 0,
 * NaN is NaN); composite keys by a canonical string of their structure, kept in a
 * separate map so a canonical string can never collide with a user's string key.
 */
import { unsupportedKey } from './key-hash.js';

export function isPrimitiveKey(key: unknown): boolean {
  return key === null || (typeof key !== 'object' && typeof key !== 'function' && typeof key !== 'symbol');
}

/** A string equal for structurally equal keys (the same equality hashKey follows). */
export function canonicalKey(key: unknown): string {
  switch (typeof key) {
    case 'string':
      return JSON.stringify(key);
    case 'number':
      return Object.is(key, -0) ? '0' : String(key);
    case 'boolean':
      return key ? 't' : 'f';
    case 'undefined':
      return 'u';
    case 'bigint':
      return `${key}n`;
    case 'object': {
      if (key === null) return 'z';
      if (Array.isArray(key)) return `[${key.map(canonicalKey).join(',')}]`;
      if (key instanceof Date) return `D${key.getTime()}`;
      if (key instanceof Uint8Array) return `B${Buffer.from(key.buffer, key.byteOffset, key.byteLength).toString('base64')}`;
      const proto = Object.getPrototypeOf(key) as unknown;
      if (proto !== Object.prototype && proto !== null) throw unsupportedKey(key);
      const record = key as Record<string, unknown>;
      return `{${Object.keys(record)
        .sort()
        .map((k) => `${JSON.stringify(k)}:${canonicalKey(record[k])}`)
        .join(',')}}`;
    }
    default:
      throw unsupportedKey(key);
  }
}

/** A Map from record keys to values under structural key equality; iterates in insertion order per kind. */
export class KeyedMap<V> {
  private readonly primitives = new Map<unknown, V>();
  private readonly composites = new Map<string, { key: unknown; value: V }>();

  get size(): number {
    return this.primitives.size + this.composites.size;
  }

  get(key: unknown): V | undefined {
    if (isPrimitiveKey(key)) return this.primitives.get(key);
    return this.composites.get(canonicalKey(key))?.value;
  }

  has(key: unknown): boolean {
    return isPrimitiveKey(key) ? this.primitives.has(key) : this.composites.has(canonicalKey(key));
  }

  set(key: unknown, value: V): void {
    if (isPrimitiveKey(key)) {
      this.primitives.set(key, value);
      return;
    }
    const canonical = canonicalKey(key);
    const entry = this.composites.get(canonical);
    if (entry === undefined) this.composites.set(canonical, { key, value });
    else entry.value = value;
  }

  /**
   * Folds `value` into the entry of `key`: `create(value)` when there is none,
   * `merge(current, value)` otherwise. One hash lookup fewer than has/get/set, on
   * the hot path of every combine (a combiner may legitimately be undefined, hence
   * the `has` only when `get` says undefined). True when the key was new.
   */
  combine<T>(key: unknown, value: T, create: (v: T) => V, merge: (c: V, v: T) => V): boolean {
    if (isPrimitiveKey(key)) {
      const current = this.primitives.get(key);
      if (current !== undefined || this.primitives.has(key)) {
        this.primitives.set(key, merge(current as V, value));
        return false;
      }
      this.primitives.set(key, create(value));
      return true;
    }
    const canonical = canonicalKey(key);
    const entry = this.composites.get(canonical);
    if (entry === undefined) {
      this.composites.set(canonical, { key, value: create(value) });
      return true;
    }
    entry.value = merge(entry.value, value);
    return false;
  }

  clear(): void {
    this.primitives.clear();
    this.composites.clear();
  }

  *entries(): Generator<[unknown, V]> {
    yield* this.primitives.entries();
    for (const { key, value } of this.composites.values()) yield [key, value];
  }
}
