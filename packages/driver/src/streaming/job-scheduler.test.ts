/**
 * The JobScheduler's account of a batch cut short by a stop: a job that fails after
 * cancelQueued() (a stop that does not wait, or a graceful stop that timed out) is
 * neither an application error nor the end of its batch, which stays pending so
 * that the metadata checkpoint names it and a restart runs it again. A job that
 * fails without a stop still completes its batch and reports the error, as Spark's.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { KindlingError, ErrorCode, silentLogger } from '@kindling/common';
import { ManualClock } from './clock.js';
import { JobScheduler } from './job-scheduler.js';
import type { StreamingJob } from './output-dstream.js';
import { StreamingListenerBus } from './streaming-listener.js';

interface Harness {
  readonly scheduler: JobScheduler;
  readonly completed: number[];
  readonly errors: string[];
}

function harness(): Harness {
  const completed: number[] = [];
  const errors: string[] = [];
  const scheduler = new JobScheduler({
    logger: silentLogger(),
    clock: new ManualClock(0),
    listenerBus: new StreamingListenerBus(silentLogger()),
    concurrentJobs: 1,
    onBatchCompleted: (info) => completed.push(info.batchTime),
    reportError: (error) => errors.push(error.message),
    // No KindlingContext here: the jobs are plain functions, and nothing reads the tags.
    withLocalProperty: (_key, _value, fn) => fn(),
  });
  return { scheduler, completed, errors };
}

/** A job that runs until `fail` or `succeed` is called. */
function pendingJob(time: number, outputOpId: number): StreamingJob & { fail(error: Error): void; succeed(): void; started: Promise<void> } {
  let fail!: (error: Error) => void;
  let succeed!: () => void;
  let markStarted!: () => void;
  const started = new Promise<void>((resolve) => (markStarted = resolve));
  const done = new Promise<void>((resolve, reject) => {
    succeed = resolve;
    fail = reject;
  });
  return {
    time,
    outputOpId,
    name: 'foreachRDD',
    run: () => {
      markStarted();
      return done;
    },
    fail,
    succeed,
    started,
  };
}

const settle = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

void test('a job cancelled by a stop leaves its batch pending: not completed, no error reported; its queued jobs are dropped', async () => {
  const { scheduler, completed, errors } = harness();
  const running = pendingJob(1000, 0);
  const queued = pendingJob(1000, 1);
  const nextBatch = pendingJob(2000, 0);
  scheduler.submitJobSet(1000, [running, queued], new Map());
  scheduler.submitJobSet(2000, [nextBatch], new Map());
  await running.started;
  assert.equal(scheduler.cancelQueued(), 2);
  running.fail(new KindlingError(ErrorCode.Cancelled, 'Job 0 cancelled: the StreamingContext was stopped'));
  await settle();
  assert.deepEqual(completed, []);
  assert.deepEqual(errors, []);
  assert.deepEqual(scheduler.pendingBatchTimes, [1000, 2000]);
});

void test('without a stop, a failed job still completes its batch and reports the error', async () => {
  const { scheduler, completed, errors } = harness();
  const job = pendingJob(1000, 0);
  scheduler.submitJobSet(1000, [job], new Map());
  await job.started;
  job.fail(new Error('boom'));
  await settle();
  assert.deepEqual(completed, [1000]);
  assert.equal(errors.length, 1);
  assert.match(errors[0]!, /boom/);
  assert.deepEqual(scheduler.pendingBatchTimes, []);
});

void test('a job that ends well after cancelQueued still counts: a batch whose every job succeeded is completed', async () => {
  const { scheduler, completed } = harness();
  const job = pendingJob(1000, 0);
  scheduler.submitJobSet(1000, [job], new Map());
  await job.started;
  scheduler.cancelQueued();
  job.succeed();
  await settle();
  assert.deepEqual(completed, [1000]);
});
