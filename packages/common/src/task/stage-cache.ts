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

/**
 * Bounds of the digest cache. A stage's payload carries its parallelized data, and
 * the decoded stage holds all of it: without a byte bound, 32 jobs over a large
 * `parallelize` kept hundreds of MB alive. Payload bytes stand in for decoded size;
 * the newest stage is always kept.
 */
const MAX_STAGES_BY_DIGEST = 32;
const MAX_PAYLOAD_BYTES_BY_DIGEST = 64 * 1024 * 1024;

interface EnvCache {
  readonly byBytes: WeakMap<Uint8Array, DecodedStage>;
  readonly byDigest: Map<string, { readonly stage: DecodedStage; readonly bytes: number }>;
  cachedBytes: number;
}

const caches = new WeakMap<ExecutorEnv, EnvCache>();

export async function decodedStage(task: TaskDescription, env: ExecutorEnv): Promise<DecodedStage> {
  let cache = caches.get(env);
  if (cache === undefined) {
    cache = { byBytes: new WeakMap(), byDigest: new Map(), cachedBytes: 0 };
    caches.set(env, cache);
  }
  const byBytes = cache.byBytes.get(task.payload);
  if (byBytes !== undefined && byBytes.bundleSha256 === task.bundleSha256) return byBytes;
  const digest = `${task.bundleSha256}:${createHash('sha1').update(task.payload).digest('hex')}`;
  let stage = cache.byDigest.get(digest)?.stage;
  if (stage === undefined) {
    stage = await decodeStage(task, env);
    remember(cache, digest, stage, task.payload.byteLength);
  }
  cache.byBytes.set(task.payload, stage);
  return stage;
}

function remember(cache: EnvCache, digest: string, stage: DecodedStage, bytes: number): void {
  cache.byDigest.set(digest, { stage, bytes });
  cache.cachedBytes += bytes;
  // Oldest first (Map keeps insertion order); never the stage just added.
  for (const [oldest, entry] of cache.byDigest) {
    if (cache.byDigest.size <= 1) break;
    if (cache.byDigest.size <= MAX_STAGES_BY_DIGEST && cache.cachedBytes <= MAX_PAYLOAD_BYTES_BY_DIGEST) break;
    cache.byDigest.delete(oldest);
    cache.cachedBytes -= entry.bytes;
  }
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
