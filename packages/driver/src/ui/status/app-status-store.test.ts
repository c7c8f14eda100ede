/**
 * The status store keeps bounded history (Spark's retainedJobs, retainedStages,
 * retainedTasks, retainedBatches) without ever dropping what is running, counts a
 * job's skipped stages as Spark does, and an event log written by EventLogWriter
 * replays into the same answers, a torn last line skipped.
 */
import assert from 'node:assert/strict';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { pathToFileURL } from 'node:url';
import { getFileSystem, KindlingConf, silentLogger } from '@kindling/common';
import type { StageInfo } from '../../scheduler/kindling-listener.js';
import type { TaskInfo } from '../../scheduler/task-set.js';
import { replayEventLines, replayEventLog } from '../history/event-log-replay.js';
import { EventLogWriter } from '../history/event-log-writer.js';
import { answerApi } from '../rest/rest-api.js';
import { AppStatusStore } from './app-status-store.js';
import type { UiEvent } from './ui-event.js';

const stageInfo = (stageId: number, numTasks = 1, attemptId = 0): StageInfo => ({ stageId, attemptId, name: `stage ${stageId}`, kind: 'ResultStage', numTasks, rddId: stageId, parentIds: [] });
const taskInfo = (taskId: number, stageId: number, jobId: number): TaskInfo => ({ taskId, index: taskId, jobId, stageId, stageAttemptId: 0, partitionId: taskId, attemptNumber: 0, executorId: '0', host: 'h', launchTime: 1000 + taskId });
const start: UiEvent = { type: 'ApplicationStart', appId: 'app-1', appName: 'a', time: 1, user: 'u', kindlingVersion: '0.1.0', master: 'local[2]' };

function runJob(jobId: number, stageId: number, tasks: number, firstTaskId: number): UiEvent[] {
  const events: UiEvent[] = [
    { type: 'JobStart', jobId, time: 10, stageInfos: [stageInfo(stageId, tasks)] },
    { type: 'StageSubmitted', time: 11, stageInfo: stageInfo(stageId, tasks), rddInfos: [] },
  ];
  for (let t = firstTaskId; t < firstTaskId + tasks; t++) {
    events.push({ type: 'TaskStart', taskInfo: taskInfo(t, stageId, jobId) });
    events.push({ type: 'TaskEnd', taskInfo: taskInfo(t, stageId, jobId), reason: 'Success', finishTime: 2000, metrics: { executorRunTimeMs: 5, recordsRead: 2, recordsWritten: 0, shuffleBytesRead: 0, shuffleBytesWritten: 0 } });
  }
  events.push({ type: 'StageCompleted', time: 20, stageInfo: stageInfo(stageId, tasks) }, { type: 'JobEnd', jobId, time: 21, succeeded: true });
  return events;
}

void test('jobs and stages past their bounds go oldest first, never while running', () => {
  const store = new AppStatusStore({ retainedJobs: 10, retainedStages: 10, retainedTasks: 100, retainedBatches: 10 });
  store.apply(start);
  store.apply({ type: 'JobStart', jobId: 0, time: 1, stageInfos: [stageInfo(0)] });
  for (let j = 1; j <= 40; j++) for (const e of runJob(j, j, 1, j)) store.apply(e);
  assert.ok(store.jobs.size <= 10 && store.jobs.size >= 9, `kept ${store.jobs.size} jobs`);
  assert.ok(store.jobs.has(0), 'the running job stays');
  assert.ok(store.jobs.has(40) && !store.jobs.has(1), 'the newest stay, the oldest go');
  assert.ok(store.stages.size <= 10);
  assert.ok(store.stage(0, 0) !== undefined, 'a pending stage of a running job stays');
});

void test('a stage keeps at most retainedTasks tasks, the newest, while its counters count them all', () => {
  const store = new AppStatusStore({ retainedJobs: 10, retainedStages: 10, retainedTasks: 50, retainedBatches: 10 });
  store.apply(start);
  for (const e of runJob(0, 0, 500, 0)) store.apply(e);
  const stage = store.stage(0, 0)!;
  assert.ok(stage.tasks.size <= 50, `kept ${stage.tasks.size} tasks`);
  assert.ok(stage.tasks.has(499));
  assert.equal(stage.numCompleteTasks, 500);
  assert.equal(stage.inputRecords, 1000);
  assert.equal(store.jobs.get(0)!.numCompletedIndices, 500);
});

void test('stages a job never ran are skipped, with their tasks', () => {
  const store = new AppStatusStore();
  store.apply(start);
  store.apply({ type: 'JobStart', jobId: 0, time: 1, stageInfos: [stageInfo(0, 4), stageInfo(1, 2)] });
  store.apply({ type: 'StageSubmitted', time: 2, stageInfo: stageInfo(1, 2), rddInfos: [] });
  store.apply({ type: 'StageCompleted', time: 3, stageInfo: stageInfo(1, 2) });
  store.apply({ type: 'JobEnd', jobId: 0, time: 4, succeeded: true });
  const job = store.jobs.get(0)!;
  assert.deepEqual([job.numSkippedStages, job.numSkippedTasks, job.numCompletedStages, job.numTasks], [1, 4, 1, 6]);
  assert.equal(store.stage(0, 0)!.status, 'SKIPPED');
});

void test('completed batches past retainedBatches go; queued and running ones stay', () => {
  const store = new AppStatusStore({ retainedJobs: 10, retainedStages: 10, retainedTasks: 10, retainedBatches: 20 });
  store.apply(start);
  store.apply({ type: 'StreamingStarted', time: 0, batchDuration: 1000 });
  const batch = (t: number): UiEvent & { type: 'BatchSubmitted' } => ({ type: 'BatchSubmitted', batch: { batchTime: t, submissionTime: t, numRecords: 3, streamIdToNumRecords: { 0: 3 }, outputOperations: [] } });
  store.apply(batch(500));
  for (let t = 1000; t <= 100_000; t += 1000) {
    store.apply(batch(t));
    store.apply({ type: 'BatchCompleted', batch: { ...batch(t).batch, processingStartTime: t + 1, processingEndTime: t + 5 } });
  }
  const streaming = store.streaming!;
  assert.ok(streaming.batches.size <= 21, `kept ${streaming.batches.size}`);
  assert.equal(streaming.batches.get(500)?.status, 'QUEUED');
  assert.equal(streaming.numTotalCompletedBatches, 100);
  assert.equal(streaming.numReceivedRecords, 303);
  const stats = answerApi('/applications/app-1/streaming/statistics', new URLSearchParams(), { stores: () => [store] }).body as Record<string, unknown>;
  assert.deepEqual([stats['avgProcessingTime'], stats['avgSchedulingDelay'], stats['avgInputRate'], stats['numActiveBatches']], [4, 1, 3, 1]);
});

void test('an event log replays into the same answers; a torn last line is skipped', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'kindling-eventlog-'));
  try {
    const logDir = pathToFileURL(dir).href;
    const conf = new KindlingConf().set('kindling.eventLog.enabled', true).set('kindling.eventLog.dir', logDir);
    const writer = EventLogWriter.fromConf(conf, 'app-1', undefined, silentLogger())!;
    const live = new AppStatusStore();
    const events = [start, ...runJob(0, 0, 3, 0), ...runJob(1, 1, 2, 3), { type: 'ExecutorHeartbeat', executorId: '0', time: 5 } as UiEvent];
    for (const e of events) {
      live.apply(e);
      writer.append(e);
    }
    await writer.flush();
    assert.deepEqual(await readdir(dir), ['app-1.inprogress']);
    await writer.renameTo('app-0', '2');
    await writer.stop();
    assert.deepEqual(await readdir(dir), ['app-0_2']);
    const { store, skippedLines } = await replayEventLog(getFileSystem(logDir), `${logDir}/app-0_2`);
    assert.equal(skippedLines, 0);
    const jobs = (s: AppStatusStore): unknown => answerApi('/applications/app-1/jobs', new URLSearchParams(), { stores: () => [s] }).body;
    assert.deepEqual(jobs(store), jobs(live));
    assert.equal(store.eventCount, events.length - 1, 'heartbeats are not logged');

    const torn = replayEventLines(`${JSON.stringify(start)}\n${JSON.stringify(events[1])}\n{"type":"JobEn`);
    assert.equal(torn.skippedLines, 1);
    assert.equal(torn.store.jobs.size, 1);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
});

void test('kindling.eventLog.enabled without a directory is one line saying what to set', () => {
  assert.throws(() => EventLogWriter.fromConf(new KindlingConf().set('kindling.eventLog.enabled', true), 'app', undefined, silentLogger()), {
    name: 'InvalidArgumentError',
    message: 'kindling.eventLog.enabled=true needs kindling.eventLog.dir: set it to a directory URI such as file:///tmp/kindling-events or webhdfs://namenode:9870/kindling-events',
  });
});
