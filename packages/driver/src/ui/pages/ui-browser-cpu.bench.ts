/**
 * Where a browser watching the UI spends its CPU (the probe behind the ui-cost
 * bench's figures): the CPU seconds of the browser's process tree over a window,
 * broken down by Chromium process type (browser, renderer, gpu-process, network
 * service…, process-tree-cpu.ts), for a ladder of things the browser does while the
 * stateful bench job runs with the UI on:
 *
 *   - a tab on about:blank (the browser's floor);
 *   - a tab on a UI page with JavaScript off (the document, no polling);
 *   - a tab on the Streaming page polling the running stream;
 *   - the ui-cost bench's three tabs (Streaming, Jobs, a walker loading a page every 5 s);
 *
 * each through playwright (testing/playwright-browser-user.ts: playwright's client
 * in the tree, its Network, Page and Runtime domains on, its scripts in every
 * document), through the bare DevTools pipe the ui-cost bench now uses
 * (testing/browser-user.ts: console errors and counters only), and the first and
 * third again with Chromium given the page on its command line, with no DevTools
 * client at all, as a user's browser is: the differences are what a bench's
 * harness costs the browser, not the pages.
 *
 * Not a ratio against a baseline: a breakdown, read side by side, to choose what
 * to cut. The job runs at a fixed, moderate rate so that the machine is not
 * saturated and the browser's processes are not starved.
 *
 * Run: npx --yes pnpm@10 bench ui-browser-cpu
 *   KINDLING_BENCH_PROBE_S (seconds a window, default 20), KINDLING_BENCH_PROBE_RATE
 *   (records/s of the job, default 100,000), KINDLING_BENCH_PROBE_ONLY (scenarios to run,
 *   comma-separated: blank, static, streaming, jobs, walker, three).
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { KindlingConf, silentLogger } from '@kindling/common';
import { KindlingContext } from '../../kindling-context.js';
import { Seconds } from '../../streaming/duration.js';
import '../../streaming/index.js';
import { StreamingContext } from '../../streaming/streaming-context.js';
import { defineStatefulBenchJob } from '../../streaming/testing/stateful-bench-job.js';
import { BrowserUser, threeTabsCommand, WALK_MS, walkerCommand } from './testing/browser-user-process.js';
import { CHROMIUM_FLAGS, findChromium } from './testing/chromium.js';
import { cpuByKind, describeCpuByKind, readProcessTree } from './testing/process-tree-cpu.js';

const WINDOW_S = Number(process.env['KINDLING_BENCH_PROBE_S'] ?? 20);
const RATE = Number(process.env['KINDLING_BENCH_PROBE_RATE'] ?? 100_000);
/** Scenarios to run (comma-separated names: blank, static, streaming, jobs, walker, three); all by default. */
const ONLY = (process.env['KINDLING_BENCH_PROBE_ONLY'] ?? '').split(',').filter((x) => x !== '');
/** After opening, before the window: the page's load is not what is measured (Chromium stays busy 3-4 s after it; nor, with no client, its start-up). */
const SETTLE_MS = 5_000;
const NO_CLIENT_SETTLE_MS = 10_000;

function out(line: string): void {
  process.stdout.write(`${line}\n`);
}

const load = (): string => loadavg().map((l) => l.toFixed(1)).join(' ');

/** The CPU by process type of the tree under `pid` over one window. */
async function measure(pid: number, settleMs = SETTLE_MS): Promise<Map<string, number>> {
  await sleep(settleMs);
  const before = readProcessTree(pid);
  await sleep(WINDOW_S * 1000);
  return cpuByKind(before, readProcessTree(pid));
}

async function through(user: BrowserUser, via: string, what: string, commands: readonly string[]): Promise<void> {
  for (const c of commands) await user.expectOk(c, `the browser could not ${c}`);
  const byKind = await measure(user.pid);
  const closed = JSON.parse(await user.send('close')) as { errors: string[] };
  out(`  ${via}, ${what}: ${describeCpuByKind(byKind)} (load ${load()})`);
  for (const e of closed.errors) out(`    browser error: ${e}`);
}

/** Chromium with no DevTools client: the page given on its command line, headless, nothing attached. */
async function noClient(chromium: string, what: string, url: string): Promise<void> {
  const profile = mkdtempSync(join(tmpdir(), 'kindling-bare-chromium-'));
  const child = spawn(chromium, [...CHROMIUM_FLAGS, '--headless', `--user-data-dir=${profile}`, url], { detached: true, stdio: 'ignore' });
  try {
    const byKind = await measure(child.pid!, NO_CLIENT_SETTLE_MS);
    out(`  no DevTools client, ${what}: ${describeCpuByKind(byKind)} (load ${load()})`);
  } finally {
    process.kill(-child.pid!, 'SIGTERM');
    await new Promise((resolve) => child.once('close', resolve));
    rmSync(profile, { recursive: true, force: true });
  }
}

async function main(): Promise<void> {
  const chromium = findChromium();
  if ('skip' in chromium) {
    out(`ui-browser-cpu probe skipped: ${chromium.skip}`);
    return;
  }
  const conf = new KindlingConf({ 'kindling.ui.showConsoleProgress': 'false', 'kindling.ui.port': '0' });
  const kc = await KindlingContext.create({ master: 'local[2]', appName: 'ui-browser-cpu', conf, logger: silentLogger() });
  const dir = mkdtempSync(join(tmpdir(), 'kindling-ui-browser-cpu-'));
  const pw = await BrowserUser.start({ via: 'playwright' });
  const user = await BrowserUser.start();
  try {
    const url = kc.uiWebUrl!;
    const ssc = new StreamingContext(kc, Seconds(1));
    ssc.checkpoint(`file://${dir}`);
    defineStatefulBenchJob(ssc, RATE);
    ssc.start();
    out(`browser CPU by Chromium process type over ${WINDOW_S} s windows, the stateful job at ${RATE.toLocaleString('en-US')} records/s, UI on; load average at start ${load()}`);
    const walk = walkerCommand(url);
    const three = threeTabsCommand(url);
    const PW = 'playwright';
    const CDP = 'DevTools pipe';
    const scenarios: Array<[string, () => Promise<void>]> = [
      ['blank', () => through(pw, PW, 'a tab on about:blank', ['blank'])],
      ['blank', () => through(user, CDP, 'a tab on about:blank', ['blank'])],
      ['blank', () => noClient(chromium.path, 'a tab on about:blank', 'about:blank')],
      ['static', () => through(user, CDP, 'a tab on the Environment page, JavaScript off', [`static ${url}/environment/`])],
      ['streaming', () => through(pw, PW, 'the Streaming tab polling', [`open 0 1 ${url}/streaming/`])],
      ['streaming', () => through(user, CDP, 'the Streaming tab polling', [`open 0 1 ${url}/streaming/`])],
      ['streaming', () => noClient(chromium.path, 'the Streaming tab polling', `${url}/streaming/`)],
      ['jobs', () => through(user, CDP, 'the Jobs tab polling', [`open 0 1 ${url}/jobs/`])],
      ['walker', () => through(pw, PW, `the walker alone (a page every ${WALK_MS / 1000} s, loading each url)`, [walk])],
      ['walker', () => through(user, CDP, `the walker alone (a page every ${WALK_MS / 1000} s, loading each url)`, [walk.replace(/^open /, 'open-by-url ')])],
      ['walker', () => through(user, CDP, `the walker alone (a page every ${WALK_MS / 1000} s, clicking the nav bar)`, [walk])],
      ['three', () => through(pw, PW, 'three tabs (Streaming, Jobs, a walker loading urls)', [three])],
      ['three', () => through(user, CDP, 'three tabs (Streaming, Jobs, a walker loading urls)', [three.replace(/^open /, 'open-by-url ')])],
      ['three', () => through(user, CDP, 'three tabs (Streaming, Jobs, a walker clicking the nav bar)', [three])],
    ];
    for (const [name, scenario] of scenarios) if (ONLY.length === 0 || ONLY.includes(name)) await scenario();
    await ssc.stop({ stopKindlingContext: false });
  } finally {
    await user.exit();
    await pw.exit();
    await kc.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

await main();
