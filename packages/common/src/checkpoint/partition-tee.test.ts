import assert from 'node:assert/strict';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { CheckpointError } from '../errors/index.js';
import { silentLogger } from '../log/index.js';
import { decodeFramed, readFramedHeader } from '../serializer/index.js';
import { PartitionCheckpointTee, type CheckpointTeeSpec } from './partition-tee.js';

const logger = silentLogger();
let root: string;
let spool: string;

before(async () => {
  root = await mkdtemp(join(tmpdir(), 'kindling-tee-'));
  spool = join(root, 'spool');
});
after(() => rm(root, { recursive: true, force: true }));

function spec(name: string, codec = 'none'): CheckpointTeeSpec {
  return { rddId: 1, rddDir: `file://${join(root, name, 'rdd-1')}`, serializer: 'msgpack', codec };
}

function drain<T>(iterator: Iterator<T>): T[] {
  const out: T[] = [];
  for (let r = iterator.next(); r.done !== true; r = iterator.next()) out.push(r.value);
  return out;
}

void describe('PartitionCheckpointTee', () => {
  void test('passes every record through, and a drained partition is committed as part-%05d', async () => {
    const tee = new PartitionCheckpointTee(spec('drained'), 3, 17, spool);
    const records = Array.from({ length: 5000 }, (_, i) => ({ i, s: `r${i}` }));
    assert.deepEqual(drain(tee.wrap(records[Symbol.iterator]())), records);
    assert.equal(await tee.commit(logger), 'committed');
    const dir = join(root, 'drained', 'rdd-1');
    assert.deepEqual(await readdir(dir), ['part-00003']);
    assert.deepEqual(Array.from(decodeFramed(await readFile(join(dir, 'part-00003')))), records);
  });

  void test('writes with the codec of the spec', async () => {
    const tee = new PartitionCheckpointTee(spec('compressed', 'deflate'), 0, 1, spool);
    drain(tee.wrap(['a', 'b', 'c'][Symbol.iterator]()));
    await tee.commit(logger);
    assert.equal(readFramedHeader(await readFile(join(root, 'compressed', 'rdd-1', 'part-00000'))).codec.name, 'deflate');
  });

  void test('a consumer that stops early leaves nothing behind: the partition is not committed', async () => {
    const tee = new PartitionCheckpointTee(spec('early'), 0, 5, spool);
    const it = tee.wrap([1, 2, 3, 4][Symbol.iterator]());
    it.next();
    it.next();
    assert.equal(tee.isComplete, false);
    assert.equal(await tee.commit(logger), 'incomplete');
    assert.deepEqual(await readdir(join(root, 'early', 'rdd-1')), []);
  });

  void test('first writer wins: a second attempt of the same partition loses the race and removes its temp file', async () => {
    const first = new PartitionCheckpointTee(spec('race'), 0, 1, spool);
    const second = new PartitionCheckpointTee(spec('race'), 0, 2, spool);
    drain(first.wrap(['first'][Symbol.iterator]()));
    drain(second.wrap(['second'][Symbol.iterator]()));
    assert.equal(await first.commit(logger), 'committed');
    assert.equal(await second.commit(logger), 'lost-race');
    const dir = join(root, 'race', 'rdd-1');
    assert.deepEqual(await readdir(dir), ['part-00000']);
    assert.deepEqual(Array.from(decodeFramed(await readFile(join(dir, 'part-00000')))), ['first']);
  });

  void test('a cached block is written whole; discard removes an unfinished file', async () => {
    const cached = new PartitionCheckpointTee(spec('cached'), 1, 9, spool);
    cached.writeAll([10, 20]);
    assert.equal(await cached.commit(logger), 'committed');
    const failed = new PartitionCheckpointTee(spec('cached'), 2, 10, spool);
    failed.write(1);
    await failed.discard();
    assert.deepEqual(await readdir(join(root, 'cached', 'rdd-1')), ['part-00001']);
  });

  void test('a commit whose final file vanished is Spark\'s "Checkpoint failed" error', async () => {
    const tee = new PartitionCheckpointTee({ ...spec('gone'), rddDir: `file://${join(root, 'gone', 'rdd-1')}` }, 0, 3, spool);
    drain(tee.wrap([1][Symbol.iterator]()));
    await rm(join(root, 'gone'), { recursive: true });
    await assert.rejects(tee.commit(logger), (error: unknown) => error instanceof CheckpointError && /^Checkpoint failed: failed to save output of task/.test(error.message));
  });
});
