/**
 * Recovery in a new application (issue 5, "Must show"): a first application, in a
 * process of its own, checkpoints a shuffled RDD and exits; this process then reads
 * the checkpoint with `checkpointFile` and gets the same records in the same
 * partitions with an equal partitioner — so joining it with an RDD partitioned the
 * same way shuffles only that other RDD.
 */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { test } from 'node:test';
import { HashPartitioner, partitionerFromPlan, type PartitionerPlan } from '@kindling/common';
import { EventRecorder } from '../engine-tests/event-recorder.js';
import { describeEachCase } from './testing/checkpoint-test-support.js';
import type { WriterAppResult } from './testing/checkpoint-writer-app.js';

const writerApp = new URL('./testing/checkpoint-writer-app.js', import.meta.url).pathname;

async function runWriterApp(master: string, base: string, out: string): Promise<WriterAppResult> {
  const child = spawn(process.execPath, [writerApp, master, base, out], {
    stdio: ['ignore', 'ignore', 'pipe'],
    env: { ...process.env, KINDLING_LOG_LEVEL: 'silent' },
  });
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
  const [code] = (await once(child, 'exit')) as [number | null];
  assert.equal(code, 0, `the first application failed: ${stderr}`);
  return JSON.parse(await readFile(out, 'utf8')) as WriterAppResult;
}

describeEachCase('recovery in a new application', (current) => {
  void test('a shuffled RDD checkpointed by another process comes back with its data and partitioner; a co-partitioned join adds no shuffle for it', async () => {
    const { kc, master, storage, scratch } = current();
    const written = await runWriterApp(master, storage.baseUri, join(scratch, 'writer.json'));
    const recovered = await kc.checkpointFile<[string, number]>(written.checkpointFile);
    assert.deepEqual(await recovered.glom().collect(), written.partitions);
    const partitioner = recovered.partitioner;
    assert.ok(partitioner !== undefined && partitioner.equals(partitionerFromPlan(written.partitioner as PartitionerPlan)));
    assert.ok(partitioner.equals(new HashPartitioner(4)));

    const events = new EventRecorder();
    kc.addKindlingListener(events);
    try {
      const lengths = kc.parallelize(['w0', 'w1', 'w5', 'w96', 'nope'], 3).map((w: string): [string, number] => [w, w.length]).partitionBy(new HashPartitioner(4));
      const joined = new Map(await recovered.join(lengths).collect());
      const counts = new Map(written.partitions.flat());
      for (const w of ['w0', 'w1', 'w5', 'w96']) assert.deepEqual(joined.get(w), [counts.get(w), w.length]);
      assert.equal(joined.has('nope'), false);
      // One shuffle: partitioning `lengths`. The recovered side is already partitioned alike.
      assert.deepEqual(events.submittedStageKinds(), ['ShuffleMapStage', 'ResultStage']);
      events.clear();
      // Control: the same join once the partitioner is dropped (map) shuffles both sides.
      await recovered.map((kv: [string, number]) => kv).join(lengths).count();
      assert.equal(events.submittedStageKinds().filter((k) => k === 'ShuffleMapStage').length, 1, 'lengths reuses its shuffle; the un-partitioned side shuffles');
    } finally {
      kc.removeKindlingListener(events);
    }
  });
});
