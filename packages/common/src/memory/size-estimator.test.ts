import assert from 'node:assert/strict';
import { test } from 'node:test';
import { estimateSize } from './size-estimator.js';

/** `n` entries of the same size: keys and values of fixed length. */
function uniformMap(n: number): Map<string, [string, number, number]> {
  const map = new Map<string, [string, number, number]>();
  for (let i = 0; i < n; i++) {
    const key = `k${String(i).padStart(7, '0')}`;
    map.set(key, [key, i, 1_800_000_000_000]);
  }
  return map;
}

void test('a large Map is estimated from a sample of its entries, as large arrays are: the same figure as counting every one when they are alike', () => {
  const small = estimateSize(uniformMap(100)) - estimateSize(new Map());
  const large = estimateSize(uniformMap(100_000)) - estimateSize(new Map());
  assert.equal(large, small * 1000);
  // Contents count: a Map of longer strings is larger, sampled or not.
  const longer = new Map([...uniformMap(100_000)].map(([k, v]): [string, unknown] => [k, [k.repeat(4), v[1], v[2]]]));
  assert.ok(estimateSize(longer) > estimateSize(uniformMap(100_000)) + 100_000 * 16);
});

void test('a large Set is sampled the same way; small collections are counted in full', () => {
  const set = (n: number): Set<string> => new Set(Array.from({ length: n }, (_, i) => `v${String(i).padStart(9, '0')}`));
  assert.equal(estimateSize(set(50_000)) - estimateSize(new Set()), (estimateSize(set(100)) - estimateSize(new Set())) * 500);
  assert.ok(estimateSize(new Map([['a', 'x'.repeat(1000)]])) > estimateSize(new Map([['a', 'x']])) + 990);
});
