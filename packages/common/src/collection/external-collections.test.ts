import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { silentLogger } from '../log/index.js';
import { MemoryManager, TaskMemory } from '../memory/index.js';
import { ExternalAppendOnlyMap } from './external-append-only-map.js';
import { ExternalSorter } from './external-sorter.js';

const workDir = mkdtempSync(join(tmpdir(), 'kindling-spill-test-'));
after(() => rmSync(workDir, { recursive: true, force: true }));

let attempt = 0;
function taskMemory(maxMemory: number): TaskMemory {
  return new TaskMemory(new MemoryManager({ maxMemory }), workDir, attempt++, silentLogger());
}

const grouping = {
  createCombiner: (v: number): number[] => [v],
  mergeValue: (c: number[], v: number): number[] => {
    c.push(v);
    return c;
  },
  mergeCombiners: (a: number[], b: number[]): number[] => a.concat(b),
};

void test('the append-only map spills past its memory and merges spilled runs into one combiner per key', async () => {
  const memory = taskMemory(200_000);
  const map = new ExternalAppendOnlyMap(grouping, memory, {});
  // Keys of every kind, composite ones included: equal keys must meet across runs.
  const keyOf = (i: number): unknown => (i % 3 === 0 ? `k${i % 1000}` : i % 3 === 1 ? i % 1000 : ['c', i % 1000]);
  const n = 60_000;
  for (let i = 0; i < n; i++) map.insert(keyOf(i), i);
  assert.ok(map.spillCount >= 3, `spilled ${map.spillCount} times`);
  assert.ok(memory.manager.executionMemoryUsed <= memory.manager.maxMemory);
  const expected = new Map<string, number[]>();
  for (let i = 0; i < n; i++) {
    const k = JSON.stringify(keyOf(i));
    expected.set(k, [...(expected.get(k) ?? []), i]);
  }
  for (let pass = 0; pass < 2; pass++) {
    const seen = new Map<string, number[]>();
    const it = map.iterator();
    for (let r = it.next(); r.done !== true; r = it.next()) {
      const k = JSON.stringify(r.value[0]);
      assert.equal(seen.has(k), false, `key ${k} comes out once`);
      seen.set(k, [...r.value[1]].sort((a, b) => a - b));
    }
    assert.deepEqual(seen, expected, `pass ${pass}: every value of every key, read again from the same spills`);
  }
  assert.ok(readdirSync(memory.spillDir).length >= 3);
  await memory.close();
  assert.equal(existsSync(memory.spillDir), false, 'the task’s spill files are removed');
  assert.equal(memory.manager.executionMemoryUsed, 0);
});

void test('a map within its memory neither spills nor reorders (insertion order, as before)', () => {
  const memory = taskMemory(100_000_000);
  const map = new ExternalAppendOnlyMap({ createCombiner: (v: number) => v, mergeValue: (a: number, b: number) => a + b, mergeCombiners: (a: number, b: number) => a + b }, memory, {});
  for (let i = 0; i < 10_000; i++) map.insert(`w${i % 50}`, 1);
  assert.equal(map.spillCount, 0);
  const entries = Array.from({ [Symbol.iterator]: () => map.iterator() });
  assert.deepEqual(entries.slice(0, 2), [['w0', 200], ['w1', 200]]);
  assert.equal(entries.length, 50);
});

void test('a reduceByKey-like map of few keys does not spill however many values it folds', () => {
  const memory = taskMemory(400_000);
  const map = new ExternalAppendOnlyMap({ createCombiner: (v: number) => v, mergeValue: (a: number, b: number) => a + b, mergeCombiners: (a: number, b: number) => a + b }, memory, {});
  for (let i = 0; i < 200_000; i++) map.insert(i % 100, i);
  assert.equal(map.spillCount, 0, 'sums do not grow, so the estimate does not either');
});

void test('the sorter spills sorted runs and merges them into one stable sort', async () => {
  const memory = taskMemory(200_000);
  const compare = (a: [number, number], b: [number, number]): number => a[0] - b[0];
  const sorter = new ExternalSorter(compare, memory, {});
  const records = Array.from({ length: 40_000 }, (_, i): [number, number] => [(i * 7919) % 5000, i]);
  for (const r of records) sorter.insert(r);
  assert.ok(sorter.spillCount >= 3, `spilled ${sorter.spillCount} times`);
  const sorted = Array.from({ [Symbol.iterator]: () => sorter.iterator() });
  assert.deepEqual(sorted, [...records].sort(compare));
  await memory.close();
});

void test('without an ordering the sorter gives the records back in the order they came', async () => {
  const memory = taskMemory(100_000);
  const sorter = new ExternalSorter<string>(undefined, memory, {});
  const records = Array.from({ length: 20_000 }, (_, i) => `record-${i}`);
  sorter.insertAll(records);
  assert.ok(sorter.spillCount >= 2);
  assert.deepEqual(Array.from({ [Symbol.iterator]: () => sorter.iterator() }), records);
  await memory.close();
});
