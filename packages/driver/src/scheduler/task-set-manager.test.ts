/**
 * TaskSetManager in isolation: locality levels (own executor, then host or no
 * preference, then anything), retries counted per task up to maxTaskFailures,
 * fetch failures and lost executors not counted, and finished map outputs of a lost
 * executor sent back to pending.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { silentLogger, type TaskFailure } from '@kindling/common';
import type { TaskEndReason, TaskInfo, TaskSchedulerCallbacks, TaskSet, TaskSpec } from './task-set.js';
import { TaskSetManager } from './task-set-manager.js';

interface Recorded {
  readonly ended: Array<{ info: TaskInfo; reason: TaskEndReason['kind'] }>;
  readonly failedSets: string[];
  finished: number;
}

function manager(
  tasks: TaskSpec[],
  options: { maxTaskFailures?: number; stageKind?: TaskSet['stageKind']; localityWaitMs?: number; alive?: readonly string[] } = {},
): [TaskSetManager, Recorded] {
  const recorded: Recorded = { ended: [], failedSets: [], finished: 0 };
  const callbacks: TaskSchedulerCallbacks = {
    taskStarted: () => undefined,
    taskEnded: (info, reason) => recorded.ended.push({ info, reason: reason.kind }),
    taskSetFailed: (_stageId, _attempt, message) => recorded.failedSets.push(message),
    executorAdded: () => undefined,
    executorLost: () => undefined,
  };
  const taskSet: TaskSet = {
    stageId: 5,
    stageAttemptId: 0,
    jobId: 3,
    stageKind: options.stageKind ?? 'ResultStage',
    appId: 'app',
    bundleSha256: '',
    payload: new Uint8Array(0),
    tasks,
    epoch: 0,
  };
  const m = new TaskSetManager(taskSet, {
    maxTaskFailures: options.maxTaskFailures ?? 4,
    callbacks,
    logger: silentLogger(),
    onFinished: () => recorded.finished++,
    // No delay unless a test asks for one: the level-by-level tests offer ANY at once.
    localityWaitMs: options.localityWaitMs ?? 0,
    isExecutorAlive: (executorId) => (options.alive ?? []).includes(executorId),
  });
  return [m, recorded];
}

let nextTaskId = 0;
const newTaskId = (): number => nextTaskId++;
const noPrefs = (partitionId: number): TaskSpec => ({ partitionId, preferredLocations: [] });
const failure = (message: string): TaskFailure => ({ errorName: 'Error', code: 'INTERNAL', message, stack: `Error: ${message}\n    at task` });
const metrics = { executorRunTimeMs: 1, recordsRead: 0, recordsWritten: 0, shuffleBytesWritten: 0, shuffleBytesRead: 0 };

void test('launches a task on the executor holding its block before anything else, and widens locality level by level', () => {
  const [m] = manager([
    noPrefs(0),
    { partitionId: 1, preferredLocations: [{ kind: 'executor', executorId: 'b' }] },
    { partitionId: 2, preferredLocations: [{ kind: 'host', host: 'host-a' }] },
    { partitionId: 3, preferredLocations: [{ kind: 'executor', executorId: 'b' }] },
  ]);
  assert.equal(m.resourceOffer('a', 'host-a', 'PROCESS_LOCAL', newTaskId), undefined, 'nothing prefers executor a');
  assert.equal(m.resourceOffer('b', 'host-b', 'PROCESS_LOCAL', newTaskId)?.partitionId, 1);
  assert.equal(m.resourceOffer('a', 'host-a', 'NODE_LOCAL', newTaskId)?.partitionId, 2, 'host preference first');
  assert.equal(m.resourceOffer('a', 'host-a', 'NODE_LOCAL', newTaskId)?.partitionId, 0, 'then no preference');
  assert.equal(m.resourceOffer('a', 'host-a', 'NODE_LOCAL', newTaskId), undefined, 'partition 3 waits for b');
  assert.equal(m.resourceOffer('a', 'host-a', 'ANY', newTaskId)?.partitionId, 3, 'until any executor may take it');
  assert.equal(m.resourceOffer('a', 'host-a', 'ANY', newTaskId), undefined, 'every task launched once');
});

void test('a task whose block is on a live executor waits for it up to kindling.locality.wait; a task preferring a lost executor does not', () => {
  const onB = (partitionId: number): TaskSpec => ({ partitionId, preferredLocations: [{ kind: 'executor', executorId: 'b' }] });
  const [waiting] = manager([onB(0), noPrefs(1)], { localityWaitMs: 60_000, alive: ['a', 'b'] });
  assert.equal(waiting.resourceOffer('a', 'host-a', 'ANY', newTaskId)?.partitionId, 1, 'the task without preference runs at once');
  assert.equal(waiting.resourceOffer('a', 'host-a', 'ANY', newTaskId), undefined, 'partition 0 waits for executor b');
  assert.ok(waiting.localityDeadline !== undefined && waiting.localityDeadline > Date.now(), 'the scheduler learns when to revive offers');
  assert.equal(waiting.resourceOffer('b', 'host-b', 'PROCESS_LOCAL', newTaskId)?.partitionId, 0, 'and runs on b when b is free');

  const [bLost] = manager([onB(0)], { localityWaitMs: 60_000, alive: ['a'] });
  assert.equal(bLost.resourceOffer('a', 'host-a', 'ANY', newTaskId)?.partitionId, 0, 'nothing to wait for once b is gone');

  const [expired] = manager([onB(0)], { localityWaitMs: 0, alive: ['a', 'b'] });
  assert.equal(expired.resourceOffer('a', 'host-a', 'ANY', newTaskId)?.partitionId, 0, 'after the wait, anywhere');
});

void test('retries a failing task and aborts the set after maxTaskFailures, with the task, stage and executor', () => {
  const [m, recorded] = manager([noPrefs(0), noPrefs(1)], { maxTaskFailures: 3 });
  for (let attempt = 0; attempt < 3; attempt++) {
    const task = m.resourceOffer('a', 'h', 'ANY', newTaskId)!;
    assert.equal(task.partitionId, 0, 'a failed task is retried first');
    assert.equal(task.attemptNumber, attempt);
    m.handleOutcome(task.taskId, { status: 'failed', failure: failure(`bad ${attempt}`) }, []);
  }
  assert.deepEqual(recorded.failedSets, ['task 0 of stage 5 failed 3 times; most recent failure on executor a: bad 2']);
  assert.equal(m.isZombie, true);
  assert.equal(m.resourceOffer('a', 'h', 'ANY', newTaskId), undefined, 'an aborted set launches nothing');
  assert.equal(recorded.finished, 1);
});

void test('fetch failures, lost executors and kills do not count as task failures', () => {
  const [m, recorded] = manager([noPrefs(0), noPrefs(1)], { maxTaskFailures: 1 });
  const first = m.resourceOffer('a', 'h', 'ANY', newTaskId)!;
  m.executorLost('a', 'gone');
  const retried = m.resourceOffer('b', 'h', 'ANY', newTaskId)!;
  assert.equal(retried.partitionId, first.partitionId);
  m.handleOutcome(retried.taskId, { status: 'killed', reason: 'test' }, []);
  assert.equal(recorded.failedSets.length, 0);
  const again = m.resourceOffer('b', 'h', 'ANY', newTaskId)!;
  m.handleOutcome(again.taskId, { status: 'failed', failure: { ...failure('no block'), fetchFailed: { shuffleId: 0, mapId: 1, reduceId: 0, executorId: 'a' } } }, []);
  assert.equal(recorded.failedSets.length, 0, 'a fetch failure is the DAG scheduler’s business');
  assert.equal(m.isZombie, true, 'and no task of this attempt launches any more');
  assert.deepEqual(recorded.ended.map((e) => e.reason), ['ExecutorLostFailure', 'TaskKilled', 'FetchFailed']);
});

void test('a lost executor’s finished map outputs go back to pending and are reported Resubmitted', () => {
  const [m, recorded] = manager([noPrefs(0), noPrefs(1)], { stageKind: 'ShuffleMapStage' });
  const onA = m.resourceOffer('a', 'h', 'ANY', newTaskId)!;
  const onB = m.resourceOffer('b', 'h', 'ANY', newTaskId)!;
  const success = { status: 'success' as const, result: new Uint8Array(0), metrics };
  m.handleOutcome(onA.taskId, success, []);
  m.executorLost('a', 'gone');
  assert.deepEqual(recorded.ended.map((e) => e.reason), ['Success', 'Resubmitted']);
  const rerun = m.resourceOffer('b2', 'h', 'ANY', newTaskId)!;
  assert.equal(rerun.partitionId, onA.partitionId);
  m.handleOutcome(onB.taskId, success, []);
  m.handleOutcome(rerun.taskId, success, []);
  assert.equal(m.isZombie, true);
  assert.equal(recorded.finished, 1);
});
