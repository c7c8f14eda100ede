/**
 * What the background pool buys a job that arrives while bookkeeping work is
 * pending (the state checkpoint slices' case), on local[2] over gRPC: a "background"
 * job of BACKGROUND_TASKS tasks of TASK_MS each is submitted, and once two of its
 * tasks run, a quick two-task job; the quick job's latency is timed with the first
 * job in the default pool (FIFO: it waits for the whole job) and in the background
 * pool (it waits for the two running tasks only). Rounds alternate the two, so both
 * see the same machine; medians and their ratio are printed with the load average.
 *
 * Run: npx --yes pnpm@10 bench scheduling-pool
 */
import { loadavg } from 'node:os';
import { performance } from 'node:perf_hooks';
import { KindlingConf, silentLogger } from '@kindling/common';
import { KindlingContext } from '../kindling-context.js';
import { BACKGROUND_POOL, DEFAULT_POOL, SCHEDULER_POOL_PROPERTY } from './scheduling-pool.js';

const ROUNDS = Number(process.env['KINDLING_BENCH_ROUNDS'] ?? 5);
const BACKGROUND_TASKS = 16;
const TASK_MS = 100;

function out(line: string): void {
  process.stdout.write(`${line}\n`);
}

const median = (xs: readonly number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const load = (): string => loadavg().map((l) => l.toFixed(1)).join(' ');

/** The quick job's latency (ms) while a job of slow tasks in `pool` is pending. */
async function quickJobLatency(kc: KindlingContext, pool: string): Promise<number> {
  let started = 0;
  let twoRunning!: () => void;
  const running = new Promise<void>((resolve) => (twoRunning = resolve));
  const listener = { onTaskStart: (): void => void (++started === 2 && twoRunning()) };
  kc.addKindlingListener(listener);
  try {
    const slow = kc.withLocalProperty(SCHEDULER_POOL_PROPERTY, pool, () =>
      kc
        .parallelize(Array.from({ length: BACKGROUND_TASKS }, (_, i) => i), BACKGROUND_TASKS)
        .map((x: number) => {
          // TASK_MS, written out: a shipped lambda sees only its parameters and globals.
          Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 100);
          return x;
        })
        .count(),
    );
    await running;
    const t0 = performance.now();
    await kc.parallelize([1, 2], 2).map((x: number) => x + 1).collect();
    const latency = performance.now() - t0;
    await slow;
    return latency;
  } finally {
    kc.removeKindlingListener(listener);
  }
}

async function main(): Promise<void> {
  const kc = await KindlingContext.create({ master: 'local[2]', conf: new KindlingConf({ 'kindling.ui.enabled': 'false' }), logger: silentLogger() });
  const fifo: number[] = [];
  const background: number[] = [];
  try {
    out(`a quick 2-task job submitted while a job of ${BACKGROUND_TASKS} tasks of ${TASK_MS} ms runs on local[2]; ${ROUNDS} rounds, alternating; load average ${load()}`);
    await quickJobLatency(kc, DEFAULT_POOL);
    for (let round = 0; round < ROUNDS; round++) {
      const order = round % 2 === 0 ? [DEFAULT_POOL, BACKGROUND_POOL] : [BACKGROUND_POOL, DEFAULT_POOL];
      for (const pool of order) (pool === DEFAULT_POOL ? fifo : background).push(await quickJobLatency(kc, pool));
    }
  } finally {
    await kc.stop();
  }
  const ms = (xs: readonly number[]): string => xs.map((x) => x.toFixed(0)).join(', ');
  out(`  slow job in the default pool (FIFO):   quick job median ${median(fifo).toFixed(0)} ms  (${ms(fifo)})`);
  out(`  slow job in the background pool:       quick job median ${median(background).toFixed(0)} ms  (${ms(background)})`);
  out(`  ratio background / default: ${(median(background) / median(fifo)).toFixed(3)} (the slow job alone takes about ${(BACKGROUND_TASKS * TASK_MS) / 2} ms on 2 cores); load average ${load()}`);
}

await main();
