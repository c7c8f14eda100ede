/**
 * An executor started by hand outlives its driver: when the driver is killed and a
 * new one comes up at the same address, the executor drops the old application's
 * state and registers with the new one, which runs jobs on it.
 */
import assert from 'node:assert/strict';
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface, type Interface } from 'node:readline';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { freePort, killProcess, startExecutorProcess, waitFor } from './testing/cluster-test-support.js';

const driverProcess = fileURLToPath(new URL('./testing/driver-process.js', import.meta.url));

interface Driver {
  readonly child: ChildProcessWithoutNullStreams;
  readonly lines: Interface;
  next(): Promise<Record<string, unknown>>;
}

function startDriver(port: number): Driver {
  const child = spawn(
    process.execPath,
    [driverProcess, `kindling://127.0.0.1:${port}`, 'kindling.authenticate.secret=restart-secret', 'kindling.scheduler.maxRegisteredResourcesWaitingTime=20s'],
    { stdio: ['pipe', 'pipe', 'pipe'] },
  );
  const lines = createInterface({ input: child.stdout });
  const queue: string[] = [];
  const waiters: Array<(line: string) => void> = [];
  lines.on('line', (line) => {
    const waiter = waiters.shift();
    if (waiter !== undefined) waiter(line);
    else queue.push(line);
  });
  return {
    child,
    lines,
    next: () =>
      new Promise((resolve, reject) => {
        const queued = queue.shift();
        if (queued !== undefined) resolve(JSON.parse(queued) as Record<string, unknown>);
        else {
          waiters.push((line) => resolve(JSON.parse(line) as Record<string, unknown>));
          child.once('exit', (code) => reject(new Error(`driver exited with ${code}`)));
        }
      }),
  };
}

void test('a hand-started executor re-registers with a new driver at the same address and drops the old application', async () => {
  const port = await freePort();
  const workDir = await mkdtemp(join(tmpdir(), 'kindling-restart-test-'));
  const executor = startExecutorProcess(
    ['--driver', `127.0.0.1:${port}`, '--host', '127.0.0.1', '--work-dir', workDir, '--conf', 'kindling.executor.driverWaitTimeout=30s'],
    { KINDLING_AUTHENTICATE_SECRET: 'restart-secret', KINDLING_LOG_LEVEL: 'warn' },
  );
  let second: Driver | undefined;
  const first = startDriver(port);
  try {
    const ready1 = await first.next();
    first.child.stdin.write('job\n');
    assert.equal((await first.next())['result'], 9900);
    const oldApp = String(ready1['appId']);
    assert.deepEqual(await readdir(join(workDir, 'apps')), [oldApp]);

    first.child.kill('SIGKILL');
    await new Promise((resolve) => first.child.once('exit', resolve));
    second = startDriver(port);
    const ready2 = await second.next();
    const newApp = String(ready2['appId']);
    assert.notEqual(newApp, oldApp);
    second.child.stdin.write('job\n');
    const job = await second.next();
    assert.equal(job['result'], 9900);
    assert.equal((job['executors'] as string[]).length, 1);
    await waitFor(() => executor.stderr().includes(`dropping application ${oldApp}`), 5_000, 'the executor to log that it dropped the old application');
    assert.deepEqual(await readdir(join(workDir, 'apps')), [newApp]);

    second.child.stdin.end();
    assert.equal((await executor.exited).code, 0);
  } finally {
    first.child.kill('SIGKILL');
    second?.child.kill('SIGKILL');
    await killProcess(executor);
    await rm(workDir, { recursive: true, force: true });
  }
});
