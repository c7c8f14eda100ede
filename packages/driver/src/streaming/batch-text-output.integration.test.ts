/**
 * A failed batch write leaves no hidden temp directory, even when another task of
 * its job is still running when the job fails (seen once in CI: the task recreated
 * the temp directory after saveBatchAsTextFiles had deleted it). On local[2], two
 * executor processes over gRPC: partition 0 fails at once, partition 1 is slow
 * before it opens its part file. The job's failure reaches saveBatchAsTextFiles only
 * once partition 1's task has ended (failed-job-reaper.ts), so its delete comes last.
 *
 * With `inline` task isolation a task cannot be interrupted: it runs to its end and
 * writes its part, which is the case the fix must wait for. With `thread` (the
 * default) the kill terminates the task's thread, and is acknowledged once it exited.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { test } from 'node:test';
import { KindlingConf, silentLogger } from '@kindling/common';
import { clusterContext } from '../cluster/testing/cluster-test-support.js';
import { batchOutputPath, saveBatchAsTextFiles } from './batch-text-output.js';

async function failedWriteLeavesNothing(taskIsolation: 'inline' | 'thread'): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'kindling-failed-save-'));
  const conf = new KindlingConf().set('kindling.executor.taskIsolation', taskIsolation);
  const { kc } = await clusterContext('local[2]', { conf, logger: silentLogger() });
  try {
    const failing = kc.parallelize([0, 1], 2).mapPartitionsWithIndex((index: number, records: Iterable<number>) => {
      // Thrown when the task's records are asked for, before its part file is opened.
      if (index === 0) throw new Error('partition 0 cannot be written');
      // Sleeps without spinning; the part file is created after it.
      Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 1500);
      return records;
    });
    const out = batchOutputPath(pathToFileURL(join(dir, 'words')).href, 'txt', 1000);
    const started = Date.now();
    await assert.rejects(saveBatchAsTextFiles(failing, out, silentLogger()), (error: unknown) => {
      assert.ok(error instanceof Error);
      // The first task's one line, not the slow task's kill.
      assert.match(error.message, /partition 0 cannot be written/);
      assert.doesNotMatch(error.message, /\n/);
      return true;
    });
    const waitedMs = Date.now() - started;
    // The slow task's part would land in the temp directory up to ~1.5 s later; give it time to.
    await new Promise((resolve) => setTimeout(resolve, Math.max(0, 2500 - waitedMs)));
    assert.deepEqual(readdirSync(dir), [], 'no temp directory is left behind');
  } finally {
    await kc.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

void test('a failed batch write whose other task cannot be interrupted (inline tasks) leaves no temp directory: the failure waits for that task', () => failedWriteLeavesNothing('inline'));

void test('a failed batch write whose other task is killed (task threads) leaves no temp directory', () => failedWriteLeavesNothing('thread'));
