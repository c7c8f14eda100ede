/**
 * Nothing hangs when executors die: local[N] replaces executor processes that are
 * killed (the job finishes on the replacements), gives up with the reason in one
 * line when they keep failing to start, and a kindling:// job with no executor left
 * keeps waiting but says so.
 */
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { KindlingConf } from '@kindling/common';
import {
  capturingLogger,
  clusterContext,
  freePort,
  isAlive,
  killProcess,
  startExecutorProcess,
  waitFor,
  type ExecutorProcess,
} from './testing/cluster-test-support.js';

let workDir: string;
const processes: ExecutorProcess[] = [];

before(async () => {
  workDir = await mkdtemp(join(tmpdir(), 'kindling-replacement-test-'));
});

after(async () => {
  await Promise.all(processes.map(killProcess));
  await rm(workDir, { recursive: true, force: true });
});

/** Sums of x by x % 7, computed with a shuffle whose map tasks take ~200 ms per record. */
const data = Array.from({ length: 24 }, (_, i) => i);
function expectedSums(): Map<number, number> {
  const sums = new Map<number, number>();
  for (const x of data) sums.set(x % 7, (sums.get(x % 7) ?? 0) + x);
  return sums;
}

void test('local[2]: every executor SIGKILLed mid-job is replaced, and the job completes with the right result', async () => {
  const captured = capturingLogger('info');
  const { kc, backend } = await clusterContext('local[2]', { logger: captured.logger });
  try {
    const first = [...backend.executorIds()].sort();
    assert.deepEqual(first, ['0', '1']);
    const pids = backend.localExecutorPids();
    const job = kc
      .parallelize(data, 4)
      .map((x: number): [number, number] => {
        // Blocks without spinning: the test needs busy executors, not busy cores.
        Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 200);
        return [x % 7, x];
      })
      .reduceByKey((a: number, b: number) => a + b)
      .collect();
    // Both executors are running map tasks (each partition takes ~1.2 s) when they die.
    await waitFor(() => /Starting task|Submitting/.test(captured.text()), 10_000, 'the job to start');
    await new Promise((resolve) => setTimeout(resolve, 400));
    for (const pid of pids) process.kill(pid, 'SIGKILL');
    const sums = await job;
    assert.deepEqual(new Map(sums), expectedSums());
    for (const pid of pids) assert.equal(isAlive(pid), false);
    const now = backend.executorIds();
    assert.ok(now.length >= 1 && now.every((id) => !first.includes(id)), `replacements have new ids: ${now.join(', ')}`);
    assert.match(captured.text(), /was killed by SIGKILL; starting executor \d+ in its place/);
  } finally {
    await kc.stop();
  }
});

void test('local[2]: executors that cannot start fail the application within 30 s, with the reason in one line', async () => {
  const started = Date.now();
  let failure: unknown;
  try {
    const { kc } = await clusterContext('local[2]', {
      // Two start failures in a row (the default, 10, takes five generations of two
      // processes): the bound below must hold on a loaded 2-core machine too (at load
      // ~25, four failures took 37 s).
      conf: new KindlingConf({ 'kindling.deploy.maxExecutorRetries': '2' }),
      // Every task thread fails to import its task runner, so no executor ever starts.
      backend: { taskRunnerModule: join(workDir, 'no-such-task-runner.js') },
    });
    try {
      await kc.parallelize([1, 2, 3], 2).collect();
    } finally {
      await kc.stop();
    }
  } catch (error) {
    failure = error;
  }
  const elapsed = Date.now() - started;
  assert.ok(failure instanceof Error, 'the application failed');
  const message = failure.message;
  assert.equal(message.split('\n').length, 1, message);
  assert.match(message, /Local executors failed 2 times in a row \(kindling\.deploy\.maxExecutorRetries=2\); the last: executor \d+ \(process \d+\) exited with code 1: task threads could not start: .*no-such-task-runner/);
  assert.ok(elapsed < 30_000, `failed after ${elapsed} ms`);
});

void test('kindling://: a job with no executor left keeps waiting, says so every kindling.starvation.timeout, and runs when one comes', async () => {
  const port = await freePort();
  const captured = capturingLogger('warn');
  const secret = 'starvation-secret';
  const starting = clusterContext(`kindling://127.0.0.1:${port}`, {
    conf: new KindlingConf({ 'kindling.authenticate.secret': secret, 'kindling.starvation.timeout': '500ms' }),
    logger: captured.logger,
  });
  const startExecutor = (name: string): ExecutorProcess => {
    const p = startExecutorProcess(['--driver', `127.0.0.1:${port}`, '--host', '127.0.0.1', '--work-dir', join(workDir, name), '--conf', 'kindling.executor.driverWaitTimeout=0'], {
      KINDLING_AUTHENTICATE_SECRET: secret,
    });
    processes.push(p);
    return p;
  };
  const lone = startExecutor('lone');
  const { kc, backend } = await starting;
  try {
    lone.child.kill('SIGKILL');
    await waitFor(() => backend.executorIds().length === 0, 10_000, 'the executor to be lost');
    const job = kc.parallelize(data, 3).map((x: number): [number, number] => [x % 7, x]).reduceByKey((a: number, b: number) => a + b).collect();
    await waitFor(() => (captured.text().match(/has not accepted any resources/g) ?? []).length >= 2, 10_000, 'two starvation warnings');
    assert.match(captured.text(), /Job \d+ has not accepted any resources for \d+s: no executor is registered with the driver; start executors with `kindling executor --driver HOST:PORT`/);
    startExecutor('late');
    assert.deepEqual(new Map(await job), expectedSums());
    const warnings = (captured.text().match(/has not accepted any resources/g) ?? []).length;
    await new Promise((resolve) => setTimeout(resolve, 1_200));
    assert.equal((captured.text().match(/has not accepted any resources/g) ?? []).length, warnings, 'no warning once the job ran');
  } finally {
    await kc.stop();
  }
});
