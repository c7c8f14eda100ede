/**
 * `pnpm bench storage`: write and read throughput of a 256 MiB file through
 * LocalFileSystem and through WebHDFS + the embedded server (in its own process, as
 * a cluster's datanode would be), each as a ratio to a raw fs.createWriteStream /
 * fs.createReadStream of the same bytes to the same disk in the same run. Rounds are
 * rotated and the best kept, as the machine is shared. Aims: local ≥ 0.9 of
 * raw, WebHDFS ≥ 0.6.
 *
 * LocalFileSystem and the server fsync before a write counts as done (durability is
 * their contract); the raw baseline does not, so "raw + fsync" is shown beside it.
 */
import { randomBytes } from 'node:crypto';
import { once } from 'node:events';
import { createReadStream, createWriteStream } from 'node:fs';
import { mkdtemp, open, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Readable } from 'node:stream';
import { LocalFileSystem, WebHdfsFileSystem, type FileSystem } from '@kindling/common';
import { startHdfsServerProcess } from './server-process.js';

/** Benchmark output is the program's own output, on stdout. */
const print = (line: string): void => void process.stdout.write(`${line}\n`);
const fileBytes = 256 * 1024 * 1024;
const chunkBytes = 1024 * 1024;
const rounds = Number(process.env['KINDLING_BENCH_ROUNDS'] ?? 5);
const chunk = randomBytes(chunkBytes);
const chunks = fileBytes / chunkBytes;
const gc = (globalThis as { gc?: () => void }).gc ?? (() => undefined);

async function timed(run: () => Promise<void>): Promise<number> {
  gc();
  const start = performance.now();
  await run();
  return (fileBytes / (1024 * 1024)) / ((performance.now() - start) / 1000);
}

async function drain(stream: Readable): Promise<void> {
  let total = 0;
  for await (const c of stream) total += (c as Buffer).length;
  if (total !== fileBytes) throw new Error(`read ${total} bytes, expected ${fileBytes}`);
}

async function rawWrite(path: string, fsync: boolean): Promise<void> {
  const out = createWriteStream(path);
  for (let i = 0; i < chunks; i++) if (!out.write(chunk)) await once(out, 'drain');
  out.end();
  await once(out, 'close');
  if (fsync) {
    const handle = await open(path, 'r+');
    await handle.sync();
    await handle.close();
  }
}

async function fsWrite(fs: FileSystem, path: string): Promise<void> {
  const out = await fs.create(path, { overwrite: true });
  for (let i = 0; i < chunks; i++) await out.write(chunk);
  await out.close();
}

type Row = { write: number[]; read: number[] };
const rows = new Map<string, Row>();
let recording = true;
const record = (name: string, kind: keyof Row, value: number): void => {
  if (!recording) return;
  if (process.env['KINDLING_BENCH_VERBOSE'] !== undefined) print(`  ${name} ${kind} ${value.toFixed(0)} MB/s`);
  const row = rows.get(name) ?? { write: [], read: [] };
  row[kind].push(value);
  rows.set(name, row);
};
/** Best of the rounds: other tenants of a shared machine only ever slow a run down. */
const best = (xs: number[]): number => Math.max(...xs);


const dir = await mkdtemp(join(tmpdir(), 'kindling-storage-bench-'));
const server = await startHdfsServerProcess({ dir: join(dir, 'hdfs') });
try {
  const local = new LocalFileSystem();
  const webhdfs = new WebHdfsFileSystem(server.uri, { timeoutMs: 60_000 });
  // Each contender writes a fresh file, reads it back and deletes it; the order
  // rotates every round so none always runs first (or after the same neighbour).
  const contenders: Array<[string, (round: number) => Promise<void>]> = [
    ['raw fs streams', async (round) => {
      const path = join(dir, `raw-${round}.bin`);
      record('raw fs streams', 'write', await timed(() => rawWrite(path, false)));
      record('raw fs streams', 'read', await timed(() => drain(createReadStream(path, { highWaterMark: chunkBytes }))));
      await rm(path);
    }],
    ['raw + fsync', async (round) => {
      const path = join(dir, `rawsync-${round}.bin`);
      record('raw + fsync', 'write', await timed(() => rawWrite(path, true)));
      await rm(path);
    }],
    ['LocalFileSystem', async (round) => {
      const path = `file://${join(dir, `local-${round}.bin`)}`;
      record('LocalFileSystem', 'write', await timed(() => fsWrite(local, path)));
      record('LocalFileSystem', 'read', await timed(async () => drain(await local.open(path))));
      await local.delete(path);
    }],
    ['WebHDFS + embedded', async (round) => {
      const path = `/bench-${round}.bin`;
      record('WebHDFS + embedded', 'write', await timed(() => fsWrite(webhdfs, path)));
      record('WebHDFS + embedded', 'read', await timed(async () => drain(await webhdfs.open(path))));
      await webhdfs.delete(path);
    }],
  ];
  for (const [name] of contenders) rows.set(name, { write: [], read: [] });
  // One unrecorded round first: code paths warm up, and the page cache gets pages the
  // guest has touched before (on a VM, first-touch pages made the first writer ~10x slower).
  recording = false;
  for (const [, run] of contenders) await run(-1);
  recording = true;
  for (let round = 0; round < rounds; round++) {
    for (let i = 0; i < contenders.length; i++) {
      const [, run] = contenders[(round + i) % contenders.length] as [string, (round: number) => Promise<void>];
      await run(round);
    }
  }
} finally {
  await server.kill('SIGTERM');
  await rm(dir, { recursive: true, force: true });
}

const raw = rows.get('raw fs streams') as Row;
const durable = rows.get('raw + fsync') as Row;
const [rawWrite_, durableWrite, rawRead] = [best(raw.write), best(durable.write), best(raw.read)];
const num = (value: number, width: number, digits = 0): string => value.toFixed(digits).padStart(width);
print(`storage: ${fileBytes / 2 ** 20} MiB in ${chunkBytes / 2 ** 20} MiB chunks (reads too), best of ${rounds} rotated rounds after a warm-up`);
print(`${''.padEnd(20)}${'write MB/s'.padStart(11)}${'/raw'.padStart(7)}${'/raw+fsync'.padStart(11)}${'read MB/s'.padStart(11)}${'/raw'.padStart(7)}`);
for (const [name, row] of rows) {
  const write = best(row.write);
  const read = row.read.length === 0 ? '' : `${num(best(row.read), 11)}${num(best(row.read) / rawRead, 7, 2)}`;
  print(`${name.padEnd(20)}${num(write, 11)}${num(write / rawWrite_, 7, 2)}${num(write / durableWrite, 11, 2)}${read}`);
}
print('aims: LocalFileSystem >= 0.90 of raw, WebHDFS >= 0.60 of raw; LocalFileSystem and the server fsync before a write is done, raw does not');
