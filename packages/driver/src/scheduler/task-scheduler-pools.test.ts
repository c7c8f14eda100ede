/**
 * Scheduling pools in the TaskScheduler: the background pool's task sets get a core
 * only when no other task set can use it, whatever their job ids, and are never
 * pipelined; other pools share one FIFO order.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { KindlingConf, silentLogger, type TaskOutcome } from '@kindling/common';
import { BlockManagerMaster } from './block-manager-master.js';
import { BACKGROUND_POOL } from './scheduling-pool.js';
import { TaskScheduler } from './task-scheduler.js';
import type { TaskSet } from './task-set.js';
import { RecordingBackend, emptyTaskSet, ignoringCallbacks } from './testing/recording-backend.js';

function taskSet(stageId: number, jobId: number, tasks: number, pool?: string): TaskSet {
  return emptyTaskSet(tasks, { stageId, jobId, ...(pool === undefined ? {} : { pool }) });
}

const quickSuccess: TaskOutcome = {
  status: 'success',
  result: new Uint8Array(0),
  metrics: { executorRunTimeMs: 0.01, recordsRead: 0, recordsWritten: 0, shuffleBytesWritten: 0, shuffleBytesRead: 0 },
};

const settle = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

async function oneCoreScheduler(): Promise<{ ts: TaskScheduler; backend: RecordingBackend; finishNext: () => Promise<void> }> {
  const ts = new TaskScheduler({ conf: new KindlingConf(), logger: silentLogger(), blockManagerMaster: new BlockManagerMaster() });
  const backend = new RecordingBackend();
  ts.initialize(backend, ignoringCallbacks);
  ts.executorAdded({ executorId: '0', host: 'h', cores: 1 });
  let finished = 0;
  const finishNext = async (): Promise<void> => {
    ts.statusUpdate(backend.launched[finished++]!.taskId, '0', quickSuccess);
    await settle();
  };
  return { ts, backend, finishNext };
}

void test('a foreground task set submitted after a background one gets the next free core, and the background set gets the rest', async () => {
  const { ts, backend, finishNext } = await oneCoreScheduler();
  ts.submitTasks(taskSet(1, 0, 3, BACKGROUND_POOL));
  await settle();
  assert.deepEqual(backend.launched.map((l) => l.stageId), [1], 'the free core goes to the background set while nothing else wants it');
  ts.submitTasks(taskSet(2, 1, 2));
  await settle();
  assert.equal(backend.launched.length, 1, 'a running background task is not preempted');
  await finishNext();
  await finishNext();
  await finishNext();
  await finishNext();
  await finishNext();
  assert.deepEqual(backend.launched.map((l) => l.stageId), [1, 2, 2, 1, 1]);
  ts.stop();
});

void test('background tasks are never pipelined, even once they are known to be short', async () => {
  const { ts, backend, finishNext } = await oneCoreScheduler();
  ts.submitTasks(taskSet(1, 0, 20, BACKGROUND_POOL));
  await settle();
  for (let i = 0; i < 5; i++) {
    assert.equal(backend.launched.length - i, 1, `one background task at a time on the one core (after ${i} finished)`);
    await finishNext();
  }
  ts.stop();
});

void test('a default-pool set pipelines as before, and other named pools share one FIFO order with it', async () => {
  const { ts, backend, finishNext } = await oneCoreScheduler();
  ts.submitTasks(taskSet(9, 0, 1));
  await settle();
  ts.submitTasks(taskSet(2, 2, 3, 'reports'));
  ts.submitTasks(taskSet(1, 1, 40));
  await settle();
  await finishNext();
  assert.deepEqual(backend.launched.map((l) => l.stageId), [9, 1], 'job 1 before job 2, whatever their pools');
  await finishNext();
  const held = backend.launched.slice(2);
  assert.ok(held.length > 2 && held.every((l) => l.stageId === 1), `short tasks of the default pool are pipelined (${held.length} launched at once)`);
  ts.stop();
});
