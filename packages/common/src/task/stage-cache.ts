/**
 * Decoded stages, so that the many tasks of one stage decode their shared payload,
 * rebuild its RDDs and resolve its functions once per process, not once per task:
 * with 10,000 tiny tasks that work would otherwise dominate. Keyed by the payload
 * object (the in-process backend hands every task the same bytes) and by a digest
 * of the bytes (a transport hands each task a fresh copy), plus the bundle.
 *
 * Reusing rebuilt RDDs across tasks is safe: they hold no per-task state (what a
 * task fetches lives in its TaskContext).
 */
import { createHash } from 'node:crypto';
import { BundleError } from '../errors/index.js';
import { createFunctionResolver, type FunctionResolver } from '../functions/index.js';
import {
  ShuffleDependency,
  partitionerFromPlan,
  rebuildRdds,
  type RDD,
} from '../rdd/index.js';
import type { ExecutorEnv } from './executor-env.js';
import { ExecutorRddContext } from './executor-rdd-context.js';
import { decodeTaskPayload, type TaskPayload } from './task-payload.js';
import type { TaskDescription } from './task-types.js';

export interface DecodedStage {
  readonly payload: TaskPayload;
  readonly rdd: RDD<unknown>;
  /** Set for shuffle map stages: the dependency whose map output the tasks write. */
  readonly shuffleDependency: ShuffleDependency<unknown, unknown, unknown> | undefined;
  readonly resolver: FunctionResolver;
  readonly bundleSha256: string;
}

const MAX_STAGES_BY_DIGEST = 32;

interface EnvCache {
  readonly byBytes: WeakMap<Uint8Array, DecodedStage>;
  readonly byDigest: Map<string, DecodedStage>;
}

const caches = new WeakMap<ExecutorEnv, EnvCache>();

export async function decodedStage(task: TaskDescription, env: ExecutorEnv): Promise<DecodedStage> {
  let cache = caches.get(env);
  if (cache === undefined) {
    cache = { byBytes: new WeakMap(), byDigest: new Map() };
    caches.set(env, cache);
  }
  const byBytes = cache.byBytes.get(task.payload);
  if (byBytes !== undefined && byBytes.bundleSha256 === task.bundleSha256) return byBytes;
  const digest = `${task.bundleSha256}:${createHash('sha1').update(task.payload).digest('hex')}`;
  let stage = cache.byDigest.get(digest);
  if (stage === undefined) {
    stage = await decodeStage(task, env);
    if (cache.byDigest.size >= MAX_STAGES_BY_DIGEST) cache.byDigest.delete(cache.byDigest.keys().next().value!);
    cache.byDigest.set(digest, stage);
  }
  cache.byBytes.set(task.payload, stage);
  return stage;
}

async function decodeStage(task: TaskDescription, env: ExecutorEnv): Promise<DecodedStage> {
  const payload = decodeTaskPayload(task.payload);
  const bundle = task.bundleSha256 === '' ? undefined : await env.loadBundle(task.bundleSha256);
  if (task.bundleSha256 !== '' && bundle === undefined) {
    throw new BundleError(`Executor ${env.executorId} cannot load job bundle ${task.bundleSha256.slice(0, 12)}`);
  }
  const resolver = createFunctionResolver(bundle);
  const rdds = rebuildRdds(payload.plans, new ExecutorRddContext(env.conf, env.logger), resolver);
  const rdd = rdds.get(payload.rddId);
  if (rdd === undefined) throw new Error(`Task payload does not hold its own RDD ${payload.rddId}`);
  const shuffleDependency =
    payload.type === 'shuffleMap'
      ? new ShuffleDependency<unknown, unknown, unknown>(
          rdd as RDD<[unknown, unknown]>,
          payload.shuffle.shuffleId,
          partitionerFromPlan(payload.shuffle.partitioner, resolver),
          payload.shuffle.aggregator,
          payload.shuffle.mapSideCombine,
          payload.shuffle.keyOrdering,
        )
      : undefined;
  return { payload, rdd, shuffleDependency, resolver, bundleSha256: task.bundleSha256 };
}
