/**
 * The UI's cost (issue 12, "Must show"): the stateful streaming bench job (the one of
 * streaming.bench.ts: mapWithState over 100,000 keys fed by rateStream, 1 s batches,
 * local[2], state checkpointed) with the UI on and a headless Chromium polling its
 * Streaming and Jobs pages, against the same job with `kindling.ui.enabled=false`,
 * in the same run, runs alternating (off, on + browser, on without a browser, …) so
 * that drift in the machine's load falls on every side. The third side tells the
 * status store's and server's share from the browser's. One Chromium is started
 * before the first run and kept: its start-up is not the UI's cost, its polling is.
 *
 * Throughput is the records a batch took in over the time it took to process them,
 * summed over the batches after a warm-up: what the job can sustain per second of
 * wall time, measured at an offered rate near its ceiling, so a UI that costs CPU
 * shows as a lower figure even when both sides keep up. The ratio is on / off
 * (aim >= 0.95).
 *
 * Run: npx --yes pnpm@10 bench ui-cost
 *   KINDLING_BENCH_UI_RATE (records/s offered, default 200000), KINDLING_BENCH_UI_S
 *   (seconds a run, default 40), KINDLING_BENCH_UI_PAIRS (rounds of the three sides, default 3).
 */
import { KindlingConf, silentLogger } from '@kindling/common';
import { KindlingContext } from '../../kindling-context.js';
import type { BatchInfo } from '../../streaming/batch-info.js';
import { Seconds } from '../../streaming/duration.js';
import '../../streaming/index.js';
import { defineStatefulBenchJob } from '../../streaming/testing/stateful-bench-job.js';
import { StreamingContext } from '../../streaming/streaming-context.js';
import type { Page } from 'playwright-core';
import { HeadlessChromium, findChromium } from './testing/chromium.js';

const RATE = Number(process.env['KINDLING_BENCH_UI_RATE'] ?? 200_000);
const RUN_S = Number(process.env['KINDLING_BENCH_UI_S'] ?? 40);
const PAIRS = Number(process.env['KINDLING_BENCH_UI_PAIRS'] ?? 3);
const WARM_UP_BATCHES = 3;

function out(line: string): void {
  process.stdout.write(`${line}\n`);
}

const fmt = (n: number): string => Math.round(n).toLocaleString('en-US');

interface RunResult {
  readonly throughput: number;
  readonly batches: number;
  readonly polls: number;
  readonly maxSchedulingDelay: number;
}

type Side = 'off' | 'on, browser polling' | 'on, no browser';

async function run(side: Side, browser: HeadlessChromium): Promise<RunResult> {
  const ui = side !== 'off';
  const conf = new KindlingConf({
    'kindling.ui.showConsoleProgress': 'false',
    'kindling.ui.enabled': String(ui),
    'kindling.ui.port': '0',
  });
  const kc = await KindlingContext.create({ master: 'local[2]', appName: 'ui-cost-bench', conf, logger: silentLogger() });
  const dir = `file:///tmp/kindling-ui-cost-bench-${process.pid}`;
  const batches: BatchInfo[] = [];
  const pages: Page[] = [];
  let polls = 0;
  try {
    const ssc = new StreamingContext(kc, Seconds(1));
    ssc.checkpoint(dir);
    ssc.addStreamingListener({ onBatchCompleted: (e) => void batches.push(e.batchInfo) });
    defineStatefulBenchJob(ssc, RATE);
    ssc.start();
    if (side === 'on, browser polling') {
      const url = kc.uiWebUrl;
      if (url === undefined) throw new Error('the UI is on but serves no URL');
      for (const path of ['/streaming/', '/jobs/']) {
        const { page } = await browser.newPage();
        await page.goto(`${url}${path}`);
        pages.push(page);
      }
    }
    await ssc.awaitTerminationOrTimeout(RUN_S * 1000);
    for (const page of pages) polls += Number((await page.getAttribute('body', 'data-updates')) ?? '0');
    await ssc.stop({ stopKindlingContext: false });
  } finally {
    for (const page of pages) await page.close();
    await kc.stop();
  }
  const measured = batches.slice(WARM_UP_BATCHES);
  const records = measured.reduce((n, b) => n + b.numRecords, 0);
  const ms = measured.reduce((n, b) => n + (b.processingDelay ?? 0), 0);
  return {
    throughput: ms === 0 ? 0 : (records * 1000) / ms,
    batches: measured.length,
    polls,
    maxSchedulingDelay: Math.max(0, ...measured.map((b) => b.schedulingDelay ?? 0)),
  };
}

async function main(): Promise<void> {
  const chromium = findChromium();
  if ('skip' in chromium) {
    out(`ui-cost bench skipped: ${chromium.skip}`);
    return;
  }
  out(`offered ${fmt(RATE)} records/s, ${RUN_S} s a run, ${PAIRS} rounds of three runs, first ${WARM_UP_BATCHES} batches of each run not counted`);
  const sides: Side[] = ['off', 'on, browser polling', 'on, no browser'];
  const results = new Map<Side, number[]>(sides.map((s) => [s, []]));
  const browser = await HeadlessChromium.launch(chromium.path);
  try {
    for (let i = 0; i < PAIRS; i++) {
      for (const side of sides) {
        const r = await run(side, browser);
        results.get(side)!.push(r.throughput);
        out(`  UI ${side}: ${fmt(r.throughput)} records/s over ${r.batches} batches, scheduling delay max ${fmt(r.maxSchedulingDelay)} ms${side === 'on, browser polling' ? `, ${r.polls} page updates` : ''}`);
      }
    }
  } finally {
    await browser.close();
  }
  const sum = (xs: number[]): number => xs.reduce((a, b) => a + b, 0);
  const off = results.get('off')!;
  if ([...results.values()].some((xs) => xs.includes(0))) {
    out(`no ratio: a run completed no batch after its warm-up; lower KINDLING_BENCH_UI_RATE or raise KINDLING_BENCH_UI_S`);
    return;
  }
  for (const side of sides.slice(1)) {
    const xs = results.get(side)!;
    const perRound = xs.map((x, i) => (x / off[i]!).toFixed(3)).join(', ');
    out(`UI ${side} / UI off, throughput of the stateful streaming job: ${(sum(xs) / sum(off)).toFixed(3)} (per round: ${perRound})${side === 'on, browser polling' ? ' (aim >= 0.95)' : ''}`);
  }
}

await main();
