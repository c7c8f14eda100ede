/**
 * The reduce side of a shuffle (Spark's BlockStoreShuffleReader): asks where the map
 * outputs are, fetches this reduce partition's non-empty block of each, and merges
 * them — combiners with mergeCombiners after a map-side combine, raw values with
 * createCombiner/mergeValue otherwise — then sorts by key when asked.
 *
 * Anything that goes wrong getting or decoding a block is a FetchFailedError naming
 * the map output, so that the DAG scheduler recomputes it instead of retrying a task
 * that cannot succeed.
 */
import { FetchFailedError, KindlingError } from '../errors/index.js';
import type { FunctionRef } from '../functions/index.js';
import type { Aggregator } from '../rdd/dependency.js';
import { KeyedMap } from '../rdd/grouping-key.js';
import type { TaskContext } from '../rdd/task-context.js';
import { decodeRecords } from '../storage/index.js';
import type { MapStatus } from '../task/index.js';

export interface ShuffleReadSpec {
  readonly shuffleId: number;
  readonly aggregator: Aggregator | undefined;
  readonly mapSideCombine: boolean;
  readonly keyOrdering: FunctionRef | undefined;
}

const MAX_BLOCKS_IN_FLIGHT = 8;

type Combine = (a: unknown, b: unknown) => unknown;

const identity = (c: unknown): unknown => c;

export async function readShuffle(spec: ShuffleReadSpec, reduceId: number, context: TaskContext): Promise<unknown[]> {
  const statuses = await context.env.mapOutputs.getMapStatuses(spec.shuffleId);
  const wanted = statuses.filter((s) => (s.blockSizes[reduceId] ?? 0) > 0);
  const blocks: unknown[][] = new Array<unknown[]>(wanted.length);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < wanted.length) {
      const i = next++;
      blocks[i] = await fetchRecords(wanted[i]!, reduceId, context);
    }
  };
  await Promise.all(Array.from({ length: Math.min(MAX_BLOCKS_IN_FLIGHT, wanted.length) }, worker));
  const merged = merge(spec, blocks, context);
  if (spec.keyOrdering !== undefined) {
    const compare = context.resolver.resolve<(a: unknown, b: unknown) => number>(spec.keyOrdering);
    (merged as [unknown, unknown][]).sort((a, b) => compare(a[0], b[0]));
  }
  return merged;
}

async function fetchRecords(status: MapStatus, reduceId: number, context: TaskContext): Promise<unknown[]> {
  const where = `shuffle ${status.shuffleId} map ${status.mapId} reduce ${reduceId} on executor ${status.executorId}`;
  try {
    const bytes = await context.env.fetcher.fetchBlock(status, reduceId);
    context.metrics.shuffleBytesRead += bytes.byteLength;
    const records = decodeRecords(bytes, `shuffle block (${where})`);
    context.metrics.recordsRead += records.length;
    return records;
  } catch (error) {
    if (error instanceof FetchFailedError) throw error;
    const reason = KindlingError.from(error).message;
    throw new FetchFailedError(`Cannot fetch ${where}: ${reason}`, status.shuffleId, status.mapId, reduceId, {
      executorId: status.executorId,
      cause: error,
    });
  }
}

function merge(spec: ShuffleReadSpec, blocks: readonly unknown[][], context: TaskContext): unknown[] {
  const aggregator = spec.aggregator;
  if (aggregator === undefined) return blocks.length === 1 ? blocks[0]! : blocks.flat();
  const combiners = new KeyedMap<unknown>();
  if (spec.mapSideCombine) {
    const mergeCombiners = context.resolver.resolve<Combine>(aggregator.mergeCombiners);
    for (const block of blocks) {
      for (const [key, c] of block as [unknown, unknown][]) combiners.combine(key, c, identity, mergeCombiners);
    }
  } else {
    const createCombiner = context.resolver.resolve<(v: unknown) => unknown>(aggregator.createCombiner);
    const mergeValue = context.resolver.resolve<Combine>(aggregator.mergeValue);
    for (const block of blocks) {
      for (const [key, v] of block as [unknown, unknown][]) combiners.combine(key, v, createCombiner, mergeValue);
    }
  }
  return Array.from(combiners.entries());
}
