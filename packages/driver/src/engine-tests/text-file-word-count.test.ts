/**
 * textFile end to end: a word count over a file and over a directory of files
 * equals a plain JavaScript count of the same text, for several partition counts
 * (lines straddling split boundaries are read exactly once); a missing path is one
 * clear error line.
 */
import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile, mkdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { after, before, test } from 'node:test';
import { silentLogger } from '@kindling/common';
import { FileNotFoundError, KindlingContext } from '../index.js';
import { seededRandom } from '../util/seeded-random.js';
import { testMaster } from './test-master.js';

let kc: KindlingContext;
let dir: string;

before(async () => {
  kc = await KindlingContext.create({ master: testMaster, logger: silentLogger() });
  dir = await mkdtemp(join(tmpdir(), 'kindling-textfile-test-'));
});
after(async () => {
  await kc.stop();
  await rm(dir, { recursive: true, force: true });
});

function plainCount(text: string): Map<string, number> {
  const counts = new Map<string, number>();
  for (const line of text.split('\n')) for (const w of line.split(' ')) if (w !== '') counts.set(w, (counts.get(w) ?? 0) + 1);
  return counts;
}

async function engineCount(path: string, minPartitions: number): Promise<Map<string, number>> {
  return new Map(
    await kc
      .textFile(path, minPartitions)
      .flatMap((line: string) => line.split(' '))
      .filter((w: string) => w !== '')
      .map((w: string): [string, number] => [w, 1])
      .reduceByKey((a: number, b: number) => a + b)
      .collect(),
  );
}

void test('a word count over a text file equals a plain JavaScript count, whatever the number of splits', async () => {
  const random = seededRandom(7);
  const words = ['alpha', 'beta', 'gamma', 'δέλτα', 'e'];
  const text = random.array(300, () => random.array(random.int(0, 12), () => random.pick(words)).join(' ')).join('\n');
  const path = join(dir, 'words.txt');
  await writeFile(path, text);
  for (const minPartitions of [1, 2, 3, 7, 16]) {
    assert.deepEqual(await engineCount(path, minPartitions), plainCount(text), `${minPartitions} partitions`);
  }
  assert.deepEqual(await engineCount(pathToFileURL(path).href, 2), plainCount(text), 'a file:// URL');
});

void test('textFile over a directory reads every visible file', async () => {
  const sub = join(dir, 'parts');
  await mkdir(sub);
  await writeFile(join(sub, 'part-00000'), 'a b\nc\n');
  await writeFile(join(sub, 'part-00001'), 'a\n');
  await writeFile(join(sub, '_SUCCESS'), '');
  assert.deepEqual(await engineCount(sub, 2), new Map([['a', 2], ['b', 1], ['c', 1]]));
  assert.equal(await kc.textFile(sub).count(), 3);
});

void test('a missing path is a FileNotFoundError on one line', () => {
  assert.throws(
    () => kc.textFile(join(dir, 'nope.txt')),
    (error: unknown) => error instanceof FileNotFoundError && error.message.includes('nope.txt') && !error.message.includes('\n'),
  );
});
