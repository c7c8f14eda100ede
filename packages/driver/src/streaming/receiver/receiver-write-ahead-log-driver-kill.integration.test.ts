/**
 * Issue 10 item 4, nothing acknowledged is lost when the driver is SIGKILLed: a
 * socketTextStream job with the receiver write-ahead log on, on local[2] (a driver
 * and two executor processes over gRPC), its checkpoint on file:// or on an embedded
 * WebHDFS server process. A TCP server the test runs sends N lines once; the test
 * waits until the driver's metadata log holds the addition of all N (so every block
 * was acknowledged to the receiver), then SIGKILLs the driver while the batch holding
 * them is still being processed (each record costs 20 ms, so the batch takes seconds;
 * the test checks that fewer than N records were written at the kill). A second
 * driver started the same way recovers through getOrCreate, and saveAsTextFiles'
 * output over all batches must hold every line exactly once.
 */
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer, type Server, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { test } from 'node:test';
import { pathToFileURL } from 'node:url';
import { closeAllFileSystems, FileNotFoundError, getFileSystem, scanSegment } from '@kindling/common';
import { startHdfsServerProcess, type HdfsServerProcess } from '@kindling/hdfs';
import { listBatchOutputs, readBatchLines } from '../../drill/drill-output.js';
import { endDriver, jobProjectOfTestFile, untilDriver, type SubmittedDriver } from '../testing/submitted-job.js';

const LINES = 200;
const job = [
  "import { StreamingContext, Seconds, type KindlingContext } from '@kindling/driver';",
  '',
  '// 20 ms per record: the batch holding the acknowledged lines is still running when the',
  '// driver is killed. A blocking wait rather than a busy loop: the CPU is for the other tests.',
  'export function slow(line: string): string {',
  '  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 20);',
  '  return line;',
  '}',
  '',
  'export default async function main(kc: KindlingContext, args: string[]): Promise<void> {',
  '  const [dir, port, out] = args as [string, string, string];',
  '  const ssc = await StreamingContext.getOrCreate(dir, () => {',
  '    const ssc = new StreamingContext(kc, Seconds(1));',
  '    ssc.checkpoint(dir);',
  "    ssc.socketTextStream('127.0.0.1', Number(port)).map(slow).saveAsTextFiles(out);",
  '    return ssc;',
  '  });',
  '  ssc.start();',
  '  await ssc.awaitTermination();',
  '}',
  '',
].join('\n');

const project = jobProjectOfTestFile('wal-kill-job', { 'wal-job.ts': job });

function startDriver(checkpointDir: string, port: number, out: string): SubmittedDriver {
  return project().submit(
    ['--master', 'local[2]', '--conf', 'kindling.streaming.receiver.writeAheadLog.enable=true', '--conf', 'kindling.streaming.receiverRestartDelay=500ms', 'wal-job.ts', checkpointDir, String(port), out],
    { logLevel: 'info' },
  );
}

/** Records whose addition the driver's metadata log holds (what it has acknowledged). */
async function acknowledgedRecords(checkpointDir: string): Promise<number> {
  const dir = `${checkpointDir}/receivedBlockMetadata`;
  const fs = getFileSystem(dir);
  if (!(await fs.exists(dir))) return 0;
  let records = 0;
  for (const status of await fs.list(dir)) {
    if (!status.name.startsWith('log-')) continue;
    for (const { payload } of scanSegment(await fs.readFile(status.path)).records) {
      const event = JSON.parse(payload.toString('utf8')) as { type: string; block?: { numRecords: number } };
      if (event.type === 'BlockAddition') records += event.block!.numRecords;
    }
  }
  return records;
}

async function outputLines(prefix: string): Promise<string[]> {
  const lines: string[] = [];
  for (const batch of await listBatchOutputs(prefix)) lines.push(...(await readBatchLines(batch.path)));
  return lines;
}

async function listen(server: Server): Promise<number> {
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  return (server.address() as { port: number }).port;
}

async function driverKillRun(storage: 'file' | 'webhdfs'): Promise<void> {
  const work = await mkdtemp(join(tmpdir(), `kindling-wal-kill-${storage}-`));
  const expected = Array.from({ length: LINES }, (_, i) => `line-${i}`);
  let sent = false;
  const clients: Socket[] = [];
  // The source sends its lines once, to the first receiver that connects; a source
  // cannot replay, which is the point of the write-ahead log.
  const server = createServer((socket) => {
    clients.push(socket);
    socket.on('error', () => undefined);
    if (!sent) {
      sent = true;
      socket.write(expected.map((l) => `${l}\n`).join(''));
    }
  });
  const port = await listen(server);
  let hdfs: HdfsServerProcess | undefined;
  const drivers: SubmittedDriver[] = [];
  try {
    let base: string;
    if (storage === 'webhdfs') {
      hdfs = await startHdfsServerProcess({ dir: join(work, 'hdfs'), startTimeoutMs: 60_000 });
      base = `${hdfs.uri.replace(/\/$/, '')}/wal-kill`;
    } else {
      base = pathToFileURL(work).href;
    }
    const checkpointDir = `${base}/checkpoint`;
    const out = `${base}/out/lines`;

    const first = startDriver(checkpointDir, port, out);
    drivers.push(first);
    await untilDriver('every line acknowledged (in the metadata log)', first, async () => (await acknowledgedRecords(checkpointDir)) >= LINES);
    await endDriver(first, 'SIGKILL');
    const writtenAtKill = (await outputLines(out)).length;
    assert.ok(writtenAtKill < LINES, `the kill came after the batch completed (${writtenAtKill} of ${LINES} lines written): nothing was left to recover`);
    assert.ok((await getFileSystem(checkpointDir).list(`${checkpointDir}/receivedData`)).length > 0, 'received data is in the write-ahead log');

    const second = startDriver(checkpointDir, port, out);
    drivers.push(second);
    const lines = await untilDriver('the restarted driver to write every line', second, async () => {
      // A batch the killed driver had begun is written again from the start: its
      // directory can go between the listing and the read. Look again next time.
      const all = await outputLines(out).catch((error: unknown) => {
        if (error instanceof FileNotFoundError) return [];
        throw error;
      });
      return new Set(all).size >= LINES ? all : undefined;
    }, 180_000);
    // Two more batches: a line written twice would show up now.
    await sleep(2500);
    const final = await outputLines(out);
    assert.ok(final.length >= lines.length);
    assert.match(second.output(), /Recovered received block metadata of stream 0/);
    assert.deepEqual([...final].sort(), [...expected].sort(), 'every acknowledged line exactly once over all batches');
  } finally {
    for (const driver of drivers) await endDriver(driver, 'SIGKILL');
    for (const socket of clients) socket.destroy();
    server.close();
    await closeAllFileSystems();
    await hdfs?.kill('SIGTERM');
    await rm(work, { recursive: true, force: true });
  }
}

void test('receiver WAL on local[2], file://: a driver SIGKILLed after blocks were acknowledged and before their batch completed loses none of them', { timeout: 360_000 }, () =>
  driverKillRun('file'));

void test('receiver WAL on local[2], WebHDFS: a driver SIGKILLed after blocks were acknowledged and before their batch completed loses none of them', { timeout: 360_000 }, () =>
  driverKillRun('webhdfs'));
