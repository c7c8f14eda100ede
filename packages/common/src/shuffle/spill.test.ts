import assert from 'node:assert/strict';
import { Writable } from 'node:stream';
import { after, test } from 'node:test';
import { createLogger } from '../log/index.js';
import { LocalTestContext } from '../task/testing/local-test-context.js';
import type { TaskOutcome } from '../task/index.js';

// 48m leaves 24 MiB after the reserve; a fraction of 0.05 manages 1.2 MiB, so a few
// hundred thousand records cannot be held and every shuffle below must spill.
const logLines: string[] = [];
const logSink = new Writable({
  write(chunk: Buffer, _encoding, done) {
    logLines.push(...chunk.toString().split('\n').filter((l) => l !== ''));
    done();
  },
});
const sc = new LocalTestContext({ 'kindling.executor.memory': '48m', 'kindling.memory.fraction': '0.05' }, createLogger({ level: 'info', destination: logSink }));
after(() => sc.close());

const N = 150_000;
const KEYS = 3_000;
const record = (i: number): [number, string] => [i % KEYS, `value-${i}-${'x'.repeat(20)}`];

function spilled(outcomes: readonly TaskOutcome[]): number {
  return outcomes.reduce((n, o) => n + (o.status === 'success' ? (o.metrics.diskBytesSpilled ?? 0) : 0), 0);
}

void test('groupByKey over more than the task memory spills on both sides, says so at info level, and loses nothing', async () => {
  const before = sc.outcomes.length;
  const linesBefore = logLines.length;
  const data = sc.parallelize(Array.from({ length: N }, (_, i) => i), 2).map((i: number) => [i % 3_000, `value-${i}-${'x'.repeat(20)}`] as [number, string]);
  const groups = await data.groupByKey(2).mapValues((vs: string[]) => vs.length).collect();
  assert.equal(groups.length, KEYS);
  assert.ok(groups.every(([, n]) => n === N / KEYS), 'every key has all its values');
  const outcomes = sc.outcomes.slice(before);
  assert.ok(spilled(outcomes) > 0, 'tasks report bytes spilled');
  const spills = logLines.slice(linesBefore).filter((l) => l.includes('spilling'));
  assert.ok(spills.some((l) => l.includes('in-memory map')), 'the reducers spilled their maps');
  assert.ok(spills.some((l) => l.includes('map output buffers')), 'the map side spilled its output');
  assert.ok(spills.every((l) => (JSON.parse(l) as { level: number }).level === 30), 'spills are logged at info');
});

void test('sortByKey over more than the task memory merges its spilled runs into one order', async () => {
  const data = Array.from({ length: N / 2 }, (_, i) => record((i * 7919) % N));
  const sorted = await sc.parallelize(data, 2).sortByKey(true, 2).collect();
  assert.equal(sorted.length, data.length);
  for (let i = 1; i < sorted.length; i++) assert.ok(sorted[i - 1]![0] <= sorted[i]![0], `out of order at ${i}`);
  assert.deepEqual(sorted.map(([, v]) => v).sort(), data.map(([, v]) => v).sort());
});

void test('join over more than the task memory spills its cogroup and pairs every match', async () => {
  const before = sc.outcomes.length;
  const left = sc.parallelize(Array.from({ length: N / 2 }, (_, i) => record(i)), 2);
  const right = sc.parallelize(Array.from({ length: KEYS }, (_, k): [number, number] => [k, k * 10]), 2);
  const joined = await left.join(right, 2).map(([k, [v, w]]: [number, [string, number]]) => (w === k * 10 && v.startsWith('value-') ? 1 : 0)).collect();
  assert.equal(joined.length, N / 2);
  assert.ok(joined.every((x) => x === 1));
  assert.ok(spilled(sc.outcomes.slice(before)) > 0);
});
