/**
 * Issue 9, item 5: with backpressure on, a job that processes slower than the rate
 * source produces lowers the source's rows per batch. Real time (system clock):
 * the processing and scheduling delays are what the estimator reacts to.
 */
import assert from 'node:assert/strict';
import { setTimeout as sleep } from 'node:timers/promises';
import { test } from 'node:test';
import { KindlingConf } from '@kindling/common';
import { testMaster } from '../../engine-tests/test-master.js';
import { KindlingContext } from '../../kindling-context.js';
import '../index.js';
import type { RateInputDStream } from '../inputs/rate-input-dstream.js';
import { StreamingContext } from '../streaming-context.js';

void test('backpressure: a slow foreachRDD makes the rate source generate fewer rows per batch', async () => {
  const conf = new KindlingConf({ 'kindling.streaming.backpressure.enabled': 'true', 'kindling.ui.showConsoleProgress': 'false' });
  const kc = await KindlingContext.create({ master: testMaster, appName: 'backpressure-test', conf });
  const ssc = new StreamingContext(kc, 200);
  try {
    const stream = ssc.rateStream({ rowsPerSecond: 50_000, numPartitions: 2 }) as RateInputDStream;
    const recordsPerBatch: number[] = [];
    ssc.addStreamingListener({ onBatchCompleted: (e) => recordsPerBatch.push(e.batchInfo.numRecords) });
    // Each batch takes 500 ms to process, 2.5 batch intervals: the queue grows until the rate drops.
    stream.foreachRDD(async (rdd) => {
      await rdd.count();
      await sleep(500);
    });
    ssc.start();
    // Batches generated before the first estimate are already queued at the full
    // rate; wait for one generated after it to complete.
    const deadline = Date.now() + 30_000;
    while (!recordsPerBatch.some((n) => n < 10_000) && Date.now() < deadline) await sleep(50);
    assert.equal(recordsPerBatch[0], 10_000, 'the first batch runs at rowsPerSecond');
    const rate = stream.rateController?.latestRate;
    assert.ok(rate !== undefined && rate < 50_000, `backpressure lowered the rate below 50000 rows/s (now ${rate})`);
    assert.ok(stream.currentRate < 50_000);
    assert.ok(recordsPerBatch.some((n) => n < 10_000), `later batches are smaller: ${recordsPerBatch.join(', ')}`);
  } finally {
    await ssc.stop({ stopKindlingContext: true });
  }
});

void test('without backpressure the rate source keeps rowsPerSecond however slow the job', async () => {
  const conf = new KindlingConf({ 'kindling.ui.showConsoleProgress': 'false' });
  const kc = await KindlingContext.create({ master: testMaster, appName: 'no-backpressure-test', conf });
  const ssc = new StreamingContext(kc, 200);
  try {
    const stream = ssc.rateStream({ rowsPerSecond: 50_000, numPartitions: 2 }) as RateInputDStream;
    const recordsPerBatch: number[] = [];
    ssc.addStreamingListener({ onBatchCompleted: (e) => recordsPerBatch.push(e.batchInfo.numRecords) });
    stream.foreachRDD(async (rdd) => {
      await rdd.count();
      await sleep(300);
    });
    ssc.start();
    const deadline = Date.now() + 30_000;
    while (recordsPerBatch.length < 4 && Date.now() < deadline) await sleep(50);
    assert.equal(stream.rateController, undefined);
    assert.deepEqual(recordsPerBatch.slice(0, 4), [10_000, 10_000, 10_000, 10_000]);
  } finally {
    await ssc.stop({ stopKindlingContext: true });
  }
});
