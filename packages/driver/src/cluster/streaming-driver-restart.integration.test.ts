/**
 * In kindling:// mode executors outlive a driver restart (issue 10, item 6): a
 * streaming driver on a standalone cluster is killed with SIGKILL and started again
 * with the same command. getOrCreate recovers it from its checkpoint; the executor
 * started by hand — the same process, never restarted — drops the old application,
 * registers with the new driver and runs its batches (it is the only executor).
 */
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL, fileURLToPath } from 'node:url';
import { test } from 'node:test';
import { freePort, killProcess, startExecutorProcess, waitFor } from './testing/cluster-test-support.js';

const cliMain = fileURLToPath(new URL('../cli/main.js', import.meta.url));
const videoHits = fileURLToPath(new URL('../../../../examples/video-hits/video-hits.ts', import.meta.url));

interface Driver {
  readonly child: ChildProcess;
  readonly log: () => string;
  readonly exited: Promise<unknown>;
}

function submit(master: string, dir: string, env: NodeJS.ProcessEnv): Driver {
  const child = spawn(
    process.execPath,
    [
      cliMain, 'submit', '--master', master, videoHits, pathToFileURL(join(dir, 'checkpoint')).href,
      '--source', 'rate', '--rate', '100', '--batch', '1', '--max-records', '1000000', '--output', pathToFileURL(join(dir, 'out')).href,
    ],
    { stdio: ['ignore', 'ignore', 'pipe'], env: { ...process.env, ...env } },
  );
  let log = '';
  child.stderr!.on('data', (chunk: Buffer) => (log += chunk.toString('utf8')));
  return { child, log: () => log, exited: new Promise((resolve) => child.once('exit', resolve)) };
}

const count = (text: string, pattern: RegExp): number => text.match(new RegExp(pattern.source, 'g'))?.length ?? 0;
const appIdOf = (log: string): string | undefined => /Started KindlingContext video-hits \((app-[^)]+)\)/.exec(log)?.[1];

void test('a streaming driver on kindling:// killed with SIGKILL and restarted: the same executor process re-registers and runs the recovered stream', { timeout: 240_000 }, async () => {
  const port = await freePort();
  const dir = await mkdtemp(join(tmpdir(), 'kindling-cluster-streaming-restart-'));
  const env = { KINDLING_AUTHENTICATE_SECRET: 'streaming-restart-secret', KINDLING_LOG_LEVEL: 'info', KINDLING_BUNDLE_CACHE: join(dir, 'bundles') };
  const executor = startExecutorProcess(
    ['--driver', `127.0.0.1:${port}`, '--host', '127.0.0.1', '--work-dir', join(dir, 'executor'), '--conf', 'kindling.executor.driverWaitTimeout=60s'],
    { ...env, KINDLING_LOG_LEVEL: 'info' },
  );
  const master = `kindling://127.0.0.1:${port}`;
  let second: Driver | undefined;
  const first = submit(master, dir, env);
  try {
    await waitFor(() => count(first.log(), /"msg":"Finished jobs for time/) >= 2, 90_000, 'the first driver to complete two batches');
    const firstApp = appIdOf(first.log());
    assert.ok(firstApp !== undefined, first.log());
    first.child.kill('SIGKILL');
    await first.exited;

    second = submit(master, dir, env);
    const restarted = second;
    await waitFor(() => count(restarted.log(), /"msg":"Finished jobs for time/) >= 2, 90_000, 'the restarted driver to complete two batches');
    const log = restarted.log();
    assert.match(log, /Recovered the StreamingContext from checkpoint file/);
    const secondApp = appIdOf(log);
    assert.ok(secondApp !== undefined && secondApp !== firstApp, log);

    // The same executor process: never exited, registered once with each driver.
    assert.equal(executor.child.exitCode, null, executor.stderr());
    assert.equal(executor.child.signalCode, null, executor.stderr());
    assert.match(executor.stderr(), new RegExp(`registered with the driver at 127\\.0\\.0\\.1:${port} as executor \\S+ of ${firstApp}`));
    assert.match(executor.stderr(), new RegExp(`registered with the driver at 127\\.0\\.0\\.1:${port} as executor \\S+ of ${secondApp}`));
    await waitFor(() => executor.stderr().includes(`dropping application ${firstApp}`), 10_000, 'the executor to drop the old application');
    // The new driver's batches ran on it: it is the only executor the new driver has.
    assert.equal(count(log, /"msg":"Executor \S+ added/), 1, log);
    assert.match(log, /"msg":"Job \d+ finished/);
  } finally {
    first.child.kill('SIGKILL');
    second?.child.kill('SIGKILL');
    await Promise.all([first.exited, second?.exited]);
    await killProcess(executor);
    await rm(dir, { recursive: true, force: true });
  }
});
