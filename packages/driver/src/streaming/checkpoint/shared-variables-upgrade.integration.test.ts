/**
 * Issue 11: broadcasts and named accumulators cross an upgrade, not only a plain
 * recovery. v1 of a streaming job (`kindling submit --master local[2]`, a rate
 * source) makes a named broadcast, an unnamed one and a named accumulator; its driver
 * is SIGKILLed mid-stream. v2 — other code, so another bundle — restarts on the same
 * checkpoint with `--upgrade`; its create function runs and asks for the broadcast
 * and the accumulator by name.
 *
 * What must hold: v2 finds the accumulator's value, not 0, and counts on from it with
 * every batch counted once; `kc.broadcast(v, { name })` returns v1's broadcast (its id
 * and value, although v2 passes another value); the report lists both, and the
 * unnamed broadcast as not restored. v3, which makes the accumulator another kind, is
 * refused with one line naming the accumulator and the checkpoint.
 */
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { pathToFileURL } from 'node:url';
import { jobProjectOfTestFile, untilDriver, type SubmittedDriver } from '../testing/submitted-job.js';
import { inspectCheckpoint } from './checkpoint-inspection.js';

/** The job at `version`: v2 passes another broadcast value (the checkpoint's must win); v3 makes the accumulator a double one. */
const job = (version: number): string => `
import { capture, Milliseconds, StreamingContext, type Broadcast, type KindlingContext, type RDD } from '@kindling/driver';

export { capture } from '@kindling/driver';

export function scaled(factor: Broadcast<{ by: number }>, value: number): number {
  return value * factor.value.by;
}

export default async function main(kc: KindlingContext, args: string[]): Promise<void> {
  const [dir, out] = args as [string, string];
  const ssc = await StreamingContext.getOrCreate(dir, () => {
    const ssc = new StreamingContext(kc, Milliseconds(400));
    ssc.checkpoint(dir);
    const factor = kc.broadcast({ by: ${version === 1 ? 3 : 5} }, { name: 'factor' });
    ${version === 1 ? "kc.broadcast({ unused: true });" : ''}
    const records = kc.${version === 3 ? 'doubleAccumulator' : 'longAccumulator'}('records');
    ssc.rateStream({ rowsPerSecond: 25, numPartitions: 2 }).foreachRDD(
      capture({ factor, records, out }, ({ factor, records, out }) => async (rdd: RDD<{ value: number }>, time: number) => {
        const values = await rdd.map((r) => r.value).collect();
        const scaledSum = await rdd.map(capture({ factor }, ({ factor }) => (r: { value: number }) => scaled(factor, r.value))).reduce((a, b) => a + b, 0);
        await rdd.foreach(capture({ records }, ({ records }) => () => records.add(1)));
        const line = { version: ${version}, time, count: values.length, sum: values.reduce((a, b) => a + b, 0), scaledSum, acc: records.value, factorId: factor.id, by: factor.value.by };
        process.getBuiltinModule('node:fs').appendFileSync(out, JSON.stringify(line) + '\\n');
      }),
    );
    return ssc;
  });
  process.getBuiltinModule('node:fs').appendFileSync(out, JSON.stringify({ started: ${version}, acc: kc.longAccumulator('records').value }) + '\\n');
  ssc.start();
  await ssc.awaitTermination();
}
`;

interface BatchLine {
  readonly version: number;
  readonly time: number;
  readonly count: number;
  readonly sum: number;
  readonly scaledSum: number;
  readonly acc: number;
  readonly factorId: number;
  readonly by: number;
}

type Line = BatchLine | { readonly started: number; readonly acc: number };

const project = jobProjectOfTestFile('shared-vars-upgrade');

/** The upgrade report goes to stdout and stderr: both are read. */
function submit(extra: readonly string[], dir: string, out: string): SubmittedDriver {
  return project().submit(['--master', 'local[2]', ...extra, 'job.ts', dir, out], { stdout: true });
}

function lines(out: string): Line[] {
  if (!existsSync(out)) return [];
  return readFileSync(out, 'utf8')
    .split('\n')
    .filter((l) => l !== '')
    .map((l) => JSON.parse(l) as Line);
}

const batchesOf = (out: string, version: number): BatchLine[] => lines(out).filter((l): l is BatchLine => 'version' in l && l.version === version);

void test('a named broadcast and a named accumulator cross an upgrade after a driver SIGKILL; an accumulator of another kind is refused', { timeout: 400_000 }, async () => {
  const dir = pathToFileURL(join(project().dir, 'checkpoint')).href;
  const out = join(project().dir, 'out.jsonl');

  await project().writeFile('job.ts', job(1));
  const v1 = submit(['--conf', 'kindling.ui.showConsoleProgress=false'], dir, out);
  try {
    await untilDriver('5 batches of v1', v1, () => batchesOf(out, 1).length >= 5, 180_000);
    // The kill must find a metadata checkpoint that counted a completed batch.
    await untilDriver('a checkpoint with a counted batch', v1, async () => {
      const records = (await inspectCheckpoint(dir).catch(() => undefined))?.accumulators.find((a) => a.name === 'records');
      return typeof records?.value === 'number' && records.value > 0;
    }, 180_000);
  } finally {
    v1.child.kill('SIGKILL');
    await v1.exited;
  }
  const first = batchesOf(out, 1);
  const inspection = await inspectCheckpoint(dir);
  assert.equal(inspection.broadcasts.length, 2, 'v1 checkpointed both broadcasts');

  await project().writeFile('job.ts', job(2));
  // Progress output on (v1's setting comes back from the checkpoint otherwise): the upgrade report goes to stderr with it.
  const v2 = submit(['--upgrade', '--conf', 'kindling.ui.showConsoleProgress=true'], dir, out);
  try {
    await untilDriver('5 batches of v2', v2, () => batchesOf(out, 2).length >= 5, 180_000);
  } finally {
    v2.child.kill('SIGKILL');
    await v2.exited;
  }
  const second = batchesOf(out, 2);
  const started = lines(out).filter((l): l is { started: number; acc: number } => 'started' in l);
  assert.equal(started[0]?.acc, 0);
  assert.equal(started[1]?.started, 2);
  assert.ok(started[1]!.acc > 0, `v2 started from the checkpoint's accumulator value, not 0 (${started[1]!.acc})`);
  assert.ok(first.some((l) => l.acc === started[1]!.acc), `the restored ${started[1]!.acc} is a value v1 reached when a batch completed`);
  for (const line of second) {
    assert.equal(line.factorId, first[0]!.factorId, 'kc.broadcast(v, { name }) returned v1’s broadcast');
    assert.equal(line.by, 3, 'with v1’s value, not the one v2 passed');
    assert.equal(line.scaledSum, 3 * line.sum, `batch ${line.time}: executors read the restored broadcast`);
  }
  // Every batch counted once across the upgrade (replayed batches appear in both versions with the same records).
  const countByTime = new Map<number, number>();
  for (const line of [...first, ...second]) {
    const seen = countByTime.get(line.time);
    if (seen !== undefined) assert.equal(line.count, seen, `batch ${line.time} replayed with the same records`);
    countByTime.set(line.time, line.count);
  }
  const last = second.at(-1)!;
  const expected = [...countByTime].filter(([time]) => time <= last.time).reduce((a, [, count]) => a + count, 0);
  assert.equal(last.acc, expected, `accumulator ${last.acc} vs ${expected} records in ${countByTime.size} distinct batches`);
  const report = v2.output();
  assert.match(report, /accumulators restored by name: records = \d+/);
  assert.match(report, /broadcasts restored by name: 'factor'/);
  assert.match(report, /broadcasts not restored \(not created again by name in the new code\): Broadcast\(\d+\)/);

  await project().writeFile('job.ts', job(3));
  const v3 = submit(['--upgrade', '--conf', 'kindling.ui.showConsoleProgress=false'], dir, out);
  const code = await v3.exited;
  assert.notEqual(code, 0, 'v3 is refused');
  assert.match(v3.output(), /doubleAccumulator\('records'\): the checkpoint \S+ holds accumulator 'records' as a long accumulator/);
  assert.equal(batchesOf(out, 3).length, 0, 'v3 ran no batch');
});
