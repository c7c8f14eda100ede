/**
 * SIGTERM to a real `kindling submit --master local[2]` running a stream with
 * kindling.streaming.stopGracefullyOnShutdown=true, sent while a batch runs. The job's
 * batches take longer than its 1 s interval (two output operations over a slow map),
 * so when the signal comes one batch is running and more are queued.
 *
 * 1. Graceful: every batch generated before the stop runs to its end with both of
 *    its outputs, and the restart finds no batch pending. (Before the fix the
 *    KindlingContext refused the queued batches' jobs as soon as the stop began;
 *    those batches were counted as completed without output and never ran again.)
 * 2. kindling.streaming.gracefulStopTimeout cut short: the running batch is cancelled,
 *    not marked completed, and the next driver runs it again from the checkpoint.
 * 3. A second SIGTERM exits at once; the next driver runs what had not finished.
 *
 * In the end, over all four drivers, both outputs hold every value of the rate source
 * from 0 up, each once, and every batch a driver generated has both its outputs.
 */
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { pathToFileURL } from 'node:url';
import { listBatchOutputs, readBatchLines } from '../drill/drill-output.js';
import { endDriver, jobProjectOfTestFile, untilDriver, type SubmittedDriver } from '../streaming/testing/submitted-job.js';

// 20 records a batch in 2 partitions, 80 ms each (GRACEFUL_TEST_RECORD_MS, which the
// local executors inherit): 0.8 s per output operation, so a batch of two takes 1.6 s:
// one is always running when the signal comes, and more are queued. The last two
// drivers only catch up, at 20 ms a record.
const job = [
  "import { StreamingContext, Seconds, type KindlingContext } from '@kindling/driver';",
  '',
  '// Blocks without using the CPU, which the other tests of the suite need.',
  'export function slow(row: { value: number }): string {',
  "  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, Number(process.env['GRACEFUL_TEST_RECORD_MS']));",
  '  return String(row.value);',
  '}',
  '',
  'export default async function main(kc: KindlingContext, args: string[]): Promise<void> {',
  '  const [dir, out] = args as [string, string];',
  '  const ssc = await StreamingContext.getOrCreate(dir, () => {',
  '    const ssc = new StreamingContext(kc, Seconds(1));',
  '    ssc.checkpoint(dir);',
  '    const values = ssc.rateStream({ rowsPerSecond: 20, numPartitions: 2 }).map(slow);',
  '    values.saveAsTextFiles(`${out}/a`);',
  '    values.saveAsTextFiles(`${out}/b`);',
  '    return ssc;',
  '  });',
  '  ssc.start();',
  '  await ssc.awaitTermination();',
  '}',
  '',
].join('\n');

const project = jobProjectOfTestFile('graceful-job', { 'graceful-job.ts': job });

function submit(checkpointDir: string, out: string, recordMs: number, conf: readonly string[]): SubmittedDriver {
  return project().submit(
    ['--master', 'local[2]', '--conf', 'kindling.streaming.stopGracefullyOnShutdown=true', ...conf.flatMap((c) => ['--conf', c]), 'graceful-job.ts', checkpointDir, out],
    { logLevel: 'info', env: { GRACEFUL_TEST_RECORD_MS: String(recordMs) } },
  );
}

/** Batch times of the driver's log lines whose message starts with `prefix` ("Added jobs for time", "Finished jobs for time"). */
function batchTimes(driver: SubmittedDriver, prefix: string): number[] {
  const times: number[] = [];
  for (const line of driver.output().split('\n')) {
    const match = new RegExp(`"msg":"${prefix} (\\d+) ms`).exec(line);
    if (match !== null) times.push(Number(match[1]));
  }
  return times;
}

/** The batches a restarted driver found pending in the checkpoint (job-generator.ts's log line). */
function pendingAtRestart(driver: SubmittedDriver): number[] {
  const match = /"msg":"Batches pending processing \(\d+ batches\): ([^"]*)"/.exec(driver.output());
  assert.ok(match !== null, `the driver did not restart from the checkpoint:\n${driver.output().slice(-2000)}`);
  return match[1] === 'none' ? [] : match[1]!.split(', ').map((t) => Number.parseInt(t, 10));
}

/** Waits for the driver to finish a batch and start the next one, so that the signal comes mid-batch. */
async function midBatch(driver: SubmittedDriver): Promise<void> {
  await untilDriver('a batch to finish', driver, () => batchTimes(driver, 'Finished jobs for time').length > 0, 120_000, 50);
  const finished = batchTimes(driver, 'Finished jobs for time');
  await untilDriver('the next batch to start', driver, () => batchTimes(driver, 'Added jobs for time').some((t) => t > Math.max(...finished)), 120_000, 50);
}

async function outputsOf(prefix: string): Promise<Map<number, number[]>> {
  const batches = new Map<number, number[]>();
  for (const batch of await listBatchOutputs(prefix)) batches.set(batch.time, (await readBatchLines(batch.path)).map(Number));
  return batches;
}

void test('SIGTERM mid-batch to kindling submit with stopGracefullyOnShutdown: generated batches finish, or stay pending and run again after a restart', { timeout: 600_000 }, async () => {
  const work = await mkdtemp(join(tmpdir(), 'kindling-graceful-run-'));
  const checkpointDir = `${pathToFileURL(work).href}/checkpoint`;
  const out = `${pathToFileURL(work).href}/out`;
  const drivers: SubmittedDriver[] = [];
  const start = (recordMs: number, conf: readonly string[]): SubmittedDriver => {
    const driver = submit(checkpointDir, out, recordMs, conf);
    drivers.push(driver);
    return driver;
  };
  try {
    // 1. Graceful stop (a generous timeout: a loaded machine must not cut it short).
    const first = start(80, ['kindling.streaming.gracefulStopTimeout=120s']);
    await midBatch(first);
    first.child.kill('SIGTERM');
    assert.equal(await endDriver(first), 143, first.output().slice(-3000));
    assert.match(first.output(), /StreamingContext stopped gracefully/);
    const added = [...new Set(batchTimes(first, 'Added jobs for time'))].sort((a, b) => a - b);
    assert.ok(added.length >= 2, `only ${added.length} batch(es) generated`);
    assert.deepEqual([...new Set(batchTimes(first, 'Finished jobs for time'))].sort((a, b) => a - b), added, 'every generated batch finished');
    for (const prefix of [`${out}/a`, `${out}/b`]) {
      const batches = await outputsOf(prefix);
      for (const time of added) assert.ok((batches.get(time)?.length ?? 0) > 0, `batch ${time} ms has no output in ${prefix}`);
    }

    // 2. The graceful stop times out: the running batch is cancelled and left pending.
    const second = start(80, ['kindling.streaming.gracefulStopTimeout=100ms']);
    await midBatch(second);
    assert.deepEqual(pendingAtRestart(second), [], 'a graceful stop left no batch pending');
    second.child.kill('SIGTERM');
    assert.equal(await endDriver(second), 143, second.output().slice(-3000));
    assert.match(second.output(), /without waiting any longer: it did not finish within kindling\.streaming\.gracefulStopTimeout \(100 ms\)/);
    const unfinished = [...new Set(batchTimes(second, 'Added jobs for time'))].filter((t) => !batchTimes(second, 'Finished jobs for time').includes(t));
    assert.ok(unfinished.length > 0, `the stop came after the last batch finished:\n${second.output().slice(-2000)}`);

    // 3. The next driver runs the unfinished batches again; a second SIGTERM exits at once.
    const third = start(20, ['kindling.streaming.gracefulStopTimeout=120s']);
    await midBatch(third);
    const rerun = pendingAtRestart(third);
    for (const time of unfinished) assert.ok(rerun.includes(time), `batch ${time} ms did not finish before the stop and was not run again (pending: ${rerun.join(', ')})`);
    third.child.kill('SIGTERM');
    await untilDriver('the graceful stop to begin', third, () => third.output().includes('send it again to stop at once'), 120_000, 50);
    third.child.kill('SIGTERM');
    assert.equal(await endDriver(third), 143, third.output().slice(-3000));
    assert.match(third.output(), /Received SIGTERM again; exiting now/);
    assert.doesNotMatch(third.output(), /StreamingContext stopped/);

    // 4. A last driver catches up and stops gracefully.
    const fourth = start(20, ['kindling.streaming.gracefulStopTimeout=120s']);
    await midBatch(fourth);
    fourth.child.kill('SIGTERM');
    assert.equal(await endDriver(fourth), 143, fourth.output().slice(-3000));
    assert.match(fourth.output(), /StreamingContext stopped gracefully/);

    const generated = new Set(drivers.flatMap((d) => batchTimes(d, 'Added jobs for time')));
    for (const prefix of [`${out}/a`, `${out}/b`]) {
      const batches = await outputsOf(prefix);
      for (const time of generated) assert.ok(batches.has(time), `batch ${time} ms has no output in ${prefix}`);
      const values = [...batches.values()].flat().sort((a, b) => a - b);
      assert.ok(values.length >= 20 * generated.size - 20, `${values.length} values over ${generated.size} batches`);
      assert.deepEqual(values, values.map((_, i) => i), `${prefix}: the values are 0..${values.length - 1}, each once`);
    }
  } finally {
    for (const driver of drivers) if (driver.child.exitCode === null && driver.child.signalCode === null) driver.child.kill('SIGKILL');
    for (const driver of drivers) await endDriver(driver);
    await rm(work, { recursive: true, force: true });
  }
});
