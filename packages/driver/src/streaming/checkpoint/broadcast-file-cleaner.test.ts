/**
 * Broadcast files of a streaming checkpoint directory do not grow without bound: the
 * file of a destroyed broadcast is deleted once no retained metadata checkpoint names
 * it (and not before: a recovery may read any retained checkpoint), a file an earlier
 * driver left for a broadcast no checkpoint names is deleted too, and an unpersisted
 * broadcast keeps its file (it lives on); the temp file of a write a killed driver left
 * half done is deleted, this driver's own are not. On file://, or on the embedded WebHDFS
 * server with KINDLING_TEST_CHECKPOINT_STORAGE=webhdfs.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { decodeStreamingCheckpoint, getFileSystem } from '@kindling/common';
import '../index.js';
import type { StreamingContext } from '../streaming-context.js';
import { TestInputDStream } from '../testing/test-input-dstream.js';
import { runBatches, withStreamingTest } from '../testing/streaming-test-harness.js';
import { broadcastTempPath, isLeftoverBroadcastTemp } from './broadcast-file-cleaner.js';
import { listCheckpointFiles } from './checkpoint-files.js';

/** Waits for the metadata checkpoints queued so far and the broadcast clean-up they started. */
async function settled(ssc: StreamingContext): Promise<void> {
  await ssc.metadataCheckpointer!.writer.flush();
  await ssc.metadataCheckpointer!.sharedVariables.cleaned();
}

/** The broadcast ids each retained checkpoint file names. */
async function namedByRetained(checkpointDir: string): Promise<number[][]> {
  const fs = getFileSystem(checkpointDir);
  const files = await listCheckpointFiles(checkpointDir);
  return Promise.all(files.map(async (f) => decodeStreamingCheckpoint(await fs.readFile(f.path), f.path).broadcasts.map((b) => Number(b.id))));
}

void test('a destroyed broadcast’s file is deleted once no retained metadata checkpoint names it; a live or unpersisted one’s stays', async () => {
  await withStreamingTest({ checkpoint: true }, async ({ kc, ssc, clock, checkpointDir }) => {
    const fs = getFileSystem(checkpointDir);
    const fileOf = (id: number): string => `${checkpointDir}/broadcast-${id}`;
    const exists = (id: number): Promise<boolean> => fs.exists(fileOf(id));
    const input = new TestInputDStream(ssc, Array.from({ length: 30 }, (_, i) => [i]));
    input.foreachRDD(async (rdd) => void (await rdd.count()));
    const kept = kc.broadcast({ table: 'kept' });
    const destroyed = kc.broadcast({ table: 'destroyed' });
    // A file an earlier driver left for a broadcast that no checkpoint names.
    const leftover = 1234;
    await fs.writeFile(fileOf(leftover), Buffer.from('stale'));
    // Half-done writes of a killed driver (another pid; the same pid, before this process started),
    // and one of this driver's own that a write may still rename.
    const killedTemps = [`${fileOf(7)}.${process.pid + 1}-${Date.now()}.tmp`, `${fileOf(8)}.${process.pid}-${Math.floor(performance.timeOrigin) - 1000}.tmp`];
    const ownTemp = broadcastTempPath(fileOf(9));
    for (const temp of [...killedTemps, ownTemp]) await fs.writeFile(temp, Buffer.from('half'));
    ssc.start();
    await runBatches(ssc, clock, 2);
    await settled(ssc);
    assert.ok((await exists(kept.id)) && (await exists(destroyed.id)), 'both live broadcasts are written');
    assert.ok(!(await exists(leftover)), 'the leftover file no checkpoint names is deleted');
    for (const temp of killedTemps) assert.ok(!(await fs.exists(temp)), `${temp}, left by a killed driver, is deleted`);
    assert.ok(await fs.exists(ownTemp), 'a temp file of this driver is kept');
    await fs.delete(ownTemp);

    await destroyed.destroy();
    await kept.unpersist();
    await runBatches(ssc, clock, 1);
    await settled(ssc);
    assert.ok((await namedByRetained(checkpointDir)).some((ids) => ids.includes(destroyed.id)), 'older retained checkpoints still name the destroyed broadcast');
    assert.ok(await exists(destroyed.id), 'so its file stays while they are retained');

    // Two checkpoints per batch, ten files retained: after six batches none of the
    // files written before the destroy is left.
    await runBatches(ssc, clock, 6);
    await settled(ssc);
    const named = await namedByRetained(checkpointDir);
    assert.ok(named.length >= 10 && named.every((ids) => !ids.includes(destroyed.id) && ids.includes(kept.id)), JSON.stringify(named));
    assert.ok(!(await exists(destroyed.id)), 'the destroyed broadcast’s file is deleted');
    assert.ok(await exists(kept.id), 'the unpersisted (live) broadcast’s file stays');
    await ssc.stop({ stopKindlingContext: false });
  });
});

void test('a broadcast temp file is a leftover when another process or this one before its start wrote it', () => {
  assert.equal(isLeftoverBroadcastTemp('broadcast-3.100-5000.tmp', 100, 4000), false);
  assert.equal(isLeftoverBroadcastTemp('broadcast-3.100-3000.tmp', 100, 4000), true);
  assert.equal(isLeftoverBroadcastTemp('broadcast-3.101-5000.tmp', 100, 4000), true);
  assert.equal(isLeftoverBroadcastTemp('broadcast-3', 101, 4000), false);
  assert.equal(isLeftoverBroadcastTemp('checkpoint-1000.tmp', 101, 4000), false);
});
