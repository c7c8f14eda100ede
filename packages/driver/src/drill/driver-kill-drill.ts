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
import { createWriteStream, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { closeAllFileSystems } from '@kindling/common';
import { startHdfsServerProcess, type HdfsServerProcess } from '@kindling/hdfs';
import { listBatchOutputs, missingFrom, readBatchLines } from './drill-output.js';
import { seededRandom } from '../util/seeded-random.js';
import { nodeChildPids, nodeDescendantPids } from './process-tree.js';

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
  /** `key=value` configuration pairs given to both runs' drivers. */
  readonly conf?: readonly string[];
  /**
   * With storage webhdfs: the WebHDFS server is killed this many seconds after the
   * run's first batch, and started again at the same address `storageOutageS` later.
   */
  readonly storageOutageAtS?: number;
  readonly storageOutageS?: number;
  readonly print: (line: string) => void;
}

export interface KillRecord {
  readonly atS: number;
  readonly target: 'driver' | 'executor';
  readonly recoveryMs: number | undefined;
  /** Where a driver kill's recovery went: kill → driver start (or standby takeover), then the driver's own phases. */
  readonly phases?: ReadonlyArray<{ readonly phase: string; readonly ms: number }>;
  readonly start?: 'cold' | 'warm' | 'preparing';
}

export interface DriverKillDrillReport {
  readonly kills: KillRecord[];
  /** Drivers the supervisor started again: one per driver kill, more when a driver died of something else. */
  readonly driverRestarts: number;
  readonly rescheduledBatches: number;
  readonly referenceRecords: number;
  readonly recordsLost: number;
  readonly recordsDuplicated: number;
  readonly stateEqual: boolean;
  readonly stateKeys: number;
  /** When the storage was down, seconds into the run with kills, and for how long. */
  readonly storageOutage?: { readonly atS: number; readonly durationS: number; readonly retries: number };
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
  /** When each batch completed (the driver's "Finished jobs for time" log lines), epoch ms. */
  readonly batchesCompletedAt: number[];
  /** Each restarted driver's account of its start (streaming-context.ts, "Recovered: …"). */
  readonly recoveries: RecoveryPhases[];
  /** The driver the supervisor last said was running, when it said so. */
  driverPid: number | undefined;
  /** Batch jobs and checkpoint writes tried again because the storage could not be reached. */
  unreachableRetries: number;
  /** Drivers the supervisor started again. */
  driverRestarts: number;
}

/** A restarted driver's start, phase by phase (util/driver-startup.ts). */
export interface RecoveryPhases {
  /** When the driver process started, or its warm standby took over, epoch ms. */
  readonly startEpochMs: number;
  readonly totalMs: number;
  readonly phases: ReadonlyArray<{ readonly phase: string; readonly ms: number }>;
  /** A new process, or a standby that took over ready (warm) or still preparing. */
  readonly start?: 'cold' | 'warm' | 'preparing';
}

function startJob(o: DriverKillDrillOptions, base: string, supervise: boolean, logFile: string): JobRun {
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
  const run: JobRun = {
    child,
    exited: new Promise((resolve) => child.once('exit', (code) => resolve(code))),
    rescheduled: 0,
    stderrTail: [],
    batchesCompletedAt: [],
    recoveries: [],
    driverPid: undefined,
    unreachableRetries: 0,
    driverRestarts: 0,
  };
  let pending = '';
  const log = o.keep ? createWriteStream(logFile) : undefined;
  child.once('exit', () => log?.end());
  child.stderr!.setEncoding('utf8').on('data', (chunk: string) => {
    log?.write(chunk);
    pending += chunk;
    const lines = pending.split('\n');
    pending = lines.pop() ?? '';
    for (const line of lines) {
      const match = /Batches to reschedule \((\d+) batches\)/.exec(line);
      if (match !== null) run.rescheduled += Number(match[1]);
      if (line.includes('"msg":"Finished jobs for time ')) run.batchesCompletedAt.push(logTime(line));
      if (/^kindling: the driver (was killed|exited)/.test(line)) run.driverRestarts++;
      if (/could not reach what it needs; running it again|"msg":"Error in attempt \d+ of writing checkpoint/.test(line)) run.unreachableRetries++;
      if (line.includes('"msg":"Recovered: batch ')) run.recoveries.push(JSON.parse(line) as RecoveryPhases);
      const takeOver = /^kindling: the standby driver \(pid (\d+)\) takes over/.exec(line);
      if (takeOver !== null) run.driverPid = Number(takeOver[1]);
      if (/"level":(50|60)|^kindling:/.test(line)) run.stderrTail = [...run.stderrTail.slice(-9), line.slice(0, 400)];
    }
  });
  return run;
}

function logTime(line: string): number {
  return (JSON.parse(line) as { time: number }).time;
}

/**
 * Waits for `count` batch directories. Gives up only when no new batch appeared for
 * `stallMs`: on a loaded machine a stream may fall behind its batch interval and
 * still be making progress.
 */
async function waitForBatches(prefix: string, count: number, run: JobRun, stallMs: number): Promise<void> {
  let deadline = Date.now() + stallMs;
  let seen = -1;
  for (;;) {
    // While the storage is down (the outage drill), listing fails: keep polling.
    const listed = await listBatchOutputs(prefix).catch((error: unknown) => {
      if ((error as { code?: unknown }).code === 'UNAVAILABLE') return undefined;
      throw error;
    });
    if (listed !== undefined && listed.length >= count) return;
    if (listed !== undefined && listed.length > seen) {
      seen = listed.length;
      deadline = Date.now() + stallMs;
    }
    if (run.child.exitCode !== null) throw new Error(`the job exited (code ${run.child.exitCode}) before writing ${count} batches: ${run.stderrTail.join(' | ')}`);
    if (Date.now() > deadline) throw new Error(`the job wrote ${Math.max(0, seen)} of ${count} batches and no new one for ${stallMs / 1000} s: ${run.stderrTail.join(' | ')}`);
    await sleep(200);
  }
}

async function stopJob(run: JobRun): Promise<void> {
  // Named now: once the supervisor is gone (SIGKILLed after a drain too slow for the
  // minute), its drivers and their executors are no longer found under it, and were
  // left running.
  const tree = nodeDescendantPids(run.child.pid!);
  run.child.kill('SIGTERM');
  const timer = setTimeout(() => run.child.kill('SIGKILL'), 60_000);
  await run.exited;
  clearTimeout(timer);
  for (const pid of [...tree, ...nodeDescendantPids(run.child.pid!)]) {
    try {
      process.kill(pid, 'SIGKILL');
    } catch {
      // already gone
    }
  }
}

/**
 * When the first batch completed after `since` (a kill): the time of the driver's
 * "Finished jobs for time" log line, written once all of a batch's output jobs —
 * its saveAsTextFiles commits included — have ended. (A batch directory's
 * modification time is no such signal: the directory appears when its job starts.)
 */
async function firstBatchCompletedAfter(run: JobRun, since: number, timeoutMs: number): Promise<number | undefined> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const completed = run.batchesCompletedAt.find((t) => t > since);
    if (completed !== undefined) return completed;
    await sleep(50);
  }
  return undefined;
}

/** The supervisor's active driver: the one it last said took over, else its first node child (a standby starts after it). */
function activeDriverPid(run: JobRun): number | undefined {
  const children = nodeChildPids(run.child.pid!);
  if (run.driverPid !== undefined && children.includes(run.driverPid)) return run.driverPid;
  return children[0];
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
  const runs: JobRun[] = [];
  try {
    let base: string;
    if (o.storage === 'webhdfs') {
      // A loaded machine (load 40 on 2 cores) took more than the default 10 s to start it.
      hdfs = await startHdfsServerProcess({ dir: join(work, 'hdfs'), startTimeoutMs: 60_000 });
      base = `${hdfs.uri.replace(/\/$/, '')}/drill`;
    } else {
      base = pathToFileURL(work).href;
    }
    const inputBatches = Math.ceil(o.records / Math.max(1, Math.floor(o.rate * o.batchS)));
    const target = inputBatches + DRAIN_BATCHES;
    o.print(`driver-kill drill: ${o.kills} kills${o.killExecutors ? ' (and executor kills)' : ''}, seed ${o.seed}, ${o.master}, storage ${o.storage}, batch ${o.batchS} s, ${o.rate} records/s, ${o.records} records (${inputBatches} input batches)`);

    // With a storage outage the failure-free run goes to local disk and runs while the
    // drill does: the outage leaves the machine idle for its whole length, and a
    // reference that waited for it first made the drill half again as long.
    const overlapReference = hdfs !== undefined && (o.storageOutageS ?? 0) > 0;
    const referenceBase = overlapReference ? `${pathToFileURL(work).href}/reference` : `${base}/reference`;
    o.print(overlapReference ? 'failure-free run (on local disk, during the run with the outage)…' : 'failure-free run…');
    const reference = startJob(o, referenceBase, false, join(work, 'reference-stderr.log'));
    runs.push(reference);
    const referenceDone = waitForBatches(`${referenceBase}/out/hits`, target, reference, 120_000).then(() => stopJob(reference));
    if (!overlapReference) await referenceDone;
    // Awaited below; until then a failure of the reference must not go unhandled.
    void referenceDone.catch(() => undefined);

    o.print('run with kills…');
    const rng = seededRandom(o.seed).next;
    const drill = startJob(o, `${base}/drill`, true, join(work, 'drill-stderr.log'));
    runs.push(drill);
    const prefix = `${base}/drill/out/hits`;
    await waitForBatches(prefix, 1, drill, 120_000);
    const started = Date.now();
    const kills: KillRecord[] = [];
    let storageOutage: { atS: number; durationS: number } | undefined;
    if (hdfs !== undefined && o.storageOutageS !== undefined && o.storageOutageS > 0) {
      await sleep((o.storageOutageAtS ?? 0) * 1000);
      const down = hdfs;
      storageOutage = { atS: (Date.now() - started) / 1000, durationS: o.storageOutageS };
      o.print(`  storage down at ${storageOutage.atS.toFixed(1)} s for ${o.storageOutageS} s (WebHDFS server pid ${down.pid} killed)`);
      await down.kill('SIGKILL');
      await sleep(o.storageOutageS * 1000);
      hdfs = await startHdfsServerProcess({ dir: join(work, 'hdfs'), port: down.port, dataPort: down.dataPort, startTimeoutMs: 60_000 });
      o.print(`  storage back at ${((Date.now() - started) / 1000).toFixed(1)} s`);
    }
    for (let i = 0; i < o.kills; i++) {
      await sleep((o.minIntervalS + rng() * (o.maxIntervalS - o.minIntervalS)) * 1000);
      const driver = activeDriverPid(drill);
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
      const recoveredAt = await firstBatchCompletedAfter(drill, killedAt, 120_000);
      const recoveryMs = recoveredAt === undefined ? undefined : recoveredAt - killedAt;
      await sleep(200); // the driver's "Recovered" line follows its "Finished jobs" line
      const account = drill.recoveries.find((r) => r.startEpochMs > killedAt);
      const phases = account === undefined ? undefined : [{ phase: 'kill-to-start', ms: Math.round(account.startEpochMs - killedAt) }, ...account.phases];
      kills.push({ atS: (killedAt - started) / 1000, target: 'driver', recoveryMs, ...(phases === undefined ? {} : { phases }), ...(account?.start === undefined ? {} : { start: account.start }) });
      o.print(`  kill ${kills.length}: driver pid ${driver} at ${((killedAt - started) / 1000).toFixed(1)} s, ${recoveryMs === undefined ? 'no batch completed within 120 s' : `first batch completed ${(recoveryMs / 1000).toFixed(2)} s later`}${account?.start === undefined ? '' : ` (${account.start === 'cold' ? 'new driver process' : `standby took over, ${account.start}`})`}`);
    }
    await waitForBatches(prefix, target, drill, (180 + (o.storageOutageS ?? 0)) * 1000);
    await stopJob(drill);
    await referenceDone;

    const [refHits, runHits, refState, runState] = await Promise.all([
      allLines(`${referenceBase}/out/hits`),
      allLines(prefix),
      lastStateLines(`${referenceBase}/out/state`),
      lastStateLines(`${base}/drill/out/state`),
    ]);
    const recordsLost = missingFrom(refHits, runHits);
    const recordsDuplicated = missingFrom(runHits, refHits);
    const stateEqual = refState.length > 0 && refState.join('\n') === runState.join('\n');
    const recovered = kills.every((k) => k.target === 'executor' || k.recoveryMs !== undefined);
    return {
      kills,
      driverRestarts: drill.driverRestarts,
      rescheduledBatches: drill.rescheduled,
      referenceRecords: refHits.length,
      recordsLost,
      recordsDuplicated,
      stateEqual,
      stateKeys: refState.length,
      ...(storageOutage === undefined ? {} : { storageOutage: { ...storageOutage, retries: drill.unreachableRetries } }),
      passed: refHits.length > 0 && recordsLost === 0 && recordsDuplicated === 0 && stateEqual && recovered,
    };
  } finally {
    // A drill that failed half-way leaves no job running.
    for (const run of runs) if (run.child.exitCode === null && run.child.signalCode === null) await stopJob(run);
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
    ...startMedians(r.kills),
    ...phaseMedians(r.kills),
    ...(r.storageOutage === undefined ? [] : [`storage outage: WebHDFS down ${r.storageOutage.durationS} s from ${r.storageOutage.atS.toFixed(1)} s into the run; ${r.storageOutage.retries} batch jobs and checkpoint writes tried again`]),
    `driver restarts: ${r.driverRestarts}; batches replayed after restarts: ${r.rescheduledBatches}`,
    `records: ${r.referenceRecords} in the failure-free run; lost ${r.recordsLost}, duplicated ${r.recordsDuplicated}`,
    `final state: ${r.stateEqual ? 'equal' : 'DIFFERENT'} (${r.stateKeys} keys)`,
    r.passed ? 'PASSED' : 'FAILED',
  ].join('\n');
}

/** One line: each recovery phase's median over the driver kills that reported phases. */
function phaseMedians(kills: readonly KillRecord[]): string[] {
  const byPhase = new Map<string, number[]>();
  for (const kill of kills) for (const { phase, ms } of kill.phases ?? []) byPhase.set(phase, [...(byPhase.get(phase) ?? []), ms]);
  if (byPhase.size === 0) return [];
  const median = (values: number[]): number => [...values].sort((a, b) => a - b)[Math.floor((values.length - 1) / 2)]!;
  return [`recovery phases (median ms): ${[...byPhase].map(([phase, values]) => `${phase} ${median(values)}`).join(', ')}`];
}

/** The median recovery by how the restarted driver started: a standby ready, one still preparing, a new process. */
function startMedians(kills: readonly KillRecord[]): string[] {
  const byStart = new Map<string, number[]>();
  for (const kill of kills) if (kill.start !== undefined && kill.recoveryMs !== undefined) byStart.set(kill.start, [...(byStart.get(kill.start) ?? []), kill.recoveryMs]);
  if (byStart.size === 0) return [];
  const median = (values: number[]): number => [...values].sort((a, b) => a - b)[Math.floor((values.length - 1) / 2)]!;
  return [`recovery by start: ${[...byStart].map(([start, values]) => `${start === 'cold' ? 'new process' : `standby ${start}`} ${values.length}x median ${(median(values) / 1000).toFixed(2)} s`).join(', ')}`];
}
