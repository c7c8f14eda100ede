/**
 * The in-process backend: one executor named 'driver' with the CPU count as cores,
 * a work directory of its own that stop() removes, and kill requests honoured by
 * reporting the task killed.
 */
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { test } from 'node:test';
import { KindlingConf, silentLogger, type TaskOutcome } from '@kindling/common';
import type { ExecutorInfo } from '../scheduler/scheduler-backend.js';
import { MapOutputTracker } from '../scheduler/map-output-tracker.js';
import { InProcessBackend } from './in-process-backend.js';

void test('registers one executor, reports killed tasks as killed, and removes its work directory on stop', async () => {
  const backend = new InProcessBackend({ conf: new KindlingConf(), logger: silentLogger(), mapOutputs: new MapOutputTracker(), bundle: undefined });
  const executors: ExecutorInfo[] = [];
  const updates: Array<[number, TaskOutcome]> = [];
  let reported: () => void = () => undefined;
  const updated = new Promise<void>((resolve) => (reported = resolve));
  await backend.start({
    executorAdded: (e) => executors.push(e),
    executorLost: () => assert.fail('no executor is lost'),
    backendDead: () => assert.fail('the backend does not die'),
    statusUpdate: (taskId, _executorId, outcome) => {
      updates.push([taskId, outcome]);
      reported();
    },
  });
  assert.deepEqual(executors, [{ executorId: 'driver', host: 'localhost', cores: availableParallelism() }]);
  assert.equal(backend.defaultParallelism(), availableParallelism());
  const workDir = backend.workDir!;
  assert.ok(existsSync(workDir));

  // A payload that is not a task: it would fail, but it is killed before it runs.
  backend.launchTask('driver', { taskId: 7, jobId: 0, stageId: 0, stageAttemptId: 0, partitionId: 0, attemptNumber: 0, appId: 'a', bundleSha256: '', payload: new Uint8Array([1]) });
  backend.killTask('driver', 7, 'job cancelled');
  await updated;
  assert.deepEqual(updates, [[7, { status: 'killed', reason: 'job cancelled' }]]);

  await backend.stop();
  await backend.stop();
  assert.equal(existsSync(workDir), false);
  assert.throws(() => backend.launchTask('driver', { taskId: 8, jobId: 0, stageId: 0, stageAttemptId: 0, partitionId: 0, attemptNumber: 0, appId: 'a', bundleSha256: '', payload: new Uint8Array() }));
});
