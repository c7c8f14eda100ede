/**
 * Recovery from the metadata checkpoint in one process (reference §6 items 11, 13,
 * 14, 19): a context stopped after some batches is rebuilt by getOrCreate from its
 * checkpoint, re-runs the batches of its down time exactly once, never a batch that
 * had completed, and goes on; checkpointed RDDs are read back once; a checkpoint of
 * another application or another build is refused; unreadable files fail clearly.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { CheckpointError, encodeStreamingCheckpoint, getFileSystem, IncompatibleCheckpointError, ReliableCheckpointRDD } from '@kindling/common';
import '../index.js';
import { ManualClock } from '../clock.js';
import { Seconds } from '../duration.js';
import { StreamingContext } from '../streaming-context.js';
import { collectOutput } from '../testing/test-output.js';
import { TestInputDStream } from '../testing/test-input-dstream.js';
import { runBatches, withStreamingTest } from '../testing/streaming-test-harness.js';

const lines = ['a b a', 'b', 'c a', '', 'a a a', 'b c', 'c', 'a'];

function wordCounts(line: string): Array<[string, number]> {
  const counts = new Map<string, number>();
  for (const w of line.split(' ').filter((x) => x !== '')) counts.set(w, (counts.get(w) ?? 0) + 1);
  return [...counts].sort((a, b) => a[0].localeCompare(b[0]));
}

const noCreate = (): StreamingContext => {
  throw new Error('getOrCreate must recover, not create');
};

void test('a stopped context is recovered from its checkpoint: down-time batches run once, completed ones never again, then it goes on', async () => {
  await withStreamingTest({ checkpoint: true }, async ({ kc, ssc, clock, checkpointDir }) => {
    const input = new TestInputDStream(ssc, lines.map((l) => [l]));
    const counted = input
      .flatMap((line: string) => line.split(' ').filter((w) => w !== ''))
      .map((w): [string, number] => [w, 1])
      .reduceByKey((a, b) => a + b)
      .name('word-counts');
    const out = collectOutput(counted, (a, b) => a[0].localeCompare(b[0]));
    ssc.start();
    await runBatches(ssc, clock, 3);
    await ssc.stop({ stopKindlingContext: false });
    assert.deepEqual(out.timedBatches().map((b) => b.time), [1000, 2000, 3000]);

    // The driver comes back at 6.5 s: batches 4–6 fell in the down time.
    const clock2 = new ManualClock(6500);
    const recovered = await StreamingContext.getOrCreate(checkpointDir, noCreate, { kindlingContext: kc, clock: clock2 });
    assert.notEqual(recovered, ssc);
    assert.deepEqual(recovered.graph.allStreams().map((s) => s.uid).slice(-2), ['word-counts', 'ForEachDStream-4']);
    recovered.start();
    await runBatches(recovered, clock2, 2);
    assert.deepEqual(recovered.jobGenerator.restartedBatches, [4000, 5000, 6000]);
    assert.deepEqual(out.timedBatches().map((b) => b.time), [1000, 2000, 3000, 4000, 5000, 6000, 7000, 8000]);
    assert.deepEqual(out.batches(), lines.map(wordCounts));
    await recovered.stop({ stopKindlingContext: false });
  });
});

void test('checkpointed RDDs of a stream are restored from their files, exactly once (items 11 and 14)', async () => {
  await withStreamingTest({ checkpoint: true }, async ({ kc, ssc, clock, checkpointDir }) => {
    const doubled = new TestInputDStream(ssc, lines.map((_, i) => [i]))
      .map((x) => x * 2)
      .name('doubled')
      .checkpoint(Seconds(2));
    collectOutput(doubled);
    ssc.start();
    await runBatches(ssc, clock, 4);
    await ssc.stop({ stopKindlingContext: false });
    const recovered = await StreamingContext.getOrCreate(checkpointDir, noCreate, { kindlingContext: kc, clock: new ManualClock(4000) });
    const stream = recovered.graph.allStreams().find((s) => s.uid === 'doubled')!;
    assert.deepEqual([...stream.checkpointData.currentCheckpointFiles.keys()].sort(), [2000, 4000]);
    await recovered.graph.restoreCheckpointData((path) => kc.checkpointFile(path));
    assert.deepEqual([...stream.generatedRDDs.keys()].sort(), [2000, 4000]);
    const rdd = stream.generatedRDDs.get(4000)!;
    assert.ok(rdd instanceof ReliableCheckpointRDD, `restored as ${rdd.toString()}`);
    assert.deepEqual(await rdd.collect(), [6]);
    stream.generatedRDDs.clear();
    await recovered.graph.restoreCheckpointData((path) => kc.checkpointFile(path));
    assert.equal(stream.generatedRDDs.size, 0, 'a second restore reads nothing');
  });
});

void test('a checkpoint of another application, or of another build of this bundle, is refused with a clear error', async () => {
  await withStreamingTest({}, async ({ kc, checkpointDir }) => {
    // Through the FileSystem, so that the test also runs with the checkpoint on WebHDFS.
    const fs = getFileSystem(checkpointDir);
    await fs.writeFile(`${checkpointDir}/checkpoint-1000`, encodeStreamingCheckpoint({ appName: 'someone-else', checkpointTime: 1000, graph: { batchDurationMs: 1000 } }));
    await assert.rejects(
      StreamingContext.getOrCreate(checkpointDir, noCreate, { kindlingContext: kc }),
      (e: unknown) => e instanceof CheckpointError && /belongs to application "someone-else"/.test(e.message),
    );
    await fs.writeFile(`${checkpointDir}/checkpoint-2000`,
      encodeStreamingCheckpoint({ appName: kc.appName, bundle: { name: '', version: '1.0.0', sha256: 'f00d'.repeat(16) }, checkpointTime: 2000, graph: { batchDurationMs: 1000 } }),
    );
    await assert.rejects(
      StreamingContext.getOrCreate(checkpointDir, noCreate, { kindlingContext: kc, createOnError: true }),
      (e: unknown) => e instanceof IncompatibleCheckpointError && /sha256 f00df00df00d/.test(e.message) && /new checkpoint directory/.test(e.message),
    );
  });
});

void test('every checkpoint file unreadable: "Failed to read checkpoint from directory", or a new context with createOnError (item 19)', async () => {
  await withStreamingTest({}, async ({ kc, checkpointDir }) => {
    // Through the FileSystem, so that the test also runs with the checkpoint on WebHDFS.
    const fs = getFileSystem(checkpointDir);
    await fs.writeFile(`${checkpointDir}/checkpoint-1000`, Buffer.from('corrupt'));
    await fs.writeFile(`${checkpointDir}/checkpoint-1000.bk`, Buffer.alloc(0));
    await assert.rejects(StreamingContext.getOrCreate(checkpointDir, noCreate, { kindlingContext: kc }), /Failed to read checkpoint from directory/);
    let created = 0;
    await StreamingContext.getOrCreate(
      checkpointDir,
      () => {
        created++;
        return new StreamingContext(kc, Seconds(1));
      },
      { kindlingContext: kc, createOnError: true },
    );
    assert.equal(created, 1);
  });
});
