/**
 * The metadata checkpoint as Spark writes and reads it (reference §2 and §6 items
 * 15–17): two files per batch for the latest time, the newest 10 kept, a late write
 * landing under the newest time, foreign files ignored, and a corrupt newest file
 * falling back to its backup.
 */
import assert from 'node:assert/strict';
import { mkdirSync, readdirSync, truncateSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { CheckpointError, encodeStreamingCheckpoint, fromCheckpointValue, silentLogger } from '@kindling/common';
import '../index.js';
import { collectOutput } from '../testing/test-output.js';
import { TestInputDStream } from '../testing/test-input-dstream.js';
import { runBatches, withStreamingTest } from '../testing/streaming-test-harness.js';
import { listCheckpointFiles } from './checkpoint-files.js';
import { readCheckpoint, readCheckpointOrFail } from './checkpoint-reader.js';
import { CheckpointWriter } from './checkpoint-writer.js';

const checkpointNames = (dir: string): string[] => readdirSync(fileURLToPath(dir)).filter((n) => n.startsWith('checkpoint-')).sort();

void test('each batch leaves two checkpoint files for its time, the newest 10 are kept, and the newest one describes the graph', async () => {
  await withStreamingTest({ checkpoint: true, conf: { 'kindling.authenticate.secret': 'do-not-write-me' } }, async ({ ssc, clock, checkpointDir }) => {
    const input = new TestInputDStream(ssc, Array.from({ length: 8 }, (_, i) => [i]));
    collectOutput(input.map((x) => x + 1).name('plus-one'));
    ssc.start();
    await runBatches(ssc, clock, 8);
    await ssc.metadataCheckpointer!.writer.flush();
    const names = checkpointNames(checkpointDir);
    assert.equal(names.length, 10, names.join(' '));
    assert.ok(names.includes('checkpoint-8000') && names.includes('checkpoint-8000.bk'), names.join(' '));
    assert.ok(!names.includes('checkpoint-3000'), 'older files are deleted');
    const { checkpoint, file } = await readCheckpoint(checkpointDir, silentLogger());
    assert.match(file!, /checkpoint-8000$/);
    assert.equal(checkpoint!.checkpointTime, 8000);
    assert.equal(checkpoint!.master, ssc.kindlingContext.master);
    assert.deepEqual(checkpoint!.pendingTimes, []);
    assert.equal(checkpoint!.graph!.batchDurationMs, 1000);
    assert.equal(checkpoint!.graph!.zeroTime, 0);
    const streams = checkpoint!.graph!.streams;
    assert.deepEqual(streams.map((s) => [s.kind, s.uid]), [
      ['TestInputDStream', 'TestInputDStream-0'],
      ['TransformedDStream', 'plus-one'],
      ['ForEachDStream', 'ForEachDStream-2'],
    ]);
    const mapParams = fromCheckpointValue(streams[1]!.params) as { op: string; args: Array<{ kind: string; source: string }> };
    assert.equal(mapParams.op, 'map');
    assert.equal(mapParams.args[0]!.kind, 'source');
    assert.match(mapParams.args[0]!.source, /x \+ 1/);
    assert.ok(!checkpoint!.conf.some((c) => c.key === 'kindling.authenticate.secret'), 'the secret is not written');
  });
});

void test('a late checkpoint of an older batch is written under the newest time (SPARK-11267)', async () => {
  await withStreamingTest({}, async ({ checkpointDir }) => {
    const written: number[] = [];
    const writer = new CheckpointWriter(checkpointDir, silentLogger(), (r) => written.push(r.checkpointTime));
    writer.write(2000, encodeStreamingCheckpoint({ appName: 'newer', checkpointTime: 2000 }), false);
    writer.write(1000, encodeStreamingCheckpoint({ appName: 'late', checkpointTime: 1000 }), true);
    await writer.stop();
    assert.deepEqual(written, [2000, 1000]);
    assert.deepEqual(checkpointNames(checkpointDir), ['checkpoint-2000', 'checkpoint-2000.bk']);
    const { checkpoint } = await readCheckpoint(checkpointDir, silentLogger());
    assert.equal(checkpoint!.appName, 'late', 'the newest file holds the last state written');
  });
});

void test('files and directories that are not checkpoints are ignored; a corrupt newest file falls back to its backup, then older files', async () => {
  await withStreamingTest({}, async ({ checkpointDir }) => {
    const writer = new CheckpointWriter(checkpointDir, silentLogger(), () => undefined);
    for (const t of [1000, 1000, 2000, 2000]) writer.write(t, encodeStreamingCheckpoint({ appName: `app@${t}`, checkpointTime: t }), false);
    await writer.stop();
    const dir = fileURLToPath(checkpointDir);
    writeFileSync(join(dir, 'checkpoint-9999.tmp'), 'x');
    writeFileSync(join(dir, 'notes.txt'), 'x');
    mkdirSync(join(dir, 'checkpoint-99999'));
    mkdirSync(join(dir, 'receivedData'));
    assert.deepEqual((await listCheckpointFiles(checkpointDir)).map((f) => f.path.split('/').pop()), ['checkpoint-2000', 'checkpoint-2000.bk', 'checkpoint-1000', 'checkpoint-1000.bk']);

    truncateSync(join(dir, 'checkpoint-2000'), 10);
    const warnings: string[] = [];
    const logger = { ...silentLogger(), warn: (...args: unknown[]) => void warnings.push(String(args.at(-1))) } as ReturnType<typeof silentLogger>;
    let result = await readCheckpoint(checkpointDir, logger);
    assert.match(result.file!, /checkpoint-2000\.bk$/);
    assert.equal(result.checkpoint!.checkpointTime, 2000);
    assert.ok(warnings.some((w) => /Error reading checkpoint from file .*checkpoint-2000\b/.test(w)), warnings.join('\n'));

    truncateSync(join(dir, 'checkpoint-2000.bk'), 0);
    result = await readCheckpoint(checkpointDir, logger);
    assert.match(result.file!, /checkpoint-1000$/);
    assert.equal(result.unreadable.length, 2);

    for (const name of ['checkpoint-1000', 'checkpoint-1000.bk']) writeFileSync(join(dir, name), 'garbage');
    await assert.rejects(readCheckpointOrFail(checkpointDir, logger), (e: unknown) => e instanceof CheckpointError && /Failed to read checkpoint from directory/.test(e.message));
    assert.equal((await readCheckpointOrFail(`${checkpointDir}-missing`, logger)).checkpoint, undefined);
  });
});
