/**
 * The cost of checkpointing state (issue 10's "Must show", issue 11's aims): the
 * stateful bench job — `mapWithState` counting per key on a `rateStream`, local[2],
 * 1 s batches — with its state checkpointed every 10 batches, against the same job in
 * the same run whose state is never checkpointed during the run (its checkpoint
 * interval is longer than the run: the job is otherwise identical, metadata
 * checkpoints included). Printed: median and p99 batch processing time, each as a
 * ratio with/without, and the bytes written per state checkpoint (every directory the
 * run wrote under the checkpoint directory, measured while the run goes on, because
 * old ones are deleted), split into full snapshots and deltas when the batches say.
 *
 * Scenarios:
 * - `100k`: the streaming issue's job, 100,000 keys, 20,000 records/s;
 * - `1M-hot`: 1,000,000 keys of initial state, 10,000 records/s on the same 10,000
 *   keys (1 % of the keys change per batch, and between two checkpoints);
 * - `1M-rotating`: 1,000,000 keys, 10,000 records/s on keys that move on every batch
 *   (1 % per batch, 10 % between two checkpoints 10 batches apart).
 *
 * The first WARMUP batches (the initial state's load, JIT) are left out.
 *
 * Run: npx --yes pnpm@10 bench checkpoint-cost   (KINDLING_BENCH_BATCHES, KINDLING_BENCH_SCENARIOS=100k,1M-hot,
 * KINDLING_BENCH_STATE_POOL=default to write the state checkpoints in the batches' pool, FIFO, as before the
 * background pool)
 */
import { readdirSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { KindlingConf, silentLogger } from '@kindling/common';
import { KindlingContext } from '../../kindling-context.js';
import type { BatchInfo } from '../batch-info.js';
import { Seconds } from '../duration.js';
import '../index.js';
import { StateSpec } from '../state-spec.js';
import { StreamingContext } from '../streaming-context.js';

const BATCHES = Number(process.env['KINDLING_BENCH_BATCHES'] ?? 45);
const WARMUP = 5;
const SCENARIOS = (process.env['KINDLING_BENCH_SCENARIOS'] ?? '100k,1M-hot,1M-rotating').split(',');
const STATE_POOL = process.env['KINDLING_BENCH_STATE_POOL'] ?? 'background';

function out(line: string): void {
  process.stdout.write(`${line}\n`);
}

interface Scenario {
  readonly name: string;
  readonly rate: number;
  readonly initialKeys: number;
  /** The record → [key, 1] function; literals only, so it ships by reference. */
  readonly keyOf: (row: { value: number }) => [string, number];
}

const scenarios: Scenario[] = [
  { name: '100k', rate: 20_000, initialKeys: 0, keyOf: (row: { value: number }): [string, number] => [`k${row.value % 100000}`, 1] },
  { name: '1M-hot', rate: 10_000, initialKeys: 1_000_000, keyOf: (row: { value: number }): [string, number] => [`k${(row.value % 10000) * 100}`, 1] },
  { name: '1M-rotating', rate: 10_000, initialKeys: 1_000_000, keyOf: (row: { value: number }): [string, number] => [`k${row.value % 1000000}`, 1] },
];

/** Bytes under `dir`, recursively. */
function sizeOf(dir: string): number {
  let total = 0;
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    const st = statSync(path, { throwIfNoEntry: false });
    if (st === undefined) continue;
    total += st.isDirectory() ? sizeOf(path) : st.size;
  }
  return total;
}

/** Every complete checkpoint directory (one with `_metadata`) under `root`, with its size. */
function scanCheckpoints(root: string, seen: Map<string, number>): void {
  const walk = (dir: string, depth: number): void => {
    let names: string[];
    try {
      names = readdirSync(dir);
    } catch {
      return;
    }
    if (names.includes('_metadata')) {
      if (!seen.has(dir)) {
        try {
          seen.set(dir, sizeOf(dir));
        } catch {
          // Deleted while measured: it was measured on an earlier scan or is gone.
        }
      }
      return;
    }
    if (depth > 3) return;
    for (const name of names) {
      if (name.startsWith('checkpoint-') || name === 'receivedData' || name === 'receivedBlockMetadata') continue;
      const path = join(dir, name);
      if (statSync(path, { throwIfNoEntry: false })?.isDirectory() === true) walk(path, depth + 1);
    }
  };
  walk(root, 0);
}

interface RunResult {
  readonly processing: number[];
  readonly checkpointBytes: number[];
  readonly batches: BatchInfo[];
}

async function run(scenario: Scenario, checkpointEvery: number): Promise<RunResult> {
  const conf = new KindlingConf({ 'kindling.ui.showConsoleProgress': 'false', 'kindling.streaming.state.checkpointPool': STATE_POOL });
  const kc = await KindlingContext.create({ master: 'local[2]', appName: 'checkpoint-cost-bench', conf, logger: silentLogger() });
  const local = `/tmp/kindling-checkpoint-cost-bench-${process.pid}`;
  rmSync(local, { recursive: true, force: true });
  const batches: BatchInfo[] = [];
  const seen = new Map<string, number>();
  try {
    const ssc = new StreamingContext(kc, Seconds(1));
    ssc.checkpoint(`file://${local}`);
    let done: () => void = () => undefined;
    const finished = new Promise<void>((resolve) => (done = resolve));
    ssc.addStreamingListener({
      onBatchCompleted: (e) => {
        batches.push(e.batchInfo);
        scanCheckpoints(local, seen);
        if (batches.length >= BATCHES) done();
      },
    });
    let spec = StateSpec.function((_key: string, _v: number | undefined, state: { exists(): boolean; get(): number; update(n: number): void }) => {
      const c = state.exists() ? state.get() + 1 : 1;
      state.update(c);
      return c;
    });
    if (scenario.initialKeys > 0) {
      // 100 seeds of 10,000 keys each, expanded on the executors (not shipped from here).
      const seeds = kc.parallelize(Array.from({ length: scenario.initialKeys / 10_000 }, (_, i) => i), 2);
      spec = spec.initialState(seeds.flatMap((s: number) => Array.from({ length: 10000 }, (_, j): [string, number] => [`k${s * 10000 + j}`, 0])));
    }
    ssc
      .rateStream({ rowsPerSecond: scenario.rate, numPartitions: 2 })
      .map(scenario.keyOf)
      .mapWithState(spec)
      .checkpoint(Seconds(checkpointEvery))
      .foreachRDD(async (rdd) => void (await rdd.count()));
    ssc.start();
    await Promise.race([finished, ssc.awaitTerminationOrTimeout((BATCHES + 60) * 1000)]);
    await ssc.stop({ stopKindlingContext: false });
    scanCheckpoints(local, seen);
  } finally {
    await kc.stop();
    rmSync(local, { recursive: true, force: true });
  }
  const measured = batches.slice(WARMUP);
  return {
    processing: measured.map((b) => b.processingDelay ?? 0),
    checkpointBytes: [...seen.entries()].map(([, bytes]) => bytes),
    batches: measured,
  };
}

function quantile(xs: readonly number[], q: number): number {
  const sorted = [...xs].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)] ?? 0;
}

const mb = (n: number): string => `${(n / 1e6).toFixed(2)} MB`;

function checkpointLine(r: RunResult): string {
  const modes = r.batches.flatMap((b) => {
    const cp = (b as { checkpoint?: { bytesWritten: number; mode: string; durationMs: number } }).checkpoint;
    return cp === undefined ? [] : [cp];
  });
  if (modes.length > 0) {
    const full = modes.filter((m) => m.mode === 'full');
    const delta = modes.filter((m) => m.mode === 'delta');
    const mean = (xs: readonly number[]): number => xs.reduce((a, b) => a + b, 0) / Math.max(1, xs.length);
    const fullBytes = mean(full.map((m) => m.bytesWritten));
    const deltaBytes = mean(delta.map((m) => m.bytesWritten));
    const ratio = full.length > 0 && delta.length > 0 ? `, delta / full ${(deltaBytes / fullBytes).toFixed(3)}` : '';
    return `${modes.length} state checkpoints (${full.length} full, mean ${mb(fullBytes)}; ${delta.length} delta, mean ${mb(deltaBytes)}${ratio}), write duration median ${quantile(
      modes.map((m) => m.durationMs),
      0.5,
    )} ms, all checkpoints mean ${mb(mean(modes.map((m) => m.bytesWritten)))}`;
  }
  const bytes = r.checkpointBytes;
  if (bytes.length === 0) return 'no state checkpoint written';
  return `${bytes.length} state checkpoint directories, ${mb(bytes.reduce((a, b) => a + b, 0) / bytes.length)} per checkpoint (min ${mb(Math.min(...bytes))}, max ${mb(Math.max(...bytes))})`;
}

async function main(): Promise<void> {
  out(`${BATCHES} batches of 1 s per run, the first ${WARMUP} left out, state checkpoints in the ${STATE_POOL} pool; load average ${(await import('node:os')).loadavg().map((l) => l.toFixed(1)).join(' ')}`);
  for (const scenario of scenarios.filter((s) => SCENARIOS.includes(s.name))) {
    const without = await run(scenario, 100_000);
    const withCp = await run(scenario, 10);
    const p = (r: RunResult, q: number): number => quantile(r.processing, q);
    out(`\n${scenario.name}: mapWithState, ${scenario.initialKeys > 0 ? `${scenario.initialKeys.toLocaleString('en-US')} keys, ` : ''}${scenario.rate.toLocaleString('en-US')} records/s, local[2]`);
    out(`  without state checkpoints: processing median ${p(without, 0.5)} ms, p99 ${p(without, 0.99)} ms, max ${p(without, 1)} ms`);
    out(`  checkpoint every 10 batches: processing median ${p(withCp, 0.5)} ms, p99 ${p(withCp, 0.99)} ms, max ${p(withCp, 1)} ms`);
    out(`  ratio with / without: median ${(p(withCp, 0.5) / p(without, 0.5)).toFixed(2)}, p99 ${(p(withCp, 0.99) / p(without, 0.99)).toFixed(2)} (aim p99 <= 1.2)`);
    out(`  checkpoints: ${checkpointLine(withCp)}`);
    out(`  batch processing times with checkpoints (ms): ${withCp.processing.join(' ')}`);
  }
}

await main();
