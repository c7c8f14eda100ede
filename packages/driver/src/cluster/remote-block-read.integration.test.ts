/**
 * Remote block reads on local[2]: a task that runs on the executor which does not
 * hold its cached block (its locality wait ran out) reads the block over gRPC from
 * the executor that does, instead of recomputing it. Computations are counted with
 * a side-effect file: the cached RDD's function appends the pid of the process that
 * ran it, one line per record.
 */
import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { KindlingConf, StorageLevel, computeExportAliases, loadBundleDir, sha256Hex, silentLogger, writeBundleDir, type LoadedJobBundle } from '@kindling/common';
import { clusterContext } from './testing/cluster-test-support.js';

let root: string;

const code = [
  "import { appendFileSync } from 'node:fs';",
  '/** [countFile, x] -> x, noting which process computed it. */',
  'export function counted(record) { appendFileSync(record[0], `${process.pid}\\n`); return record[1]; }',
  '/** Holds the task for 300 ms (blocked, not spinning) so that both executors get tasks; says where it ran. */',
  'export function slowly(pair) { Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 300); return [pair[0], pair[1], process.pid]; }',
].join('\n');

async function bundle(): Promise<LoadedJobBundle> {
  const dir = join(root, 'bundle');
  const bytes = Buffer.from(code);
  await writeBundleDir(dir, bytes, {
    name: 'remote-block-job',
    version: '1.0.0',
    entry: 'job.js',
    sha256: sha256Hex(bytes),
    kindlingVersion: '0.1.0',
    exportAliases: computeExportAliases(code),
    builtAt: new Date().toISOString(),
  });
  return loadBundleDir(dir);
}

before(async () => {
  root = await mkdtemp(join(tmpdir(), 'kindling-remote-block-test-'));
});
after(() => rm(root, { recursive: true, force: true }));

async function computations(file: string): Promise<number[]> {
  return (await readFile(file, 'utf8')).split('\n').filter((l) => l !== '').map(Number);
}

void test('a task on the executor without the cached block reads it from the one that has it (memory or disk), not recomputing it', { timeout: 120_000 }, async () => {
  const job = await bundle();
  const counted = job.namespace['counted'] as (r: [string, number]) => number;
  const slowly = job.namespace['slowly'] as (p: [number, number]) => [number, number, number];
  const { kc, backend } = await clusterContext('local[2]', {
    conf: new KindlingConf({ 'kindling.locality.wait': '0', 'kindling.ui.showConsoleProgress': 'false' }),
    logger: silentLogger(),
    bundle: job,
  });
  try {
    for (const level of [StorageLevel.MEMORY_ONLY, StorageLevel.DISK_ONLY]) {
      const countFile = join(root, `computations-${level.name}`);
      const cached = kc.parallelize<[string, number]>([[countFile, 1], [countFile, 2], [countFile, 3]], 1).map(counted).persist(level);
      assert.equal(await cached.count(), 3);
      const first = await computations(countFile);
      assert.equal(first.length, 3, `${level.name}: computed once, one line per record`);
      const holderPid = first[0]!;
      assert.equal(kc.blockManagerMaster.getLocations(cached.id, 0).length, 1, 'the driver knows where the block is');

      // Six tasks, each reading the cached partition; with no locality wait both executors run some.
      const rows = await cached.cartesian(kc.parallelize([0, 1, 2, 3, 4, 5], 6)).map(slowly).collect();
      assert.equal(rows.length, 18);
      assert.deepEqual([...new Set(rows.map(([x]) => x))].sort(), [1, 2, 3]);
      const pids = new Set(rows.map(([, , pid]) => pid));
      assert.ok(backend.localExecutorPids().every((pid) => pids.has(pid)), `${level.name}: tasks ran on both executors (${[...pids].join(', ')})`);
      assert.ok([...pids].some((pid) => pid !== holderPid), 'some tasks ran away from the block');
      assert.deepEqual(await computations(countFile), first, `${level.name}: no executor recomputed the cached partition`);
    }
  } finally {
    await kc.stop();
  }
});
