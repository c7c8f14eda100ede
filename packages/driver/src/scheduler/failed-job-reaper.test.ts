/**
 * A failed job's failure waits for the tasks running in its own stages, and no
 * longer than the timeout: a hung task cannot hold it forever.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { silentLogger } from '@kindling/common';
import { FailedJobReaper } from './failed-job-reaper.js';

void test('a failed job is delivered once the running tasks of its stages have ended, not those of other stages', () => {
  const delivered: number[] = [];
  const reaper = new FailedJobReaper(5000, silentLogger(), () => assert.fail('no timeout expected'));
  reaper.taskStarted(1, 10);
  reaper.taskStarted(2, 10);
  reaper.taskStarted(3, 11);
  reaper.taskEnded(1);
  reaper.hold(7, new Set([10]), () => delivered.push(7));
  assert.equal(delivered.length, 0);
  reaper.taskEnded(3);
  assert.equal(delivered.length, 0, 'a task of another stage does not release it');
  reaper.taskEnded(2);
  assert.deepEqual(delivered, [7]);
  assert.equal(reaper.heldCount, 0);
  // Nothing running in its stages: at once.
  reaper.hold(8, new Set([10]), () => delivered.push(8));
  assert.deepEqual(delivered, [7, 8]);
});

void test('a failure held for a hung task is delivered when the wait times out, and releaseAll delivers the rest', async () => {
  const delivered: number[] = [];
  let reaper!: FailedJobReaper;
  const timedOut = new Promise<void>((resolve) => {
    reaper = new FailedJobReaper(50, silentLogger(), (jobId) => {
      reaper.timedOut(jobId);
      resolve();
    });
  });
  reaper.taskStarted(1, 10);
  reaper.hold(1, new Set([10]), () => delivered.push(1));
  await timedOut;
  assert.deepEqual(delivered, [1]);
  reaper.taskEnded(1);
  assert.deepEqual(delivered, [1], 'delivered once');
  reaper.taskStarted(2, 12);
  reaper.hold(2, new Set([12]), () => delivered.push(2));
  reaper.releaseAll();
  assert.deepEqual(delivered, [1, 2]);
});
