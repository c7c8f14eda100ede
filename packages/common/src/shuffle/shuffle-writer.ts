/**
 * The map side of a shuffle (Spark's SortShuffleWriter): reads the map partition,
 * buckets its [key, value] records by the partitioner — combining values of a key
 * first when the dependency asks for map-side combine — and writes one data file
 * with one segment per reduce partition plus an index of the segments' offsets.
 *
 * Both files are written under temp names of this attempt and renamed into place,
 * data first, so that a reader never sees a half-written file. A later attempt of
 * the same map task simply replaces them; its output is as valid as the first.
 */
import { mkdir, open, rename, rm } from 'node:fs/promises';
import { KindlingError } from '../errors/index.js';
import { KeyedMap } from '../rdd/grouping-key.js';
import type { ShuffleDependency } from '../rdd/dependency.js';
import type { Partition } from '../rdd/partition.js';
import type { TaskContext } from '../rdd/task-context.js';
import { encodeRecords, recordWriteOptions } from '../storage/index.js';
import type { MapStatus } from '../task/index.js';
import { INDEX_ENTRY_BYTES, shuffleDataPath, shuffleDir, shuffleIndexPath } from './shuffle-files.js';

type Combine = (a: unknown, b: unknown) => unknown;

export async function writeShuffleMapOutput(
  dep: ShuffleDependency<unknown, unknown, unknown>,
  split: Partition,
  context: TaskContext,
): Promise<MapStatus> {
  const numPartitions = dep.partitioner.numPartitions;
  const records = dep.rdd.iterator(split, context);
  const buckets = dep.mapSideCombine && dep.aggregator !== undefined
    ? combineByPartition(records, dep, context)
    : bucketByPartition(records, dep, numPartitions);
  let recordsWritten = 0;
  const writeOptions = recordWriteOptions(context.env.conf, 'shuffle');
  const segments = buckets.map((bucket) => {
    recordsWritten += bucket.length;
    return bucket.length === 0 ? new Uint8Array(0) : encodeRecords(bucket, writeOptions);
  });
  const mapId = split.index;
  const blockSizes = await commitMapOutput(context, dep.shuffleId, mapId, segments);
  context.metrics.recordsWritten += recordsWritten;
  context.metrics.shuffleBytesWritten += blockSizes.reduce((a, b) => a + b, 0);
  return {
    shuffleId: dep.shuffleId,
    mapId,
    executorId: context.env.executorId,
    address: context.env.address,
    blockSizes,
  };
}

function bucketByPartition(records: Iterator<[unknown, unknown]>, dep: ShuffleDependency<unknown, unknown, unknown>, n: number): unknown[][] {
  const buckets: unknown[][] = Array.from({ length: n }, () => []);
  const partitioner = dep.partitioner;
  for (;;) {
    const r = records.next();
    if (r.done) break;
    buckets[partitioner.getPartition(r.value[0])]!.push(r.value);
  }
  return buckets;
}

/**
 * Combines into ONE map for all reduce partitions, then places each distinct key
 * once: hashing every record's key (the structural hash walks the whole string)
 * cost more than the combine itself when keys repeat, as in a word count. Equal
 * keys always go to the same partition, so filtering the map's insertion order by
 * partition gives each bucket the order a map per partition would have given.
 */
function combineByPartition(records: Iterator<[unknown, unknown]>, dep: ShuffleDependency<unknown, unknown, unknown>, context: TaskContext): unknown[][] {
  const aggregator = dep.aggregator!;
  const createCombiner = context.resolver.resolve<(v: unknown) => unknown>(aggregator.createCombiner);
  const mergeValue = context.resolver.resolve<Combine>(aggregator.mergeValue);
  const combiners = new KeyedMap<unknown>();
  // `r` is scoped to one turn of the loop so that, once `next` is inlined, the engine
  // need not allocate the result object (a loop-carried `r` kept it allocated).
  for (;;) {
    const r = records.next();
    if (r.done) break;
    combiners.combine(r.value[0], r.value[1], createCombiner, mergeValue);
  }
  const partitioner = dep.partitioner;
  const buckets: unknown[][] = Array.from({ length: partitioner.numPartitions }, () => []);
  for (const entry of combiners.entries()) buckets[partitioner.getPartition(entry[0])]!.push(entry);
  return buckets;
}

async function commitMapOutput(context: TaskContext, shuffleId: number, mapId: number, segments: readonly Uint8Array[]): Promise<number[]> {
  const workDir = context.env.workDir;
  const dataPath = shuffleDataPath(workDir, shuffleId, mapId);
  const indexPath = shuffleIndexPath(workDir, shuffleId, mapId);
  const suffix = `.${context.taskAttemptId}.${process.pid}.tmp`;
  const index = Buffer.alloc((segments.length + 1) * INDEX_ENTRY_BYTES);
  let offset = 0;
  segments.forEach((segment, i) => {
    offset += segment.length;
    index.writeBigUInt64BE(BigInt(offset), (i + 1) * INDEX_ENTRY_BYTES);
  });
  try {
    await mkdir(shuffleDir(workDir), { recursive: true });
    const file = await open(dataPath + suffix, 'w');
    try {
      for (const segment of segments) if (segment.length > 0) await file.write(segment);
    } finally {
      await file.close();
    }
    const indexFile = await open(indexPath + suffix, 'w');
    try {
      await indexFile.write(index);
    } finally {
      await indexFile.close();
    }
    await rename(dataPath + suffix, dataPath);
    await rename(indexPath + suffix, indexPath);
  } catch (error) {
    await rm(dataPath + suffix, { force: true });
    await rm(indexPath + suffix, { force: true });
    throw KindlingError.from(error, `Cannot write shuffle ${shuffleId} map output ${mapId}`);
  }
  return segments.map((s) => s.length);
}
