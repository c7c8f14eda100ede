/**
 * Figures of the gRPC backend (issue 3, "Must show"), each printed against a
 * baseline measured in the same run (the machine is shared and noisy):
 *
 *  (a) empty-task throughput: 10,000 one-element partitions counted on local[2],
 *      tasks/s and the per-task round trip (launchTask → statusUpdate), against the
 *      same job on local-inprocess; with task threads (the default) and inline, and
 *      with task threads and pipelining off (Spark's one task per core).
 *  (b) word count on local[2] (textFile) against a plain JavaScript loop over the file.
 *  (c) shuffle fetch throughput: 64 MiB of map output served by an executor process
 *      and fetched with the executors' gRPC fetcher, against the loopback ceiling:
 *      raw TCP from another process, large writes, one connection and 8 in flight
 *      (bench/tcp-loopback-ceiling.ts).
 *  (d)+(e) the task-concurrency decision (packages/executor/README.md): CPU-bound
 *      tasks on one executor with 2 cores, threads vs inline; and how long a shuffle
 *      fetch waits when the serving executor is busy with a CPU-bound task.
 *
 * Run: npx --yes pnpm@10 bench cluster
 */
import { randomBytes } from 'node:crypto';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { KindlingConf, RpcSecurity, silentLogger, type MapStatus } from '@kindling/common';
import { GrpcShuffleBlockFetcher } from '@kindling/executor';
import { fetchOverLoopback, startTcpLoopbackSource } from '../bench/tcp-loopback-ceiling.js';
import { KindlingContext } from '../kindling-context.js';
import { createSchedulerBackend } from '../scheduler/scheduler-backend-factory.js';
import { createClusterBackend, type ClusterBackend } from './cluster-backend.js';
import { TimingBackend, quantile } from './timing-backend.js';
import { seededRandom } from '../util/seeded-random.js';

const TASKS = 10_000;
const WORDS = 2_000_000;
const FETCH_MAPS = 8;
const FETCH_BLOCK_BYTES = 8 * 1024 * 1024;
const SECRET = 'cluster-bench-secret';

function out(line: string): void {
  process.stdout.write(`${line}\n`);
}

const fmt = (n: number): string => Math.round(n).toLocaleString('en-US');

interface BenchContext {
  readonly kc: KindlingContext;
  readonly timing: TimingBackend;
  readonly cluster: ClusterBackend | undefined;
}

async function context(master: string, settings: Record<string, string> = {}): Promise<BenchContext> {
  let timing: TimingBackend | undefined;
  let cluster: ClusterBackend | undefined;
  const conf = new KindlingConf({ 'kindling.authenticate.secret': SECRET, ...settings });
  const kc = await KindlingContext.create({
    master,
    conf,
    logger: silentLogger(),
    createBackend: (setup) => {
      if (setup.masterUrl.kind === 'local-inprocess') {
        timing = new TimingBackend(createSchedulerBackend(setup));
      } else {
        cluster = createClusterBackend({ master: setup.master, conf: setup.conf, logger: setup.logger, appId: setup.appId, mapOutputs: setup.mapOutputTracker });
        timing = new TimingBackend(cluster);
      }
      return timing;
    },
  });
  return { kc, timing: timing!, cluster };
}

// ---- (a) empty tasks ---------------------------------------------------------------

async function emptyTasks(master: string, settings: Record<string, string> = {}): Promise<{ perSecond: number; medianMs: number; p99Ms: number }> {
  const { kc, timing } = await context(master, settings);
  try {
    const data = Array.from({ length: TASKS }, (_, i) => i);
    await kc.parallelize(data.slice(0, 500), 500).count();
    let best = { perSecond: 0, medianMs: Number.NaN, p99Ms: Number.NaN };
    for (let run = 0; run < 2; run++) {
      timing.roundTripsMs = [];
      const t0 = performance.now();
      const n = await kc.parallelize(data, TASKS).count();
      const ms = performance.now() - t0;
      if (n !== TASKS) throw new Error(`count returned ${n}, expected ${TASKS}`);
      const perSecond = TASKS / (ms / 1000);
      if (perSecond > best.perSecond) best = { perSecond, medianMs: quantile(timing.roundTripsMs, 0.5), p99Ms: quantile(timing.roundTripsMs, 0.99) };
    }
    return best;
  } finally {
    await kc.stop();
  }
}

// ---- (b) word count ------------------------------------------------------------------

function wordLines(): string[] {
  const random = seededRandom(42).next;
  const vocabulary = Array.from({ length: 20_000 }, (_, i) => `w${i.toString(36)}`);
  const lines: string[] = [];
  for (let w = 0; w < WORDS; w += 10) {
    const words: string[] = [];
    for (let i = 0; i < 10; i++) words.push(vocabulary[Math.floor(random() ** 2 * vocabulary.length)]!);
    lines.push(words.join(' '));
  }
  return lines;
}

async function wordCount(dir: string): Promise<void> {
  const path = join(dir, 'words.txt');
  await writeFile(path, `${wordLines().join('\n')}\n`);
  const plainRuns: number[] = [];
  let expected = new Map<string, number>();
  for (let run = 0; run < 2; run++) {
    const t0 = performance.now();
    const counts = new Map<string, number>();
    const lines = (await readFile(path, 'utf8')).split('\n');
    for (const line of lines) if (line !== '') for (const word of line.split(' ')) counts.set(word, (counts.get(word) ?? 0) + 1);
    plainRuns.push(performance.now() - t0);
    expected = counts;
  }
  const { kc } = await context('local[2]');
  const engineRuns: number[] = [];
  try {
    // Warm the executors' task threads (module loading, JIT) on a small file first.
    const warmUp = join(dir, 'warm-up.txt');
    await writeFile(warmUp, `${wordLines().slice(0, 5_000).join('\n')}\n`);
    await kc.textFile(warmUp, 4).flatMap((line: string) => line.split(' ')).map((w: string): [string, number] => [w, 1]).reduceByKey((x: number, y: number) => x + y).count();
    for (let run = 0; run < 2; run++) {
      const t0 = performance.now();
      const counts = new Map(
        await kc
          .textFile(path, 4)
          .flatMap((line: string) => line.split(' '))
          .map((word: string): [string, number] => [word, 1])
          .reduceByKey((x: number, y: number) => x + y)
          .collect(),
      );
      engineRuns.push(performance.now() - t0);
      if (counts.size !== expected.size || [...expected].some(([w, n]) => counts.get(w) !== n)) throw new Error('word count differs from the plain loop');
    }
  } finally {
    await kc.stop();
  }
  const plain = Math.min(...plainRuns);
  const engine = Math.min(...engineRuns);
  out(`(b) word count, ${fmt(WORDS)} words, textFile in 4 partitions, best of 2 after a warm-up`);
  out(`    plain JS loop over the file      ${fmt(WORDS / (plain / 1000)).padStart(12)} words/s  (${plainRuns.map((t) => t.toFixed(0)).join(', ')} ms)`);
  out(`    kindling local[2]                ${fmt(WORDS / (engine / 1000)).padStart(12)} words/s  (${engineRuns.map((t) => t.toFixed(0)).join(', ')} ms)`);
  out(`    ratio local[2] / plain loop: ${(plain / engine).toFixed(3)} (plain is ${(engine / plain).toFixed(1)}x faster)`);
}

// ---- (c) shuffle fetch ------------------------------------------------------------------

/** Writes map outputs with one reduce block each into an executor's shuffle directory. */
async function writeMapOutputs(workDir: string, shuffleId: number, maps: number, blockBytes: number): Promise<void> {
  await mkdir(join(workDir, 'shuffle'), { recursive: true });
  for (let mapId = 0; mapId < maps; mapId++) {
    const index = Buffer.alloc(16);
    index.writeBigUInt64BE(0n, 0);
    index.writeBigUInt64BE(BigInt(blockBytes), 8);
    await writeFile(join(workDir, 'shuffle', `shuffle_${shuffleId}_${mapId}_0.data`), randomBytes(blockBytes));
    await writeFile(join(workDir, 'shuffle', `shuffle_${shuffleId}_${mapId}_0.index`), index);
  }
}

function fetcherFor(kc: KindlingContext, dir: string): GrpcShuffleBlockFetcher {
  return new GrpcShuffleBlockFetcher({
    executorId: 'bench',
    workDir: dir,
    appId: kc.appId,
    security: RpcSecurity.fromConf(new KindlingConf({ 'kindling.authenticate.secret': SECRET }), {}),
    logger: silentLogger(),
  });
}

function statuses(cluster: ClusterBackend, shuffleId: number, maps: number, blockBytes: number): MapStatus[] {
  const address = cluster.executorAddress('0')!;
  return Array.from({ length: maps }, (_, mapId) => ({ shuffleId, mapId, executorId: '0', address, blockSizes: [blockBytes] }));
}

async function shuffleFetch(dir: string): Promise<void> {
  const totalBytes = FETCH_MAPS * FETCH_BLOCK_BYTES;
  const mbps = (ms: number): number => totalBytes / 1024 / 1024 / (ms / 1000);
  const runs = (values: number[]): string => values.map((t) => t.toFixed(0)).join(', ');
  // The ceiling first, alone on the machine: one connection for all 64 MiB, then 8 in flight.
  const source = await startTcpLoopbackSource();
  const oneRuns: number[] = [];
  const manyRuns: number[] = [];
  try {
    for (let run = 0; run < 4; run++) {
      oneRuns.push(await fetchOverLoopback(source.port, 1, totalBytes));
      manyRuns.push(await fetchOverLoopback(source.port, FETCH_MAPS, FETCH_BLOCK_BYTES));
    }
  } finally {
    await source.close();
  }
  const { kc, cluster } = await context('local[1]');
  const fetcher = fetcherFor(kc, dir);
  const grpcRuns: number[] = [];
  try {
    await writeMapOutputs(cluster!.localExecutorWorkDir('0')!, 900, FETCH_MAPS, FETCH_BLOCK_BYTES);
    const maps = statuses(cluster!, 900, FETCH_MAPS, FETCH_BLOCK_BYTES);
    for (let run = 0; run < 4; run++) {
      const t0 = performance.now();
      const blocks = await Promise.all(maps.map((s) => fetcher.fetchBlock(s, 0)));
      grpcRuns.push(performance.now() - t0);
      if (blocks.reduce((n, b) => n + b.byteLength, 0) !== totalBytes) throw new Error('short fetch');
    }
  } finally {
    fetcher.close();
    await kc.stop();
  }
  const one = Math.min(...oneRuns.slice(1));
  const many = Math.min(...manyRuns.slice(1));
  const ceiling = Math.min(one, many);
  const grpc = Math.min(...grpcRuns.slice(1));
  out(`(c) shuffle fetch of ${FETCH_MAPS} blocks x ${FETCH_BLOCK_BYTES / 1024 / 1024} MiB from an executor process, best of 3 after a warm-up`);
  out(`    loopback ceiling, raw TCP from another process:`);
  out(`      1 connection, 4 MiB writes     ${fmt(mbps(one)).padStart(8)} MB/s  (${runs(oneRuns)} ms)`);
  out(`      ${FETCH_MAPS} connections in flight       ${fmt(mbps(many)).padStart(8)} MB/s  (${runs(manyRuns)} ms)`);
  out(`    gRPC FetchShuffleBlocks (${FETCH_MAPS} in flight) ${fmt(mbps(grpc)).padStart(8)} MB/s  (${runs(grpcRuns)} ms)`);
  out(`    ratio gRPC / loopback ceiling: ${(ceiling / grpc).toFixed(3)}`);
}

// ---- (d) and (e): task threads vs inline ------------------------------------------------------

const BUSY_MS = 150;

async function cpuBound(isolation: 'thread' | 'inline'): Promise<number> {
  const { kc } = await context('local[1]', { 'kindling.executor.cores': '2', 'kindling.executor.taskIsolation': isolation });
  try {
    const busy = (x: number): number => {
      const end = Date.now() + 150;
      let n = 0;
      while (Date.now() < end) n++;
      return x + (n > 0 ? 0 : 1);
    };
    await kc.parallelize([0, 1], 2).map((x: number) => x).count();
    const t0 = performance.now();
    await kc.parallelize(Array.from({ length: 8 }, (_, i) => i), 8).map(busy).count();
    return performance.now() - t0;
  } finally {
    await kc.stop();
  }
}

async function fetchWhileBusy(isolation: 'thread' | 'inline', dir: string): Promise<number> {
  const { kc, cluster } = await context('local[1]', { 'kindling.executor.taskIsolation': isolation });
  const fetcher = fetcherFor(kc, dir);
  try {
    await writeMapOutputs(cluster!.localExecutorWorkDir('0')!, 901, 2, 64);
    const [first, second] = statuses(cluster!, 901, 2, 64);
    await fetcher.fetchBlock(first!, 0);
    const job = kc
      .parallelize([0], 1)
      .map((x: number) => {
        const end = Date.now() + 1500;
        while (Date.now() < end);
        return x;
      })
      .count();
    await new Promise((resolve) => setTimeout(resolve, 400));
    const t0 = performance.now();
    await fetcher.fetchBlock(second!, 0);
    const waited = performance.now() - t0;
    await job;
    return waited;
  } finally {
    fetcher.close();
    await kc.stop();
  }
}

async function main(): Promise<void> {
  const dir = await mkdtemp(join(tmpdir(), 'kindling-cluster-bench-'));
  try {
    out(`(a) empty-task throughput: ${fmt(TASKS)} one-element partitions, count(), best of 2 after a warm-up`);
    const inProcess = await emptyTasks('local-inprocess');
    const threads = await emptyTasks('local[2]');
    const inline = await emptyTasks('local[2]', { 'kindling.executor.taskIsolation': 'inline' });
    const unpipelined = await emptyTasks('local[2]', { 'kindling.scheduler.pipeline.tasksPerCore': '0' });
    const row = (name: string, r: { perSecond: number; medianMs: number; p99Ms: number }): void =>
      out(`    ${name.padEnd(36)} ${fmt(r.perSecond).padStart(7)} tasks/s  round trip median ${r.medianMs.toFixed(2)} ms, p99 ${r.p99Ms.toFixed(2)} ms`);
    row('local-inprocess (baseline)', inProcess);
    row('local[2], task threads (default)', threads);
    row('local[2], inline', inline);
    row('local[2], threads, no pipelining', unpipelined);
    out(`    ratio local[2] threads / in-process: ${(threads.perSecond / inProcess.perSecond).toFixed(3)}; inline / in-process: ${(inline.perSecond / inProcess.perSecond).toFixed(3)}; threads / inline: ${(threads.perSecond / inline.perSecond).toFixed(3)}; pipelining on / off: ${(threads.perSecond / unpipelined.perSecond).toFixed(3)}`);
    out(`    (Spark's driver: about 1,500-4,000 tasks/s; aim: 10,000 or more on local[2] with task threads)`);
    out(`    (with pipelining the round trip includes the time a task waits queued on its executor)`);

    await wordCount(dir);
    await shuffleFetch(dir);

    const cpuThreads = await cpuBound('thread');
    const cpuInline = await cpuBound('inline');
    out(`(d) 8 CPU-bound tasks of ${BUSY_MS} ms on one executor with 2 cores`);
    out(`    task threads ${cpuThreads.toFixed(0)} ms, inline ${cpuInline.toFixed(0)} ms: ratio inline / threads ${(cpuInline / cpuThreads).toFixed(2)}`);
    const waitThreads = await fetchWhileBusy('thread', dir);
    const waitInline = await fetchWhileBusy('inline', dir);
    out('(e) a shuffle fetch from an executor busy with a 1.5 s CPU-bound task');
    out(`    task threads: answered in ${waitThreads.toFixed(1)} ms; inline: answered in ${waitInline.toFixed(1)} ms`);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

await main();
