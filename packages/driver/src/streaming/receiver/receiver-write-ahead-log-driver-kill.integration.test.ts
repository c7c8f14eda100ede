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
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createServer, type Server, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { after, before, test } from 'node:test';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { closeAllFileSystems, getFileSystem, scanSegment } from '@kindling/common';
import { startHdfsServerProcess, type HdfsServerProcess } from '@kindling/hdfs';
import { listBatchOutputs, readBatchLines } from '../../drill/drill-output.js';
import { nodeChildPids } from '../../drill/process-tree.js';

const mainJs = fileURLToPath(new URL('../../cli/main.js', import.meta.url));
const LINES = 200;
let project: string;

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

before(async () => {
  project = await mkdtemp(join(tmpdir(), 'kindling-wal-kill-'));
  await writeFile(join(project, 'package.json'), JSON.stringify({ name: 'wal-kill-job', version: '1.0.0', type: 'module' }));
  await writeFile(join(project, 'wal-job.ts'), job);
});
after(async () => {
  await closeAllFileSystems();
  await rm(project, { recursive: true, force: true });
});

interface Driver {
  readonly child: ChildProcess;
  readonly exited: Promise<void>;
  stderr: string;
}

function startDriver(checkpointDir: string, port: number, out: string): Driver {
  const env: NodeJS.ProcessEnv = { ...process.env, KINDLING_BUNDLE_CACHE: join(project, '.bundles'), KINDLING_LOG_LEVEL: 'info' };
  delete env['NODE_TEST_CONTEXT'];
  const child = spawn(
    process.execPath,
    [mainJs, 'submit', '--master', 'local[2]', '--conf', 'kindling.streaming.receiver.writeAheadLog.enable=true', '--conf', 'kindling.streaming.receiverRestartDelay=500ms', 'wal-job.ts', checkpointDir, String(port), out],
    { cwd: project, env, stdio: ['ignore', 'ignore', 'pipe'] },
  );
  const driver: Driver = { child, exited: new Promise((resolve) => child.once('exit', () => resolve())), stderr: '' };
  child.stderr!.on('data', (chunk: Buffer) => (driver.stderr += chunk.toString()));
  return driver;
}

async function killTree(driver: Driver): Promise<void> {
  const executors = driver.child.pid === undefined ? [] : nodeChildPids(driver.child.pid);
  driver.child.kill('SIGKILL');
  await driver.exited;
  for (const pid of executors) {
    try {
      process.kill(pid, 'SIGKILL');
    } catch {
      // already gone: local executors exit when their driver's pipe closes
    }
  }
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

async function until<T>(what: string, timeoutMs: number, driver: Driver, probe: () => Promise<T | undefined>): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (driver.child.exitCode !== null) throw new Error(`the driver exited (${driver.child.exitCode}) before ${what}:\n${driver.stderr.slice(-3000)}`);
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs / 1000} s waiting for ${what}:\n${driver.stderr.slice(-3000)}`);
    await sleep(100);
  }
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
  const drivers: Driver[] = [];
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
    await until('every line acknowledged (in the metadata log)', 120_000, first, async () => ((await acknowledgedRecords(checkpointDir)) >= LINES ? true : undefined));
    await killTree(first);
    const writtenAtKill = (await outputLines(out)).length;
    assert.ok(writtenAtKill < LINES, `the kill came after the batch completed (${writtenAtKill} of ${LINES} lines written): nothing was left to recover`);
    assert.ok((await getFileSystem(checkpointDir).list(`${checkpointDir}/receivedData`)).length > 0, 'received data is in the write-ahead log');

    const second = startDriver(checkpointDir, port, out);
    drivers.push(second);
    const lines = await until('the restarted driver to write every line', 180_000, second, async () => {
      const all = await outputLines(out);
      return new Set(all).size >= LINES ? all : undefined;
    });
    // Two more batches: a line written twice would show up now.
    await sleep(2500);
    const final = await outputLines(out);
    assert.ok(final.length >= lines.length);
    assert.match(second.stderr, /Recovered received block metadata of stream 0/);
    assert.deepEqual([...final].sort(), [...expected].sort(), 'every acknowledged line exactly once over all batches');
  } finally {
    for (const driver of drivers) await killTree(driver);
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
