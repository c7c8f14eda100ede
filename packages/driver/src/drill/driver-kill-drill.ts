/**
 * `kindling drill driver-kill` (issue 10): proves that a streaming job whose driver
 * is killed at random moments loses nothing.
 *
 * 1. A failure-free run: the job (by default the video-hits demo on a rate source,
 *    its input ending after `records` records) runs on `master` until every input
 *    batch and a few more have completed, then stops gracefully.
 * 2. The same job under `kindling submit --supervise`, over the same input, while the
 *    drill SIGKILLs the driver `kills` times at random intervals (and, with
 *    `killExecutors`, an executor between driver kills). After each kill it measures
 *    the recovery time: from the kill to the first batch output written after it.
 * 3. Both runs' saveAsTextFiles output is compared record for record, and the final
 *    state snapshot of each run: records lost, records duplicated, state equal or not.
 *
 * With storage `webhdfs` the checkpoints and output go to an embedded WebHDFS server.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { closeAllFileSystems } from '@kindling/common';
import { startHdfsServerProcess, type HdfsServerProcess } from '@kindling/hdfs';
import { listBatchOutputs, missingFrom, readBatchLines } from './drill-output.js';
import { seededRandom } from '../util/seeded-random.js';
import { nodeChildPids } from './process-tree.js';

export interface DriverKillDrillOptions {
  readonly kills: number;
  readonly minIntervalS: number;
  readonly maxIntervalS: number;
  readonly seed: number;
  readonly killExecutors: boolean;
  readonly storage: 'file' | 'webhdfs';
  readonly master: string;
  readonly batchS: number;
  readonly rate: number;
  readonly records: number;
  /** The job: an entry file or bundle taking the video-hits flags (--source rate --max-records --output). */
  readonly job: string;
  readonly keep: boolean;
  /** key=value pairs given to the job's submit (both runs). */
  readonly conf?: readonly string[];
  readonly print: (line: string) => void;
}

export interface KillRecord {
  readonly atS: number;
  readonly target: 'driver' | 'executor';
  readonly recoveryMs: number | undefined;
}

export interface DriverKillDrillReport {
  readonly kills: KillRecord[];
  readonly rescheduledBatches: number;
  readonly referenceRecords: number;
  readonly recordsLost: number;
  readonly recordsDuplicated: number;
  readonly stateEqual: boolean;
  readonly stateKeys: number;
  readonly passed: boolean;
}

const cliMain = fileURLToPath(new URL('../cli/main.js', import.meta.url));
const DRAIN_BATCHES = 3;

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

interface JobRun {
  readonly child: ChildProcess;
  readonly exited: Promise<number | null>;
  rescheduled: number;
  stderrTail: string[];
}

function startJob(o: DriverKillDrillOptions, base: string, supervise: boolean): JobRun {
  const args = [
    cliMain,
    'submit',
    ...(supervise ? ['--supervise', '--conf', `kindling.driver.supervise.maxRestarts=${o.kills + 5}`] : []),
    '--conf',
    'kindling.streaming.stopGracefullyOnShutdown=true',
    ...(o.conf ?? []).flatMap((pair) => ['--conf', pair]),
    '--master',
    o.master,
    o.job,
    `${base}/checkpoint`,
    '--source', 'rate', '--rate', String(o.rate), '--batch', String(o.batchS),
    '--max-records', String(o.records), '--output', `${base}/out`,
  ];
  const child = spawn(process.execPath, args, { stdio: ['ignore', 'ignore', 'pipe'], env: { ...process.env, KINDLING_LOG_LEVEL: 'info' } });
  const run: JobRun = { child, exited: new Promise((resolve) => child.once('exit', (code) => resolve(code))), rescheduled: 0, stderrTail: [] };
  let pending = '';
  child.stderr!.setEncoding('utf8').on('data', (chunk: string) => {
    pending += chunk;
    const lines = pending.split('\n');
    pending = lines.pop() ?? '';
    for (const line of lines) {
      const match = /Batches to reschedule \((\d+) batches\)/.exec(line);
      if (match !== null) run.rescheduled += Number(match[1]);
      if (/"level":(50|60)|^kindling:/.test(line)) run.stderrTail = [...run.stderrTail.slice(-9), line.slice(0, 400)];
    }
  });
  return run;
}

async function waitForBatches(prefix: string, count: number, run: JobRun, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if ((await listBatchOutputs(prefix)).length >= count) return;
    if (run.child.exitCode !== null) throw new Error(`the job exited (code ${run.child.exitCode}) before writing ${count} batches: ${run.stderrTail.join(' | ')}`);
    if (Date.now() > deadline) throw new Error(`the job did not write ${count} batches within ${timeoutMs / 1000} s: ${run.stderrTail.join(' | ')}`);
    await sleep(200);
  }
}

async function stopJob(run: JobRun): Promise<void> {
  run.child.kill('SIGTERM');
  const timer = setTimeout(() => run.child.kill('SIGKILL'), 60_000);
  await run.exited;
  clearTimeout(timer);
  for (const pid of nodeChildPids(run.child.pid!)) process.kill(pid, 'SIGKILL');
}

/** Polls until a batch directory written after `since` appears: the first batch completed after a restart. */
async function firstOutputAfter(prefix: string, since: number, timeoutMs: number): Promise<number | undefined> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const batches = await listBatchOutputs(prefix);
    if (batches.some((b) => b.modificationTime > since)) return Date.now();
    await sleep(50);
  }
  return undefined;
}

async function allLines(prefix: string): Promise<string[]> {
  const lines: string[] = [];
  for (const batch of await listBatchOutputs(prefix)) lines.push(...(await readBatchLines(batch.path)));
  return lines;
}

async function lastStateLines(prefix: string): Promise<string[]> {
  const batches = await listBatchOutputs(prefix);
  const last = batches.at(-1);
  return last === undefined ? [] : (await readBatchLines(last.path)).sort();
}

export async function runDriverKillDrill(o: DriverKillDrillOptions): Promise<DriverKillDrillReport> {
  const work = mkdtempSync(join(tmpdir(), 'kindling-drill-'));
  let hdfs: HdfsServerProcess | undefined;
  try {
    let base: string;
    if (o.storage === 'webhdfs') {
      hdfs = await startHdfsServerProcess({ dir: join(work, 'hdfs') });
      base = `${hdfs.uri.replace(/\/$/, '')}/drill`;
    } else {
      base = pathToFileURL(work).href;
    }
    const inputBatches = Math.ceil(o.records / Math.max(1, Math.floor(o.rate * o.batchS)));
    const target = inputBatches + DRAIN_BATCHES;
    o.print(`driver-kill drill: ${o.kills} kills${o.killExecutors ? ' (and executor kills)' : ''}, seed ${o.seed}, ${o.master}, storage ${o.storage}, batch ${o.batchS} s, ${o.rate} records/s, ${o.records} records (${inputBatches} input batches)`);

    o.print('failure-free run…');
    const reference = startJob(o, `${base}/reference`, false);
    await waitForBatches(`${base}/reference/out/hits`, target, reference, (target * o.batchS + 120) * 1000);
    await stopJob(reference);

    o.print('run with kills…');
    const rng = seededRandom(o.seed).next;
    const drill = startJob(o, `${base}/drill`, true);
    const prefix = `${base}/drill/out/hits`;
    await waitForBatches(prefix, 1, drill, 120_000);
    const started = Date.now();
    const kills: KillRecord[] = [];
    for (let i = 0; i < o.kills; i++) {
      await sleep((o.minIntervalS + rng() * (o.maxIntervalS - o.minIntervalS)) * 1000);
      const driver = nodeChildPids(drill.child.pid!)[0];
      if (driver === undefined) throw new Error(`no driver process under the supervisor (${drill.stderrTail.join(' | ')})`);
      if (o.killExecutors && i % 2 === 1) {
        const executors = nodeChildPids(driver);
        const executor = executors[Math.floor(rng() * executors.length)];
        if (executor !== undefined) {
          process.kill(executor, 'SIGKILL');
          kills.push({ atS: (Date.now() - started) / 1000, target: 'executor', recoveryMs: undefined });
          o.print(`  kill ${kills.length}: executor pid ${executor} at ${((Date.now() - started) / 1000).toFixed(1)} s`);
          await sleep(1000);
        }
      }
      const killedAt = Date.now();
      process.kill(driver, 'SIGKILL');
      const recoveredAt = await firstOutputAfter(prefix, killedAt, 120_000);
      const recoveryMs = recoveredAt === undefined ? undefined : recoveredAt - killedAt;
      kills.push({ atS: (killedAt - started) / 1000, target: 'driver', recoveryMs });
      o.print(`  kill ${kills.length}: driver pid ${driver} at ${((killedAt - started) / 1000).toFixed(1)} s, ${recoveryMs === undefined ? 'no batch completed within 120 s' : `first batch completed ${(recoveryMs / 1000).toFixed(2)} s later`}`);
    }
    await waitForBatches(prefix, target, drill, (target * o.batchS + 180) * 1000);
    await stopJob(drill);

    const [refHits, runHits, refState, runState] = await Promise.all([
      allLines(`${base}/reference/out/hits`),
      allLines(prefix),
      lastStateLines(`${base}/reference/out/state`),
      lastStateLines(`${base}/drill/out/state`),
    ]);
    const recordsLost = missingFrom(refHits, runHits);
    const recordsDuplicated = missingFrom(runHits, refHits);
    const stateEqual = refState.length > 0 && refState.join('\n') === runState.join('\n');
    const recovered = kills.every((k) => k.target === 'executor' || k.recoveryMs !== undefined);
    return {
      kills,
      rescheduledBatches: drill.rescheduled,
      referenceRecords: refHits.length,
      recordsLost,
      recordsDuplicated,
      stateEqual,
      stateKeys: refState.length,
      passed: refHits.length > 0 && recordsLost === 0 && recordsDuplicated === 0 && stateEqual && recovered,
    };
  } finally {
    await closeAllFileSystems();
    await hdfs?.kill('SIGTERM');
    if (!o.keep) rmSync(work, { recursive: true, force: true });
    else o.print(`work directory kept: ${work}`);
  }
}

export function formatDrillReport(r: DriverKillDrillReport): string {
  const times = r.kills.filter((k) => k.target === 'driver' && k.recoveryMs !== undefined).map((k) => k.recoveryMs!).sort((a, b) => a - b);
  const median = times.length === 0 ? NaN : times[Math.floor((times.length - 1) / 2)]!;
  const s = (ms: number): string => `${(ms / 1000).toFixed(2)} s`;
  return [
    `kills: ${r.kills.filter((k) => k.target === 'driver').length} driver, ${r.kills.filter((k) => k.target === 'executor').length} executor`,
    `recovery (kill -> first batch completed after restart): median ${s(median)}, min ${s(times[0] ?? NaN)}, max ${s(times.at(-1) ?? NaN)}`,
    `batches replayed after restarts: ${r.rescheduledBatches}`,
    `records: ${r.referenceRecords} in the failure-free run; lost ${r.recordsLost}, duplicated ${r.recordsDuplicated}`,
    `final state: ${r.stateEqual ? 'equal' : 'DIFFERENT'} (${r.stateKeys} keys)`,
    r.passed ? 'PASSED' : 'FAILED',
  ].join('\n');
}
