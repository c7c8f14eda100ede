/**
 * Local checkpoints (reference/spark-checkpointing.md §1, §6 item 8): partitions stay
 * with the executors at a storage level with disk, the lineage is cut, the checkpoint
 * directory is not used, and a partition whose block is gone fails with Spark's
 * message instead of being recomputed.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { LocalCheckpointRDD, StorageLevel, listCommittedParts, getFileSystem } from '@kindling/common';
import { ComputeCounter, describeEachCase } from './testing/checkpoint-test-support.js';

const range = (n: number): number[] => Array.from({ length: n }, (_, i) => i);
const lostBlockMessage =
  /Checkpoint block rdd_\d+_\d+ not found! Either the executor that originally checkpointed this partition is no longer alive, or the original RDD is unpersisted\. If this problem persists, you may consider using `rdd\.checkpoint\(\)` instead, which is slower than local checkpointing but more fault-tolerant\./;

describeEachCase(
  'local checkpoints',
  (current) => {
    void test('localCheckpoint() keeps the partitions on the executors with disk, cuts the lineage and computes once', async () => {
      const { kc, scratch } = current();
      const counter = await ComputeCounter.create(scratch);
      const rdd = counter.counted(kc.parallelize(range(24), 3)).map((x: number) => x * 3);
      rdd.localCheckpoint();
      assert.equal(rdd.storageLevel, StorageLevel.MEMORY_AND_DISK);
      assert.equal(rdd.isCheckpointed(), false);
      assert.deepEqual(await rdd.collect(), range(24).map((x) => x * 3));
      assert.equal(rdd.isCheckpointed(), true);
      assert.equal(rdd.isLocallyCheckpointed(), true);
      assert.equal(rdd.getCheckpointFile(), undefined, 'a local checkpoint has no files');
      assert.equal(rdd.dependencies.length, 1);
      assert.ok(rdd.dependencies[0]!.rdd instanceof LocalCheckpointRDD);
      assert.match(rdd.toDebugString(), /\|\s+LocalCheckpointRDD\[\d+\] at localCheckpoint/);
      assert.equal(await rdd.reduce((a: number, b: number) => a + b), range(24).reduce((a, b) => a + 3 * b, 0));
      assert.equal(await counter.count(), 24, 'computed once, then read from the blocks');
      assert.equal((await listCommittedParts(getFileSystem(kc.checkpointDir!), `${kc.checkpointDir}/rdd-${rdd.id}`)).size, 0);
    });

    void test('partitions a job did not compute (first()) are computed before the lineage is cut', async () => {
      const { kc } = current();
      const rdd = kc.parallelize(range(9), 3).map((x: number) => x + 100);
      rdd.localCheckpoint();
      assert.equal(await rdd.first(), 100);
      assert.equal(rdd.isCheckpointed(), true);
      assert.deepEqual(await rdd.collect(), range(9).map((x) => x + 100));
    });

    void test('a lost block fails with Spark\'s message, naming the block and advising rdd.checkpoint()', async () => {
      const { kc } = current();
      const rdd = kc.parallelize(range(10), 2).map((x: number) => x * 2);
      rdd.localCheckpoint();
      assert.equal(await rdd.count(), 10);
      await kc.removeRdd(rdd.id);
      await assert.rejects(rdd.count(), (error: Error) => lostBlockMessage.test(error.message));
    });

    void test('marking for local after reliable checkpointing overrides it, with Spark\'s warning', async () => {
      const { kc, log } = current();
      const rdd = kc.parallelize(range(4), 2);
      rdd.checkpoint();
      rdd.localCheckpoint();
      assert.match(log(), /RDD was already marked for reliable checkpointing: overriding with local checkpoint\./);
      assert.equal(await rdd.count(), 4);
      assert.equal(rdd.isLocallyCheckpointed(), true);
      assert.equal(rdd.getCheckpointFile(), undefined);
    });
  },
  { storages: ['file'] },
);

describeEachCase(
  'local checkpoints and lost executors',
  (current) => {
    void test('the blocks of a killed executor are lost for good: reading them fails with Spark\'s message', async () => {
      const { kc, cluster } = current();
      const rdd = kc.parallelize(range(40), 4).map((x: number) => x + 1);
      rdd.localCheckpoint();
      assert.equal(await rdd.count(), 40);
      const pid = cluster!.localExecutorPids()[0]!;
      process.kill(pid, 'SIGKILL');
      await assert.rejects(rdd.count(), (error: Error) => lostBlockMessage.test(error.message));
    });
  },
  { masters: ['local[2]'], storages: ['file'] },
);
