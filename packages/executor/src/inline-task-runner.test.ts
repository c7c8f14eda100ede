/**
 * InlineTaskRunner runs `cores` tasks at a time on the main thread: the others wait
 * their turn (so each task's run time measures the task), and a waiting task can be
 * killed without running.
 */
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { silentLogger, type TaskDescription, type TaskOutcome } from '@kindling/common';
import { InlineTaskRunner } from './inline-task-runner.js';
import type { TaskEnvSetup } from './task-env.js';
import type { ScriptedResult } from './testing/scripted-run-task.js';

let workDir: string;

before(async () => {
  workDir = await mkdtemp(join(tmpdir(), 'kindling-inline-runner-test-'));
});

after(async () => {
  await rm(workDir, { recursive: true, force: true });
});

function setup(): TaskEnvSetup {
  return {
    executorId: '0',
    address: '127.0.0.1:1',
    appId: 'app-test',
    workDir,
    bundleRoot: join(workDir, 'bundles'),
    driverAddress: '127.0.0.1:1',
    conf: [],
    runnerModule: new URL('./testing/scripted-run-task.js', import.meta.url).href,
    payloadCacheBytes: 1 << 20,
    memorySlots: 1,
  };
}

function task(taskId: number, sleepMs = 0): TaskDescription {
  return {
    taskId,
    jobId: 0,
    stageId: 0,
    stageAttemptId: 0,
    partitionId: taskId,
    attemptNumber: 0,
    appId: 'app-test',
    bundleSha256: '',
    payload: new TextEncoder().encode(JSON.stringify({ sleepMs: { [taskId]: sleepMs } })),
  };
}

function partitionOf(outcome: TaskOutcome): number {
  assert.equal(outcome.status, 'success', JSON.stringify(outcome));
  return (JSON.parse(new TextDecoder().decode((outcome as { result: Uint8Array }).result)) as ScriptedResult).partitionId;
}

void test('tasks beyond the cores wait their turn, and a waiting one can be killed without running', async () => {
  const runner = new InlineTaskRunner(setup(), 2, silentLogger());
  try {
    await runner.ready;
    const started = Date.now();
    const outcomes = [0, 1, 2, 3].map((id) => runner.run(task(id, 100), 0, 0));
    const killed = runner.run(task(4, 30), 0, 0);
    assert.deepEqual(runner.runningTaskIds().sort(), [0, 1, 2, 3, 4]);
    assert.equal(runner.kill(4, 'stage cancelled'), true);
    assert.deepEqual(await killed, { status: 'killed', reason: 'stage cancelled' });
    const done = await Promise.all(outcomes);
    assert.deepEqual(done.map(partitionOf), [0, 1, 2, 3]);
    // Four tasks waiting 100 ms each, two at a time: two rounds, not one.
    assert.ok(Date.now() - started >= 190, `took ${Date.now() - started} ms: more than 2 ran at once`);
    assert.deepEqual(runner.runningTaskIds(), []);
    assert.equal(runner.kill(4, 'again'), false);
  } finally {
    await runner.close();
  }
});
