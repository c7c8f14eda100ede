import assert from 'node:assert/strict';
import { after, test } from 'node:test';
import { LocalTestContext } from '../task/testing/local-test-context.js';
import './index.js';

const sc = new LocalTestContext();
after(() => sc.close());

void test('word count through map, flatMap, filter, reduceByKey equals a plain JavaScript count', async () => {
  const lines = ['a b c', 'b c', 'c', '', 'a  d'];
  const counts = await sc
    .parallelize(lines, 3)
    .flatMap((line: string) => line.split(' '))
    .filter((w: string) => w.length > 0)
    .map((w: string): [string, number] => [w, 1])
    .reduceByKey((a: number, b: number) => a + b, 2)
    .collect();
  const expected = new Map<string, number>();
  for (const w of lines.flatMap((l) => l.split(' ')).filter((w) => w.length > 0)) expected.set(w, (expected.get(w) ?? 0) + 1);
  assert.deepEqual(new Map(counts), expected);
  assert.equal(await sc.parallelize(lines, 2).count(), lines.length);
});
