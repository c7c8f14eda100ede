/**
 * The UI's cost (issue 12, "Must show"): the stateful streaming bench job (the one of
 * streaming.bench.ts: mapWithState over 100,000 keys fed by rateStream, 1 s batches,
 * local[2], state checkpointed) with the UI on and a headless Chromium polling its
 * pages, against the same job with `kindling.ui.enabled=false`, in the same run.
 *
 * The browser is a user's: Streaming and Jobs pages open in two tabs, and a third
 * tab walking through Stages, Executors, Storage, Environment and Checkpoints, a
 * page every 5 s; the pages update at the driver's default refresh interval (5 s).
 * It runs in a process of its own (testing/browser-user.ts), as a user's browser
 * would, started once and kept: its start-up is not the UI's cost, its polling is,
 * and so is not a page's load (printed apart).
 *
 * The figure is the product of two ratios:
 *   - the browser's: one stream with the UI on, the tabs open on it and settled,
 *     then phases of ten batches with the tabs polling and with them hidden, in
 *     turn (pairedBrowserCost). Phase against phase in one stream, because
 *     separate runs differed among themselves by ±10 % (a fresh context, another
 *     minute of the shared machine), more than the few per cent measured; the same
 *     for one Streaming tab alone (the page a streaming user keeps open);
 *   - the server's: in the same stream, no browser open, phases with the UI's
 *     events applied (the listener bus feeding its status store, as it runs) and
 *     dropped, as with the UI off. Separate runs with the UI on and no browser
 *     against `kindling.ui.enabled=false`, rounds of both, the order rotated, are
 *     printed beside: they measure the same thing without a hook, to ±15 %.
 * KINDLING_BENCH_UI_SEPARATE=1 adds the browser sides as separate runs as well, as
 * the bench first measured them: three tabs, one Streaming tab, and the three tabs
 * with the browser at the idle scheduling priority (SCHED_IDLE by `chrt --idle 0`,
 * else nice 19), a model of the browser on the user's own machine.
 *
 * The browser is driven through a bare DevTools pipe (testing/bare-chromium.ts),
 * not playwright: playwright's client subscribes to every request, frame and
 * lifecycle event of every tab and injects its scripts into every document, which
 * cost the browser and the client process CPU that no user's browser spends (the
 * probe ui-browser-cpu.bench.ts compares both). The pipe carries only what the
 * bench reads: console errors, Chromium's counters of each tab's renderer (task,
 * script, layout and style time, chromium-counters.ts) and the pages' update
 * counts. The browser's CPU is that of its process tree, by Chromium process type
 * (process-tree-cpu.ts), the client process's own printed apart: it is the bench's
 * harness, not the browser.
 *
 * Throughput is the records a batch took in over the time it took to process them,
 * summed over the batches of the measured window: what the job can sustain per second of
 * wall time, measured at an offered rate near its ceiling (80 % of what the warm-up
 * run sustained, unless KINDLING_BENCH_UI_RATE says otherwise), so a UI that costs
 * CPU shows as a lower figure even when both sides keep up. The ratio is on / off
 * (aim >= 0.95).
 *
 * On a shared 2-core machine one run's figure moves by tens of per cent with the
 * other users' load, so: a warm-up run not counted; phases in the order A B B A so
 * a trend cancels, each pair's ratio printed beside the pooled one; rounds of the
 * separate runs, each round's ratio against the off run of the same round, their
 * median, spread and pooled ratio, and the load average, printed. About 10 minutes
 * by default.
 *
 * Run: npx --yes pnpm@10 bench ui-cost
 *   KINDLING_BENCH_UI_RATE (records/s offered, default auto), KINDLING_BENCH_UI_PHASES
 *   (phases of 10 s per browser, default 12), KINDLING_BENCH_UI_S (seconds a separate
 *   run, default 20), KINDLING_BENCH_UI_ROUNDS (rounds of the separate runs, default 5),
 *   KINDLING_BENCH_UI_SEPARATE=1 (the browser's separate-run sides too), KINDLING_BENCH_UI_TABS
 *   (what the paired browser shows: some of three, streaming, jobs, walker; default three,streaming).
 */
import { rmSync } from 'node:fs';
import { loadavg } from 'node:os';
import { setTimeout as sleep } from 'node:timers/promises';
import { KindlingConf, silentLogger } from '@kindling/common';
import { KindlingContext } from '../../kindling-context.js';
import type { BatchInfo } from '../../streaming/batch-info.js';
import { Seconds } from '../../streaming/duration.js';
import '../../streaming/index.js';
import { defineStatefulBenchJob } from '../../streaming/testing/stateful-bench-job.js';
import { StreamingContext } from '../../streaming/streaming-context.js';
import type { CloseReport, TabReport } from './testing/browser-user-protocol.js';
import { BrowserUser, idlePrefix, threeTabsCommand, WALK_MS, WALKED, walkerCommand } from './testing/browser-user-process.js';
import { findChromium } from './testing/chromium.js';
import { cpuByKind, describeCpuByKind, readProcessTree, type TreeReading } from './testing/process-tree-cpu.js';

/** Records/s offered; by default ("auto") 80 % of what the warm-up run sustained. */
const RATE_SETTING = process.env['KINDLING_BENCH_UI_RATE'] ?? 'auto';
const WARM_UP_RATE = 200_000;
const RUN_S = Number(process.env['KINDLING_BENCH_UI_S'] ?? 20);
const ROUNDS = Number(process.env['KINDLING_BENCH_UI_ROUNDS'] ?? 5);
/** The kind process-tree-cpu.ts gives the browser-user process: the bench's DevTools client, not the browser. */
const CLIENT_KIND = 'node (DevTools client)';
/** From the stream's start (and the tabs' opening) to the measured window: the warm-up batches, and the pages' load. */
const SETTLE_MS = 10_000;
/** A round is quiet when every run of it started with the 1-min load average under this (2 cores, the job's 3 processes). */
const QUIET_LOAD = 4;

function out(line: string): void {
  process.stdout.write(`${line}\n`);
}

const fmt = (n: number): string => Math.round(n).toLocaleString('en-US');
const load = (): string => loadavg().map((l) => l.toFixed(1)).join(' ');

interface RunResult {
  readonly throughput: number;
  readonly batches: number;
  readonly maxSchedulingDelay: number;
  readonly load1: number;
  /**
 * cpuS: the browser's CPU seconds over the measured window, by Chromium process
 * type in byKind; openCpuS: opening the tabs and the settleS seconds after, before; clientCpuS:
 * the browser-user process's own (the DevTools client), not in cpuS.
 */
  readonly browser?: CloseReport & { readonly cpuS: number; readonly openCpuS: number; readonly settleS: number; readonly clientCpuS: number; readonly byKind: ReadonlyMap<string, number> };
}

/**
 * The sides of a round: the UI off; on with the browser user's three tabs; on with
 * one tab on the Streaming page (the page a streaming user keeps open); on with no
 * browser (the listener bus, status store and server alone).
 */
type Side = 'off' | 'on, browser polling' | 'on, one Streaming tab' | 'on, no browser' | 'on, browser at idle priority';
const BROWSER_SIDES: readonly Side[] = ['on, browser polling', 'on, one Streaming tab', 'on, browser at idle priority'];
const ALL_SIDES: readonly Side[] = ['off', 'on, browser polling', 'on, one Streaming tab', 'on, no browser', 'on, browser at idle priority'];
/**
 * By default the separate runs are the server's sides only: the browser's cost is
 * measured paired, in one stream (pairedBrowserCost). KINDLING_BENCH_UI_SEPARATE=1
 * adds the browser's sides as separate runs, as the bench measured it before.
 */
const SIDES: readonly Side[] = process.env['KINDLING_BENCH_UI_SEPARATE'] === '1' ? ALL_SIDES : ['off', 'on, no browser'];

/** The browser users: one at the machine's normal priority, one at the idle priority (the last side). */
interface Users {
  readonly normal: BrowserUser;
  /** Started only when the idle side runs: an idle Chromium still spends CPU of its own. */
  readonly idle: BrowserUser | undefined;
}

let runCount = 0;

/** Records and processing time of the batches whose batch time falls in [from, to): the same batches on every side of a comparison. */
function windowThroughput(batches: readonly BatchInfo[], from: number, to = Number.POSITIVE_INFINITY): { records: number; ms: number; count: number; inWindow: BatchInfo[] } {
  const inWindow = batches.filter((b) => b.batchTime >= from && b.batchTime < to);
  return {
    records: inWindow.reduce((n, b) => n + b.numRecords, 0),
    ms: inWindow.reduce((n, b) => n + (b.processingDelay ?? 0), 0),
    count: inWindow.length,
    inWindow,
  };
}

/**
 * The stateful bench job on `kc`, checkpointed to `path` (a directory of its own per
 * stream: streams sharing one would list and clean ever more checkpoint files, and
 * the later ones would pay for the earlier ones), started; its completed batches
 * are pushed to the array returned.
 */
function startBenchStream(kc: KindlingContext, path: string, rate: number): { ssc: StreamingContext; batches: BatchInfo[] } {
  const batches: BatchInfo[] = [];
  const ssc = new StreamingContext(kc, Seconds(1));
  ssc.checkpoint(`file://${path}`);
  ssc.addStreamingListener({ onBatchCompleted: (e) => void batches.push(e.batchInfo) });
  defineStatefulBenchJob(ssc, rate);
  ssc.start();
  return { ssc, batches };
}

/** The browser's CPU seconds between two readings, its DevTools client (the browser-user process, no part of a user's browser) apart. */
function browserCpu(before: TreeReading, after: TreeReading): { readonly cpuS: number; readonly clientCpuS: number; readonly byKind: Map<string, number> } {
  const byKind = cpuByKind(before, after);
  const clientCpuS = byKind.get(CLIENT_KIND) ?? 0;
  byKind.delete(CLIENT_KIND);
  return { cpuS: [...byKind.values()].reduce((a, b) => a + b, 0), clientCpuS, byKind };
}

async function run(side: Side, users: Users, rate: number): Promise<RunResult> {
  const user = side === 'on, browser at idle priority' ? users.idle! : users.normal;
  const ui = side !== 'off';
  const conf = new KindlingConf({
    'kindling.ui.showConsoleProgress': 'false',
    'kindling.ui.enabled': String(ui),
    'kindling.ui.port': '0',
  });
  const load1 = loadavg()[0]!;
  const kc = await KindlingContext.create({ master: 'local[2]', appName: 'ui-cost-bench', conf, logger: silentLogger() });
  const path = `/tmp/kindling-ui-cost-bench-${process.pid}-${++runCount}`;
  let batches: BatchInfo[] = [];
  let browser: RunResult['browser'];
  let measuredFrom = Number.POSITIVE_INFINITY;
  let settleS: number | undefined;
  try {
    const streamStart = Date.now();
    const stream = startBenchStream(kc, path, rate);
    const ssc = stream.ssc;
    batches = stream.batches;
    // The tabs open on the running stream, and the measured window starts once they
    // have settled: a user's tab stays open for hours on a stream that runs for days,
    // so what it costs is its polling, not its load. Loading a page (a renderer
    // process, the modules, the first draw of four charts) costs Chromium 1.5-2 CPU
    // s and keeps it busy for 3-4 s after the load event: counted in a 20 s window,
    // that one-off was most of what "a tab" measured (1.4-1.8 CPU s a run whether the
    // page drew 4 times or 10). It is printed apart. The window is the same stretch
    // of the stream on every side (the batches of times SETTLE_MS to SETTLE_MS +
    // RUN_S after the start): the job's first batches run slower (its code not yet
    // optimised, its state filling) and one batch in ten writes the state, so
    // windows starting at different batches differ by more than the UI costs.
    measuredFrom = streamStart + SETTLE_MS;
    const withBrowser = BROWSER_SIDES.includes(side);
    let openCpuS = 0;
    if (withBrowser) {
      const url = kc.uiWebUrl;
      if (url === undefined) throw new Error('the UI is on but serves no URL');
      const command = side !== 'on, one Streaming tab'
        ? threeTabsCommand(url)
        : `open 0 1 ${url}/streaming/`;
      const atOpen = readProcessTree(user.pid);
      await user.expectOk(command, 'the browser could not open the pages');
      settleS = (measuredFrom - Date.now()) / 1000;
      await sleep(Math.max(0, measuredFrom - Date.now()));
      openCpuS = browserCpu(atOpen, readProcessTree(user.pid)).cpuS;
      await user.expectOk('mark', 'the browser did not mark its counters');
    } else {
      await sleep(Math.max(0, measuredFrom - Date.now()));
    }
    const before = withBrowser ? readProcessTree(user.pid) : undefined;
    await ssc.awaitTerminationOrTimeout(RUN_S * 1000);
    if (withBrowser) {
      const cpu = browserCpu(before!, readProcessTree(user.pid));
      const closed = JSON.parse(await user.send('close')) as CloseReport;
      browser = { ...closed, ...cpu, openCpuS, settleS: settleS ?? 0 };
    }
    await ssc.stop({ stopKindlingContext: false });
  } finally {
    await kc.stop();
    rmSync(path, { recursive: true, force: true });
  }
  const { records, ms, count, inWindow } = windowThroughput(batches, measuredFrom);
  return {
    throughput: ms === 0 ? 0 : (records * 1000) / ms,
    batches: count,
    maxSchedulingDelay: Math.max(0, ...inWindow.map((b) => b.schedulingDelay ?? 0)),
    load1,
    ...(browser === undefined ? {} : { browser }),
  };
}

/** Phases of a paired measurement, in the order A B B A A B B A… (A: the tabs polling; B: hidden), so a trend in the machine's speed cancels. */
const PHASES = Number(process.env['KINDLING_BENCH_UI_PHASES'] ?? 12);
/**
 * Ten batches: the stateful stream writes its state one batch in ten, so every
 * phase holds exactly one such batch (phases of nine counted batches held one or none).
 */
const PHASE_MS = 10_000;
/** The switch is made this long before the phase's first batch time (batch times are multiples of the 1 s batch duration). */
const SWITCH_LEAD_MS = 150;

interface Phase {
  /** A phase (the tabs polling, the UI's events applied), else B. */
  readonly on: boolean;
  readonly from: number;
  readonly to: number;
  readonly cpuS: number;
}

/** A phase's ten batches, each processed from its batch time on. */
function phaseThroughput(batches: readonly BatchInfo[], p: Phase): { records: number; ms: number; count: number } {
  return windowThroughput(batches, p.from, p.to);
}

/**
 * The browser's cost paired within one stream: the UI on, the tabs open on the
 * running stream and settled, then phases of 10 s with the tabs polling and with
 * the tabs hidden (their windows minimised: a hidden page does not poll, and the
 * walker stops), in the order A B B A, each phase ten batches from a batch time.
 * Throughput with the tabs polling over throughput with them hidden, phase
 * against phase: the same executors, the same state, the same
 * minute of the machine, where separate runs differed by ±10 % among themselves
 * (a fresh context's code and state, another minute of the shared machine) and
 * hid a cost of a few per cent. What the UI costs without a browser (listener
 * bus, status store) is paired the same way, after the browser's phases.
 */
async function pairedBrowserCost(user: BrowserUser, rate: number): Promise<PairedCost> {
  const conf = new KindlingConf({ 'kindling.ui.showConsoleProgress': 'false', 'kindling.ui.port': '0' });
  const kc = await KindlingContext.create({ master: 'local[2]', appName: 'ui-cost-bench-paired', conf, logger: silentLogger() });
  const path = `/tmp/kindling-ui-cost-bench-${process.pid}-paired`;
  const browsers = new Map<string, number>();
  try {
    const url = kc.uiWebUrl;
    const ui = kc.ui;
    if (url === undefined || ui === undefined) throw new Error('the UI is on but serves no URL');
    const { ssc, batches } = startBenchStream(kc, path, rate);
    for (const [what, command] of browserConfigs(url)) {
      await user.expectOk(command, 'the browser could not open the pages');
      await sleep(SETTLE_MS);
      await user.expectOk('mark', 'the browser did not mark its counters');
      const phases = await runPhases(user.pid, (on) => user.expectOk(on ? 'resume' : 'pause', `the browser could not ${on ? 'resume' : 'pause'}`));
      await user.expectOk('resume', 'the browser could not resume');
      const closed = JSON.parse(await user.send('close')) as CloseReport;
      // The last phase's batches complete.
      await sleep(3_000);
      const r = comparePhases(batches, phases);
      browsers.set(what, r.ratio);
      out(
        `  paired, ${what}: polling ${fmt(r.on)} records/s over ${r.onCount} batches, hidden ${fmt(r.off)} over ${r.offCount}; ` +
          `polling / hidden **${r.ratio.toFixed(3)}** (pairs ${r.pairs.map((x) => x.toFixed(3)).join(', ')}); browser CPU per 10 s polling ${r.onCpuS.toFixed(2)} s, hidden ${r.offCpuS.toFixed(2)} s; ` +
          `${closed.updates} page updates, ${closed.visited} pages walked, ${closed.errors.length} console errors, load ${load()}`,
      );
      for (const e of closed.errors) out(`    browser error: ${e}`);
    }
    // The server's side, paired as well, no browser open: phases with the UI's
    // events applied (its status store and event log, as it runs) and with them
    // dropped, as with the UI off. The bench's own hook, no user's: an instance
    // `post` that does nothing shadows KindlingUI.post, which every listener of the
    // UI calls. The server stays up, idle, as it is with no browser; the listeners
    // still turn callbacks into events, a cost too small to see here.
    const live = ui.post.bind(ui);
    const phases = await runPhases(process.pid, async (on) => {
      ui.post = on ? live : () => undefined;
    });
    ui.post = live;
    await sleep(3_000);
    const r = comparePhases(batches, phases);
    out(
      `  paired, the UI without a browser: events applied ${fmt(r.on)} records/s over ${r.onCount} batches, dropped ${fmt(r.off)} over ${r.offCount}; ` +
        `applied / dropped **${r.ratio.toFixed(3)}** (pairs ${r.pairs.map((x) => x.toFixed(3)).join(', ')}); load ${load()}`,
    );
    await ssc.stop({ stopKindlingContext: false });
    return { browsers, server: r.ratio };
  } finally {
    await kc.stop();
    rmSync(path, { recursive: true, force: true });
  }
}

/**
 * What the paired browser shows, by KINDLING_BENCH_UI_TABS (comma-separated; default
 * "three,streaming"): the three tabs, the Streaming tab alone, and, to tell apart
 * what the three cost, the Jobs tab alone and the walker alone.
 */
function browserConfigs(url: string): Array<readonly [string, string]> {
  const all: Record<string, readonly [string, string]> = {
    three: ['three tabs (Streaming, Jobs, the walker)', threeTabsCommand(url)],
    streaming: ['one Streaming tab', `open 0 1 ${url}/streaming/`],
    jobs: ['one Jobs tab', `open 0 1 ${url}/jobs/`],
    walker: ['the walker alone', walkerCommand(url)],
  };
  const names = (process.env['KINDLING_BENCH_UI_TABS'] ?? 'three,streaming').split(',').filter((n) => n !== '');
  const unknown = names.filter((n) => all[n] === undefined);
  if (unknown.length > 0) throw new Error(`KINDLING_BENCH_UI_TABS: unknown ${unknown.join(', ')}; use some of ${Object.keys(all).join(', ')}`);
  return names.map((n) => all[n]!);
}

/** The paired ratios: the browser's (polling / hidden) by what it showed, and the server's (events applied / dropped). */
interface PairedCost {
  readonly browsers: ReadonlyMap<string, number>;
  readonly server: number;
}

/**
 * PHASES phases of ten batches from the next batch time, A B B A…: `turn(true)` (A)
 * or `turn(false)` (B) just before each, and the CPU of the process tree under
 * `pid` over each.
 */
async function runPhases(pid: number, turn: (on: boolean) => Promise<void>): Promise<Phase[]> {
  const phases: Phase[] = [];
  let from = Math.ceil((Date.now() + 1_000) / 1_000) * 1_000;
  for (let i = 0; i < PHASES; i++, from += PHASE_MS) {
    const on = [0, 3].includes(i % 4);
    await sleep(Math.max(0, from - SWITCH_LEAD_MS - Date.now()));
    const before = readProcessTree(pid);
    await turn(on);
    await sleep(Math.max(0, from + PHASE_MS - SWITCH_LEAD_MS - Date.now()));
    phases.push({ on, from, to: from + PHASE_MS, cpuS: browserCpu(before, readProcessTree(pid)).cpuS });
  }
  return phases;
}

/** Throughput of the A phases over that of the B phases, pooled, and per pair of phases as they ran; CPU per phase. */
function comparePhases(batches: readonly BatchInfo[], phases: readonly Phase[]): {
  ratio: number; on: number; off: number; onCount: number; offCount: number; pairs: number[]; onCpuS: number; offCpuS: number;
} {
  const sum = (ps: readonly Phase[]): { records: number; ms: number; count: number; cpuS: number } =>
    ps.map((p) => ({ ...phaseThroughput(batches, p), cpuS: p.cpuS })).reduce((a, b) => ({ records: a.records + b.records, ms: a.ms + b.ms, count: a.count + b.count, cpuS: a.cpuS + b.cpuS }));
  const on = sum(phases.filter((p) => p.on));
  const off = sum(phases.filter((p) => !p.on));
  const pairs: number[] = [];
  for (let i = 0; i + 1 < phases.length; i += 2) {
    const [a, b] = [phases[i]!, phases[i + 1]!];
    const [pa, pb] = a.on ? [a, b] : [b, a];
    const ta = phaseThroughput(batches, pa);
    const tb = phaseThroughput(batches, pb);
    if (ta.ms > 0 && tb.ms > 0) pairs.push((ta.records / ta.ms) / (tb.records / tb.ms));
  }
  return {
    ratio: (on.records / on.ms) / (off.records / off.ms),
    on: (on.records * 1000) / on.ms,
    off: (off.records * 1000) / off.ms,
    onCount: on.count,
    offCount: off.count,
    pairs,
    onCpuS: on.cpuS / (PHASES / 2),
    offCpuS: off.cpuS / (PHASES / 2),
  };
}

/** Chromium's counters of one tab over a run, in ms, and as a share of one core. */
function describeCounters(t: TabReport): string {
  const c = t.counters;
  const ms = (s: number): string => `${(s * 1000).toFixed(0)} ms`;
  return `task ${ms(c.TaskDuration)} (${((100 * c.TaskDuration) / RUN_S).toFixed(1)} % of a core): script ${ms(c.ScriptDuration)}, layout ${ms(c.LayoutDuration)}, style ${ms(c.RecalcStyleDuration)}`;
}

function median(xs: readonly number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 === 1 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
}

async function main(): Promise<void> {
  const chromium = findChromium();
  if ('skip' in chromium) {
    out(`ui-cost bench skipped: ${chromium.skip}`);
    return;
  }
  const fixedRate = RATE_SETTING === 'auto' ? undefined : Number(RATE_SETTING);
  out(`a warm-up run; the browser paired in one stream (${PHASES} phases of ${PHASE_MS / 1000} s, tabs polling and hidden in turn, after ${SETTLE_MS / 1000} s to settle); then ${ROUNDS} rounds of ${SIDES.length} separate runs of ${RUN_S} s (${SIDES.join('; ')}; order rotated), each measured from ${SETTLE_MS / 1000} s after the stream's start`);
  out(`browser (its own process): Streaming and Jobs tabs, and a tab walking ${WALKED.join(' ')} every ${WALK_MS / 1000} s, driven through a bare DevTools pipe; at idle priority: ${idlePrefix().join(' ')}; load average at start ${load()}`);
  const sides = SIDES;
  const rounds: Array<Map<Side, RunResult>> = [];
  let paired: PairedCost | undefined;
  const idleUser = sides.includes('on, browser at idle priority') ? await BrowserUser.start({ idle: true }) : undefined;
  const users: Users = { normal: await BrowserUser.start(), idle: idleUser };
  try {
    const warm = await run('off', users, fixedRate ?? WARM_UP_RATE);
    // Offered above what the machine sustains, batches queue up, few complete in a
    // run and each takes many seconds: a handful of numbers, and a noisy ratio. Just
    // under it, a batch completes about every second and each run counts dozens.
    const rate = fixedRate ?? Math.max(20_000, Math.round((0.8 * warm.throughput) / 10_000) * 10_000);
    out(`  warm-up (not counted): ${fmt(warm.throughput)} records/s at ${fmt(fixedRate ?? WARM_UP_RATE)} offered; the runs are offered ${fmt(rate)} records/s${fixedRate === undefined ? ' (80 % of it)' : ''}`);
    paired = await pairedBrowserCost(users.normal, rate);
    for (let i = 0; i < ROUNDS; i++) {
      const round = new Map<Side, RunResult>();
      // Rotated: off first, then the browser first, then the UI alone first, …
      const order = sides.map((_, k) => sides[(k + i) % sides.length]!);
      for (const side of order) {
        const r = await run(side, users, rate);
        round.set(side, r);
        const b = r.browser;
        out(
          `  round ${i + 1}, UI ${side}: ${fmt(r.throughput)} records/s over ${r.batches} batches, scheduling delay max ${fmt(r.maxSchedulingDelay)} ms, load ${r.load1.toFixed(1)}` +
            (b === undefined ? '' : `; browser ${b.updates} page updates, ${b.visited} pages walked, ${b.cpuS.toFixed(1)} CPU s (${b.openCpuS.toFixed(1)} more opening the tabs and in the ${b.settleS.toFixed(1)} s they settled${b.settleS < 3 ? ', too short: the window may hold their load' : ''}; its DevTools client ${b.clientCpuS.toFixed(2)}), ${b.errors.length} console errors`),
        );
        if (b !== undefined) out(`    browser CPU by process type: ${describeCpuByKind(b.byKind)}`);
        for (const t of b?.tabs ?? []) out(`    tab ${t.name}: ${describeCounters(t)}`);
        for (const e of b?.errors ?? []) out(`    browser error: ${e}`);
      }
      rounds.push(round);
    }
  } finally {
    await users.normal.exit();
    await users.idle?.exit();
  }
  if (rounds.some((r) => [...r.values()].some((x) => x.throughput === 0))) {
    out(`no ratio: a run completed no batch after its warm-up; lower KINDLING_BENCH_UI_RATE or raise KINDLING_BENCH_UI_S`);
    return;
  }
  const loads = rounds.flatMap((r) => [...r.values()].map((x) => x.load1));
  out(`load average (1 min) over the runs: ${Math.min(...loads).toFixed(1)}-${Math.max(...loads).toFixed(1)}, at the end ${load()}`);
  for (const side of BROWSER_SIDES.filter((x) => sides.includes(x))) {
    const runs = rounds.map((r) => r.get(side)!.browser!);
    const cpu = runs.map((b) => b.cpuS);
    out(`browser (${side}): CPU s per ${RUN_S} s run median ${median(cpu).toFixed(1)} (${Math.min(...cpu).toFixed(1)}-${Math.max(...cpu).toFixed(1)}), its DevTools client's ${median(runs.map((b) => b.clientCpuS)).toFixed(2)} apart`);
    const kinds = new Set(runs.flatMap((b) => [...b.byKind.keys()]));
    const byKind = [...kinds].map((k) => [k, median(runs.map((b) => b.byKind.get(k) ?? 0))] as const).sort((a, b) => b[1] - a[1]);
    out(`  by process type, median per run: ${byKind.map(([k, v]) => `${k} ${v.toFixed(2)}`).join(', ')}`);
    for (const name of runs[0]?.tabs.map((t) => t.name) ?? []) {
      const task = runs.map((b) => b.tabs.find((t) => t.name === name)?.counters.TaskDuration ?? 0);
      out(`  tab ${name}: renderer task time per run median ${(median(task) * 1000).toFixed(0)} ms (${(Math.min(...task) * 1000).toFixed(0)}-${(Math.max(...task) * 1000).toFixed(0)})`);
    }
  }
  for (const side of sides.slice(1)) {
    const ratios = rounds.map((r) => r.get(side)!.throughput / r.get('off')!.throughput);
    const pooled = rounds.reduce((n, r) => n + r.get(side)!.throughput, 0) / rounds.reduce((n, r) => n + r.get('off')!.throughput, 0);
    out(
      `UI ${side} / UI off, throughput of the stateful streaming job: median ${median(ratios).toFixed(3)} (rounds ${ratios.map((x) => x.toFixed(3)).join(', ')}; ` +
        `spread ${Math.min(...ratios).toFixed(3)}-${Math.max(...ratios).toFixed(3)}; pooled ${pooled.toFixed(3)})${side === 'on, browser polling' ? ' (aim >= 0.95)' : side === 'on, browser at idle priority' ? ' (a model of the browser on the user\'s machine, not the aim\'s figure)' : ''}`,
    );
  }
  // The aim's figure: the browser's factor times the server's, both paired in one
  // stream; the separate runs' server factor beside it (their noise is ±15 %).
  const serverRatios = rounds.map((r) => r.get('on, no browser')!.throughput / r.get('off')!.throughput);
  const separate = median(serverRatios);
  for (const [what, browser] of paired?.browsers ?? []) {
    const server = paired!.server;
    out(
      `UI on with ${what} polling / UI off: ${(browser * server).toFixed(3)} = ${browser.toFixed(3)} (the browser, paired) x ${server.toFixed(3)} (the UI without a browser, paired) (aim >= 0.95); ` +
        `with the separate runs' server factor ${(browser * separate).toFixed(3)}`,
    );
  }
  // Rounds in which another user's work came and went say more about that work than
  // about the UI: the median of the rounds every run of which started with the
  // machine quiet, printed beside the median of all (never instead of it).
  const quiet = rounds.filter((r) => [...r.values()].every((x) => x.load1 < QUIET_LOAD));
  if (quiet.length === 0) {
    out(`no round ran with the 1-min load average under ${QUIET_LOAD} at every run`);
    return;
  }
  for (const side of sides.slice(1)) {
    const ratios = quiet.map((r) => r.get(side)!.throughput / r.get('off')!.throughput);
    out(`  the ${quiet.length} quiet rounds (load < ${QUIET_LOAD} at each run): UI ${side} / UI off median ${median(ratios).toFixed(3)} (${ratios.map((x) => x.toFixed(3)).join(', ')})`);
  }
}

await main();
