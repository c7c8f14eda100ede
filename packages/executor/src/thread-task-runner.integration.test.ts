/**
 * ThreadTaskRunner with real worker threads and a scripted runTask: tasks given
 * together travel to a thread in batches and all answer, in order; a task never
 * queues behind one that has run long while another thread is free; a killed task
 * ends as killed, and so do the tasks queued behind it on its thread (the driver
 * relaunches them), while the thread is replaced and keeps serving.
 */
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { silentLogger, type TaskDescription, type TaskOutcome } from '@kindling/common';
import type { TaskEnvSetup } from './task-env.js';
import type { ScriptedResult } from './testing/scripted-run-task.js';
import { ThreadTaskRunner } from './thread-task-runner.js';

let workDir: string;
const runners: ThreadTaskRunner[] = [];

before(async () => {
  workDir = await mkdtemp(join(tmpdir(), 'kindling-thread-runner-test-'));
});

after(async () => {
  await Promise.all(runners.map((r) => r.close()));
  await rm(workDir, { recursive: true, force: true });
});

async function runner(cores: number): Promise<ThreadTaskRunner> {
  const setup: TaskEnvSetup = {
    executorId: '0',
    address: '127.0.0.1:1',
    appId: 'app-test',
    workDir,
    bundleRoot: join(workDir, 'bundles'),
    // Never dialled: the scripted tasks neither fetch shuffle blocks nor call the driver.
    driverAddress: '127.0.0.1:1',
    conf: [],
    runnerModule: new URL('./testing/scripted-run-task.js', import.meta.url).href,
    payloadCacheBytes: 1 << 20,
    memorySlots: cores,
  };
  const r = new ThreadTaskRunner(setup, cores, silentLogger());
  runners.push(r);
  await r.ready;
  return r;
}

let nextTaskId = 0;

function task(partitionId: number, busyMs: Record<number, number> = {}): TaskDescription {
  return {
    taskId: nextTaskId++,
    jobId: 0,
    stageId: 0,
    stageAttemptId: 0,
    partitionId,
    attemptNumber: 0,
    appId: 'app-test',
    bundleSha256: '',
    payload: new TextEncoder().encode(JSON.stringify({ busyMs })),
  };
}

function resultOf(outcome: TaskOutcome): ScriptedResult {
  assert.equal(outcome.status, 'success', JSON.stringify(outcome));
  return JSON.parse(new TextDecoder().decode((outcome as { result: Uint8Array }).result)) as ScriptedResult;
}

const delay = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

void describe('ThreadTaskRunner', () => {
  void test('many tasks given at once to one thread all run there, in order, each with its own outcome', async () => {
    const r = await runner(1);
    const finished: number[] = [];
    const outcomes = await Promise.all(
      Array.from({ length: 50 }, (_, p) =>
        r.run(task(p), 0, 0).then((outcome) => {
          finished.push(p);
          return outcome;
        }),
      ),
    );
    assert.deepEqual(outcomes.map((o) => resultOf(o).partitionId), Array.from({ length: 50 }, (_, p) => p));
    assert.deepEqual(finished, Array.from({ length: 50 }, (_, p) => p), 'one thread runs them in the order given');
    assert.equal(new Set(outcomes.map((o) => resultOf(o).threadId)).size, 1);
    assert.deepEqual(r.runningTaskIds(), []);
  });

  void test('short tasks do not queue behind a task that has run long while another thread is free', async () => {
    const r = await runner(2);
    const busy = { 0: 600 };
    const long = r.run(task(0, busy), 1, 0);
    await delay(100);
    const started = Date.now();
    const short = await Promise.all([1, 2, 3, 4].map((p) => r.run(task(p, busy), 1, 0)));
    const shortMs = Date.now() - started;
    const longResult = resultOf(await long);
    assert.ok(short.every((o) => resultOf(o).threadId !== longResult.threadId), 'the short tasks ran on the other thread');
    assert.ok(shortMs < 400, `the short tasks took ${shortMs} ms: they waited for the long one`);
  });

  void test('killing a task queued behind another on its thread ends both as killed; the thread is replaced and keeps serving', async () => {
    const r = await runner(1);
    const busy = { 0: 10_000 };
    const running = task(0, busy);
    const queued = task(1, busy);
    const runningOutcome = r.run(running, 2, 0);
    const queuedOutcome = r.run(queued, 2, 0);
    await delay(50);
    assert.deepEqual(r.runningTaskIds().sort(), [running.taskId, queued.taskId].sort());
    assert.equal(r.kill(queued.taskId, 'stage cancelled'), true);
    assert.deepEqual(await queuedOutcome, { status: 'killed', reason: 'stage cancelled' });
    const other = await runningOutcome;
    assert.equal(other.status, 'killed', 'the task it held is answered as killed, so the driver relaunches it without counting a failure');
    assert.match((other as { reason: string }).reason, new RegExp(`restarted to kill task ${queued.taskId}`));
    assert.equal(resultOf(await r.run(task(2), 2, 0)).partitionId, 2, 'the replacement thread runs the next task');
    assert.equal(r.kill(queued.taskId, 'again'), false, 'a task that ended cannot be killed');
  });
});
