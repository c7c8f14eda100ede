/**
 * reduceByKeyAndWindow with and without an inverse function, per batch once the
 * window is full, on `local-inprocess` with a manual clock, beside plain JavaScript
 * loops doing the same counting over the same batches in the same run:
 *
 * - without inverse, each slide merges the window's reduced batches again; its
 *   baseline is a loop reducing each batch once and merging the window's every batch;
 * - with inverse, each slide adds the entering batch and subtracts the leaving one;
 *   its baseline is a loop keeping the window's counts the same way.
 *
 * Each shape is batches of RECORDS keys drawn (skewed) from its key space, with its
 * window in batches and a slide of one batch; only the TIMED batches after the window
 * is full are timed. CPU time of the process is printed beside wall time: on a shared
 * machine it moves less.
 *
 * Run: npx --yes pnpm@10 bench window
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { performance } from 'node:perf_hooks';
import { KindlingConf, type RDD } from '@kindling/common';
import { KindlingContext } from '../kindling-context.js';
import { ManualClock } from './clock.js';
import type { DStream } from './dstream.js';
import { registerDStreamKind } from './dstream-registry.js';
import { Seconds } from './duration.js';
import './index.js';
import { InputDStream } from './input-dstream.js';
import { StreamingContext } from './streaming-context.js';
import { collectOutput } from './testing/test-output.js';
import { runBatches } from './testing/streaming-test-harness.js';
import { seededRandom } from '../util/seeded-random.js';

const RECORDS = 20_000;
const PARTITIONS = 2;
/** A window about as large as a batch's keys, and a long window over few keys (where Spark advises the inverse). */
const SHAPES = [
  { window: 20, keys: 10_000 },
  { window: 60, keys: 2_000 },
] as const;
/** Batches after the window is full that are timed. */
const TIMED = 20;

interface Shape {
  readonly window: number;
  readonly keys: number;
  readonly batches: number;
}

function out(line: string): void {
  process.stdout.write(`${line}\n`);
}

/** Batch `index`'s keys: a pure function of the index, so the input stream can be described by its shape alone. */
function generateBatch(keys: number, index: number): string[] {
  const random = seededRandom(9 + index).next;
  return Array.from({ length: RECORDS }, () => `k${Math.floor(random() ** 2 * keys)}`);
}

function generateBatches(shape: Shape): string[][] {
  return Array.from({ length: shape.batches }, (_, b) => generateBatch(shape.keys, b));
}

/**
 * The bench's input: batch i is generateBatch(keys, i). Not a TestInputDStream, whose
 * description holds its data: every metadata checkpoint would write all the batches
 * (6.8 MB, seconds a batch), and the bench would time that instead of the window.
 */
class GeneratedKeysDStream extends InputDStream<string> {
  readonly kind = 'WindowBenchInput';

  constructor(
    ssc: StreamingContext,
    readonly keys: number,
  ) {
    super(ssc, 'windowBenchInput');
  }

  compute(time: number): Promise<RDD<string>> {
    const index = (time - this.zeroTime!) / this.slideDuration.milliseconds - 1;
    const data = generateBatch(this.keys, index);
    this.reportInput(time, data.length);
    return Promise.resolve(this.ssc.kindlingContext.parallelize(data, PARTITIONS));
  }

  protected params(): Readonly<Record<string, unknown>> {
    return { keys: this.keys };
  }
}
registerDStreamKind('WindowBenchInput', ({ ssc, params }) => new GeneratedKeysDStream(ssc, params['keys']));

function countInto(counts: Map<string, number>, keys: readonly string[], delta: number): void {
  for (const k of keys) {
    const n = (counts.get(k) ?? 0) + delta;
    if (n === 0) counts.delete(k);
    else counts.set(k, n);
  }
}

/** ms per timed batch of the plain loops; the checksum keeps the work from being optimised away. */
function plainLoops(shape: Shape, batches: readonly string[][]): { recompute: number; incremental: number; checksum: number } {
  let checksum = 0;
  let start = 0;
  // The engine's shape without inverse: each batch reduced once (and kept), the
  // window's reduced batches merged again every slide.
  const reduced: Array<Map<string, number>> = [];
  for (let b = 0; b < shape.batches; b++) {
    if (b === shape.window) start = performance.now();
    const batch = new Map<string, number>();
    countInto(batch, batches[b]!, 1);
    reduced.push(batch);
    const window = new Map<string, number>();
    for (let i = Math.max(0, b - shape.window + 1); i <= b; i++) {
      for (const [k, n] of reduced[i]!) window.set(k, (window.get(k) ?? 0) + n);
    }
    checksum += window.size;
  }
  const recompute = (performance.now() - start) / (TIMED);
  const window = new Map<string, number>();
  for (let b = 0; b < shape.batches; b++) {
    if (b === shape.window) start = performance.now();
    // Spark's shape: reduce the batch by key, then add it and take the leaving batch out.
    const batch = new Map<string, number>();
    countInto(batch, batches[b]!, 1);
    for (const [k, n] of batch) window.set(k, (window.get(k) ?? 0) + n);
    if (b >= shape.window) {
      const leaving = new Map<string, number>();
      countInto(leaving, batches[b - shape.window]!, 1);
      for (const [k, n] of leaving) {
        const left = window.get(k)! - n;
        if (left === 0) window.delete(k);
        else window.set(k, left);
      }
    }
    checksum += window.size;
  }
  const incremental = (performance.now() - start) / (TIMED);
  return { recompute, incremental, checksum };
}

type Define = (pairs: DStream<[string, number]>) => DStream<[string, number]>;

/**
 * Wall and CPU ms per timed batch of a streaming job (CPU of the whole process: on a
 * shared machine it moves less than wall time), and the keys in its last window.
 */
async function engine(shape: Shape, define: Define): Promise<{ ms: number; cpuMs: number; keys: number }> {
  const dir = await mkdtemp(join(tmpdir(), 'kindling-window-bench-'));
  const conf = new KindlingConf({ 'kindling.ui.showConsoleProgress': 'false' });
  const kc = await KindlingContext.create({ master: 'local-inprocess', appName: 'window-bench', conf });
  const clock = new ManualClock(0);
  const ssc = new StreamingContext(kc, Seconds(1), { clock });
  ssc.checkpoint(pathToFileURL(join(dir, 'checkpoint')).href);
  try {
    const pairs = new GeneratedKeysDStream(ssc, shape.keys).map((k: string): [string, number] => [k, 1]);
    // A count per window: the same small output for both forms (a foreachRDD closure
    // over a driver variable would be refused, the context checkpointing).
    const sizes = collectOutput(define(pairs).count());
    ssc.start();
    await runBatches(ssc, clock, shape.window);
    const start = performance.now();
    const cpuStart = process.cpuUsage();
    await runBatches(ssc, clock, TIMED);
    const ms = (performance.now() - start) / (TIMED);
    const cpu = process.cpuUsage(cpuStart);
    return { ms, cpuMs: (cpu.user + cpu.system) / 1000 / (TIMED), keys: sizes.batches().at(-1)?.[0] ?? -1 };
  } finally {
    await ssc.stop({ stopKindlingContext: true });
    await rm(dir, { recursive: true, force: true });
  }
}

const sum = (a: number, b: number): number => a + b;

async function runShape(base: { window: number; keys: number }): Promise<void> {
  const shape: Shape = { ...base, batches: base.window + TIMED };
  const batches = generateBatches(shape);
  const last = new Map<string, number>();
  for (const batch of batches.slice(-shape.window)) countInto(last, batch, 1);
  out(
    `reduceByKeyAndWindow: ${shape.batches} batches of ${RECORDS.toLocaleString('en')} records over ${shape.keys.toLocaleString('en')} keys, window ${shape.window} batches, slide 1, ${PARTITIONS} partitions, local-inprocess`,
  );
  const plain = plainLoops(shape, batches);
  // The same job with no window: what every batch costs before any windowing.
  const perBatch = await engine(shape, (pairs) => pairs.reduceByKey(sum, PARTITIONS));
  const recompute = await engine(shape, (pairs) => pairs.reduceByKeyAndWindow(sum, Seconds(shape.window), Seconds(1), PARTITIONS));
  const inverse = await engine(shape, (pairs) =>
    pairs.reduceByKeyAndWindow(sum, (a, b) => a - b, Seconds(shape.window), Seconds(1), PARTITIONS, (kv) => kv[1] !== 0),
  );
  for (const [name, run] of [['without inverse', recompute], ['with inverse', inverse]] as const) {
    if (run.keys !== last.size) throw new Error(`${name}: ${run.keys} keys in the last window, expected ${last.size}`);
  }
  const row = (name: string, run: { ms: number; cpuMs: number }, baseline: number, baseName: string): void =>
    out(
      `  ${name.padEnd(24)} ${run.ms.toFixed(1).padStart(7)} ms/batch (CPU ${run.cpuMs.toFixed(1).padStart(6)} ms)   plain loop (${baseName}) ${baseline.toFixed(1).padStart(6)} ms   ratio ${(baseline / run.ms).toFixed(2)}`,
    );
  row('engine, without inverse', recompute, plain.recompute, 'merge window');
  row('engine, with inverse', inverse, plain.incremental, 'add/subtract');
  out(`  the same job without a window (reduceByKey per batch): ${perBatch.ms.toFixed(1)} ms/batch (CPU ${perBatch.cpuMs.toFixed(1)} ms)`);
  out(
    `  without / with inverse: ${(recompute.ms / inverse.ms).toFixed(2)} in wall time, ${(recompute.cpuMs / inverse.cpuMs).toFixed(2)} in CPU time  [checksum ${plain.checksum}]`,
  );
}

for (const shape of SHAPES) await runShape(shape);
