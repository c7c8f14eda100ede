/**
 * The executor's payload cache: least recently used out, bounded by bytes and by
 * count, and the payload just added is always kept.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { PayloadCache } from './payload-cache.js';

void test('keeps at most maxEntries payloads, dropping the least recently used', () => {
  const cache = new PayloadCache(1 << 20, 3);
  for (let id = 1; id <= 3; id++) cache.put(id, new Uint8Array(10));
  assert.ok(cache.get(1) !== undefined, 'touching 1 makes 2 the oldest');
  cache.put(4, new Uint8Array(10));
  assert.deepEqual([1, 2, 3, 4].map((id) => cache.has(id)), [true, false, true, true]);
  for (let id = 5; id <= 1000; id++) cache.put(id, new Uint8Array(10));
  assert.deepEqual([998, 999, 1000].map((id) => cache.has(id)), [true, true, true]);
  assert.equal([...Array(1000).keys()].filter((id) => cache.has(id + 1)).length, 3);
});

void test('keeps payloads within maxBytes, but always the newest even when it alone is larger', () => {
  const cache = new PayloadCache(100, 10);
  cache.put(1, new Uint8Array(60));
  cache.put(2, new Uint8Array(60));
  assert.deepEqual([cache.has(1), cache.has(2)], [false, true]);
  cache.put(3, new Uint8Array(500));
  assert.deepEqual([cache.has(2), cache.has(3)], [false, true]);
});
