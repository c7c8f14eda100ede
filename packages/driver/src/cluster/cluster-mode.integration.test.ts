/**
 * kindling://HOST:PORT: executors started by hand (`kindling executor --driver …`)
 * run the jobs; an executor with the wrong secret is refused on both sides and
 * never gets a task; bad masters and busy ports are one clear message each.
 */
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { KindlingConf, silentLogger } from '@kindling/common';
import { MapOutputTracker } from '../scheduler/map-output-tracker.js';
import { createClusterBackend } from './cluster-backend.js';
import {
  capturingLogger,
  clusterContext,
  freePort,
  killProcess,
  occupiedPort,
  startExecutorProcess,
  waitFor,
  type ExecutorProcess,
} from './testing/cluster-test-support.js';

let workDir: string;
const processes: ExecutorProcess[] = [];

before(async () => {
  workDir = await mkdtemp(join(tmpdir(), 'kindling-cluster-test-'));
});

after(async () => {
  await Promise.all(processes.map(killProcess));
  await rm(workDir, { recursive: true, force: true });
});

function executor(port: number, secret: string, name: string, extra: string[] = []): ExecutorProcess {
  const p = startExecutorProcess(['--driver', `127.0.0.1:${port}`, '--host', '127.0.0.1', '--work-dir', join(workDir, name), ...extra], {
    KINDLING_AUTHENTICATE_SECRET: secret,
  });
  processes.push(p);
  return p;
}

void test('two executors started by hand run a job; a third with the wrong secret is refused and gets no task', async () => {
  const port = await freePort();
  const captured = capturingLogger('warn');
  const starting = clusterContext(`kindling://127.0.0.1:${port}`, {
    conf: new KindlingConf({ 'kindling.authenticate.secret': 'right-secret', 'kindling.executor.instances': '2' }),
    logger: captured.logger,
  });
  const first = executor(port, 'right-secret', 'a');
  const second = executor(port, 'right-secret', 'b');
  const { kc, backend } = await starting;
  try {
    assert.equal(backend.executorIds().length, 2);
    const data = Array.from({ length: 500 }, (_, i) => i);
    const sums = await kc.parallelize(data, 6).map((x: number) => [x % 5, x] as [number, number]).reduceByKey((a: number, b: number) => a + b).collect();
    const expected = new Map<number, number>();
    for (const x of data) expected.set(x % 5, (expected.get(x % 5) ?? 0) + x);
    assert.deepEqual(new Map(sums), expected);

    const intruder = executor(port, 'wrong-secret', 'c');
    const exit = await intruder.exited;
    assert.equal(exit.code, 1);
    const line = intruder.stderr().trim();
    assert.equal(line.split('\n').length, 1, line);
    assert.match(line, /^kindling executor: Registering with the driver at 127\.0\.0\.1:\d+: RegisterExecutor refused by the driver: wrong or missing shared secret \(kindling\.authenticate\.secret\)$/);
    assert.match(captured.text(), /refused RegisterExecutor from .*: wrong or missing shared secret/);
    assert.equal(backend.executorIds().length, 2);
  } finally {
    await kc.stop();
  }
  // Stopping the application shuts the hand-started executors down cleanly.
  assert.deepEqual(await first.exited, { code: 0, signal: null });
  assert.deepEqual(await second.exited, { code: 0, signal: null });
});

void test('a driver that gets fewer executors than --num-executors fails with a clear message when the wait ends', async () => {
  const port = await freePort();
  await assert.rejects(
    clusterContext(`kindling://127.0.0.1:${port}`, {
      conf: new KindlingConf({ 'kindling.executor.instances': '2', 'kindling.scheduler.maxRegisteredResourcesWaitingTime': '1s' }),
      logger: silentLogger(),
    }),
    (error: Error) =>
      /waited 1s for 2 executor\(s\) at kindling:\/\/127\.0\.0\.1:\d+, 0 registered; start them with `kindling executor --driver HOST:\d+` or lower --num-executors/.test(
        error.message,
      ),
  );
});

void test('a port already in use is one clear message', async () => {
  const busy = await occupiedPort();
  try {
    await assert.rejects(
      clusterContext(`kindling://127.0.0.1:${busy.port}`, { logger: silentLogger() }),
      (error: Error) => new RegExp(`Cannot listen on 127\\.0\\.0\\.1:${busy.port}: the port is already in use`).test(error.message),
    );
  } finally {
    busy.server.close();
  }
});

void test('a malformed master is one clear message naming the accepted forms', () => {
  for (const master of ['kindling://nohost', 'kindling://h:99999', 'local[0]', 'spark://h:1']) {
    assert.throws(
      () => createClusterBackend({ master, conf: new KindlingConf(), logger: silentLogger(), appId: 'a', mapOutputs: new MapOutputTracker() }),
      (error: Error) => error.message.startsWith(`Invalid master URL '${master}'`) && /kindling:\/\/HOST:PORT/.test(error.message),
    );
  }
});

void test('an executor started for another application is refused at registration and exits', async () => {
  const port = await freePort();
  const captured = capturingLogger('warn');
  const starting = clusterContext(`kindling://127.0.0.1:${port}`, {
    conf: new KindlingConf({ 'kindling.authenticate.secret': 's', 'kindling.scheduler.maxRegisteredResourcesWaitingTime': '20s' }),
    logger: captured.logger,
  });
  const stranger = executor(port, 's', 'd', ['--app-id', 'app-somebody-else']);
  const exit = await stranger.exited;
  assert.equal(exit.code, 1);
  assert.match(stranger.stderr(), /RegisterExecutor refused by the driver: this executor was started for application app-somebody-else/);
  await waitFor(() => /refused executor from .*app-somebody-else/.test(captured.text()), 2_000, 'the driver to log the refusal');
  const welcome = executor(port, 's', 'e');
  const { kc } = await starting;
  try {
    assert.equal(await kc.parallelize([1, 2, 3], 2).count(), 3);
  } finally {
    await kc.stop();
  }
  assert.equal((await welcome.exited).code, 0);
});
