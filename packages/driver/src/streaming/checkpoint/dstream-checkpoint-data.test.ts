/**
 * Old RDD checkpoints of a stream are deleted after the metadata checkpoint that no
 * longer refers to them, and a delete that fails is reported — a warning naming the
 * directory and the reason, counted in deleteFailures() — and tried again at the next
 * cleanup, never silently dropped (Spark ignores it, and the directory grows).
 *
 * The failure is a real one: a file in the directory is made immutable with chattr,
 * which even root cannot delete; the test is skipped where chattr is not supported.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { pathToFileURL } from 'node:url';
import { deleteFailures, silentLogger, type RDD } from '@kindling/common';
import { DStreamCheckpointData } from './dstream-checkpoint-data.js';

const chattr = (flag: '+i' | '-i', file: string): boolean => spawnSync('chattr', [flag, file]).status === 0;

void test('a failed delete of an old RDD checkpoint is reported with its path, counted, and retried at the next cleanup', async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'kindling-ckpt-cleanup-'));
  const pinned = join(dir, 'rdd-1', 'part-00000');
  try {
    const paths = [1000, 2000, 3000, 4000].map((time) => {
      mkdirSync(join(dir, `rdd-${time / 1000}`));
      writeFileSync(join(dir, `rdd-${time / 1000}`, 'part-00000'), 'x');
      return pathToFileURL(join(dir, `rdd-${time / 1000}`)).href;
    });
    if (!chattr('+i', pinned)) {
      t.skip('chattr +i is not supported here');
      return;
    }
    const warnings: string[] = [];
    const logger = { ...silentLogger(), warn: (...args: unknown[]) => void warnings.push(String(args.at(-1))), debug: () => undefined } as unknown as ReturnType<typeof silentLogger>;
    const data = new DStreamCheckpointData(() => 'StateDStream (sums)', logger);
    const rdds = (times: number[]): Map<number, RDD<unknown>> => new Map(times.map((time) => [time, { getCheckpointFile: () => paths[time / 1000 - 1] } as unknown as RDD<unknown>]));
    const before = deleteFailures().count;

    data.update(2000, rdds([1000, 2000]));
    data.update(3000, rdds([2000, 3000]));
    await data.cleanup(3000);
    assert.equal(deleteFailures().count, before + 1);
    assert.equal(deleteFailures().recent.at(-1)?.path, paths[0]);
    assert.equal(warnings.length, 1);
    assert.match(warnings[0]!, /^Could not delete RDD checkpoint directory of StateDStream \(sums\) for batch 1000 ms, file:\/\/\S+\/rdd-1: /);
    assert.ok(existsSync(join(dir, 'rdd-1')));

    chattr('-i', pinned);
    data.update(4000, rdds([3000, 4000]));
    await data.cleanup(4000);
    assert.equal(deleteFailures().count, before + 1);
    assert.deepEqual([1, 2, 3, 4].map((n) => existsSync(join(dir, `rdd-${n}`))), [false, false, true, true], 'the failed one is retried, the next one goes');
  } finally {
    chattr('-i', pinned);
    rmSync(dir, { recursive: true, force: true });
  }
});
