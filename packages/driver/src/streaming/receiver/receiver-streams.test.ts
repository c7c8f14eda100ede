/**
 * Issue 9, items 3 and 5: receivers. socketTextStream against a TCP server the test
 * starts on 127.0.0.1 port 0, a port that refuses connections, and a custom receiver
 * (exported by a job bundle) whose onStart throws. On a manual clock: the test waits
 * in real time until the receiver has pushed the records, then runs a batch. Runs on
 * local-inprocess here and on local[2] (receiver on one executor process, batches on
 * the other) from inputs-on-local-cluster.integration.test.ts.
 */
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { test } from 'node:test';
import { ClosureError, InvalidArgumentError, Receiver, computeExportAliases, loadBundleDir, sha256Hex, writeBundleDir, type LoadedJobBundle } from '@kindling/common';
import '../index.js';
import type { ReceiverInfo } from '../streaming-listener.js';
import type { StreamingContext } from '../streaming-context.js';
import { collectOutput } from '../testing/test-output.js';
import { runBatches, withStreamingTest } from '../testing/streaming-test-harness.js';
import { ReceiverTracker } from './receiver-tracker.js';

const conf = { 'kindling.streaming.receiverRestartDelay': '300ms' };

async function waitFor(condition: () => boolean, what: string, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await sleep(20);
  }
}

function pending(ssc: StreamingContext): number {
  return ReceiverTracker.of(ssc).unallocatedRecords(ssc.graph.inputStreams[0]!.inputStreamId);
}

async function listen(server: Server, port = 0): Promise<number> {
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => resolve());
  });
  return (server.address() as { port: number }).port;
}

function receiverEvents(ssc: StreamingContext): { started: ReceiverInfo[]; errors: ReceiverInfo[]; stopped: ReceiverInfo[] } {
  const events = { started: [] as ReceiverInfo[], errors: [] as ReceiverInfo[], stopped: [] as ReceiverInfo[] };
  ssc.addStreamingListener({
    onReceiverStarted: (e) => events.started.push(e.receiverInfo),
    onReceiverError: (e) => events.errors.push(e.receiverInfo),
    onReceiverStopped: (e) => events.stopped.push(e.receiverInfo),
  });
  return events;
}

void test('socketTextStream: lines from a TCP server arrive in the batches, each once, and the receiver stops with the context', async () => {
  const clients: Socket[] = [];
  const server = createServer((socket) => clients.push(socket));
  const port = await listen(server);
  try {
    await withStreamingTest({ conf }, async ({ ssc, clock }) => {
      const events = receiverEvents(ssc);
      const lines = collectOutput(ssc.socketTextStream('127.0.0.1', port), (a, b) => a.localeCompare(b));
      const recordsIn: number[] = [];
      ssc.addStreamingListener({ onBatchCompleted: (e) => recordsIn.push(e.batchInfo.numRecords) });
      ssc.start();
      await waitFor(() => clients.length === 1 && events.started.length === 1, 'the receiver to connect');
      const first = Array.from({ length: 100 }, (_, i) => `first-${String(i).padStart(3, '0')}`);
      // A line split across writes, and a CRLF line: reassembled by the receiver.
      clients[0]!.write(`${first.slice(0, 50).join('\n')}\n${first.slice(50, 99).join('\r\n')}\r\n${first[99]!.slice(0, 4)}`);
      await sleep(50);
      clients[0]!.write(`${first[99]!.slice(4)}\n`);
      await waitFor(() => pending(ssc) === 100, '100 records received');
      await runBatches(ssc, clock, 1);
      const second = ['second-a', 'second-b', 'second-c'];
      clients[0]!.write(`${second.join('\n')}\n`);
      await waitFor(() => pending(ssc) === 3, '3 more records received');
      await runBatches(ssc, clock, 2);
      assert.deepEqual(lines.batches(), [first, second, []]);
      assert.deepEqual(recordsIn, [100, 3, 0]);
      assert.equal(events.started[0]!.active, true);
      assert.ok(events.started[0]!.executorId !== undefined && events.started[0]!.executorId !== '');
      assert.deepEqual(events.errors, []);
      await ssc.stop({ stopKindlingContext: false });
      await waitFor(() => events.stopped.length === 1, 'onReceiverStopped');
      assert.equal(events.stopped[0]!.active, false);
    });
  } finally {
    for (const c of clients) c.destroy();
    server.close();
  }
});

void test('socketTextStream on a port that refuses connections: the receiver retries and reports, batches go on empty, and data flows once a server is up', async () => {
  const probe = createServer();
  const port = await listen(probe);
  await new Promise<void>((resolve) => probe.close(() => resolve()));
  const clients: Socket[] = [];
  const server = createServer((socket) => clients.push(socket));
  try {
    await withStreamingTest({ conf }, async ({ ssc, clock }) => {
      const events = receiverEvents(ssc);
      const lines = collectOutput(ssc.socketTextStream('127.0.0.1', port));
      ssc.start();
      await waitFor(() => events.errors.length >= 2, 'two receiver errors');
      assert.match(events.errors[0]!.lastErrorMessage ?? '', new RegExp(`Restarting receiver with delay 300 ms: Error connecting to 127.0.0.1:${port}`));
      assert.match(events.errors[0]!.lastError ?? '', /ECONNREFUSED/);
      await runBatches(ssc, clock, 2);
      assert.deepEqual(lines.batches(), [[], []]);
      await listen(server, port);
      await waitFor(() => clients.length === 1, 'the receiver to connect once the server is up');
      clients[0]!.write('late-1\nlate-2\n');
      await waitFor(() => pending(ssc) === 2, 'the lines sent after the server came up');
      await runBatches(ssc, clock, 1);
      assert.deepEqual(lines.batches(), [[], [], ['late-1', 'late-2']]);
      assert.ok(events.started.length >= 1);
    });
  } finally {
    for (const c of clients) c.destroy();
    server.close();
  }
});

void test('kindling.streaming.receiver.maxRate caps what a receiver stores per block; backpressure\'s rate lowers it further', async () => {
  const clients: Socket[] = [];
  const server = createServer((socket) => clients.push(socket));
  const port = await listen(server);
  try {
    const limited = { ...conf, 'kindling.streaming.receiver.maxRate': '100', 'kindling.streaming.blockInterval': '100ms' };
    await withStreamingTest({ conf: limited }, async ({ ssc, clock }) => {
      const events = receiverEvents(ssc);
      const lines = collectOutput(ssc.socketTextStream('127.0.0.1', port));
      const blocks: unknown[] = [];
      ssc.addStreamingListener({ onBatchCompleted: (e) => blocks.push([...e.batchInfo.streamIdToInputInfo.values()][0]?.metadata['blocks']) });
      ssc.start();
      await waitFor(() => clients.length === 1 && events.started.length === 1, 'the receiver to connect');
      const started = Date.now();
      clients[0]!.write(`${Array.from({ length: 60 }, (_, i) => `line-${i}`).join('\n')}\n`);
      await waitFor(() => pending(ssc) === 60, '60 records received');
      const elapsed = Date.now() - started;
      // 100 records/s in 100 ms blocks: at most 10 records a block, so 60 take 6 blocks.
      assert.ok(elapsed >= 450, `60 records at 100/s arrived in ${elapsed} ms`);
      await runBatches(ssc, clock, 1);
      assert.equal(lines.batches()[0]!.length, 60);
      assert.ok((blocks[0] as number) >= 6, `60 records in ${String(blocks[0])} blocks`);
      const tracker = ReceiverTracker.of(ssc);
      const streamId = ssc.graph.inputStreams[0]!.inputStreamId;
      assert.equal(tracker.effectiveRateLimit(streamId), 100);
      tracker.setRateLimit(streamId, 40);
      assert.equal(tracker.effectiveRateLimit(streamId), 40);
      tracker.setRateLimit(streamId, 1000);
      assert.equal(tracker.effectiveRateLimit(streamId), 100);
    });
  } finally {
    for (const c of clients) c.destroy();
    server.close();
  }
});

let bundleRoot: string | undefined;

async function flakyBundle(): Promise<LoadedJobBundle> {
  bundleRoot ??= mkdtempSync(join(tmpdir(), 'kindling-receiver-bundle-'));
  const code = [
    "import { Receiver } from '@kindling/common';",
    "import { existsSync, writeFileSync } from 'node:fs';",
    'export class FlakyReceiver extends Receiver {',
    '  constructor(marker, count) { super(); this.marker = marker; this.count = count; }',
    '  onStart() {',
    "    if (!existsSync(this.marker)) { writeFileSync(this.marker, 'started once'); throw new Error('flaky start: the first onStart fails'); }",
    '    this.storeMany(Array.from({ length: this.count }, (_, i) => [`key-${i % 3}`, i]));',
    '  }',
    '  onStop() {}',
    '}',
    '',
  ].join('\n');
  const bytes = Buffer.from(code);
  const dir = join(bundleRoot, 'flaky');
  await writeBundleDir(dir, bytes, {
    name: 'flaky-receiver',
    version: '1.0.0',
    entry: 'job.js',
    sha256: sha256Hex(bytes),
    kindlingVersion: '0.1.0',
    exportAliases: computeExportAliases(code),
    builtAt: new Date().toISOString(),
  });
  return loadBundleDir(dir);
}

void test('receiverStream: a custom receiver whose onStart throws is restarted, reported, and its records reach the batch', async () => {
  const bundle = await flakyBundle();
  const marker = join(bundleRoot!, `marker-${process.pid}-${Date.now()}`);
  try {
    await withStreamingTest({ conf, bundle }, async ({ ssc, clock }) => {
      const events = receiverEvents(ssc);
      const FlakyReceiver = bundle.namespace['FlakyReceiver'] as new (marker: string, count: number) => Receiver<[string, number]>;
      const stream = ssc.receiverStream(new FlakyReceiver(marker, 30));
      const sums = collectOutput(stream.reduceByKey((a, b) => a + b), (a, b) => a[0].localeCompare(b[0]));
      ssc.start();
      await waitFor(() => pending(ssc) === 30, 'the restarted receiver to store its records');
      await runBatches(ssc, clock, 1);
      assert.ok(existsSync(marker));
      assert.match(events.errors[0]!.lastErrorMessage ?? '', /Restarting receiver with delay 300 ms: Error starting receiver/);
      assert.match(events.errors[0]!.lastError ?? '', /flaky start: the first onStart fails/);
      assert.equal(events.started.length, 1);
      const expected = [0, 1, 2].map((k): [string, number] => [`key-${k}`, Array.from({ length: 30 }, (_, i) => i).filter((i) => i % 3 === k).reduce((a, b) => a + b, 0)]);
      assert.deepEqual(sums.batches(), [expected]);
    });
  } finally {
    rmSync(marker, { force: true });
  }
});

void test('receiverStream refuses a receiver class the executors cannot construct, and fields that cannot travel', async () => {
  await withStreamingTest({}, async ({ ssc }) => {
    class LocalReceiver extends Receiver<string> {
      onStart(): void {}
      onStop(): void {}
    }
    assert.throws(() => ssc.receiverStream(new LocalReceiver()), (e: unknown) => e instanceof ClosureError && /LocalReceiver must be exported by the job bundle/.test(e.message));
    assert.throws(() => ssc.receiverStream({} as Receiver<string>), (e: unknown) => e instanceof InvalidArgumentError && /extends Receiver/.test(e.message));
    assert.throws(() => ssc.socketTextStream('localhost', 70_000), /socketTextStream expects a TCP port from 1 to 65535, got 70000/);
  });
  await withStreamingTest({ conf: { 'kindling.streaming.receiver.maxRate': 'fast' } }, async ({ ssc }) => {
    assert.throws(() => ssc.socketTextStream('localhost', 9999), (e: unknown) => e instanceof InvalidArgumentError && /kindling.streaming.receiver.maxRate must be a number of records per second/.test(e.message));
  });
});
