import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { after, test } from 'node:test';
import { FileAlreadyExistsError, InvalidArgumentError } from '../../errors/index.js';
import { LocalTestContext } from '../../task/testing/local-test-context.js';
import '../index.js';
import { seededRandom } from '../range-partitioner.js';
import { TextFileRDD } from '../text-file-rdd.js';

const sc = new LocalTestContext();
const dir = mkdtempSync(join(tmpdir(), 'kindling-actions-test-'));
after(() => {
  sc.close();
  rmSync(dir, { recursive: true, force: true });
});

void test('reduce, fold, aggregate, count, top, takeOrdered equal plain JavaScript', async () => {
  const random = seededRandom(3);
  const data = Array.from({ length: 120 }, () => Math.floor(random() * 1000));
  const rdd = sc.parallelize(data, 4);
  assert.equal(await rdd.reduce((a: number, b: number) => a + b), data.reduce((a, b) => a + b, 0));
  assert.equal(await rdd.fold(0, (a: number, b: number) => a + b), data.reduce((a, b) => a + b, 0));
  assert.deepEqual(
    await rdd.aggregate<[number, number]>([0, 0], (acc, x) => [acc[0] + x, acc[1] + 1], (a, b) => [a[0] + b[0], a[1] + b[1]]),
    [data.reduce((a, b) => a + b, 0), data.length],
  );
  assert.equal(await rdd.count(), data.length);
  assert.deepEqual(await rdd.top(5), [...data].sort((a, b) => b - a).slice(0, 5));
  assert.deepEqual(await rdd.top(3, (a: number, b: number) => b - a), [...data].sort((a, b) => a - b).slice(0, 3));
  assert.deepEqual(await rdd.takeOrdered(4), [...data].sort((a, b) => a - b).slice(0, 4));
  const counts = await sc.parallelize(['a', 'b', 'a', 'c', 'a'], 2).countByValue();
  assert.deepEqual(counts, new Map([['a', 3], ['b', 1], ['c', 1]]));
});

void test('reduce of an empty RDD fails with one clear line; first of an empty RDD too', async () => {
  const empty = sc.parallelize<number>([], 3);
  await assert.rejects(empty.reduce((a: number, b: number) => a + b), (e: unknown) => e instanceof InvalidArgumentError && /^Cannot reduce an empty RDD/.test(e.message));
  await assert.rejects(empty.first(), InvalidArgumentError);
  assert.equal(await empty.fold(0, (a: number, b: number) => a + b), 0);
});

void test('take scans one partition first, then more only as needed', async () => {
  const rdd = sc.parallelize(Array.from({ length: 100 }, (_, i) => i), 10);
  let before = sc.outcomes.length;
  assert.deepEqual(await rdd.take(3), [0, 1, 2]);
  assert.equal(sc.outcomes.length - before, 1, 'one partition was enough');
  before = sc.outcomes.length;
  assert.deepEqual(await rdd.take(25), Array.from({ length: 25 }, (_, i) => i));
  assert.equal(sc.outcomes.length - before, 1 + 3, 'one, then ceil(1.5·15·1/10) = 3 more');
  assert.equal((await rdd.take(1000)).length, 100);
  assert.deepEqual(await rdd.take(0), []);
  assert.equal(await rdd.first(), 0);
  const mostlyEmpty = sc.parallelize([7], 8);
  assert.deepEqual(await mostlyEmpty.take(1), [7]);
});

void test('foreach and foreachPartition run the function on every record', async () => {
  const g = globalThis as { kindlingSeen?: number[] };
  g.kindlingSeen = [];
  await sc.parallelize([1, 2, 3], 2).foreach((x: number) => {
    (globalThis as { kindlingSeen?: number[] }).kindlingSeen!.push(x);
  });
  await sc.parallelize([4, 5], 2).foreachPartition(async (xs: Iterable<number>) => {
    await Promise.resolve();
    for (const x of xs) (globalThis as { kindlingSeen?: number[] }).kindlingSeen!.push(x);
  });
  assert.deepEqual([...g.kindlingSeen].sort(), [1, 2, 3, 4, 5]);
});

void test('saveAsTextFile writes part files and _SUCCESS, and refuses an existing directory', async () => {
  const out = join(dir, 'out');
  await sc.parallelize(['a', 'b', 'c'], 2).saveAsTextFile(pathToFileURL(out).href);
  assert.deepEqual(readdirSync(out).sort(), ['_SUCCESS', 'part-00000', 'part-00001']);
  assert.equal(readFileSync(join(out, 'part-00000'), 'utf8') + readFileSync(join(out, 'part-00001'), 'utf8'), 'a\nb\nc\n');
  await assert.rejects(sc.parallelize([1], 1).saveAsTextFile(out), FileAlreadyExistsError);
  const pairs = join(dir, 'pairs');
  await sc.parallelize<[string, number]>([['x', 1]], 1).saveAsTextFile(pairs);
  assert.equal(readFileSync(join(pairs, 'part-00000'), 'utf8'), '["x",1]\n');
});

void test('textFile reads every line exactly once, whatever the split boundaries', async () => {
  const random = seededRandom(17);
  const lines = Array.from({ length: 300 }, (_, i) => 'x'.repeat(Math.floor(random() * 40)) + `|${i}`);
  const file = join(dir, 'input.txt');
  writeFileSync(file, lines.join('\n') + '\n');
  for (const minPartitions of [1, 2, 3, 7, 50]) {
    const rdd = new TextFileRDD(sc, pathToFileURL(file).href, minPartitions);
    assert.ok(rdd.getNumPartitions() >= minPartitions);
    assert.deepEqual(await rdd.collect(), lines, `minPartitions ${minPartitions}`);
  }
  const crlf = join(dir, 'crlf.txt');
  writeFileSync(crlf, 'one\r\ntwo\r\nthree');
  assert.deepEqual(await new TextFileRDD(sc, crlf, 2).collect(), ['one', 'two', 'three']);
  const folder = join(dir, 'folder');
  await sc.parallelize(['p', 'q', 'r'], 3).saveAsTextFile(folder);
  assert.deepEqual(await new TextFileRDD(sc, folder, 1).collect(), ['p', 'q', 'r'], 'a directory reads its part files, not _SUCCESS');
  assert.throws(() => new TextFileRDD(sc, join(dir, 'missing.txt')), /does not exist/);
});
