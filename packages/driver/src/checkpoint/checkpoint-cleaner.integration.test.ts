/**
 * `kindling.cleaner.referenceTracking.cleanCheckpoints` (reference §1, §6 item 10):
 * with it, the checkpoint directory of an RDD is deleted once the RDD object is
 * garbage-collected; without it (the default), checkpoint files are kept.
 * Garbage collection is forced with V8's gc(), exposed at run time.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { CLEAN_CHECKPOINTS_KEY, checkpointCleanupsSettled, getFileSystem } from '@kindling/common';
import type { KindlingContext } from '../index.js';
import { describeEachCase } from './testing/checkpoint-test-support.js';

setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;

/** Checkpoints an RDD that nothing references once this returns; its checkpoint directory. */
async function checkpointAndForget(kc: KindlingContext): Promise<string> {
  const rdd = kc.parallelize([1, 2, 3, 4, 5, 6], 2).map((x: number) => x * x);
  rdd.checkpoint();
  assert.equal(await rdd.count(), 6);
  return rdd.getCheckpointFile()!;
}

/** Collects garbage until `done` or the attempts run out (finalizers run on later turns). */
async function collectUntil(done: () => Promise<boolean>, attempts = 40): Promise<boolean> {
  for (let i = 0; i < attempts; i++) {
    gc();
    await new Promise((resolve) => setTimeout(resolve, 25));
    await checkpointCleanupsSettled();
    if (await done()) return true;
  }
  return false;
}

describeEachCase('checkpoint cleanup', (current) => {
  void test('by default, the files of a garbage-collected RDD are kept', async () => {
    const { kc } = current();
    const dir = await checkpointAndForget(kc);
    const fs = getFileSystem(dir);
    assert.equal(await collectUntil(async () => !(await fs.exists(dir)), 10), false);
    assert.ok(await fs.exists(`${dir}/_metadata`));
  });

  void test('with cleanCheckpoints, the directory is deleted once the RDD is garbage-collected', async () => {
    const { kc } = current();
    kc.conf.set(CLEAN_CHECKPOINTS_KEY, 'true');
    try {
      const dir = await checkpointAndForget(kc);
      const fs = getFileSystem(dir);
      assert.ok(await fs.exists(dir));
      assert.equal(await collectUntil(async () => !(await fs.exists(dir))), true, `${dir} was deleted`);
    } finally {
      kc.conf.remove(CLEAN_CHECKPOINTS_KEY);
    }
  });

  void test('with cleanCheckpoints, a live RDD keeps its files', async () => {
    const { kc } = current();
    kc.conf.set(CLEAN_CHECKPOINTS_KEY, 'true');
    try {
      const rdd = kc.parallelize([1, 2, 3], 1);
      rdd.checkpoint();
      await rdd.count();
      const dir = rdd.getCheckpointFile()!;
      assert.equal(await collectUntil(async () => !(await getFileSystem(dir).exists(dir)), 5), false);
      assert.deepEqual(await rdd.collect(), [1, 2, 3]);
    } finally {
      kc.conf.remove(CLEAN_CHECKPOINTS_KEY);
    }
  });
}, { ownContext: true });
