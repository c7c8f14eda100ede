/**
 * Pipelining in the TaskScheduler: an executor holds no more tasks than cores until
 * a task set's tasks are known to be short; then as many more per core as fit in
 * kindling.scheduler.pipeline.queuedWorkPerCore of their average run time, up to
 * kindling.scheduler.pipeline.tasksPerCore; long tasks and tasksPerCore=0 never
 * queue; a bad setting is refused with one line.
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { InvalidArgumentError, KindlingConf, silentLogger, type TaskOutcome } from '@kindling/common';
import { BlockManagerMaster } from './block-manager-master.js';
import { pipelinedTasksPerCore } from './scheduler-conf.js';
import { TaskScheduler } from './task-scheduler.js';
import type { TaskSet } from './task-set.js';
import { RecordingBackend, emptyTaskSet, ignoringCallbacks as callbacks } from './testing/recording-backend.js';

function taskSet(tasks: number): TaskSet {
  return emptyTaskSet(tasks);
}

const success = (runTimeMs: number): TaskOutcome => ({
  status: 'success',
  result: new Uint8Array(0),
  metrics: { executorRunTimeMs: runTimeMs, recordsRead: 0, recordsWritten: 0, shuffleBytesWritten: 0, shuffleBytesRead: 0 },
});

const settle = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

/** A scheduler with executors '0' and '1' of `cores` cores each, running one task set. */
async function scheduler(settings: Record<string, string>, cores = 1, tasks = 100): Promise<{ ts: TaskScheduler; backend: RecordingBackend; running: () => Map<string, number[]> }> {
  const ts = new TaskScheduler({ conf: new KindlingConf(settings), logger: silentLogger(), blockManagerMaster: new BlockManagerMaster() });
  const backend = new RecordingBackend();
  ts.initialize(backend, callbacks);
  ts.executorAdded({ executorId: '0', host: 'h', cores });
  ts.executorAdded({ executorId: '1', host: 'h', cores });
  ts.submitTasks(taskSet(tasks));
  await settle();
  const finished = new Set<number>();
  const running = (): Map<string, number[]> => {
    const byExecutor = new Map<string, number[]>([['0', []], ['1', []]]);
    for (const { executorId, taskId } of backend.launched) if (!finished.has(taskId)) byExecutor.get(executorId)!.push(taskId);
    return byExecutor;
  };
  const originalStatusUpdate = ts.statusUpdate.bind(ts);
  ts.statusUpdate = (taskId, executorId, outcome) => {
    finished.add(taskId);
    originalStatusUpdate(taskId, executorId, outcome);
  };
  return { ts, backend, running };
}

async function finishOne(ts: TaskScheduler, running: Map<string, number[]>, executorId: string, runTimeMs: number): Promise<void> {
  ts.statusUpdate(running.get(executorId)![0]!, executorId, success(runTimeMs));
  await settle();
}

void describe('task pipelining', () => {
  void test('the first wave takes one task per core; once tasks are known to be short, executors hold more', async () => {
    const { ts, running } = await scheduler({}, 2);
    assert.deepEqual([...running().values()].map((ids) => ids.length), [2, 2], 'nothing is known yet: one task per core');
    // A task of 0.25 ms: 2 ms of queued work per core is 8 tasks (the default cap is 64).
    await finishOne(ts, running(), '0', 0.25);
    assert.deepEqual([...running().values()].map((ids) => ids.length), [2 * 9, 2 * 9], 'every executor is offered again: 1 + 8 per core');
    ts.stop();
  });

  void test('the queue per core shrinks as tasks get longer, and long tasks never queue', async () => {
    const { ts, running } = await scheduler({});
    await finishOne(ts, running(), '0', 0.5);
    assert.equal(running().get('0')!.length, 5, '2 ms of 0.5 ms tasks: 4 queued behind the running one');
    // One slow task weighs a quarter of the estimate at once: 0.5 * 0.75 + 40 * 0.25 > 2 ms.
    await finishOne(ts, running(), '0', 40);
    // Still 4 held behind: nothing new until they are down to one per core.
    assert.equal(running().get('0')!.length, 4);
    for (let i = 0; i < 3; i++) await finishOne(ts, running(), '0', 40);
    assert.equal(running().get('0')!.length, 1, 'long tasks: one per core');
    ts.stop();
  });

  void test('nothing queues behind a running task not known to be short (a streaming receiver\'s never ends)', async () => {
    // Executor '0' runs the one task of a set with no estimate (as a receiver's), '1' is free.
    const ts = new TaskScheduler({ conf: new KindlingConf({}), logger: silentLogger(), blockManagerMaster: new BlockManagerMaster() });
    const backend = new RecordingBackend();
    ts.initialize(backend, callbacks);
    ts.executorAdded({ executorId: '0', host: 'h', cores: 1 });
    ts.submitTasks({ ...taskSet(1), stageId: 7 });
    await settle();
    ts.executorAdded({ executorId: '1', host: 'h', cores: 1 });
    ts.submitTasks({ ...taskSet(100), stageId: 8 });
    await settle();
    const onExecutor = (id: string): number[] => backend.launched.filter((l) => l.executorId === id).map((l) => l.taskId);
    const receiverTask = onExecutor('0')[0]!;
    // The short set learns its estimate on executor '1'…
    ts.statusUpdate(onExecutor('1')[0]!, '1', success(0.25));
    await settle();
    // …and queues there, never behind the long task on '0'.
    assert.deepEqual(onExecutor('0'), [receiverTask], 'no task was put behind the running long task');
    assert.ok(onExecutor('1').length > 2, `the short tasks are pipelined on the free executor (${onExecutor('1').length})`);
    ts.stop();
  });

  void test('tasksPerCore=0 keeps Spark\'s one task per core', async () => {
    const { ts, running } = await scheduler({ 'kindling.scheduler.pipeline.tasksPerCore': '0' });
    for (let i = 0; i < 5; i++) await finishOne(ts, running(), '0', 0);
    assert.deepEqual([...running().values()].map((ids) => ids.length), [1, 1]);
    ts.stop();
  });

  void test('a negative or fractional tasksPerCore is refused with one line', () => {
    for (const [value, reason] of [['-1', /whole number >= 0/], ['1.5', /not an integer/]] as const) {
      assert.throws(
        () => new TaskScheduler({ conf: new KindlingConf({ 'kindling.scheduler.pipeline.tasksPerCore': value }), logger: silentLogger(), blockManagerMaster: new BlockManagerMaster() }),
        (error: unknown) =>
          error instanceof InvalidArgumentError && error.message.includes(`kindling.scheduler.pipeline.tasksPerCore=${value}`) && reason.test(error.message) && !error.message.includes('\n'),
      );
    }
  });

  void test('pipelinedTasksPerCore: nothing before an estimate, the cap for instant tasks, the fit otherwise', () => {
    assert.equal(pipelinedTasksPerCore(undefined, 8, 2), 0);
    assert.equal(pipelinedTasksPerCore(0, 8, 2), 8);
    assert.equal(pipelinedTasksPerCore(0.01, 8, 2), 8);
    assert.equal(pipelinedTasksPerCore(0.5, 8, 2), 4);
    assert.equal(pipelinedTasksPerCore(2.5, 8, 2), 0);
    assert.equal(pipelinedTasksPerCore(0.01, 0, 2), 0);
  });
});
