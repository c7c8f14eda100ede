/**
 * The docker-compose topology without Docker (issue 5, item 9): the embedded WebHDFS
 * server in place of Hadoop, a driver process running the checkpoint example with
 * `--master kindling://127.0.0.1:PORT --num-executors 2`, and two executor processes
 * started separately with `kindling executor --driver 127.0.0.1:PORT` — the same
 * commands the compose file runs. The executors write the checkpoint to WebHDFS; the
 * test then reads it from the server.
 */
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { closeAllFileSystems, getFileSystem } from '@kindling/common';
import { startEmbeddedHdfs, type EmbeddedHdfs } from '@kindling/hdfs';
import { freePort } from '../cluster/testing/cluster-test-support.js';

const root = new URL('../../../../', import.meta.url).pathname;
const cli = join(root, 'packages/driver/dist/cli/main.js');

interface Started {
  readonly child: ChildProcess;
  readonly output: () => string;
  readonly exited: Promise<number | null>;
}

function start(args: readonly string[]): Started {
  const child = spawn(process.execPath, [cli, ...args], {
    cwd: root,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, KINDLING_AUTHENTICATE_SECRET: 'topology-test', KINDLING_LOG_LEVEL: 'warn' },
  });
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
  const exited = once(child, 'exit').then(([code]) => code as number | null);
  return { child, output: () => output, exited };
}

void describe('the compose topology without Docker: embedded WebHDFS, a kindling:// driver, two executors', () => {
  let dir: string;
  let hdfs: EmbeddedHdfs;
  const processes: Started[] = [];

  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'kindling-topology-'));
    hdfs = await startEmbeddedHdfs({ port: 0, dataPort: 0, dir: join(dir, 'hdfs') });
  });

  after(async () => {
    for (const p of processes) if (p.child.exitCode === null && p.child.signalCode === null) p.child.kill('SIGKILL');
    await Promise.all(processes.map((p) => p.exited));
    await closeAllFileSystems();
    await hdfs.close();
    await rm(dir, { recursive: true, force: true });
  });

  void test('the driver runs the checkpoint example on the two executors, which write the checkpoint to WebHDFS', async () => {
    const port = await freePort();
    const checkpoints = `${hdfs.uri}/kindling/checkpoints`;
    const driver = start(['submit', '--master', `kindling://127.0.0.1:${port}`, '--num-executors', '2', 'examples/checkpoint/checkpoint-job.ts', checkpoints]);
    processes.push(driver);
    for (let i = 0; i < 2; i++) processes.push(start(['executor', '--driver', `127.0.0.1:${port}`, '--cores', '1']));
    const timeout = setTimeout(() => driver.child.kill('SIGKILL'), 120_000);
    const code = await driver.exited;
    clearTimeout(timeout);
    const output = driver.output();
    assert.equal(code, 0, output);
    assert.match(output, /100 pages; checkpointed: true in webhdfs:\/\/.*\/kindling\/checkpoints\/[0-9a-f-]{36}\/rdd-\d+/);
    assert.match(output, /iteration 30: lineage of 2 RDDs/);
    assert.match(output, /read back 100 pages with HashPartitioner\(4\): identical/);

    const fs = getFileSystem(hdfs.uri);
    const [appDir] = await fs.list(checkpoints);
    assert.ok(appDir !== undefined);
    const rddDirs = (await fs.list(appDir.path)).filter((s) => s.name.startsWith('rdd-'));
    assert.ok(rddDirs.length >= 4, `the views and three rank checkpoints: ${rddDirs.map((s) => s.name).join(', ')}`);
    for (const rddDir of rddDirs) {
      const names = (await fs.list(rddDir.path)).map((s) => s.name);
      assert.ok(names.includes('_metadata'), `${rddDir.name} is complete: ${names.join(', ')}`);
      assert.deepEqual(names.filter((n) => n.startsWith('part-')), ['part-00000', 'part-00001', 'part-00002', 'part-00003']);
    }
  });
});
