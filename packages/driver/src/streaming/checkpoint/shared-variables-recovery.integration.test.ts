/**
 * Issue 11, item 4, "Must show": a restart after a driver SIGKILL restores a
 * broadcast and an accumulator's value. A streaming job (`kindling submit --master
 * local[2]`, a rate source) whose create function makes a broadcast and a named
 * accumulator, and whose output operation uses both (the broadcast from an exported
 * function through `b.value`, the accumulator in an action); its driver is
 * SIGKILLed in the middle of the stream and started again on the same checkpoint
 * directory, on file:// and on the embedded WebHDFS server.
 *
 * What must hold: the restarted driver finds the accumulator's value by name, not 0;
 * its executors read the broadcast under the same id although the create function
 * did not run again; and the accumulator ends equal to the records of every batch
 * the two drivers ran, each batch counted once — the batches replayed after the
 * restart are not counted twice.
 */
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { pathToFileURL } from 'node:url';
import { getFileSystem } from '@kindling/common';
import { startHdfsServerProcess, type HdfsServerProcess } from '@kindling/hdfs';
import { jobProjectOfTestFile, untilDriver, type SubmittedDriver } from '../testing/submitted-job.js';
import { inspectCheckpoint } from './checkpoint-inspection.js';

const job = `
import { capture, Milliseconds, StreamingContext, type Broadcast, type KindlingContext, type RDD } from '@kindling/driver';

// The output function makes captures of its own on the driver: it calls capture, so
// capture must be an export of the job (what the ClosureError says to do).
export { capture } from '@kindling/driver';

/** Used by tasks through the broadcast handle they are given. */
export function scaled(factor: Broadcast<{ by: number }>, value: number): number {
  return value * factor.value.by;
}

export default async function main(kc: KindlingContext, args: string[]): Promise<void> {
  const [dir, out] = args as [string, string];
  const ssc = await StreamingContext.getOrCreate(dir, () => {
    const ssc = new StreamingContext(kc, Milliseconds(400));
    ssc.checkpoint(dir);
    const factor = kc.broadcast({ by: 3 });
    const records = kc.longAccumulator('records');
    ssc.rateStream({ rowsPerSecond: 25, numPartitions: 2 }).foreachRDD(
      capture({ factor, records, out }, ({ factor, records, out }) => async (rdd: RDD<{ value: number }>, time: number) => {
        const values = await rdd.map((r) => r.value).collect();
        const scaledSum = await rdd.map(capture({ factor }, ({ factor }) => (r: { value: number }) => scaled(factor, r.value))).reduce((a, b) => a + b, 0);
        await rdd.foreach(capture({ records }, ({ records }) => () => records.add(1)));
        const line = { time, count: values.length, sum: values.reduce((a, b) => a + b, 0), scaledSum, acc: records.value, factorId: factor.id };
        process.getBuiltinModule('node:fs').appendFileSync(out, JSON.stringify(line) + '\\n');
      }),
    );
    return ssc;
  });
  const records = kc.longAccumulator('records');
  process.getBuiltinModule('node:fs').appendFileSync(args[1]!, JSON.stringify({ started: true, acc: records.value }) + '\\n');
  ssc.start();
  await ssc.awaitTermination();
}
`;

interface BatchLine {
  readonly time: number;
  readonly count: number;
  readonly sum: number;
  readonly scaledSum: number;
  readonly acc: number;
  readonly factorId: number;
}

type Line = BatchLine | { readonly started: true; readonly acc: number };

const project = jobProjectOfTestFile('shared-vars-recovery', { 'job.ts': job });

function submit(dir: string, out: string): SubmittedDriver {
  return project().submit(['--master', 'local[2]', '--conf', 'kindling.ui.showConsoleProgress=false', 'job.ts', dir, out]);
}

function lines(out: string): Line[] {
  if (!existsSync(out)) return [];
  return readFileSync(out, 'utf8')
    .split('\n')
    .filter((l) => l !== '')
    .map((l) => JSON.parse(l) as Line);
}

/** The lines each run of the driver wrote: a run starts with its `started` line (the restored driver's output function keeps writing to the same file, a captured value). */
function runs(out: string): Array<{ readonly started: { readonly acc: number }; readonly batches: BatchLine[] }> {
  const result: Array<{ started: { acc: number }; batches: BatchLine[] }> = [];
  for (const line of lines(out)) {
    if ('started' in line) result.push({ started: line, batches: [] });
    else result.at(-1)?.batches.push(line);
  }
  return result;
}

async function waitForBatches(out: string, run: number, atLeast: number, driver: SubmittedDriver): Promise<void> {
  await untilDriver(`${atLeast} batches of driver run ${run + 1}`, driver, () => (runs(out)[run]?.batches.length ?? 0) >= atLeast, 180_000);
}

/**
 * Waits until the newest metadata checkpoint holds a completed batch's count: under
 * load, batches are generated (and their checkpoints written) well before earlier
 * ones complete, and a kill before any completion is checkpointed rightly restores 0.
 */
async function waitForCountedCheckpoint(dir: string): Promise<void> {
  const deadline = Date.now() + 120_000;
  for (;;) {
    const inspection = await inspectCheckpoint(dir).catch(() => undefined);
    const records = inspection?.accumulators.find((a) => a.name === 'records');
    if (typeof records?.value === 'number' && records.value > 0) return;
    if (Date.now() > deadline) assert.fail('no metadata checkpoint with a completed batch counted within 120 s');
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

async function killDriverAndRestart(dir: string, tag: string): Promise<void> {
  const out = join(project().dir, `${tag}.jsonl`);
  for (let run = 0; run < 2; run++) {
    const driver = submit(dir, out);
    try {
      await waitForBatches(out, run, 5, driver);
      // The kill must find a metadata checkpoint that counted a completed batch
      // (checkpoints are written in the background, and lag under load and on WebHDFS).
      if (run === 0) await waitForCountedCheckpoint(dir);
    } finally {
      driver.child.kill('SIGKILL');
      await driver.exited;
    }
  }
  const [run1, run2] = runs(out) as [ReturnType<typeof runs>[number], ReturnType<typeof runs>[number]];
  const first = run1.batches;
  const second = run2.batches;
  assert.ok(await getFileSystem(dir).exists(`${dir}/broadcast-${first[0]!.factorId}`), 'the broadcast was written to the checkpoint directory');
  const inspection = await inspectCheckpoint(dir);
  assert.deepEqual(inspection.broadcasts.map((b) => b.id), [first[0]!.factorId], '`kindling checkpoint inspect` lists the broadcast');
  assert.deepEqual(inspection.accumulators.map((a) => [a.name, a.kind]), [['records', 'long']]);

  // The accumulator came back with its value, found by name (the create function did not run).
  assert.equal(run1.started.acc, 0);
  assert.ok(run2.started.acc > 0, `restored accumulator value ${run2.started.acc}`);
  // The broadcast came back under the same id, and executors of the new driver read it.
  for (const line of [...first, ...second]) {
    assert.equal(line.factorId, first[0]!.factorId);
    assert.equal(line.scaledSum, 3 * line.sum, `batch ${line.time}: computed with the broadcast factor`);
  }
  // Every batch counted once: the final value is the records of the distinct batches
  // the two drivers ran (replayed batches appear in both runs with the same count).
  const countByTime = new Map<number, number>();
  for (const line of [...first, ...second]) {
    const seen = countByTime.get(line.time);
    if (seen !== undefined) assert.equal(line.count, seen, `batch ${line.time} replayed with the same records`);
    countByTime.set(line.time, line.count);
  }
  const last = second.at(-1)!;
  const expected = [...countByTime].filter(([time]) => time <= last.time).reduce((a, [, count]) => a + count, 0);
  assert.equal(last.acc, expected, `accumulator ${last.acc} vs ${expected} records in ${countByTime.size} distinct batches`);
  // The restored value is what run 1 had counted when one of its batches completed
  // (each batch has one output operation, which prints the value after its action).
  assert.ok(first.some((line) => line.acc === run2.started.acc), `restored ${run2.started.acc} is a value run 1 reached when a batch completed`);
}

void describe('broadcasts and accumulators survive a driver SIGKILL (local[2])', { timeout: 400_000 }, () => {
  void it('with the checkpoint on file://', async () => {
    const dir = pathToFileURL(join(project().dir, 'checkpoint-file')).href;
    await killDriverAndRestart(dir, 'file');
  });

  void it('with the checkpoint on the embedded WebHDFS server', async () => {
    let hdfs: HdfsServerProcess | undefined;
    try {
      hdfs = await startHdfsServerProcess({ dir: join(project().dir, 'hdfs') });
      await killDriverAndRestart(`webhdfs://127.0.0.1:${hdfs.port}/shared-vars`, 'webhdfs');
    } finally {
      await hdfs?.kill('SIGTERM');
    }
  });
});
