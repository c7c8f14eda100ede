/**
 * Issue 9, item 3: rateStream and textFileStream, on a manual clock (local-inprocess
 * by default; rerun on local[2] by inputs-on-local-cluster.integration.test.ts).
 */
import assert from 'node:assert/strict';
import { mkdirSync, rmSync, utimesSync, writeFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { test } from 'node:test';
import { InvalidArgumentError, getFileSystem, type RateRecord } from '@kindling/common';
import { startEmbeddedHdfs } from '@kindling/hdfs';
import '../index.js';
import type { ManualClock } from '../clock.js';
import type { StreamingContext } from '../streaming-context.js';
import { collectOutput } from '../testing/test-output.js';
import { runBatches, withStreamingTest } from '../testing/streaming-test-harness.js';
import type { RateInputDStream } from './rate-input-dstream.js';

const byValue = (a: RateRecord, b: RateRecord): number => a.value - b.value;

void test('rateStream: values consecutive from 0, rowsPerSecond per second, timestamps inside the batch, offsets reported as records in', async () => {
  await withStreamingTest({ batchMs: 500 }, async ({ ssc, clock }) => {
    const stream = ssc.rateStream({ rowsPerSecond: 30, numPartitions: 3 });
    const out = collectOutput(stream, byValue);
    const recordsIn: Array<[number, number, unknown]> = [];
    ssc.addStreamingListener({
      onBatchCompleted: (e) => {
        const info = [...e.batchInfo.streamIdToInputInfo.values()][0]!;
        recordsIn.push([e.batchInfo.batchTime, e.batchInfo.numRecords, info.metadata['offsets']]);
      },
    });
    ssc.start();
    await runBatches(ssc, clock, 4);
    const batches = out.timedBatches();
    assert.deepEqual(batches.map((b) => b.records.length), [15, 15, 15, 15]);
    assert.deepEqual(batches.flatMap((b) => b.records.map((r) => r.value)), Array.from({ length: 60 }, (_, i) => i));
    for (const { time, records } of batches) {
      for (const r of records) assert.ok(r.timestamp >= time - 500 && r.timestamp < time, `timestamp ${r.timestamp} in batch ${time}`);
    }
    assert.deepEqual(recordsIn, [
      [500, 15, { start: 0, end: 15 }],
      [1000, 15, { start: 15, end: 30 }],
      [1500, 15, { start: 30, end: 45 }],
      [2000, 15, { start: 45, end: 60 }],
    ]);
  });
});

void test('rateStream: a batch time recomputed after it was forgotten yields the same records (a pure function of the time)', async () => {
  await withStreamingTest({ batchMs: 1000 }, async ({ ssc, clock }) => {
    const stream = ssc.rateStream({ rowsPerSecond: 7.5, numPartitions: 2 }) as RateInputDStream;
    const out = collectOutput(stream, byValue);
    ssc.start();
    await runBatches(ssc, clock, 3);
    // 7.5 rows/s in 1 s batches: 7, 8, 7 rows, still consecutive.
    assert.deepEqual(out.batches().map((b) => b.length), [7, 8, 7]);
    stream.clearMetadata(1_000_000);
    assert.equal(stream.rangeOf(2000), undefined);
    const again = await (await stream.compute(2000))!.collect();
    assert.deepEqual(again.sort(byValue), out.batches()[1]);
  });
});

void test('rateStream rejects bad options with one line each', async () => {
  await withStreamingTest({}, async ({ ssc }) => {
    assert.throws(() => ssc.rateStream({ rowsPerSecond: 0 }), (e: unknown) => e instanceof InvalidArgumentError && /rowsPerSecond must be a positive number, got 0/.test(e.message));
    assert.throws(() => ssc.rateStream({ rowsPerSecond: 10, numPartitions: 1.5 }), /numPartitions must be a positive integer, got 1.5/);
  });
});

/** Moves the manual clock batch by batch until it has passed the real time now (so files just written are due). */
async function runPastNow(ssc: StreamingContext, clock: ManualClock): Promise<void> {
  const until = Date.now() + 1;
  const batch = ssc.batchDuration.milliseconds;
  await runBatches(ssc, clock, Math.max(1, Math.ceil((until - clock.now()) / batch)));
}

async function fileStreamPicksNewFilesOnce(
  ssc: StreamingContext,
  clock: ManualClock,
  dirUri: string,
  write: (name: string, text: string) => Promise<void>,
): Promise<void> {
  const lines = collectOutput(ssc.textFileStream(dirUri), (a, b) => a.localeCompare(b));
  clock.setTime(Math.floor(Date.now() / 1000) * 1000);
  ssc.start();
  await write('a.txt', 'a1\na2\n');
  await write('.hidden', 'hidden\n');
  await write('_COPYING_', 'temporary\n');
  await runPastNow(ssc, clock);
  await write('b.txt', 'b1\r\nb2\nb3');
  await runPastNow(ssc, clock);
  await runBatches(ssc, clock, 2);
  const nonEmpty = lines.batches().filter((b) => b.length > 0);
  assert.deepEqual(nonEmpty, [['a1', 'a2'], ['b1', 'b2', 'b3']]);
}

void test('textFileStream on file:// picks each new file once, skips hidden and _temporary files and files older than the start', async () => {
  await withStreamingTest({}, async ({ ssc, clock }) => {
    const dir = mkdtempSync(join(tmpdir(), 'kindling-file-stream-'));
    try {
      writeFileSync(join(dir, 'old.txt'), 'old\n');
      const past = (Date.now() - 10_000) / 1000;
      utimesSync(join(dir, 'old.txt'), past, past);
      await fileStreamPicksNewFilesOnce(ssc, clock, pathToFileURL(dir).href, (name, text) => {
        writeFileSync(join(dir, name), text);
        return Promise.resolve();
      });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

void test('textFileStream on webhdfs:// (the embedded server) picks each new file once', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'kindling-file-stream-hdfs-'));
  mkdirSync(join(dir, 'hdfs'));
  const hdfs = await startEmbeddedHdfs({ port: 0, dataPort: 0, host: '127.0.0.1', dir: join(dir, 'hdfs') });
  try {
    await withStreamingTest({}, async ({ ssc, clock }) => {
      const input = `webhdfs://127.0.0.1:${hdfs.port}/stream-in`;
      const fs = getFileSystem(input);
      await fs.mkdirs(input);
      await fileStreamPicksNewFilesOnce(ssc, clock, input, (name, text) => fs.writeFile(`${input}/${name}`, Buffer.from(text)));
    });
  } finally {
    await hdfs.close();
    rmSync(dir, { recursive: true, force: true });
  }
});

void test('textFileStream on a directory that does not exist yields empty batches and keeps running', async () => {
  await withStreamingTest({}, async ({ ssc, clock }) => {
    const missing = pathToFileURL(join(tmpdir(), `kindling-missing-${process.pid}-${Date.now()}`)).href;
    const out = collectOutput(ssc.textFileStream(missing));
    ssc.start();
    await runBatches(ssc, clock, 2);
    assert.deepEqual(out.batches(), [[], []]);
  });
});
