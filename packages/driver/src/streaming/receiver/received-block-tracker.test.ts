/**
 * The ReceivedBlockTracker's metadata log (Spark's ReceivedBlockTrackerSuite): a
 * tracker opened over the log of one that went away gets back the blocks allocated
 * to each batch — exactly those, read back from the data log by a
 * WriteAheadLogBackedBlockRDD — and the blocks never allocated, for the next batch;
 * cleaned batches stay cleaned; a torn last record of the metadata log (a crash
 * mid-append) is skipped, not fatal.
 */
import assert from 'node:assert/strict';
import { appendFileSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { pathToFileURL } from 'node:url';
import { MsgpackSerializer, silentLogger, WriteAheadLogBackedBlockRDD } from '@kindling/common';
import { KindlingContext } from '../../kindling-context.js';
import { ReceivedBlockTracker, type WriteAheadLogSettings } from './received-block-tracker.js';

void test('a tracker recovered from the metadata log has the same allocations, the unallocated blocks, and reads the blocks from the data log', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'kindling-block-tracker-'));
  const kc = await KindlingContext.create({ master: 'local-inprocess', appName: 'block-tracker-test' });
  try {
    const wal: WriteAheadLogSettings = { checkpointDir: pathToFileURL(dir).href, receiverRollingIntervalMs: 1000, driverRollingIntervalMs: 1000, serializer: new MsgpackSerializer() };
    let now = 100;
    const first = new ReceivedBlockTracker(silentLogger(), () => now, wal);
    await first.addBlock(0, ['a', 'b']);
    await first.addBlock(1, [1, 2, 3]);
    now = 1000;
    const batch1 = await first.allocateBlocksToBatch(0, 1000);
    assert.deepEqual(await first.allocateBlocksToBatch(0, 1000), batch1, 'the same blocks on a second call');
    await first.allocateBlocksToBatch(1, 1000);
    now = 1500;
    await first.addBlock(0, ['c']);
    now = 2000;
    await first.allocateBlocksToBatch(0, 2000);
    now = 2500;
    await first.addBlock(0, ['d', 'e']);
    await first.cleanupOldBatches(2000);
    await first.close();
    // A crash in the middle of the next append.
    const metadataDir = join(dir, 'receivedBlockMetadata');
    const newest = readdirSync(metadataDir).sort((a, b) => Number(a.split('-')[1]) - Number(b.split('-')[1])).at(-1)!;
    appendFileSync(join(metadataDir, newest), Buffer.from([0, 0, 0, 40, 1, 2]));

    const second = new ReceivedBlockTracker(silentLogger(), () => now, wal);
    await second.recover();
    assert.deepEqual(second.allocatedBatchTimes(0), [2000], 'batch 1000 was cleaned, 2000 was not');
    assert.deepEqual(second.allocatedBatchTimes(1), []);
    const batch2 = await second.allocateBlocksToBatch(0, 2000);
    assert.deepEqual(batch2.map((b) => [b.numRecords, b.records]), [[1, undefined]], 'recovered blocks carry no records: they are in the data log');
    const rdd = new WriteAheadLogBackedBlockRDD<string>(kc, batch2.map((b) => ({ segment: b.segment! })), 'msgpack');
    assert.deepEqual(await rdd.collect(), ['c']);
    assert.equal(second.unallocatedRecords(0), 2);
    const next = await second.allocateBlocksToBatch(0, 3000);
    assert.deepEqual(await new WriteAheadLogBackedBlockRDD<string>(kc, next.map((b) => ({ segment: b.segment! })), 'msgpack').collect(), ['d', 'e']);
    await second.close();
  } finally {
    await kc.stop();
    rmSync(dir, { recursive: true, force: true });
  }
});

void test('without the write-ahead log nothing is written and forgotten batches go at once', async () => {
  const tracker = new ReceivedBlockTracker(silentLogger(), () => 0, undefined);
  await tracker.addBlock(0, ['x']);
  assert.deepEqual((await tracker.allocateBlocksToBatch(0, 1000)).map((b) => b.records), [['x']]);
  tracker.clearOldBatches(0, 1000);
  assert.deepEqual(tracker.allocatedBatchTimes(0), []);
  assert.equal(tracker.writeAheadLogEnabled, false);
});
