/**
 * Recovery time with incremental state checkpoints against full ones (issue 11, "Must
 * show": no worse). The checkpoint-cost bench's 1M-rotating job — mapWithState over
 * 1,000,000 keys of initial state, 10,000 records/s on keys that move every batch,
 * local[2], 1 s batches — with its state checkpointed every 2 batches, run twice in
 * the same process: with `kindling.streaming.state.fullSnapshotInterval=1` (every
 * state checkpoint a full snapshot) and with the default (a full one every ten, deltas
 * between: a recovery reads a full snapshot and up to nine deltas of 2 % of the keys
 * each). In each run the driver is stopped abruptly KILLS times (the KindlingContext
 * and its executors go; not graceful) and recovered from the checkpoint directory by
 * a new KindlingContext and `getOrCreate`; printed: the median time from the end of
 * the stop to the first batch completed after it (a new context with its executors,
 * getOrCreate, reading the state chain, the first batch), and the part of it after
 * the new context was up, each as a ratio incremental / full.
 *
 * Not a SIGKILL: the stop waits for the state checkpoint in flight, as a kill would not
 * (so the time of the stop itself is left out: with full snapshots only it is mostly
 * that write), and the chain a recovery reads is always the newest; the drill (`kindling drill
 * driver-kill --conf kindling.streaming.state.fullSnapshotInterval=1`) kills for real,
 * on a job whose state is small.
 *
 * Run: npx --yes pnpm@10 bench state-recovery   (KINDLING_BENCH_KILLS, default 3)
 */
import { rmSync } from 'node:fs';
import { loadavg } from 'node:os';
import { KindlingConf, silentLogger } from '@kindling/common';
import { KindlingContext } from '../../kindling-context.js';
import { Seconds } from '../duration.js';
import '../index.js';
import { StateSpec } from '../state-spec.js';
import { StreamingContext } from '../streaming-context.js';

const KILLS = Number(process.env['KINDLING_BENCH_KILLS'] ?? 3);
/** Batches before the first kill (the initial state's load, then a full snapshot and deltas), and between kills. */
const FIRST_RUN_BATCHES = 22;
const BETWEEN_KILLS = 7;

function out(line: string): void {
  process.stdout.write(`${line}\n`);
}

async function newContext(fullSnapshotInterval: number): Promise<KindlingContext> {
  const conf = new KindlingConf({ 'kindling.ui.showConsoleProgress': 'false', 'kindling.streaming.state.fullSnapshotInterval': String(fullSnapshotInterval) });
  return KindlingContext.create({ master: 'local[2]', appName: 'state-recovery-bench', conf, logger: silentLogger() });
}

function define(kc: KindlingContext, dir: string): StreamingContext {
  const ssc = new StreamingContext(kc, Seconds(1));
  ssc.checkpoint(dir);
  const seeds = kc.parallelize(Array.from({ length: 100 }, (_, i) => i), 2);
  const spec = StateSpec.function((_key: string, _v: number | undefined, state: { exists(): boolean; get(): number; update(n: number): void }) => {
    const c = state.exists() ? state.get() + 1 : 1;
    state.update(c);
    return c;
  }).initialState(seeds.flatMap((s: number) => Array.from({ length: 10000 }, (_, j): [string, number] => [`k${s * 10000 + j}`, 0])));
  ssc
    .rateStream({ rowsPerSecond: 10_000, numPartitions: 2 })
    .map((row: { value: number }): [string, number] => [`k${row.value % 1000000}`, 1])
    .mapWithState(spec)
    .name('counts')
    .checkpoint(Seconds(2))
    .foreachRDD(async (rdd) => void (await rdd.count()));
  return ssc;
}

/** Resolves once `n` batches have completed on `ssc` (from now). */
function batches(ssc: StreamingContext, n: number): Promise<void> {
  let seen = 0;
  return new Promise((resolve) => ssc.addStreamingListener({ onBatchCompleted: () => void (++seen === n && resolve()) }));
}

interface Recovery {
  readonly totalMs: number;
  readonly afterContextMs: number;
}

async function run(fullSnapshotInterval: number): Promise<Recovery[]> {
  const local = `/tmp/kindling-state-recovery-bench-${process.pid}`;
  rmSync(local, { recursive: true, force: true });
  const dir = `file://${local}`;
  const recoveries: Recovery[] = [];
  let kc = await newContext(fullSnapshotInterval);
  try {
    let ssc = define(kc, dir);
    let ran = batches(ssc, FIRST_RUN_BATCHES);
    ssc.start();
    await ran;
    for (let kill = 0; kill < KILLS; kill++) {
      await ssc.stop({ stopKindlingContext: true });
      const stoppedAt = performance.now();
      kc = await newContext(fullSnapshotInterval);
      const contextUp = performance.now();
      ssc = await StreamingContext.getOrCreate(dir, () => define(kc, dir), { kindlingContext: kc });
      const first = batches(ssc, 1);
      ran = batches(ssc, BETWEEN_KILLS);
      ssc.start();
      await first;
      const done = performance.now();
      recoveries.push({ totalMs: Math.round(done - stoppedAt), afterContextMs: Math.round(done - contextUp) });
      await ran;
    }
    await ssc.stop({ stopKindlingContext: false });
  } finally {
    await kc.stop();
    rmSync(local, { recursive: true, force: true });
  }
  return recoveries;
}

const median = (xs: readonly number[]): number => [...xs].sort((a, b) => a - b)[Math.floor((xs.length - 1) / 2)] ?? NaN;

async function main(): Promise<void> {
  out(`1M-rotating state, checkpoint every 2 batches, ${KILLS} abrupt stops per run; load average ${loadavg().map((l) => l.toFixed(1)).join(' ')}`);
  const full = await run(1);
  const incremental = await run(10);
  const line = (label: string, r: Recovery[]): string =>
    `  ${label}: recovery median ${median(r.map((x) => x.totalMs))} ms (each: ${r.map((x) => x.totalMs).join(' ')}), after the new context was up median ${median(r.map((x) => x.afterContextMs))} ms (each: ${r.map((x) => x.afterContextMs).join(' ')})`;
  out(line('full snapshots only (fullSnapshotInterval=1)', full));
  out(line('incremental (fullSnapshotInterval=10)', incremental));
  out(
    `  ratio incremental / full: recovery ${(median(incremental.map((x) => x.totalMs)) / median(full.map((x) => x.totalMs))).toFixed(2)}, after the context ${(median(incremental.map((x) => x.afterContextMs)) / median(full.map((x) => x.afterContextMs))).toFixed(2)} (aim <= 1)`,
  );
  out(`  load average at the end ${loadavg().map((l) => l.toFixed(1)).join(' ')}`);
}

await main();
