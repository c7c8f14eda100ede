/**
 * Issue 12, items 1, 3 and 4 on a real `local[2]` driver (two executor processes
 * over gRPC): the REST API answers at Spark's paths with Spark's shapes, compared
 * field by field (testing/spark-api-shapes.ts) and by value; secrets are redacted;
 * the stage graph shows a checkpointed RDD cut from its lineage; the streaming
 * endpoints and /checkpoints follow a checkpointing stream; and the event log,
 * replayed by the history server, answers as the live driver did.
 */
import assert from 'node:assert/strict';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { createServer, type AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { after, before, describe, it } from 'node:test';
import { KindlingConf, silentLogger } from '@kindling/common';
import { KindlingContext } from '../kindling-context.js';
import { Milliseconds } from '../streaming/duration.js';
import '../streaming/index.js';
import { StreamingContext } from '../streaming/streaming-context.js';
import { HistoryServer } from './history/history-server.js';
import * as Spark from './testing/spark-api-shapes.js';

let dir: string;
let kc: KindlingContext;
let api: string;
let appId: string;
const SECRET = 'hush-hush-do-not-show';

async function get(path: string, base = api): Promise<{ status: number; body: unknown }> {
  const res = await fetch(`${base}${path}`);
  const text = await res.text();
  return { status: res.status, body: res.headers.get('content-type')?.startsWith('application/json') === true ? JSON.parse(text) : text };
}

async function json<T = Record<string, unknown>>(path: string, base = api): Promise<T> {
  const { status, body } = await get(path, base);
  assert.equal(status, 200, `${path}: ${String(body)}`);
  return body as T;
}

before(async () => {
  dir = await mkdtemp(join(tmpdir(), 'kindling-ui-rest-'));
  const conf = new KindlingConf()
    .set('kindling.ui.port', 0)
    .set('kindling.eventLog.enabled', true)
    .set('kindling.eventLog.dir', pathToFileURL(join(dir, 'events')).href)
    .set('kindling.authenticate.secret', SECRET)
    .set('kindling.task.maxFailures', 1);
  kc = await KindlingContext.create({ master: 'local[2]', appName: 'ui-rest-test', conf, logger: silentLogger() });
  assert.match(kc.uiWebUrl ?? '', /^http:\/\/127\.0\.0\.1:\d+$/);
  api = `${kc.uiWebUrl}/api/v1`;
  appId = kc.appId;
});

after(async () => {
  await kc.stop();
  await rm(dir, { recursive: true, force: true });
});

void describe('the REST API of a local[2] driver', () => {
  let liveJobs: unknown;

  void it('jobs, stages, tasks, executors, storage and environment answer with Spark shapes and the right counts', async () => {
    const pairs = kc.parallelize(Array.from({ length: 100 }, (_, i) => i), 4).map((x): [number, number] => [x % 5, x]);
    const sums = pairs.reduceByKey((a, b) => a + b).cache();
    assert.equal((await sums.collect()).length, 5);
    assert.equal(await sums.count(), 5);
    await assert.rejects(kc.parallelize([1, 2, 3, 7], 2).map((x) => {
      if (x === 7) throw new Error('seven is not allowed');
      return x;
    }).collect(), /seven is not allowed/);

    const apps = await json<unknown[]>('/applications');
    assert.equal(apps.length, 1);
    Spark.assertShape(apps[0], Spark.ApplicationInfo, 'ApplicationInfo');
    const app = apps[0] as { id: string; name: string; attempts: Array<Record<string, unknown>> };
    assert.equal(app.id, appId);
    assert.equal(app.name, 'ui-rest-test');
    assert.equal(app.attempts.length, 1);
    Spark.assertShape(app.attempts[0], Spark.ApplicationAttemptInfo, 'ApplicationAttemptInfo');
    assert.equal(app.attempts[0]!['completed'], false);

    const jobs = await json<Array<Record<string, unknown>>>(`/applications/${appId}/jobs`);
    for (const job of jobs) Spark.assertShape(job, Spark.JobData, `JobData ${String(job['jobId'])}`);
    assert.deepEqual(jobs.map((j) => [j['jobId'], j['status']]), [[2, 'FAILED'], [1, 'SUCCEEDED'], [0, 'SUCCEEDED']]);
    const [failed, second, first] = jobs as [Record<string, unknown>, Record<string, unknown>, Record<string, unknown>];
    assert.deepEqual([first['numTasks'], first['numCompletedTasks'], first['numCompletedStages'], first['numSkippedStages']], [8, 8, 2, 0]);
    // The second job reads the cached (and shuffled) RDD: its map stage is skipped.
    assert.deepEqual([second['numCompletedTasks'], second['numSkippedTasks'], second['numSkippedStages']], [4, 4, 1]);
    assert.equal(failed['numFailedTasks'], 1);
    assert.match(String(failed['failureReason']), /seven is not allowed/);
    assert.deepEqual(await json(`/applications/${appId}/jobs/0`), first);
    assert.deepEqual((await json<unknown[]>(`/applications/${appId}/jobs?status=failed`)).length, 1);
    const missing = await get(`/applications/${appId}/jobs/99`);
    assert.deepEqual(missing, { status: 404, body: 'unknown job: 99\n' });

    const stages = await json<Array<Record<string, unknown>>>(`/applications/${appId}/stages`);
    for (const stage of stages) Spark.assertShape(stage, Spark.StageData, `StageData ${String(stage['stageId'])}`);
    assert.ok(stages.some((s) => s['status'] === 'SKIPPED'));
    const mapStage = (await json<Array<Record<string, unknown>>>(`/applications/${appId}/stages/0`))[0]!;
    assert.equal(mapStage['status'], 'COMPLETE');
    assert.equal(mapStage['numCompleteTasks'], 4);
    assert.ok((mapStage['shuffleWriteBytes'] as number) > 0, 'the map stage wrote shuffle bytes');
    const tasks = Object.values(mapStage['tasks'] as Record<string, Record<string, unknown>>);
    assert.equal(tasks.length, 4);
    for (const task of tasks) {
      Spark.assertShape(task, Spark.TaskData, 'TaskData');
      Spark.assertShape(task['taskMetrics'], Spark.TaskMetrics, 'TaskMetrics');
      assert.equal(task['status'], 'SUCCESS');
      assert.equal(typeof task['duration'], 'number');
    }
    assert.equal(tasks.reduce((n, t) => n + ((t['taskMetrics'] as { inputMetrics: { recordsRead: number } }).inputMetrics.recordsRead), 0), 100);
    for (const summary of Object.values(mapStage['executorSummary'] as Record<string, unknown>)) Spark.assertShape(summary, Spark.ExecutorStageSummary, 'ExecutorStageSummary');
    const reduceStage = await json(`/applications/${appId}/stages/1/0`);
    assert.ok((reduceStage['shuffleReadBytes'] as number) > 0, 'the reduce stage read shuffle bytes');
    const failedStageId = (failed['stageIds'] as number[])[0]!;
    const failedTasks = await json<Array<Record<string, unknown>>>(`/applications/${appId}/stages/${failedStageId}/0/taskList`);
    const failedTask = failedTasks.find((t) => t['status'] === 'FAILED');
    assert.match(String(failedTask?.['errorMessage']), /seven is not allowed/);

    const executors = await json<Array<Record<string, unknown>>>(`/applications/${appId}/executors`);
    for (const e of executors) Spark.assertShape(e, Spark.ExecutorSummary, `ExecutorSummary ${String(e['id'])}`);
    assert.deepEqual(executors.map((e) => e['id']).sort(), ['0', '1', 'driver']);
    assert.equal(executors.filter((e) => e['id'] !== 'driver').reduce((n, e) => n + (e['totalCores'] as number), 0), 2);
    assert.ok(executors.filter((e) => e['id'] !== 'driver').reduce((n, e) => n + (e['completedTasks'] as number), 0) >= 12);

    const cached = await json<Array<Record<string, unknown>>>(`/applications/${appId}/storage/rdd`);
    assert.equal(cached.length, 1);
    Spark.assertShape(cached[0], Spark.RDDStorageInfo, 'RDDStorageInfo');
    assert.deepEqual([cached[0]!['numPartitions'], cached[0]!['numCachedPartitions']], [4, 4]);
    const rdd = await json(`/applications/${appId}/storage/rdd/${String(cached[0]!['id'])}`);
    const partitions = rdd['partitions'] as unknown[];
    assert.equal(partitions.length, 4);
    for (const p of partitions) Spark.assertShape(p, Spark.RDDPartitionInfo, 'RDDPartitionInfo');

    const env = await json(`/applications/${appId}/environment`);
    Spark.assertShape(env, Spark.ApplicationEnvironmentInfo, 'ApplicationEnvironmentInfo');
    const props = new Map(env['sparkProperties'] as Array<[string, string]>);
    assert.equal(props.get('kindling.authenticate.secret'), '*********(redacted)');
    assert.equal(props.get('kindling.app.name'), 'ui-rest-test');
    assert.ok(!JSON.stringify(env).includes(SECRET), 'the secret shows nowhere in the environment');
    liveJobs = jobs;
  });

  void it('the stage graph shows a checkpointed RDD cut from its lineage', async () => {
    await kc.setCheckpointDir(pathToFileURL(join(dir, 'rdd-checkpoints')).href);
    const marked = kc.parallelize([1, 2, 3, 4], 2).map((x) => x * 10).setName('tens');
    marked.checkpoint();
    assert.equal(await marked.count(), 4);
    assert.ok(marked.isCheckpointed());
    assert.equal(await marked.map((x) => x + 1).count(), 4);
    const jobs = await json<Array<{ jobId: number; stageIds: number[] }>>(`/applications/${appId}/jobs`);
    const [last, writing] = jobs;
    const before = await json<{ rdds: Array<Record<string, unknown>> }>(`/applications/${appId}/stages/${writing!.stageIds[0]!}/0/rddGraph`);
    const tensBefore = before.rdds.find((r) => r['name'] === 'tens')!;
    assert.deepEqual([tensBefore['checkpointMarked'], tensBefore['checkpointed']], [true, false]);
    assert.equal(before.rdds.length, 2, 'parallelize → map while the checkpoint is being written');
    const cut = await json<{ rdds: Array<Record<string, unknown>>; edges: Array<Record<string, unknown>> }>(`/applications/${appId}/stages/${last!.stageIds[0]!}/0/rddGraph`);
    const tens = cut.rdds.find((r) => r['name'] === 'tens')!;
    assert.equal(tens['checkpointed'], true);
    assert.match(String(tens['checkpointFile']), /rdd-checkpoints\/.+\/rdd-\d+$/);
    const parent = cut.rdds.find((r) => r['id'] === (tens['parentIds'] as number[])[0])!;
    assert.equal(parent['kind'], 'ReliableCheckpointRDD', 'the lineage above the checkpointed RDD is its checkpoint');
    assert.ok(!cut.rdds.some((r) => r['kind'] === 'ParallelCollectionRDD'), 'the parallelize RDD is cut off');
    assert.ok(cut.edges.some((e) => e['fromId'] === parent['id'] && e['toId'] === tens['id']));
    const checkpoints = await json<{ rddCheckpoints: Array<{ path: string }> }>(`/applications/${appId}/checkpoints`);
    assert.ok(checkpoints.rddCheckpoints.some((c) => c.path === tens['checkpointFile']));
  });

  void it('a checkpointing stream shows in /streaming/* and /checkpoints with Spark shapes', async () => {
    const ssc = new StreamingContext(kc, Milliseconds(500));
    ssc.checkpoint(pathToFileURL(join(dir, 'stream-checkpoint')).href);
    ssc.rateStream({ rowsPerSecond: 40, numPartitions: 2 }).map((r) => [r.value % 3, 1] as [number, number]).reduceByKey((a, b) => a + b).foreachRDD(async (rdd) => {
      await rdd.count();
    });
    ssc.start();
    const deadline = Date.now() + 60_000;
    let stats: Record<string, unknown> = {};
    while (Date.now() < deadline) {
      stats = await json(`/applications/${appId}/streaming/statistics`);
      const written = await json<{ metadataCheckpoints: unknown[] }>(`/applications/${appId}/checkpoints`);
      if ((stats['numTotalCompletedBatches'] as number) >= 4 && written.metadataCheckpoints.length >= 2) break;
      await new Promise((r) => setTimeout(r, 250));
    }
    Spark.assertShape(stats, Spark.StreamingStatistics, 'StreamingStatistics');
    assert.ok((stats['numTotalCompletedBatches'] as number) >= 4, JSON.stringify(stats));
    assert.equal(stats['batchDuration'], 500);
    assert.ok((stats['numProcessedRecords'] as number) > 0);
    assert.equal(typeof stats['avgProcessingTime'], 'number');

    const batches = await json<Array<Record<string, unknown>>>(`/applications/${appId}/streaming/batches`);
    for (const b of batches) Spark.assertShape(b, Spark.StreamingBatchInfo, 'BatchInfo');
    const done = batches.find((b) => b['status'] === 'COMPLETED')!;
    assert.equal(done['numTotalOutputOps'], 1);
    assert.equal(done['numCompletedOutputOps'], 1);
    assert.equal(await json(`/applications/${appId}/streaming/batches/${String(done['batchId'])}`).then((b) => b['batchId']), done['batchId']);
    const ops = await json<unknown[]>(`/applications/${appId}/streaming/batches/${String(done['batchId'])}/operations`);
    assert.equal(ops.length, 1);
    Spark.assertShape(ops[0], Spark.OutputOperationInfo, 'OutputOperationInfo');
    // Field by field; jobIds are the jobs the output operation ran (its local properties tie them to it).
    const op = ops[0] as Record<string, unknown>;
    assert.equal(op['outputOpId'], 0);
    assert.match(String(op['name']), /foreachRDD/);
    assert.equal(op['description'], op['name']);
    assert.equal(op['failureReason'], undefined);
    const opStart = Date.parse(String(op['startTime']).replace('GMT', 'Z'));
    const opEnd = Date.parse(String(op['endTime']).replace('GMT', 'Z'));
    assert.equal(op['duration'], opEnd - opStart);
    const opJobIds = op['jobIds'] as number[];
    assert.ok(opJobIds.length >= 1, `the output operation lists the job of its rdd.count(): ${JSON.stringify(op)}`);
    for (const jobId of opJobIds) {
      const job = await json(`/applications/${appId}/jobs/${jobId}`);
      assert.equal(job['status'], 'SUCCEEDED');
      const submitted = Date.parse(String(job['submissionTime']).replace('GMT', 'Z'));
      assert.ok(submitted >= opStart && submitted <= opEnd, `job ${jobId} was submitted while the operation ran: ${String(job['submissionTime'])} in [${String(op['startTime'])}, ${String(op['endTime'])}]`);
    }
    // Every completed batch lists its own jobs, and no job is listed twice.
    const allOpJobIds: number[] = [];
    for (const b of batches.filter((x) => x['status'] === 'COMPLETED')) {
      const [bop] = await json<Array<{ jobIds: number[] }>>(`/applications/${appId}/streaming/batches/${String(b['batchId'])}/operations`);
      assert.ok(bop!.jobIds.length >= 1, `batch ${String(b['batchId'])} lists its jobs`);
      allOpJobIds.push(...bop!.jobIds);
    }
    assert.equal(new Set(allOpJobIds).size, allOpJobIds.length);

    const checkpoints = await json<{ checkpointDir: string; metadataCheckpoints: Array<Record<string, unknown>> }>(`/applications/${appId}/checkpoints`);
    assert.match(checkpoints.checkpointDir, /stream-checkpoint$/);
    const written = checkpoints.metadataCheckpoints[0]!;
    assert.match(String(written['file']), /stream-checkpoint\/checkpoint-\d+(\.bk)?$/);
    assert.ok((written['bytes'] as number) > 0);
    assert.equal(typeof written['durationMs'], 'number');
    await ssc.stop({ stopKindlingContext: false });
  });

  void it('a receiver shows with its executor id and its executor host in Spark\'s ReceiverInfo shape', async () => {
    // A line server the socket receiver reads from: a receiver only starts on a stream it can connect to.
    const lines = createServer((socket) => {
      const timer = setInterval(() => socket.write('one\ntwo\n'), 50);
      socket.on('close', () => clearInterval(timer));
      socket.on('error', () => clearInterval(timer));
    });
    await new Promise<void>((resolve) => lines.listen(0, '127.0.0.1', resolve));
    const ssc = new StreamingContext(kc, Milliseconds(500));
    try {
      ssc.socketTextStream('127.0.0.1', (lines.address() as AddressInfo).port).foreachRDD(async (rdd) => {
        await rdd.count();
      });
      ssc.start();
      let receivers: Array<Record<string, unknown>> = [];
      const deadline = Date.now() + 60_000;
      while (Date.now() < deadline) {
        receivers = await json<Array<Record<string, unknown>>>(`/applications/${appId}/streaming/receivers`);
        if (receivers[0]?.['isActive'] === true && ((receivers[0]['avgEventRate'] as number | undefined) ?? 0) > 0) break;
        await new Promise((r) => setTimeout(r, 250));
      }
      assert.equal(receivers.length, 1, JSON.stringify(receivers));
      const receiver = receivers[0]!;
      Spark.assertShape(receiver, Spark.StreamingReceiverInfo, 'ReceiverInfo');
      assert.equal(receiver['isActive'], true, JSON.stringify(receiver));
      // Spark's executorHost is ReceiverInfo.location, the executor's host; the id has its own field.
      const executors = await json<Array<{ id: string; hostPort: string }>>(`/applications/${appId}/executors`);
      const executor = executors.find((e) => e.id === receiver['executorId']);
      assert.ok(executor !== undefined && executor.id !== 'driver', `the receiver runs on an executor: ${JSON.stringify(receiver)}`);
      assert.equal(receiver['executorHost'], executor.hostPort.replace(/:\d+$/, ''));
      assert.equal(receiver['executorHost'], '127.0.0.1');
      assert.ok((receiver['avgEventRate'] as number) > 0);
    } finally {
      await ssc.stop({ stopKindlingContext: false });
      lines.close();
    }
  });

  void it('the event log, replayed by kindling history, answers as the live driver did', async () => {
    const eventDir = join(dir, 'events');
    assert.deepEqual(await readdir(eventDir), [`${appId}.inprogress`]);
    const liveStreaming = await json(`/applications/${appId}/streaming/statistics`);
    const liveStages = await json(`/applications/${appId}/stages`);
    await kc.stop();
    assert.deepEqual(await readdir(eventDir), [appId], 'renamed from .inprogress when the context stopped');
    const log = await readFile(join(eventDir, appId), 'utf8');
    assert.ok(!log.includes(SECRET), 'the event log never holds the secret');
    const history = await HistoryServer.start({ logDir: pathToFileURL(eventDir).href, port: 0, logger: silentLogger() });
    try {
      const base = `${history.url}/api/v1`;
      const apps = await json<Array<{ id: string; attempts: Array<Record<string, unknown>> }>>('/applications', base);
      assert.deepEqual(apps.map((a) => a.id), [appId]);
      assert.equal(apps[0]!.attempts[0]!['completed'], true);
      assert.ok((apps[0]!.attempts[0]!['duration'] as number) > 0);
      const jobs = await json<Array<Record<string, unknown>>>(`/applications/${appId}/jobs`, base);
      assert.deepEqual(jobs.slice(-3), liveJobs, 'the first three jobs, as the live driver showed them');
      assert.deepEqual(await json(`/applications/${appId}/stages`, base), liveStages);
      const replayed = await json(`/applications/${appId}/streaming/statistics`, base);
      assert.equal(replayed['numTotalCompletedBatches'], liveStreaming['numTotalCompletedBatches']);
      const executors = await json<Array<Record<string, unknown>>>(`/applications/${appId}/allexecutors`, base);
      assert.ok(executors.filter((e) => e['id'] !== 'driver').every((e) => e['isActive'] === false && typeof e['removeReason'] === 'string'));
      const page = await fetch(`${history.url}/`);
      assert.equal(page.status, 200);
      assert.match(await page.text(), /\/api\/v1\/applications/);
    } finally {
      await history.stop();
    }
  });
});
