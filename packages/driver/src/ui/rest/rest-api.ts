/**
 * Spark's REST API (`/api/v1`, monitoring.html) over status stores: the live
 * driver's one store, or the history server's one per application attempt.
 *
 *   /applications[?status=running|completed]
 *   /applications/{appId}[/{attemptId}]/jobs[?status=…]  /jobs/{jobId}
 *   …/stages[?status=…]  /stages/{stageId}  /stages/{stageId}/{attemptId}
 *   …/stages/{stageId}/{attemptId}/taskList
 *   …/stages/{stageId}/{attemptId}/rddGraph        (Kindling: the stage's RDD graph)
 *   …/executors  /allexecutors  /storage/rdd  /storage/rdd/{rddId}  /environment
 *   …/streaming/statistics  /streaming/receivers  /streaming/batches[?status=…]
 *   …/streaming/batches/{batchId}  /streaming/batches/{batchId}/operations
 *   …/checkpoints                                  (Kindling: checkpoints and recoveries)
 *
 * An attempt id may follow the application id, as in Spark; without one, the
 * newest attempt answers. Unknown paths and ids answer 404 with one line of text
 * naming what was not found, as Spark's NotFoundException does.
 */
import type { AppStatusStore } from '../status/app-status-store.js';
import type { StageStatus } from '../status/status-records.js';
import { applicationInfo, environmentInfo, executorSummary, jobData, rddStorageInfo, stageData, taskData } from './spark-json.js';
import { batchInfo, checkpointsInfo, outputOperationInfo, receiverInfos, streamingStatistics } from './streaming-json.js';

/** What the REST API reads: every application attempt it knows, each a store. */
export interface StatusSource {
  stores(): Iterable<AppStatusStore>;
}

export interface ApiAnswer {
  readonly status: number;
  /** JSON for 200, one line of text otherwise. */
  readonly body: unknown;
}

export const API_ROOT = '/api/v1';

const notFound = (what: string): ApiAnswer => ({ status: 404, body: what });
const badRequest = (what: string): ApiAnswer => ({ status: 400, body: what });
const ok = (body: unknown): ApiAnswer => ({ status: 200, body });

/** Answers `path` (below /api/v1, e.g. "/applications/app-1/jobs"). */
export function answerApi(path: string, query: URLSearchParams, source: StatusSource): ApiAnswer {
  const parts = path.split('/').filter((p) => p !== '').map(decodeURIComponent);
  if (parts[0] === 'version') return ok({ spark: kindlingVersionOf(source) });
  if (parts[0] !== 'applications') return notFound(`unknown path ${API_ROOT}${path}; try ${API_ROOT}/applications`);
  const byApp = groupByApplication(source);
  if (parts.length === 1) {
    const status = query.get('status');
    if (status !== null && status !== 'running' && status !== 'completed') return badRequest(`status must be running or completed, got ${status}`);
    const apps = [...byApp.values()]
      .filter((attempts) => status === null || attempts.some((s) => (s.application!.endTime === undefined) === (status === 'running')))
      .map((attempts) => applicationInfo(attempts))
      .sort((a, b) => String((b['attempts'] as Array<{ startTime: string }>)[0]!.startTime).localeCompare(String((a['attempts'] as Array<{ startTime: string }>)[0]!.startTime)));
    return ok(apps);
  }
  const appId = parts[1]!;
  const attempts = byApp.get(appId);
  if (attempts === undefined) return notFound(`no such app: ${appId}`);
  let rest = parts.slice(2);
  if (rest.length === 0) return ok(applicationInfo(attempts));
  let store = newestAttempt(attempts);
  const byAttempt = attempts.find((s) => s.application!.attemptId !== undefined && s.application!.attemptId === rest[0]);
  if (byAttempt !== undefined) {
    store = byAttempt;
    rest = rest.slice(1);
    if (rest.length === 0) return ok(applicationInfo([byAttempt]));
  }
  return answerForApp(rest, query, store);
}

function answerForApp(rest: string[], query: URLSearchParams, store: AppStatusStore): ApiAnswer {
  const [resource, ...args] = rest;
  switch (resource) {
    case 'jobs':
      return jobs(args, query, store);
    case 'stages':
      return stages(args, query, store);
    case 'executors':
    case 'allexecutors':
      return ok(executors(store, resource === 'allexecutors'));
    case 'storage':
      return storage(args, store);
    case 'environment':
      return ok(environmentInfo(store));
    case 'streaming':
      return streaming(args, query, store);
    case 'checkpoints':
      return ok(checkpointsInfo(store));
    default:
      return notFound(`unknown resource ${resource ?? ''}; one of jobs, stages, executors, allexecutors, storage/rdd, environment, streaming/…, checkpoints`);
  }
}

function jobs(args: string[], query: URLSearchParams, store: AppStatusStore): ApiAnswer {
  if (args.length === 0) {
    const statuses = query.getAll('status').map((s) => s.toUpperCase());
    const list = [...store.jobs.values()].filter((j) => statuses.length === 0 || statuses.includes(j.status)).sort((a, b) => b.jobId - a.jobId);
    return ok(list.map(jobData));
  }
  const jobId = integer(args[0]);
  const job = jobId === undefined ? undefined : store.jobs.get(jobId);
  return job === undefined ? notFound(`unknown job: ${args[0]}`) : ok(jobData(job));
}

function stages(args: string[], query: URLSearchParams, store: AppStatusStore): ApiAnswer {
  const details = query.get('details');
  if (args.length === 0) {
    const statuses = query.getAll('status').map((s) => s.toUpperCase()) as StageStatus[];
    const list = [...store.stages.values()]
      .filter((s) => statuses.length === 0 || statuses.includes(s.status))
      .sort((a, b) => b.info.stageId - a.info.stageId || b.info.attemptId - a.info.attemptId);
    return ok(list.map((s) => stageData(s, details === 'true')));
  }
  const stageId = integer(args[0]);
  const attempts = stageId === undefined ? [] : store.stageAttempts(stageId);
  if (attempts.length === 0) return notFound(`unknown stage: ${args[0]}`);
  if (args.length === 1) return ok(attempts.map((s) => stageData(s, details !== 'false')));
  const attemptId = integer(args[1]);
  const stage = attempts.find((s) => s.info.attemptId === attemptId);
  if (stage === undefined) return notFound(`unknown attempt ${args[1]} of stage ${args[0]}; attempts: ${attempts.map((s) => s.info.attemptId).join(', ')}`);
  if (args.length === 2) return ok(stageData(stage, details !== 'false'));
  if (args[2] === 'taskList') {
    const offset = integer(query.get('offset') ?? '0') ?? 0;
    const length = integer(query.get('length') ?? '20') ?? 20;
    return ok([...stage.tasks.values()].slice(offset, offset + length).map(taskData));
  }
  if (args[2] === 'rddGraph') {
    const edges: Array<{ fromId: number; toId: number; kind: 'narrow' | 'shuffle' }> = [];
    for (const rdd of stage.rddInfos) {
      for (const parent of rdd.parentIds) edges.push({ fromId: parent, toId: rdd.id, kind: 'narrow' });
      for (const parent of rdd.shuffleParentIds) edges.push({ fromId: parent, toId: rdd.id, kind: 'shuffle' });
    }
    return ok({ stageId: stage.info.stageId, attemptId: stage.info.attemptId, rdds: stage.rddInfos, edges });
  }
  return notFound(`unknown stage resource ${args[2]}; taskList or rddGraph`);
}

function executors(store: AppStatusStore, all: boolean): Array<Record<string, unknown>> {
  const blocks = new Map<string, number>();
  for (const rdd of store.storage.values()) for (const holders of rdd.blocks.values()) for (const e of holders) blocks.set(e, (blocks.get(e) ?? 0) + 1);
  return [...store.executors.values()].filter((e) => all || e.isActive).map((e) => executorSummary(e, blocks.get(e.id) ?? 0));
}

function storage(args: string[], store: AppStatusStore): ApiAnswer {
  if (args[0] !== 'rdd') return notFound('unknown storage resource; use storage/rdd');
  if (args.length === 1) {
    return ok([...store.storage.values()].filter((r) => r.blocks.size > 0).sort((a, b) => a.info.id - b.info.id).map((r) => rddStorageInfo(r, false)));
  }
  const rddId = integer(args[1]);
  const rdd = rddId === undefined ? undefined : store.storage.get(rddId);
  return rdd === undefined ? notFound(`unknown rdd: ${args[1]}`) : ok(rddStorageInfo(rdd, true));
}

function streaming(args: string[], query: URLSearchParams, store: AppStatusStore): ApiAnswer {
  const s = store.streaming;
  if (s === undefined) return notFound('no streaming listener attached to this application: it has no StreamingContext');
  switch (args[0]) {
    case 'statistics':
      return ok(streamingStatistics(s));
    case 'receivers':
      return ok(receiverInfos(s));
    case 'batches': {
      if (args.length === 1) {
        const statuses = query.getAll('status').map((x) => x.toUpperCase());
        const list = [...s.batches.values()].filter((b) => statuses.length === 0 || statuses.includes(b.status)).sort((a, b) => b.data.batchTime - a.data.batchTime);
        return ok(list.map((b) => batchInfo(b, s.batchDuration)));
      }
      const batchId = integer(args[1]);
      const batch = batchId === undefined ? undefined : s.batches.get(batchId);
      if (batch === undefined) return notFound(`unknown batch: ${args[1]}`);
      if (args.length === 2) return ok(batchInfo(batch, s.batchDuration));
      if (args[2] === 'operations') return ok(batch.data.outputOperations.map((op) => outputOperationInfo(op, batch.outputOpJobIds.get(op.id) ?? [])));
      return notFound(`unknown batch resource ${args[2]}; operations`);
    }
    default:
      return notFound('unknown streaming resource; statistics, receivers or batches');
  }
}

function groupByApplication(source: StatusSource): Map<string, AppStatusStore[]> {
  const byApp = new Map<string, AppStatusStore[]>();
  for (const store of source.stores()) {
    const app = store.application;
    if (app === undefined) continue;
    const list = byApp.get(app.appId);
    if (list === undefined) byApp.set(app.appId, [store]);
    else list.push(store);
  }
  return byApp;
}

function newestAttempt(attempts: readonly AppStatusStore[]): AppStatusStore {
  return attempts.reduce((best, s) => (s.application!.startTime > best.application!.startTime ? s : best));
}

function kindlingVersionOf(source: StatusSource): string {
  for (const store of source.stores()) if (store.application !== undefined) return store.application.kindlingVersion;
  return '';
}

function integer(text: string | undefined): number | undefined {
  if (text === undefined || !/^-?\d+$/.test(text)) return undefined;
  return Number(text);
}
