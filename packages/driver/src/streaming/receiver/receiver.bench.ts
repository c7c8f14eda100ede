/**
 * Receiver ingestion on local[2]: a TCP server in this process sends N lines as fast
 * as the socket takes them; socketTextStream's receiver (in an executor process)
 * stores them in 200 ms blocks and pushes each block to the driver over gRPC, and
 * 1 s batches count them. Baseline in the same run: a plain Node TCP client in this
 * process reading and splitting the same bytes into lines.
 *
 * Prints records/s for the baseline, for "received on the driver" (the last block
 * acknowledged) and for "counted by batches" (the last batch's count), and their
 * ratios to the baseline. Best of RUNS for each. Then the same receiver with the
 * write-ahead log on (kindling.streaming.receiver.writeAheadLog.enable, the
 * checkpoint in a temp directory on file://): every block is appended and fsynced
 * before it is acknowledged; its ratio is against the run without the log.
 *
 * Run: npx --yes pnpm@10 bench receiver
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { createConnection, createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { performance } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import { KindlingConf, builtinRef, registerBuiltin, type RDD } from '@kindling/common';
import { DriverFunction } from '../driver-function.js';
import { ForEachDStream } from '../output-dstream.js';
import { KindlingContext } from '../../kindling-context.js';
import '../index.js';
import { StreamingContext } from '../streaming-context.js';
import { ReceiverTracker } from './receiver-tracker.js';

const LINES = 1_000_000;
const RUNS = 3;
// local[2] by default; KINDLING_BENCH_MASTER=local-inprocess isolates the receiver from gRPC and executor processes.
const master = process.env['KINDLING_BENCH_MASTER'] ?? 'local[2]';

function out(line: string): void {
  process.stdout.write(`${line}\n`);
}

const payload = Buffer.from(Array.from({ length: LINES }, (_, i) => `video-${i % 10_000},user-${i % 7919},${i}`).join('\n') + '\n');

/** A server that writes the payload to each client once it connects (after `armed` resolves), then waits. */
async function serve(armed: () => Promise<void>): Promise<{ server: Server; port: number; sentAt: () => number }> {
  let sentAt = 0;
  const server = createServer((socket) => {
    void armed().then(() => {
      sentAt = performance.now();
      socket.write(payload);
    });
    socket.on('error', () => undefined);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  return { server, port: (server.address() as { port: number }).port, sentAt: () => sentAt };
}

async function plainClient(): Promise<number> {
  const { server, port, sentAt } = await serve(() => Promise.resolve());
  try {
    return await new Promise<number>((resolve, reject) => {
      const socket = createConnection({ host: '127.0.0.1', port });
      let partial = '';
      let count = 0;
      socket.setEncoding('utf8');
      socket.on('data', (chunk: string) => {
        const lines = (partial + chunk).split('\n');
        partial = lines.pop()!;
        count += lines.length;
        if (count >= LINES) {
          resolve(performance.now() - sentAt());
          socket.destroy();
        }
      });
      socket.on('error', reject);
    });
  } finally {
    server.close();
  }
}

// The count is a builtin output, not a closure over a driver variable: with the
// write-ahead log the context checkpoints, and its outputs must be recoverable.
let onCount: (n: number) => void = () => undefined;
const countInto = () => async (rdd: RDD<unknown>): Promise<void> => onCount(await rdd.count());
registerBuiltin('bench.receiverCount', countInto);

async function receiverRun(wal: boolean): Promise<{ receivedMs: number; countedMs: number }> {
  const conf = new KindlingConf({ 'kindling.ui.showConsoleProgress': 'false', 'kindling.streaming.receiver.writeAheadLog.enable': String(wal) });
  const kc = await KindlingContext.create({ master, appName: 'receiver-bench', conf });
  const ssc = new StreamingContext(kc, 1000);
  const checkpointDir = wal ? mkdtempSync(join(tmpdir(), 'kindling-receiver-bench-')) : undefined;
  if (checkpointDir !== undefined) ssc.checkpoint(pathToFileURL(checkpointDir).href);
  let release: () => void = () => undefined;
  const started = new Promise<void>((resolve) => (release = resolve));
  const { server, port, sentAt } = await serve(() => started);
  try {
    let counted = 0;
    let countedAt = 0;
    let received = 0;
    let receivedAt = 0;
    ssc.addStreamingListener({ onReceiverStarted: () => release() });
    onCount = (n) => {
      counted += n;
      if (counted >= LINES && countedAt === 0) countedAt = performance.now();
    };
    const lines = ssc.socketTextStream('127.0.0.1', port);
    ssc.graph.addOutputStream(new ForEachDStream(ssc, lines, DriverFunction.builtin(countInto(), builtinRef('bench.receiverCount')), 'count') as ForEachDStream<unknown>);
    ssc.start();
    const tracker = ReceiverTracker.of(ssc);
    const streamId = ssc.graph.inputStreams[0]!.inputStreamId;
    const deadline = Date.now() + 120_000;
    while (countedAt === 0 && Date.now() < deadline) {
      const now = tracker.receivedRecords(streamId);
      if (receivedAt === 0 && now >= LINES) receivedAt = performance.now();
      received = now;
      await sleep(5);
    }
    if (countedAt === 0) throw new Error(`only ${counted} of ${LINES} lines counted in 120 s (received ${received})`);
    if (receivedAt === 0) receivedAt = countedAt;
    return { receivedMs: receivedAt - sentAt(), countedMs: countedAt - sentAt() };
  } finally {
    await ssc.stop({ stopKindlingContext: true });
    server.close();
    if (checkpointDir !== undefined) rmSync(checkpointDir, { recursive: true, force: true });
  }
}

async function main(): Promise<void> {
  const fmt = (n: number): string => Math.round(n).toLocaleString('en-US');
  const rate = (ms: number): number => LINES / (ms / 1000);
  out(`receiver ingestion: ${fmt(LINES)} lines (${(payload.byteLength / 1e6).toFixed(1)} MB) over loopback TCP, ${master}, 200 ms blocks, 1 s batches, best of ${RUNS}`);
  const plain: number[] = [];
  for (let i = 0; i < RUNS; i++) plain.push(await plainClient());
  const runs: Array<{ receivedMs: number; countedMs: number }> = [];
  for (let i = 0; i < RUNS; i++) runs.push(await receiverRun(false));
  const walRuns: Array<{ receivedMs: number; countedMs: number }> = [];
  for (let i = 0; i < RUNS; i++) walRuns.push(await receiverRun(true));
  const bestPlain = Math.min(...plain);
  const bestReceived = Math.min(...runs.map((r) => r.receivedMs));
  const bestCounted = Math.min(...runs.map((r) => r.countedMs));
  out(`  plain TCP client, lines split        ${fmt(rate(bestPlain)).padStart(12)} lines/s  (${plain.map((t) => t.toFixed(0)).join(', ')} ms)`);
  out(`  receiver → driver, all received      ${fmt(rate(bestReceived)).padStart(12)} lines/s  (${runs.map((r) => r.receivedMs.toFixed(0)).join(', ')} ms)`);
  out(`  counted by 1 s batches               ${fmt(rate(bestCounted)).padStart(12)} lines/s  (${runs.map((r) => r.countedMs.toFixed(0)).join(', ')} ms)`);
  const walReceived = Math.min(...walRuns.map((r) => r.receivedMs));
  const walCounted = Math.min(...walRuns.map((r) => r.countedMs));
  out(`  with the write-ahead log, received   ${fmt(rate(walReceived)).padStart(12)} lines/s  (${walRuns.map((r) => r.receivedMs.toFixed(0)).join(', ')} ms)`);
  out(`  with the write-ahead log, counted    ${fmt(rate(walCounted)).padStart(12)} lines/s  (${walRuns.map((r) => r.countedMs.toFixed(0)).join(', ')} ms)`);
  out(`ratio received / plain client: ${(bestPlain / bestReceived).toFixed(3)}`);
  out(`ratio received with WAL / without: ${(bestReceived / walReceived).toFixed(3)}`);
  out(`ratio counted with WAL / without: ${(bestCounted / walCounted).toFixed(3)}`);
  out(`ratio counted by batches / plain client: ${(bestPlain / bestCounted).toFixed(3)} (includes waiting for the next batch boundary, up to 1 s)`);
}

await main();
