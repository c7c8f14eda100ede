/**
 * No orphans: when the driver process is killed with SIGKILL (no chance to clean
 * up), the executor processes it spawned for local[N] notice and exit.
 */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { isAlive, waitFor } from './testing/cluster-test-support.js';

const driverProcess = fileURLToPath(new URL('./testing/driver-process.js', import.meta.url));

void test('executors spawned for local[2] exit when their driver is killed with SIGKILL', async () => {
  const driver = spawn(process.execPath, [driverProcess, 'local[2]'], { stdio: ['pipe', 'pipe', 'inherit'] });
  let pids: number[] = [];
  try {
    const lines = createInterface({ input: driver.stdout });
    const first = await new Promise<string>((resolve, reject) => {
      lines.once('line', resolve);
      driver.once('exit', (code) => reject(new Error(`driver exited with ${code} before starting`)));
    });
    pids = (JSON.parse(first) as { pids: number[] }).pids;
    assert.equal(pids.length, 2);
    assert.ok(pids.every(isAlive));
    driver.kill('SIGKILL');
    await waitFor(() => pids.every((pid) => !isAlive(pid)), 8_000, `executors ${pids.join(', ')} to exit after their driver was killed`);
  } finally {
    driver.kill('SIGKILL');
    for (const pid of pids) if (isAlive(pid)) process.kill(pid, 'SIGKILL');
  }
});
