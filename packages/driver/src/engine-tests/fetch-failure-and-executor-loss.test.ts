/**
 * Recovery as Spark does it (issue 2 point 3, issue 3 point 4), on two in-process
 * executors with injected faults: a reducer that cannot fetch a map output makes
 * the DAG scheduler resubmit the map stage and then the reduce stage; an executor
 * lost between stages loses its map outputs, which are recomputed; an executor lost
 * while running a task has that task retried elsewhere without counting it as a
 * task failure. Every job still returns the right result and leaves no state.
 */
import assert from 'node:assert/strict';
import { rm } from 'node:fs/promises';
import { describe, test } from 'node:test';
import { KindlingConf, shuffleDataPath, silentLogger } from '@kindling/common';
import { KindlingContext } from '../index.js';
import { EventRecorder } from './event-recorder.js';
import { TwoExecutorBackend } from './two-executor-backend.js';

interface Harness {
  readonly kc: KindlingContext;
  readonly backend: TwoExecutorBackend;
  readonly events: EventRecorder;
}

async function withTwoExecutors(coresEach: number, body: (h: Harness) => Promise<void>, conf = new KindlingConf()): Promise<void> {
  let backend: TwoExecutorBackend | undefined;
  // A short resubmit delay keeps the test fast; the behaviour is the same.
  conf.set('kindling.scheduler.resubmitTimeout', '10ms');
  const kc = await KindlingContext.create({
    master: 'local-inprocess',
    conf,
    logger: silentLogger(),
    createBackend: (setup) => (backend = new TwoExecutorBackend(setup, coresEach)),
  });
  const events = new EventRecorder();
  kc.addKindlingListener(events);
  try {
    await body({ kc, backend: backend!, events });
  } finally {
    await kc.stop();
  }
}

/** 40 numbers summed per key mod 4, over 2 map partitions and 2 reduce partitions. */
function sumsByKey(kc: KindlingContext): Promise<Array<[number, number]>> {
  return kc
    .parallelize(Array.from({ length: 40 }, (_, i) => i), 2)
    .map((x: number): [number, number] => [x % 4, x])
    .reduceByKey((a: number, b: number) => a + b, 2)
    .collect();
}

const expectedSums = new Map([[0, 180], [1, 190], [2, 200], [3, 210]]);

function attemptsOf(events: EventRecorder, kind: 'ShuffleMapStage' | 'ResultStage'): number[] {
  return events.stagesSubmitted.filter((e) => e.stageInfo.kind === kind).map((e) => e.stageInfo.attemptId);
}

function assertDagStateEmpty(kc: KindlingContext): void {
  for (const [name, size] of Object.entries(kc.dagScheduler.stateSizes())) assert.equal(size, 0, `DAGScheduler.${name} is empty`);
}

void describe('fetch failures and lost executors', () => {
  void test('a fetch failure resubmits the map stage, then the reduce stage, and the job succeeds', async () => {
    await withTwoExecutors(1, async ({ kc, backend, events }) => {
      let injected = false;
      backend.beforeLaunch = async (task) => {
        const resultStage = events.stagesSubmitted.find((e) => e.stageInfo.kind === 'ResultStage');
        if (!injected && task.stageId === resultStage?.stageInfo.stageId) {
          injected = true;
          // Map output 0 of shuffle 0 disappears, as if its executor's disk were wiped.
          await rm(shuffleDataPath(backend.workDir, 0, 0), { force: true });
        }
        return 'run' as const;
      };
      assert.deepEqual(new Map(await sumsByKey(kc)), expectedSums);
      assert.ok(events.taskEnds.some((e) => e.reason === 'FetchFailed'), 'a reducer reported a fetch failure');
      assert.deepEqual(attemptsOf(events, 'ShuffleMapStage'), [0, 1], 'the map stage ran again');
      assert.deepEqual(attemptsOf(events, 'ResultStage'), [0, 1], 'the reduce stage ran again after it');
      const mapResubmission = events.stagesSubmitted.findIndex((e) => e.stageInfo.kind === 'ShuffleMapStage' && e.stageInfo.attemptId === 1);
      const reduceResubmission = events.stagesSubmitted.findIndex((e) => e.stageInfo.kind === 'ResultStage' && e.stageInfo.attemptId === 1);
      assert.ok(mapResubmission < reduceResubmission, 'map stage first');
      assertDagStateEmpty(kc);
    });
  });

  void test('an executor lost between stages has its map outputs recomputed on the other executor', async () => {
    await withTwoExecutors(1, async ({ kc, backend, events }) => {
      let lostAfterLaunch = -1;
      backend.beforeLaunch = (task) => {
        const resultStage = events.stagesSubmitted.find((e) => e.stageInfo.kind === 'ResultStage');
        if (lostAfterLaunch < 0 && task.stageId === resultStage?.stageInfo.stageId) {
          lostAfterLaunch = backend.launches.length;
          backend.loseExecutor('exec-a', 'killed by the test');
        }
        return 'run';
      };
      assert.deepEqual(new Map(await sumsByKey(kc)), expectedSums);
      const mapStageRuns = attemptsOf(events, 'ShuffleMapStage');
      assert.equal(mapStageRuns[0], 0);
      assert.ok(mapStageRuns.length >= 2, 'the lost map output was recomputed');
      const later = backend.launches.slice(lostAfterLaunch);
      assert.ok(later.length > 0 && later.every((l) => l.executorId === 'exec-b'), 'nothing runs on the lost executor');
      assert.equal(kc.getExecutorInfos().length, 1);
      assertDagStateEmpty(kc);
    });
  });

  void test('a task running on a lost executor is retried elsewhere and not counted as a task failure', async () => {
    // With maxFailures 1, one counted failure would fail the job.
    const conf = new KindlingConf().set('kindling.task.maxFailures', 1);
    await withTwoExecutors(
      1,
      async ({ kc, backend, events }) => {
        backend.beforeLaunch = (_task, executorId) => {
          if (executorId !== 'exec-a') return 'run';
          backend.loseExecutor('exec-a', 'process exited');
          return 'drop';
        };
        assert.deepEqual(new Map(await sumsByKey(kc)), expectedSums);
        const lostTasks = events.taskEnds.filter((e) => e.reason === 'ExecutorLostFailure');
        assert.equal(lostTasks.length, 1);
        assert.equal(lostTasks[0]!.errorMessage, 'process exited');
        const retried = events.taskStarts.filter((e) => e.taskInfo.partitionId === lostTasks[0]!.taskInfo.partitionId && e.taskInfo.stageId === lostTasks[0]!.taskInfo.stageId);
        assert.deepEqual(retried.map((e) => e.taskInfo.executorId), ['exec-a', 'exec-b']);
        assertDagStateEmpty(kc);
      },
      conf,
    );
  });
});
