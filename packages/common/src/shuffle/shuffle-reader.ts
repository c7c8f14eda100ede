/**
 * The reduce side of a shuffle (Spark's BlockStoreShuffleReader): asks where the map
 * outputs are, fetches this reduce partition's non-empty block of each, and feeds
 * them, block by block as they arrive, into a spilling collection — an
 * ExternalAppendOnlyMap that merges combiners (after a map-side combine) or folds
 * raw values (createCombiner/mergeValue) when there is an aggregator, an
 * ExternalSorter when the records are to be sorted by key, and otherwise a
 * SerializedBlockBuffer that keeps the blocks as bytes and decodes them while the
 * task reads them (serialized-block-buffer.ts says why) — so that a partition larger
 * than the task's memory is spilled to disk instead of held.
 *
 * At most MAX_BLOCKS_IN_FLIGHT blocks, and about a quarter of the task's memory in
 * bytes, are fetched at once (Spark's maxBytesInFlight); a block is decoded and
 * folded in a batch at a time, and its bytes are dropped once it is.
 *
 * Anything that goes wrong getting or decoding a block is a FetchFailedError naming
 * the map output, so that the DAG scheduler recomputes it instead of retrying a task
 * that cannot succeed.
 */
import { ExternalAppendOnlyMap, ExternalSorter, SerializedBlockBuffer, type Combiners } from '../collection/index.js';
import { FetchFailedError, KindlingError } from '../errors/index.js';
import type { FunctionRef } from '../functions/index.js';
import type { Aggregator } from '../rdd/dependency.js';
import type { TaskContext } from '../rdd/task-context.js';
import { decodeFramedBatches, verifyFramed } from '../serializer/index.js';
import { recordWriteOptions } from '../storage/index.js';
import type { MapStatus } from '../task/index.js';

export interface ShuffleReadSpec {
  readonly shuffleId: number;
  readonly aggregator: Aggregator | undefined;
  readonly mapSideCombine: boolean;
  readonly keyOrdering: FunctionRef | undefined;
}

const MAX_BLOCKS_IN_FLIGHT = 8;
const MIN_BYTES_IN_FLIGHT = 1024 * 1024;
const MAX_BYTES_IN_FLIGHT = 48 * 1024 * 1024;

type Combine = (a: unknown, b: unknown) => unknown;
const identity = (c: unknown): unknown => c;

/** The reduce partition's records (combined, sorted as the spec says); iterable more than once within the task. */
export async function readShuffle(spec: ShuffleReadSpec, reduceId: number, context: TaskContext): Promise<Iterable<unknown>> {
  const writeOptions = recordWriteOptions(context.env.conf, 'block');
  const compare = spec.keyOrdering === undefined ? undefined : keyCompare(context.resolver.resolve<(a: unknown, b: unknown) => number>(spec.keyOrdering));
  if (spec.aggregator === undefined && compare === undefined) {
    // Nothing to fold or sort: the blocks stay serialized until the task reads them.
    const failed = (error: unknown, status: MapStatus): FetchFailedError => fetchFailed(error, blockName(status, reduceId), status, reduceId);
    const describe = (status: MapStatus): string => `shuffle block (${blockName(status, reduceId)})`;
    const blocks = new SerializedBlockBuffer<MapStatus>(context.memory, describe, failed);
    await fetchShuffleBlocks(spec.shuffleId, reduceId, context, (bytes, status) => {
      let records: number;
      try {
        records = verifyFramed(bytes, { path: describe(status) });
      } catch (error) {
        throw failed(error, status);
      }
      context.metrics.recordsRead += records;
      blocks.add(bytes, status);
    });
    return { [Symbol.iterator]: () => blocks.iterator() };
  }
  if (spec.aggregator === undefined) {
    const sorter = new ExternalSorter<unknown>(compare, context.memory, writeOptions);
    await fetchShuffleRecords(spec.shuffleId, reduceId, context, (records) => sorter.insertAll(records));
    return { [Symbol.iterator]: () => sorter.iterator() };
  }
  const map = new ExternalAppendOnlyMap<unknown, unknown>(combinersOf(spec, context), context.memory, writeOptions);
  await fetchShuffleRecords(spec.shuffleId, reduceId, context, (records) => {
    for (const [key, value] of records as [unknown, unknown][]) map.insert(key, value);
  });
  if (compare === undefined) return { [Symbol.iterator]: () => map.iterator() };
  // Combined, then sorted: the sorter is filled once, on first use, from the merged map.
  let sorter: ExternalSorter<unknown> | undefined;
  return {
    [Symbol.iterator]: () => {
      if (sorter === undefined) {
        sorter = new ExternalSorter<unknown>(compare, context.memory, writeOptions);
        sorter.insertAll({ [Symbol.iterator]: () => map.iterator() });
      }
      return sorter.iterator();
    },
  };
}

function keyCompare(compare: (a: unknown, b: unknown) => number): (a: unknown, b: unknown) => number {
  return (a, b) => compare((a as [unknown, unknown])[0], (b as [unknown, unknown])[0]);
}

function combinersOf(spec: ShuffleReadSpec, context: TaskContext): Combiners<unknown, unknown> {
  const aggregator = spec.aggregator!;
  const mergeCombiners = context.resolver.resolve<Combine>(aggregator.mergeCombiners);
  if (spec.mapSideCombine) return { createCombiner: identity, mergeValue: mergeCombiners, mergeCombiners };
  return {
    createCombiner: context.resolver.resolve<(v: unknown) => unknown>(aggregator.createCombiner),
    mergeValue: context.resolver.resolve<Combine>(aggregator.mergeValue),
    mergeCombiners,
  };
}

/**
 * Fetches the non-empty blocks of reduce partition `reduceId` of every map output
 * and hands each block's records to `sink` as it arrives (in arrival order, one
 * block at a time: JavaScript runs the sink between fetches, never during one),
 * a batch at a time as they are decoded, so that only one batch of a large block
 * exists as objects at once.
 */
export async function fetchShuffleRecords(
  shuffleId: number,
  reduceId: number,
  context: TaskContext,
  sink: (records: unknown[]) => void,
): Promise<void> {
  await fetchShuffleBlocks(shuffleId, reduceId, context, (bytes, status) => {
    const where = blockName(status, reduceId);
    let batches: Iterator<unknown[]>;
    try {
      batches = decodeFramedBatches(bytes, { path: `shuffle block (${where})` });
    } catch (error) {
      throw fetchFailed(error, where, status, reduceId);
    }
    for (;;) {
      let batch: IteratorResult<unknown[]>;
      try {
        batch = batches.next();
      } catch (error) {
        throw fetchFailed(error, where, status, reduceId);
      }
      if (batch.done === true) return;
      context.metrics.recordsRead += batch.value.length;
      sink(batch.value);
    }
  });
}

/**
 * Fetches the non-empty blocks of reduce partition `reduceId` of every map output and
 * hands each to `sink` as it arrives. An error thrown by the sink fails the read.
 */
async function fetchShuffleBlocks(
  shuffleId: number,
  reduceId: number,
  context: TaskContext,
  sink: (bytes: Uint8Array, status: MapStatus) => void,
): Promise<void> {
  const statuses = await context.env.mapOutputs.getMapStatuses(shuffleId);
  const wanted = statuses.filter((s) => (s.blockSizes[reduceId] ?? 0) > 0);
  const maxBytesInFlight = Math.min(MAX_BYTES_IN_FLIGHT, Math.max(MIN_BYTES_IN_FLIGHT, Math.floor(context.memory.manager.maxMemory / 4)));
  let next = 0;
  let bytesInFlight = 0;
  let blocksInFlight = 0;
  await new Promise<void>((resolve, reject) => {
    let failed = false;
    const launch = (): void => {
      if (failed) return;
      if (next >= wanted.length && blocksInFlight === 0) {
        resolve();
        return;
      }
      while (next < wanted.length && blocksInFlight < MAX_BLOCKS_IN_FLIGHT) {
        const size = wanted[next]!.blockSizes[reduceId]!;
        // One block always goes, however large; more only within the byte budget.
        if (blocksInFlight > 0 && bytesInFlight + size > maxBytesInFlight) break;
        const status = wanted[next++]!;
        blocksInFlight++;
        bytesInFlight += size;
        fetchBlock(status, reduceId, context).then(
          (bytes) => {
            if (failed) return;
            try {
              sink(bytes, status);
            } catch (error) {
              failed = true;
              reject(error);
              return;
            }
            blocksInFlight--;
            bytesInFlight -= size;
            launch();
          },
          (error: unknown) => {
            failed = true;
            reject(error);
          },
        );
      }
    };
    launch();
  });
}

/** One block's bytes; a failure to get them is a FetchFailedError naming the map output. */
async function fetchBlock(status: MapStatus, reduceId: number, context: TaskContext): Promise<Uint8Array> {
  let bytes: Uint8Array;
  try {
    bytes = await context.env.fetcher.fetchBlock(status, reduceId);
  } catch (error) {
    throw fetchFailed(error, blockName(status, reduceId), status, reduceId);
  }
  context.metrics.shuffleBytesRead += bytes.byteLength;
  return bytes;
}

function blockName(status: MapStatus, reduceId: number): string {
  return `shuffle ${status.shuffleId} map ${status.mapId} reduce ${reduceId} on executor ${status.executorId}`;
}

function fetchFailed(error: unknown, where: string, status: MapStatus, reduceId: number): FetchFailedError {
  if (error instanceof FetchFailedError) return error;
  const reason = KindlingError.from(error).message;
  return new FetchFailedError(`Cannot fetch ${where}: ${reason}`, status.shuffleId, status.mapId, reduceId, {
    executorId: status.executorId,
    cause: error,
  });
}
