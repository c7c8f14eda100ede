/**
 * How jobs fail (issue 2 point 3): a task that keeps throwing is retried up to
 * kindling.task.maxFailures and then fails its job with one readable line naming
 * the job, task, stage and executor; a task that fails once and then succeeds does
 * not fail the job; and the schedulers' state is empty after every job, whether it
 * succeeded or failed.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { KindlingConf, silentLogger } from '@kindling/common';
import { JobFailedError, KindlingContext } from '../index.js';
import { EventRecorder } from './event-recorder.js';

let kc: KindlingContext;
const events = new EventRecorder();

before(async () => {
  kc = await KindlingContext.create({ master: 'local-inprocess', appName: 'task-failures', logger: silentLogger() });
  kc.addKindlingListener(events);
});
after(() => kc.stop());

/**
 * The DAG scheduler forgets a job the moment it ends. The TaskScheduler keeps a
 * cancelled task set until its running tasks report back: an in-process task
 * cannot be interrupted, so it may finish a little after its job failed.
 */
async function assertSchedulerStateEmpty(): Promise<void> {
  for (const [name, size] of Object.entries(kc.dagScheduler.stateSizes())) assert.equal(size, 0, `DAGScheduler.${name} is empty`);
  const deadline = Date.now() + 5_000;
  while (Object.values(kc.taskScheduler.stateSizes()).some((n) => n > 0) && Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
  for (const [name, size] of Object.entries(kc.taskScheduler.stateSizes())) assert.equal(size, 0, `TaskScheduler.${name} is empty`);
}

void describe('task failures', () => {
  void test('a task that always throws fails the job after 4 attempts with the task error, its stage and executor', async () => {
    events.clear();
    // Partition 1 of 4 over [0..8) holds [2, 3].
    const rdd = kc.parallelize([0, 1, 2, 3, 4, 5, 6, 7], 4).map((x: number) => {
      if (x === 3) throw new Error('boom on 3');
      return x;
    });
    const error = await rdd.collect().then(
      () => assert.fail('the job should fail'),
      (e: unknown) => e,
    );
    assert.ok(error instanceof JobFailedError, `a JobFailedError, got ${String(error)}`);
    const jobId = events.jobStarts[0]!.jobId;
    const stageId = events.stagesSubmitted[0]!.stageInfo.stageId;
    assert.equal(error.message, `Job ${jobId} failed: task 1 of stage ${stageId} failed 4 times; most recent failure on executor driver: boom on 3`);
    assert.ok(!error.message.includes('\n'), 'one line');
    assert.equal(error.stageId, stageId);
    const cause = error.cause as Error;
    assert.match(cause.stack ?? '', /boom on 3/, 'the cause keeps the task stack');

    const failedAttempts = events.taskEnds.filter((e) => e.taskInfo.partitionId === 1 && e.reason === 'ExceptionFailure');
    assert.deepEqual(failedAttempts.map((e) => e.taskInfo.attemptNumber), [0, 1, 2, 3]);
    assert.equal(events.jobEnds.at(-1)?.succeeded, false);
    await assertSchedulerStateEmpty();
  });

  void test('a deterministic failure (a result that cannot be serialized) fails the job on its first attempt', async () => {
    events.clear();
    const error = await kc
      .parallelize([1, 2, 3, 4], 2)
      .map((x: number) => (x === 3 ? Symbol('not data') : x))
      .collect()
      .then(
        () => assert.fail('the job should fail'),
        (e: unknown) => e,
      );
    assert.ok(error instanceof JobFailedError, `a JobFailedError, got ${String(error)}`);
    assert.match(error.message, /task 1 of stage \d+ failed on executor driver and is not retried: Cannot serialize/);
    assert.ok(!error.message.includes('\n'), 'one line');
    const failedAttempts = events.taskEnds.filter((e) => e.taskInfo.partitionId === 1 && e.reason === 'ExceptionFailure');
    assert.equal(failedAttempts.length, 1, 'no retry');
    await assertSchedulerStateEmpty();
  });

  void test('a symbol key, which can be neither hashed nor serialized, fails the job on its first attempt', async () => {
    events.clear();
    const error = await kc
      .parallelize([1, 2, 3, 4], 1)
      .map((x: number): [unknown, number] => [Symbol('k'), x])
      .groupByKey()
      .collect()
      .then(
        () => assert.fail('the job should fail'),
        (e: unknown) => e,
      );
    assert.ok(error instanceof JobFailedError, `a JobFailedError, got ${String(error)}`);
    assert.match(error.message, /failed on executor driver and is not retried: Cannot (use a symbol as a key|serialize record 0: a symbol)/);
    assert.equal(events.taskEnds.filter((e) => e.reason === 'ExceptionFailure').length, 1, 'no retry');
    await assertSchedulerStateEmpty();
  });

  void test('kindling.task.maxFailures sets the number of attempts', async () => {
    const conf = new KindlingConf().set('kindling.task.maxFailures', 2);
    const other = await KindlingContext.create({ master: 'local-inprocess', conf, logger: silentLogger() });
    try {
      const error = await other
        .parallelize([1], 1)
        .map((): number => {
          throw new TypeError('always');
        })
        .count()
        .then(
          () => undefined,
          (e: unknown) => e as Error,
        );
      assert.match(error?.message ?? '', /^Job \d+ failed: task 0 of stage \d+ failed 2 times; most recent failure on executor driver: always$/);
    } finally {
      await other.stop();
    }
  });

  void test('a task that fails once and then succeeds does not fail the job', async () => {
    events.clear();
    const g = globalThis as { __kindlingFlakyAttempts?: number };
    g.__kindlingFlakyAttempts = 0;
    const sum = await kc
      .parallelize([1, 2, 3, 4], 2)
      .map((x: number) => {
        const state = globalThis as { __kindlingFlakyAttempts?: number };
        if (x === 4 && state.__kindlingFlakyAttempts === 0) {
          state.__kindlingFlakyAttempts = 1;
          throw new Error('transient');
        }
        return x;
      })
      .reduce((a: number, b: number) => a + b);
    assert.equal(sum, 10);
    assert.equal(events.taskEnds.filter((e) => e.reason === 'ExceptionFailure').length, 1);
    assert.equal(events.jobEnds.at(-1)?.succeeded, true);
    await assertSchedulerStateEmpty();
    delete g.__kindlingFlakyAttempts;
  });

  void test('a failure in a shuffle map stage fails the job and leaves no stage behind', async () => {
    const error = await kc
      .parallelize([1, 2, 3, 4], 2)
      .map((x: number): [number, number] => {
        if (x === 1) throw new Error('map side');
        return [x % 2, x];
      })
      .reduceByKey((a: number, b: number) => a + b)
      .collect()
      .then(
        () => undefined,
        (e: unknown) => e as Error,
      );
    assert.match(error?.message ?? '', /failed 4 times; most recent failure on executor driver: map side$/);
    await assertSchedulerStateEmpty();
  });
});

void describe('scheduler state', () => {
  void test('is empty after successful jobs with one, two and three stages', async () => {
    const pairs = kc.parallelize([1, 2, 3, 4, 5, 6], 3).map((x: number): [number, number] => [x % 3, x]);
    assert.equal(await pairs.count(), 6);
    await assertSchedulerStateEmpty();
    const reduced = pairs.reduceByKey((a: number, b: number) => a + b, 2);
    assert.deepEqual(new Map(await reduced.collect()), new Map([[0, 9], [1, 5], [2, 7]]));
    await assertSchedulerStateEmpty();
    const regrouped = reduced.map(([k, v]: [number, number]): [number, number] => [k % 2, v]).groupByKey(2);
    assert.equal((await regrouped.collect()).length, 2);
    await assertSchedulerStateEmpty();
  });

  void test('is empty after concurrent jobs that share a shuffle', async () => {
    const reduced = kc
      .parallelize(Array.from({ length: 40 }, (_, i) => i), 4)
      .map((x: number): [number, number] => [x % 5, 1])
      .reduceByKey((a: number, b: number) => a + b, 3);
    const [a, b, c] = await Promise.all([reduced.collect(), reduced.count(), reduced.collect()]);
    assert.deepEqual(new Map(a), new Map([[0, 8], [1, 8], [2, 8], [3, 8], [4, 8]]));
    assert.equal(b, 5);
    assert.deepEqual(new Map(c), new Map(a));
    await assertSchedulerStateEmpty();
  });
});
