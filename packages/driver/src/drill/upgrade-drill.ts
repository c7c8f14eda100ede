/**
 * `kindling drill upgrade` (issue 11, "Must show"): proves that a streaming job can
 * be restarted on new code from its checkpoint without losing anything, and that a
 * change the state cannot survive is refused.
 *
 * 1. A reference run: video-hits 1.0.0 on a rate source over `records` records, to
 *    the end of its input and a few batches more (alongside the first stop's runs).
 * 2. For each way of stopping (`clean`: a graceful stop on SIGTERM, with
 *    `kindling.streaming.stopGracefullyOnShutdown`; `kill`: its driver is SIGKILLed),
 *    once `upgradeAfterS` seconds' worth of batches and a complete state checkpoint
 *    are written: 1.0.0 runs over the same input and is
 *    stopped; 2.0.0 without `--upgrade` must be refused (IncompatibleCheckpointError);
 *    2.0.0 with `--upgrade` (a bug fix in the per-record function, a new stateless
 *    branch) runs to the end of the input. Its upgrade report must keep the state; the
 *    hits output of both versions together must equal the reference's record for
 *    record (none lost, none twice), the final state must be equal, and the new
 *    branch must have written output.
 * 3. Then 3.0.0 (a state type changed with no migration) with `--upgrade` on that
 *    checkpoint must be refused with a report naming the operator, and leave the
 *    checkpoint directory as it was.
 *
 * Only the clean run checks the two refusals: they do not depend on how 1.0.0 ended.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { closeAllFileSystems, getFileSystem } from '@kindling/common';
import { startHdfsServerProcess, type HdfsServerProcess } from '@kindling/hdfs';
import { listBatchOutputs, missingFrom, readBatchLines } from './drill-output.js';
import { nodeChildPids } from './process-tree.js';

export type UpgradeStop = 'clean' | 'kill';

export interface UpgradeDrillOptions {
  readonly stops: readonly UpgradeStop[];
  readonly storage: 'file' | 'webhdfs';
  readonly master: string;
  readonly batchS: number;
  readonly rate: number;
  readonly records: number;
  /** How long 1.0.0 runs before it is stopped or killed, seconds of batches. */
  readonly upgradeAfterS: number;
  /** Seconds between state checkpoints (video-hits --state-checkpoint), so the upgrade re-attaches checkpointed state. */
  readonly stateCheckpointS: number;
  /** Entry files or bundles taking the video-hits flags: the old code, the new code, a new code whose state change must be refused. */
  readonly v1: string;
  readonly v2: string;
  readonly incompatible: string;
  readonly keep: boolean;
  readonly print: (line: string) => void;
}

export interface UpgradeRunReport {
  readonly stop: UpgradeStop;
  /** Batches 1.0.0 wrote before it stopped. */
  readonly v1Batches: number;
  /** 2.0.0 without --upgrade: refused with the bundle-changed error (checked on the clean run only). */
  readonly refusedWithoutUpgrade: boolean | undefined;
  /** The upgrade report 2.0.0 printed. */
  readonly upgradeReport: string;
  readonly stateKept: boolean;
  readonly recordsLost: number;
  readonly recordsDuplicated: number;
  readonly stateEqual: boolean;
  readonly stateKeys: number;
  /** Batches the new stateless branch wrote. */
  readonly newBranchBatches: number;
  /** 3.0.0 with --upgrade: refused, naming the operator, the checkpoint unchanged (clean run only). */
  readonly incompatibleRefused: boolean | undefined;
  readonly incompatibleReport: string;
  readonly passed: boolean;
}

export interface UpgradeDrillReport {
  readonly referenceRecords: number;
  readonly runs: readonly UpgradeRunReport[];
  readonly passed: boolean;
}

const cliMain = fileURLToPath(new URL('../cli/main.js', import.meta.url));
const DRAIN_BATCHES = 3;
const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

interface JobProcess {
  readonly child: ChildProcess;
  readonly exited: Promise<number | null>;
  /** Everything the driver wrote on stderr that is not a JSON log line (the upgrade report, `kindling:` errors). */
  readonly text: () => string;
}

function startJob(o: UpgradeDrillOptions, job: string, base: string, extra: { upgrade?: boolean } = {}): JobProcess {
  const args = [
    cliMain,
    'submit',
    ...(extra.upgrade === true ? ['--upgrade'] : []),
    '--conf',
    'kindling.streaming.stopGracefullyOnShutdown=true',
    '--master',
    o.master,
    job,
    `${base}/checkpoint`,
    ...['--source', 'rate', '--rate', String(o.rate), '--batch', String(o.batchS), '--max-records', String(o.records), '--output', `${base}/out`, '--state-checkpoint', String(o.stateCheckpointS)],
  ];
  const child = spawn(process.execPath, args, { stdio: ['ignore', 'ignore', 'pipe'], env: { ...process.env, KINDLING_LOG_LEVEL: 'warn' } });
  const lines: string[] = [];
  let pending = '';
  child.stderr!.setEncoding('utf8').on('data', (chunk: string) => {
    pending += chunk;
    const parts = pending.split('\n');
    pending = parts.pop() ?? '';
    for (const line of parts) if (!line.startsWith('{')) lines.push(line);
  });
  return { child, exited: new Promise((resolve) => child.once('exit', (code) => resolve(code))), text: () => [...lines, pending].join('\n') };
}

async function waitForBatches(prefix: string, count: number, job: JobProcess, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if ((await listBatchOutputs(prefix)).length >= count) return;
    if (job.child.exitCode !== null) throw new Error(`the job exited (code ${job.child.exitCode}) before writing ${count} batches: ${job.text().slice(-600)}`);
    if (Date.now() > deadline) throw new Error(`the job did not write ${count} batches within ${timeoutMs / 1000} s: ${job.text().slice(-600)}`);
    await sleep(200);
  }
}

/**
 * The batch time of the first complete state checkpoint under `stateDir`
 * (`<uid>/state-<time>-full|delta`, complete once its `_metadata` or, written in
 * slices, its `_slices` exists: state-checkpoint-files.ts).
 */
async function firstCompleteStateCheckpoint(stateDir: string, job: JobProcess, timeoutMs: number): Promise<number> {
  const fs = getFileSystem(stateDir);
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const complete: number[] = [];
    for (const operator of (await fs.exists(stateDir)) ? await fs.list(stateDir) : []) {
      for (const dir of operator.type === 'DIRECTORY' ? await fs.list(operator.path) : []) {
        const match = /^state-(\d+)-(full|delta)$/.exec(dir.name);
        if (match !== null && ((await fs.exists(`${dir.path}/_metadata`)) || (await fs.exists(`${dir.path}/_slices`)))) complete.push(Number(match[1]));
      }
    }
    if (complete.length > 0) return Math.min(...complete);
    if (job.child.exitCode !== null) throw new Error(`the job exited (code ${job.child.exitCode}) before writing a state checkpoint: ${job.text().slice(-600)}`);
    if (Date.now() > deadline) throw new Error(`the job wrote no complete state checkpoint within ${timeoutMs / 1000} s: ${job.text().slice(-600)}`);
    await sleep(200);
  }
}

/** Ends a job and whatever executors it left behind. */
async function endJob(job: JobProcess, signal: NodeJS.Signals): Promise<void> {
  const executors = job.child.pid === undefined ? [] : nodeChildPids(job.child.pid);
  if (job.child.exitCode === null && job.child.signalCode === null) job.child.kill(signal);
  const timer = setTimeout(() => job.child.kill('SIGKILL'), 60_000);
  await job.exited;
  clearTimeout(timer);
  for (const pid of executors) {
    try {
      process.kill(pid, 'SIGKILL');
    } catch {
      // already gone: local executors exit when their driver does
    }
  }
}

async function runToExit(job: JobProcess, timeoutMs: number): Promise<number | null> {
  const timer = setTimeout(() => job.child.kill('SIGKILL'), timeoutMs);
  const code = await job.exited;
  clearTimeout(timer);
  return code;
}

async function allLines(prefix: string): Promise<string[]> {
  const lines: string[] = [];
  for (const batch of await listBatchOutputs(prefix)) lines.push(...(await readBatchLines(batch.path)));
  return lines;
}

async function lastStateLines(prefix: string): Promise<string[]> {
  const last = (await listBatchOutputs(prefix)).at(-1);
  return last === undefined ? [] : (await readBatchLines(last.path)).sort();
}

/** The metadata checkpoint files of a directory, to tell whether a refused upgrade left it as it was. */
async function checkpointFiles(dir: string): Promise<string> {
  return (await getFileSystem(dir).list(dir))
    .filter((e) => e.name.startsWith('checkpoint-'))
    .map((e) => `${e.name}:${e.length}`)
    .sort()
    .join(',');
}

function upgradeReportOf(text: string): string {
  const start = text.indexOf('Upgrade of the checkpoint');
  if (start < 0) return '';
  const end = text.indexOf('\n', text.indexOf('result:', start));
  return text.slice(start, end < 0 ? undefined : end);
}

interface ReferenceOutput {
  readonly hits: string[];
  readonly state: string[];
}

async function runUpgrade(o: UpgradeDrillOptions, stop: UpgradeStop, base: string, referenceOutput: Promise<ReferenceOutput>, target: number): Promise<UpgradeRunReport> {
  const v1Batches = Math.max(1, Math.round(o.upgradeAfterS / o.batchS));
  o.print(`${stop} stop: video-hits 1.0.0 for about ${v1Batches} batches…`);
  const v1 = startJob(o, o.v1, base);
  await waitForBatches(`${base}/out/hits`, v1Batches, v1, 180_000);
  // A loaded machine's stream falls behind, and after v1Batches no state checkpoint
  // may be complete and named by a metadata checkpoint yet: the stop then proved
  // nothing about re-attaching state (it was recomputed; a stop after a fixed time
  // failed this way at a load average of 15-20). Wait for a complete one, then for
  // two more batches' output: the first of them completed after the state did, and
  // its completion's metadata checkpoint names it.
  await firstCompleteStateCheckpoint(`${base}/checkpoint/state`, v1, 180_000);
  const writtenBefore = (await listBatchOutputs(`${base}/out/hits`)).length;
  await waitForBatches(`${base}/out/hits`, writtenBefore + 2, v1, 180_000);
  if (stop === 'clean') {
    v1.child.kill('SIGTERM');
    const code = await runToExit(v1, 180_000);
    await endJob(v1, 'SIGKILL');
    // 143: the signal's own exit status, after the graceful stop ran (cli/graceful-shutdown.integration.test.ts).
    if (code !== 143) throw new Error(`video-hits 1.0.0 did not stop cleanly on SIGTERM (exit ${code}): ${v1.text().slice(-600)}`);
  } else {
    await endJob(v1, 'SIGKILL');
  }
  const written = (await listBatchOutputs(`${base}/out/hits`)).length;
  o.print(`  1.0.0 wrote ${written} batches and ${stop === 'clean' ? 'stopped' : 'was killed (SIGKILL)'}`);

  let refusedWithoutUpgrade: boolean | undefined;
  if (stop === 'clean') {
    const plain = startJob(o, o.v2, base);
    const code = await runToExit(plain, 180_000);
    refusedWithoutUpgrade = code === 1 && /kindling: The checkpoint .* was written by video-hits version 1\.0\.0.*restart with --upgrade/.test(plain.text());
    await endJob(plain, 'SIGKILL');
    o.print(`  2.0.0 without --upgrade: ${refusedWithoutUpgrade ? 'refused' : `NOT refused as expected (exit ${code})`}`);
  }

  o.print('  2.0.0 with --upgrade…');
  const v2 = startJob(o, o.v2, base, { upgrade: true });
  // At least one batch of its own: under load 1.0.0, waiting for a complete state
  // checkpoint, may already have written `target` batches, and 2.0.0 was then stopped
  // before it printed its upgrade report (seen at load 13: an empty report).
  await waitForBatches(`${base}/out/hits`, Math.max(target, written + 1), v2, (target * o.batchS + 240) * 1000);
  await endJob(v2, 'SIGTERM');
  const upgradeReport = upgradeReportOf(v2.text());
  for (const line of upgradeReport.split('\n')) o.print(`    ${line}`);

  let incompatibleRefused: boolean | undefined;
  let incompatibleReport = '';
  if (stop === 'clean') {
    const before = await checkpointFiles(`${base}/checkpoint`);
    const v3 = startJob(o, o.incompatible, base, { upgrade: true });
    const code = await runToExit(v3, 180_000);
    await endJob(v3, 'SIGKILL');
    incompatibleReport = upgradeReportOf(v3.text());
    const after = await checkpointFiles(`${base}/checkpoint`);
    incompatibleRefused =
      code === 1 &&
      /incompatible +state +hits-per-video\/state \(mapWithState\)/.test(incompatibleReport) &&
      /kindling: Cannot upgrade from the checkpoint .*hits-per-video\/state \(mapWithState\): the state version goes from 1 to 2 with no migration function/.test(v3.text()) &&
      before === after;
    o.print(`  3.0.0 (state type changed, no migration) with --upgrade: ${incompatibleRefused ? 'refused, checkpoint unchanged' : `NOT refused as expected (exit ${code})`}`);
    for (const line of incompatibleReport.split('\n')) o.print(`    ${line}`);
  }

  const [reference, hits, state, milestones] = await Promise.all([referenceOutput, allLines(`${base}/out/hits`), lastStateLines(`${base}/out/state`), listBatchOutputs(`${base}/out/milestones`)]);
  const recordsLost = missingFrom(reference.hits, hits);
  const recordsDuplicated = missingFrom(hits, reference.hits);
  const stateEqual = reference.state.length > 0 && reference.state.join('\n') === state.join('\n');
  // Kept from its checkpoint files: not "recomputed", which would prove nothing about re-attaching.
  const stateKept = /kept +state +hits-per-video\/state \(mapWithState\)(?!.*recomputed)/.test(upgradeReport) && /result: upgraded/.test(upgradeReport);
  return {
    stop,
    v1Batches: written,
    refusedWithoutUpgrade,
    upgradeReport,
    stateKept,
    recordsLost,
    recordsDuplicated,
    stateEqual,
    stateKeys: reference.state.length,
    newBranchBatches: milestones.length,
    incompatibleRefused,
    incompatibleReport,
    passed: stateKept && recordsLost === 0 && recordsDuplicated === 0 && stateEqual && milestones.length > 0 && refusedWithoutUpgrade !== false && incompatibleRefused !== false,
  };
}

export async function runUpgradeDrill(o: UpgradeDrillOptions): Promise<UpgradeDrillReport> {
  const work = mkdtempSync(join(tmpdir(), 'kindling-upgrade-drill-'));
  let hdfs: HdfsServerProcess | undefined;
  try {
    let root: string;
    if (o.storage === 'webhdfs') {
      hdfs = await startHdfsServerProcess({ dir: join(work, 'hdfs') });
      root = `${hdfs.uri.replace(/\/$/, '')}/drill`;
    } else {
      root = pathToFileURL(work).href;
    }
    const inputBatches = Math.ceil(o.records / Math.max(1, Math.floor(o.rate * o.batchS)));
    const target = inputBatches + DRAIN_BATCHES;
    o.print(`upgrade drill: ${o.stops.join(' and ')} stop, ${o.master}, storage ${o.storage}, batch ${o.batchS} s, ${o.rate} records/s, ${o.records} records (${inputBatches} input batches)`);
    // The reference runs alongside the first stop's runs, which wait for it only to
    // compare: run before them it added its whole length (a quarter of the drill) to
    // the drill, on a machine that the mostly idle 1 s batches leave free. Later stops
    // run one at a time, so that at most two jobs share the machine.
    o.print('reference run of video-hits 1.0.0 (alongside the first stop)…');
    const reference = startJob(o, o.v1, `${root}/reference`);
    const expected: Promise<ReferenceOutput> = (async () => {
      try {
        await waitForBatches(`${root}/reference/out/hits`, target, reference, (target * o.batchS + 240) * 1000);
      } finally {
        await endJob(reference, 'SIGTERM');
      }
      return { hits: await allLines(`${root}/reference/out/hits`), state: await lastStateLines(`${root}/reference/out/state`) };
    })();
    // Awaited by each run; a run that fails first must not leave this rejection unhandled.
    void expected.catch(() => undefined);
    const runs: UpgradeRunReport[] = [];
    try {
      for (const stop of o.stops) runs.push(await runUpgrade(o, stop, `${root}/${stop}`, expected, target));
    } finally {
      // A failed run leaves no reference job running.
      await endJob(reference, 'SIGTERM');
    }
    const { hits } = await expected;
    return { referenceRecords: hits.length, runs, passed: hits.length > 0 && runs.every((r) => r.passed) };
  } finally {
    await closeAllFileSystems();
    await hdfs?.kill('SIGTERM');
    if (!o.keep) rmSync(work, { recursive: true, force: true });
    else o.print(`work directory kept: ${work}`);
  }
}

export function formatUpgradeDrillReport(r: UpgradeDrillReport): string {
  const lines = [`reference: ${r.referenceRecords} hits records`];
  const yes = (b: boolean | undefined, what: string): string => (b === undefined ? `${what}: not checked` : `${what}: ${b ? 'yes' : 'NO'}`);
  for (const run of r.runs) {
    lines.push(
      `${run.stop} stop after ${run.v1Batches} batches of 1.0.0: state kept ${run.stateKept ? 'yes' : 'NO'}; records lost ${run.recordsLost}, duplicated ${run.recordsDuplicated}; final state ${run.stateEqual ? 'equal' : 'DIFFERENT'} (${run.stateKeys} keys); new branch batches ${run.newBranchBatches}; ${yes(run.refusedWithoutUpgrade, 'refused without --upgrade')}; ${yes(run.incompatibleRefused, 'incompatible state refused')}`,
    );
  }
  lines.push(r.passed ? 'PASSED' : 'FAILED');
  return lines.join('\n');
}
