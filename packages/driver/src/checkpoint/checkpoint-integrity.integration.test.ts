/**
 * Integrity beyond Spark (issue 5, item 5): every part file carries CRC32Cs and a
 * trailer, and `_metadata` records the partition count and each file's size, so a
 * damaged checkpoint is refused with a CheckpointError naming the file — where Spark
 * silently returns fewer records for a missing trailing file.
 */
import assert from 'node:assert/strict';
import { readFile, rm, truncate, writeFile } from 'node:fs/promises';
import { test } from 'node:test';
import { CheckpointError, Path } from '@kindling/common';
import type { KindlingContext, RDD } from '../index.js';
import { describeEachCase, type CheckpointCase } from './testing/checkpoint-test-support.js';

const range = (n: number): number[] => Array.from({ length: n }, (_, i) => i);

/** A checkpointed RDD of 3 partitions and its directory (URI). */
async function checkpointed(kc: KindlingContext): Promise<{ rdd: RDD<number>; dir: string }> {
  const rdd = kc.parallelize(range(300), 3).map((x: number) => x + 1);
  rdd.checkpoint();
  assert.equal(await rdd.count(), 300);
  return { rdd, dir: rdd.getCheckpointFile()! };
}

function local(c: CheckpointCase, uri: string): string {
  return c.storage.localPath(uri);
}

const isCheckpointError = (pattern: RegExp) => (error: unknown) =>
  error instanceof CheckpointError && pattern.test(error.message) ? true : assert.fail(`unexpected error: ${String(error)}`);

describeEachCase('damaged checkpoints', (current) => {
  void test('a missing trailing part file is detected: checkpointFile and the checkpointed RDD name it', async () => {
    const c = current();
    const { rdd, dir } = await checkpointed(c.kc);
    await rm(local(c, `${dir}/part-00002`));
    const named = new RegExp(`Checkpoint file ${escape(`${dir}/part-00002`)} is missing: .*_metadata records 3 partitions`);
    await assert.rejects(c.kc.checkpointFile(dir), isCheckpointError(named));
    await assert.rejects(rdd.collect(), (error: Error) => named.test(error.message));
  });

  void test('a truncated part file is detected before it is decoded', async () => {
    const c = current();
    const { rdd, dir } = await checkpointed(c.kc);
    const path = local(c, `${dir}/part-00001`);
    const size = (await readFile(path)).length;
    await truncate(path, size - 25);
    const named = new RegExp(`Checkpoint file ${escape(`${dir}/part-00001`)} has ${size - 25} bytes where .*_metadata records ${size}`);
    await assert.rejects(c.kc.checkpointFile(dir), isCheckpointError(named));
    await assert.rejects(rdd.count(), (error: Error) => named.test(error.message));
  });

  void test('a corrupted byte inside a part file fails its batch checksum, naming the file', async () => {
    const c = current();
    const { dir } = await checkpointed(c.kc);
    const path = local(c, `${dir}/part-00000`);
    const bytes = await readFile(path);
    const middle = bytes.length >> 1;
    bytes[middle] = bytes[middle]! ^ 0xff;
    await writeFile(path, bytes);
    const recovered = await c.kc.checkpointFile<number>(dir);
    await assert.rejects(recovered.collect(), (error: Error) =>
      new RegExp(`Corrupt checkpoint file ${escape(`${dir}/part-00000`)}: .*(CRC32C mismatch|batch head)`).test(error.message),
    );
  });

  void test('a directory without _metadata is an incomplete checkpoint', async () => {
    const c = current();
    const { dir } = await checkpointed(c.kc);
    await rm(local(c, `${dir}/_metadata`));
    await assert.rejects(c.kc.checkpointFile(dir), isCheckpointError(/has no _metadata: the checkpoint is incomplete/));
  });

  void test('Spark\'s messages: a directory that does not exist, a part file with a foreign name', async () => {
    const c = current();
    const missing = Path.join(c.kc.checkpointDir!, 'rdd-424242');
    await assert.rejects(c.kc.checkpointFile(missing), isCheckpointError(new RegExp(`^Checkpoint directory does not exist: ${escape(missing)}$`)));
    const { dir } = await checkpointed(c.kc);
    await writeFile(local(c, `${dir}/part-7`), 'x');
    await assert.rejects(c.kc.checkpointFile(dir), isCheckpointError(new RegExp(`^Invalid checkpoint file: ${escape(`${dir}/part-7`)}$`)));
  });
});

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
