/**
 * Sustained streaming throughput (issue 9, "Must show"): the largest `rateStream`
 * rate that a `mapWithState` job over 100,000 keys on local[2] with 1 s batches
 * sustains with a scheduling delay that does not grow, against a plain
 * single-thread loop doing the same per-record work in the same run (measureLoop says
 * how).
 *
 * Search: trials of TRIAL_S seconds, doubling the rate from START_RATE until a trial
 * falls behind, then bisecting; the best rate is then confirmed over CONFIRM_S
 * seconds (60 s, as the issue asks), lowering it by a fifth until a run confirms.
 * A trial keeps up when, over its second half, the batches took less than the batch
 * interval on average (processing delay < 0.95 s) and the scheduling delay did not
 * grow (the last batches' delay is not above the first ones' by more than a quarter
 * of a batch). A single slow batch — the one that checkpoints the state, every tenth —
 * is allowed, as long as the next ones catch up.
 *
 * Run: npx --yes pnpm@10 bench streaming
 */
import { performance } from 'node:perf_hooks';
import { KindlingConf, silentLogger } from '@kindling/common';
import { KindlingContext } from '../kindling-context.js';
import type { BatchInfo } from './batch-info.js';
import { Seconds } from './duration.js';
import './index.js';
import { defineStatefulBenchJob } from './testing/stateful-bench-job.js';
import { StreamingContext } from './streaming-context.js';

const KEYS = 100_000;
const START_RATE = Number(process.env['KINDLING_BENCH_START_RATE'] ?? 25_000);
const TRIAL_S = Number(process.env['KINDLING_BENCH_TRIAL_S'] ?? 15);
const CONFIRM_S = Number(process.env['KINDLING_BENCH_CONFIRM_S'] ?? 60);
const CORES = 2;

function out(line: string): void {
  process.stdout.write(`${line}\n`);
}

const fmt = (n: number): string => Math.round(n).toLocaleString('en-US');

/** The per-record work, identical in the loop and in the job: key, then count per key in state. */
interface MiniState {
  exists(): boolean;
  get(): number;
  update(n: number): void;
}

function plainLoop(records: number): number {
  const state = new Map<string, number>();
  let key = '';
  const s: MiniState = {
    exists: () => state.has(key),
    get: () => state.get(key)!,
    update: (n) => void state.set(key, n),
  };
  const count = (k: string, _v: number | undefined, st: MiniState): number => {
    const c = st.exists() ? st.get() + 1 : 1;
    st.update(c);
    return c;
  };
  const t0 = performance.now();
  const timestamp = Date.now();
  let sink = 0;
  for (let value = 0; value < records; value++) {
    const row = { value, timestamp };
    const pair: [string, number] = [`k${row.value % KEYS}`, 1];
    key = pair[0];
    sink += count(key, pair[1], s);
  }
  const ms = performance.now() - t0;
  if (sink === 0) throw new Error('unreachable');
  return records / (ms / 1000);
}

async function streamingTrial(rate: number, seconds: number): Promise<{ keptUp: boolean; batches: BatchInfo[] }> {
  const conf = new KindlingConf({ 'kindling.ui.showConsoleProgress': 'false' });
  const kc = await KindlingContext.create({ master: 'local[2]', appName: 'streaming-bench', conf, logger: silentLogger() });
  const dir = `file:///tmp/kindling-streaming-bench-${process.pid}`;
  const batches: BatchInfo[] = [];
  try {
    const ssc = new StreamingContext(kc, Seconds(1));
    ssc.checkpoint(dir);
    ssc.addStreamingListener({ onBatchCompleted: (e) => void batches.push(e.batchInfo) });
    defineStatefulBenchJob(ssc, rate);
    ssc.start();
    await ssc.awaitTerminationOrTimeout(seconds * 1000);
    await ssc.stop({ stopKindlingContext: false });
  } finally {
    await kc.stop();
  }
  const second = batches.slice(Math.floor(batches.length / 2));
  const mean = (xs: number[]): number => xs.reduce((a, b) => a + b, 0) / Math.max(1, xs.length);
  const meanProcessing = mean(second.map((b) => b.processingDelay ?? Infinity));
  const head = second.slice(0, 3).map((b) => b.schedulingDelay ?? 0);
  const tail = second.slice(-3).map((b) => b.schedulingDelay ?? 0);
  const keptUp = second.length >= 3 && meanProcessing < 950 && mean(tail) <= mean(head) + 250;
  return { keptUp, batches };
}

function summary(batches: readonly BatchInfo[]): string {
  const p = batches.map((b) => b.processingDelay ?? 0).sort((a, b) => a - b);
  const s = batches.map((b) => b.schedulingDelay ?? 0);
  return `${batches.length} batches, processing median ${p[Math.floor(p.length / 2)] ?? 0} ms / p90 ${p[Math.floor(p.length * 0.9)] ?? 0} ms / max ${p.at(-1) ?? 0} ms, scheduling delay max ${Math.max(0, ...s)} ms, last ${s.at(-1) ?? 0} ms`;
}

/**
 * The loop's rate moves by half or more between runs on these shared machines (2.3-5.8
 * million records/s within an hour), so it is measured three times at the start and
 * again after every trial, under the conditions the trials met, and the median of
 * all the runs is the baseline (the fastest is printed too).
 */
const loopRuns: number[] = [];
function measureLoop(runs: number): void {
  for (let i = 0; i < runs; i++) loopRuns.push(plainLoop(2_000_000));
}

async function trial(rate: number, seconds: number): Promise<{ keptUp: boolean; batches: BatchInfo[] }> {
  const result = await streamingTrial(rate, seconds);
  measureLoop(1);
  return result;
}

async function main(): Promise<void> {
  plainLoop(2_000_000); // warm-up: the first run includes compiling the loop
  measureLoop(3);
  out(`plain single-thread loop, same per-record work: ${fmt(loopRuns[0]!)}, ${fmt(loopRuns[1]!)}, ${fmt(loopRuns[2]!)} records/s (measured again after each trial)`);
  let good = 0;
  let bad = 0;
  for (let rate = START_RATE; ; rate *= 2) {
    const r = await trial(rate, TRIAL_S);
    out(`  trial ${fmt(rate)} records/s for ${TRIAL_S} s: ${r.keptUp ? 'kept up' : 'fell behind'} (${summary(r.batches)})`);
    if (r.keptUp) good = rate;
    else {
      bad = rate;
      break;
    }
    if (rate > 4_000_000) break;
  }
  for (let i = 0; i < 2 && bad > 0 && bad - good > good / 8; i++) {
    const rate = Math.round((good + bad) / 2);
    const r = await trial(rate, TRIAL_S);
    out(`  trial ${fmt(rate)} records/s for ${TRIAL_S} s: ${r.keptUp ? 'kept up' : 'fell behind'} (${summary(r.batches)})`);
    if (r.keptUp) good = rate;
    else bad = rate;
  }
  let rate = good;
  let confirmed = 0;
  for (let attempt = 0; attempt < 3 && rate > 0 && confirmed === 0; attempt++) {
    const r = await trial(rate, CONFIRM_S);
    out(`  confirm ${fmt(rate)} records/s for ${CONFIRM_S} s: ${r.keptUp ? 'kept up' : 'fell behind'} (${summary(r.batches)})`);
    if (r.keptUp) confirmed = rate;
    else rate = Math.round(rate * 0.8);
  }
  if (confirmed === 0) {
    out(`no rate confirmed over ${CONFIRM_S} s (the last tried: ${fmt(rate / 0.8)} records/s)`);
    return;
  }
  const sorted = [...loopRuns].sort((a, b) => a - b);
  const loop = sorted[Math.floor(sorted.length / 2)]!;
  const fastest = sorted.at(-1)!;
  out(`sustained mapWithState over ${fmt(KEYS)} keys on local[2], 1 s batches, ${CONFIRM_S} s: ${fmt(confirmed)} records/s = ${fmt(confirmed / CORES)} records/s per core`);
  out(`plain loop over ${sorted.length} runs: median ${fmt(loop)} records/s (${fmt(sorted[0]!)}-${fmt(fastest)})`);
  out(`ratio to the plain loop: ${(confirmed / loop).toFixed(3)} (aim >= 0.3); to its fastest run ${(confirmed / fastest).toFixed(3)}`);
}

await main();
