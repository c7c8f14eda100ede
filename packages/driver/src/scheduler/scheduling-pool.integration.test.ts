/**
 * The background pool on real executors (local[2], one core each, over gRPC): a
 * foreground job submitted while a background job still has tasks pending runs on
 * the first cores that free up, before the background job's remaining tasks; with
 * both in the default pool (the control), it waits behind all of them, FIFO.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { KindlingConf, silentLogger } from '@kindling/common';
import { clusterContext } from '../cluster/testing/cluster-test-support.js';
import type { KindlingContext } from '../kindling-context.js';
import { BACKGROUND_POOL, DEFAULT_POOL, SCHEDULER_POOL_PROPERTY } from './scheduling-pool.js';

const BACKGROUND_TASKS = 6;

interface Run {
  /** Background tasks launched before the foreground job's first task. */
  readonly backgroundBefore: number;
  readonly foregroundDoneFirst: boolean;
}

/** A background-pool job of slow tasks, and a quick job submitted once two of them run. */
async function race(kc: KindlingContext, backgroundPool: string): Promise<Run> {
  const starts: Array<{ jobId: number; taskId: number }> = [];
  let releaseForeground!: () => void;
  const twoRunning = new Promise<void>((resolve) => (releaseForeground = resolve));
  const listener = {
    onTaskStart: ({ taskInfo }: { taskInfo: { jobId: number; taskId: number } }) => {
      starts.push({ jobId: taskInfo.jobId, taskId: taskInfo.taskId });
      if (starts.length === 2) releaseForeground();
    },
  };
  kc.addKindlingListener(listener);
  try {
    const order: string[] = [];
    const background = kc.withLocalProperty(SCHEDULER_POOL_PROPERTY, backgroundPool, () =>
      kc
        .parallelize(Array.from({ length: BACKGROUND_TASKS }, (_, i) => i), BACKGROUND_TASKS)
        .map((x: number) => {
          // Blocks the task thread without spinning (a core is shared with the other test file running).
          Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 400);
          return x;
        })
        .count()
        .then((n) => order.push(`background ${n}`)),
    );
    await twoRunning;
    const foregroundJobId = Math.max(...starts.map((s) => s.jobId)) + 1;
    const foreground = kc
      .parallelize([1, 2], 2)
      .map((x: number) => x * 10)
      .collect()
      .then((values) => order.push(`foreground ${values.join(',')}`));
    await Promise.all([background, foreground]);
    assert.deepEqual([...order].sort(), [`background ${BACKGROUND_TASKS}`, 'foreground 10,20']);
    const firstForeground = Math.min(...starts.filter((s) => s.jobId === foregroundJobId).map((s) => s.taskId));
    const backgroundJobId = starts[0]!.jobId;
    return {
      backgroundBefore: starts.filter((s) => s.jobId === backgroundJobId && s.taskId < firstForeground).length,
      foregroundDoneFirst: order[0]!.startsWith('foreground'),
    };
  } finally {
    kc.removeKindlingListener(listener);
  }
}

void test('a background job does not delay a foreground job whose tasks are pending beside its own', async () => {
  const { kc } = await clusterContext('local[2]', { conf: new KindlingConf(), logger: silentLogger() });
  try {
    // The control first: both in the default pool, the later job waits for every task of the earlier one.
    const fifo = await race(kc, DEFAULT_POOL);
    assert.equal(fifo.backgroundBefore, BACKGROUND_TASKS, 'in one pool, jobs run FIFO');

    const pooled = await race(kc, BACKGROUND_POOL);
    // The two background tasks running when the foreground job came keep their cores (no preemption); the next free cores are the foreground's.
    assert.equal(pooled.backgroundBefore, 2, `${pooled.backgroundBefore} background tasks started before the foreground job's first`);
    assert.equal(pooled.foregroundDoneFirst, true, 'the foreground job finished before the background job');
  } finally {
    await kc.stop();
  }
});
