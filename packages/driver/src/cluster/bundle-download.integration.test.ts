/**
 * Job bundles on executors: downloaded from the driver once per sha256 and kept in
 * the executor's work directory, so neither a second job nor a restarted executor
 * downloads it again; a bundle that throws on import fails the job with that error.
 */
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { KindlingConf, computeExportAliases, loadBundleDir, sha256Hex, silentLogger, writeBundleDir, type LoadedJobBundle } from '@kindling/common';
import { clusterContext, freePort, killProcess, startExecutorProcess, type ExecutorProcess } from './testing/cluster-test-support.js';

let root: string;
const processes: ExecutorProcess[] = [];

before(async () => {
  root = await mkdtemp(join(tmpdir(), 'kindling-bundle-download-test-'));
});

after(async () => {
  await Promise.all(processes.map(killProcess));
  await rm(root, { recursive: true, force: true });
});

async function bundle(name: string, code: string): Promise<LoadedJobBundle> {
  const dir = join(root, name);
  const bytes = Buffer.from(code);
  await writeBundleDir(dir, bytes, {
    name,
    version: '1.0.0',
    entry: 'job.js',
    sha256: sha256Hex(bytes),
    kindlingVersion: '0.1.0',
    exportAliases: computeExportAliases(code),
    builtAt: new Date().toISOString(),
  });
  return loadBundleDir(dir);
}

async function contextWithExecutor(job: LoadedJobBundle, executorWorkDir: string, env: NodeJS.ProcessEnv = {}) {
  const port = await freePort();
  const starting = clusterContext(`kindling://127.0.0.1:${port}`, {
    conf: new KindlingConf({ 'kindling.authenticate.secret': 'bundle-secret' }),
    logger: silentLogger(),
    bundle: job,
  });
  const executor = startExecutorProcess(['--driver', `127.0.0.1:${port}`, '--host', '127.0.0.1', '--work-dir', executorWorkDir], {
    KINDLING_AUTHENTICATE_SECRET: 'bundle-secret',
    ...env,
  });
  processes.push(executor);
  return { ...(await starting), executor };
}

void test('an executor downloads a bundle once, and after a restart with the same work dir not at all', async () => {
  const job = await bundle('triple-job', 'export function triple(x) { return x * 3; }\n');
  const triple = job.namespace['triple'] as (x: number) => number;
  const executorWorkDir = join(root, 'executor-work');

  const first = await contextWithExecutor(job, executorWorkDir);
  try {
    assert.deepEqual(await first.kc.parallelize([1, 2, 3, 4], 2).map(triple).collect(), [3, 6, 9, 12]);
    assert.deepEqual(await first.kc.parallelize([5, 6], 2).map(triple).collect(), [15, 18]);
    assert.equal(first.backend.bundleDownloads(job.sha256), 1);
  } finally {
    await first.kc.stop();
  }
  assert.equal((await first.executor.exited).code, 0);

  const second = await contextWithExecutor(job, executorWorkDir);
  try {
    assert.deepEqual(await second.kc.parallelize([7], 1).map(triple).collect(), [21]);
    assert.equal(second.backend.bundleDownloads(job.sha256), 0);
  } finally {
    await second.kc.stop();
  }
});

void test('a bundle that throws when an executor imports it fails the job with that error', async () => {
  const code = [
    "if (process.env.KINDLING_TEST_EXPLODE === '1') throw new Error('boom while importing the bundle');",
    'export function double(x) { return x * 2; }',
    '',
  ].join('\n');
  const job = await bundle('exploding-job', code);
  const double = job.namespace['double'] as (x: number) => number;
  const { kc } = await contextWithExecutor(job, join(root, 'explode-work'), { KINDLING_TEST_EXPLODE: '1' });
  try {
    await assert.rejects(kc.parallelize([1, 2], 2).map(double).collect(), (error: Error) => /boom while importing the bundle/.test(error.message));
  } finally {
    await kc.stop();
  }
});
