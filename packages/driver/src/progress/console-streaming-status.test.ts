/**
 * Issue 9 item 5, reporting: while a StreamingContext runs on a terminal, each
 * completed batch writes one status line (records, rates, the three delays, queued
 * batches) and the stage progress bar stays quiet; each batch's figures are also
 * logged at info. A fake terminal stands in for stdout.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { KindlingConf } from '@kindling/common';
import { capturingLogger } from '../cluster/testing/cluster-test-support.js';
import { KindlingContext } from '../kindling-context.js';
import { batchInfo } from '../streaming/batch-info.js';
import { ManualClock } from '../streaming/clock.js';
import '../streaming/index.js';
import { StreamingContext } from '../streaming/streaming-context.js';
import { TestInputDStream } from '../streaming/testing/test-input-dstream.js';
import { runBatches } from '../streaming/testing/streaming-test-harness.js';
import type { StageInfo } from '../index.js';
import { ConsoleProgressBar } from './console-progress-bar.js';
import { renderStatusLine, StreamingStatusLine } from './console-streaming-status.js';

class FakeTerminal {
  readonly isTTY = true;
  readonly columns = 80;
  written = '';
  write(text: string): boolean {
    this.written += text;
    return true;
  }
}

void test('the status line shows the batch time, records, input and processing rates, the three delays and the queued batches', () => {
  const info = batchInfo({
    batchTime: Date.UTC(2026, 11, 5, 14, 3, 20),
    streamIdToInputInfo: new Map([[0, { inputStreamId: 0, numRecords: 2000, metadata: {} }]]),
    submissionTime: 1000,
    processingStartTime: 1004,
    processingEndTime: 1254,
    outputOperationInfos: new Map(),
  });
  assert.equal(
    renderStatusLine(info, 1000, 2),
    'Batch 14:03:20 | 2,000 records | in 2,000 rec/s | processed 8,000 rec/s | delay: scheduling 0.004 s, processing 0.250 s, total 0.254 s | queued 2',
  );
  const empty = batchInfo({ batchTime: 3000, streamIdToInputInfo: new Map(), submissionTime: 5, processingStartTime: 5, processingEndTime: 5, outputOperationInfos: new Map() });
  assert.equal(renderStatusLine(empty, 500, 0), 'Batch 3000 ms | 0 records | in 0 rec/s | processed - rec/s | delay: scheduling 0.000 s, processing 0.000 s, total 0.000 s | queued 0');
});

void test('no status line when stdout is not a terminal or console progress is off', () => {
  const options = { batchDurationMs: 1000, queuedBatches: () => 0 };
  assert.equal(StreamingStatusLine.createIfEnabled(new KindlingConf(), options, { isTTY: false, write: () => true }), undefined);
  assert.equal(StreamingStatusLine.createIfEnabled(new KindlingConf({ 'kindling.ui.showConsoleProgress': 'false' }), options, new FakeTerminal()), undefined);
  assert.ok(StreamingStatusLine.createIfEnabled(new KindlingConf(), options, new FakeTerminal()) instanceof StreamingStatusLine);
});

void test('a paused progress bar erases its line and draws nothing until resumed', () => {
  const terminal = new FakeTerminal();
  let now = 0;
  const bar = new ConsoleProgressBar({ output: terminal, firstDelayMs: 0, now: () => now });
  const stageInfo: StageInfo = { stageId: 1, attemptId: 0, name: 's', kind: 'ResultStage', numTasks: 4, rddId: 0, parentIds: [] };
  bar.onStageSubmitted({ stageInfo } as Parameters<ConsoleProgressBar['onStageSubmitted']>[0]);
  now = 1000;
  bar.refresh();
  assert.match(terminal.written, /\[Stage 1:/);
  bar.pause();
  assert.ok(terminal.written.endsWith('\r'), 'the bar was erased');
  const erased = terminal.written;
  now = 2000;
  bar.refresh();
  assert.equal(terminal.written, erased, 'nothing drawn while paused');
  bar.resume();
  bar.refresh();
  assert.match(terminal.written.slice(erased.length), /\[Stage 1:/);
  bar.stop();
});

void test('a running StreamingContext writes one status line per batch on the terminal and logs each batch’s figures at info', async () => {
  const { logger, lines } = capturingLogger('info');
  const kc = await KindlingContext.create({ master: 'local-inprocess', appName: 'status-line-test', conf: new KindlingConf(), logger });
  const terminal = new FakeTerminal();
  const clock = new ManualClock(0);
  const ssc = new StreamingContext(kc, 1000, { clock, consoleOutput: terminal });
  try {
    const input = new TestInputDStream(ssc, [[1, 2, 3, 4], [5, 6]]);
    // Processing "takes" 250 ms of the manual clock, so the delays are known.
    input.foreachRDD(async (rdd) => {
      await rdd.count();
      clock.advance(250);
    });
    ssc.start();
    await runBatches(ssc, clock, 2);
    const statusLines = terminal.written.split('\n').filter((l) => l !== '');
    assert.deepEqual(statusLines, [
      'Batch 1000 ms | 4 records | in 4 rec/s | processed 16 rec/s | delay: scheduling 0.000 s, processing 0.250 s, total 0.250 s | queued 0',
      'Batch 2000 ms | 2 records | in 2 rec/s | processed 8 rec/s | delay: scheduling 0.000 s, processing 0.250 s, total 0.250 s | queued 0',
    ]);
    const finished = lines.map((l) => JSON.parse(l) as Record<string, unknown>).filter((l) => String(l['msg']).startsWith('Finished jobs for time'));
    assert.equal(finished.length, 2);
    const fields = ['batchTime', 'numRecords', 'submissionTime', 'processingStartTime', 'processingEndTime', 'schedulingDelay', 'processingDelay', 'totalDelay', 'msg'];
    assert.deepEqual(Object.fromEntries(fields.map((f) => [f, finished[0]![f]])), {
      batchTime: 1000,
      numRecords: 4,
      submissionTime: 1000,
      processingStartTime: 1000,
      processingEndTime: 1250,
      schedulingDelay: 0,
      processingDelay: 250,
      totalDelay: 250,
      msg: 'Finished jobs for time 1000 ms: 4 records, total delay 0.250 s, execution 0.250 s',
    });
    await ssc.stop({ stopKindlingContext: false });
    const afterStop = terminal.written;
    clock.advance(5000);
    await new Promise((resolve) => setTimeout(resolve, 20));
    assert.equal(terminal.written, afterStop, 'no status line after stop');
  } finally {
    await ssc.stop().catch(() => undefined);
    await kc.stop();
  }
});
