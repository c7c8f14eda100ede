/**
 * The map side of a shuffle (Spark's SortShuffleWriter): reads the map partition,
 * streams its [key, value] records into one serialized stream per reduce partition
 * (partitioned-output.ts, which spills them past a quarter of the task's memory) —
 * combining values of a key first, in a spilling map, when the dependency asks for
 * map-side combine — and writes one data file with one segment per reduce
 * partition plus an index of the segments' offsets.
 *
 * Both files are written under temp names of this attempt and renamed into place,
 * data first, so that a reader never sees a half-written file. A later attempt of
 * the same map task simply replaces them; its output is as valid as the first.
 */
import { mkdir, open, rename, rm } from 'node:fs/promises';
import { KindlingError } from '../errors/index.js';
import { ExternalAppendOnlyMap } from '../collection/index.js';
import type { ShuffleDependency } from '../rdd/dependency.js';
import type { Partition } from '../rdd/partition.js';
import type { TaskContext } from '../rdd/task-context.js';
import { DEFAULT_BATCH_BYTES, type FramedWriterOptions } from '../serializer/index.js';
import { recordWriteOptions } from '../storage/index.js';
import type { MapStatus } from '../task/index.js';
import { PartitionedOutput } from './partitioned-output.js';
import { INDEX_ENTRY_BYTES, shuffleDataPath, shuffleDir, shuffleIndexPath } from './shuffle-files.js';

type Combine = (a: unknown, b: unknown) => unknown;

export async function writeShuffleMapOutput(
  dep: ShuffleDependency<unknown, unknown, unknown>,
  split: Partition,
  context: TaskContext,
): Promise<MapStatus> {
  const partitioner = dep.partitioner;
  const numPartitions = partitioner.numPartitions;
  const records = dep.rdd.iterator(split, context);
  const maxMemory = context.memory.manager.maxMemory;
  const writeOptions: FramedWriterOptions = {
    ...recordWriteOptions(context.env.conf, 'shuffle'),
    // Each partition's writer holds one batch of records: keep all of them to about an eighth of the memory.
    batchBytes: clamp(Math.floor(maxMemory / (8 * numPartitions)), MIN_BATCH_BYTES, DEFAULT_BATCH_BYTES),
  };
  const output = new PartitionedOutput(numPartitions, writeOptions, context.memory, clamp(Math.floor(maxMemory / 4), MIN_SPILL_BYTES, MAX_SPILL_BYTES));
  try {
    if (dep.mapSideCombine && dep.aggregator !== undefined) combineInto(output, records, dep, context);
    else {
      for (;;) {
        const r = records.next();
        if (r.done) break;
        output.write(partitioner.getPartition(r.value[0]), r.value);
      }
    }
    output.finish();
    const mapId = split.index;
    const blockSizes = await commitMapOutput(context, dep.shuffleId, mapId, output);
    context.metrics.recordsWritten += output.recordCount;
    context.metrics.shuffleBytesWritten += blockSizes.reduce((a, b) => a + b, 0);
    return {
      shuffleId: dep.shuffleId,
      mapId,
      executorId: context.env.executorId,
      address: context.env.address,
      blockSizes,
    };
  } finally {
    output.closeSpills();
  }
}

const MIN_BATCH_BYTES = 16 * 1024;
const MIN_SPILL_BYTES = 1024 * 1024;
const MAX_SPILL_BYTES = 256 * 1024 * 1024;

function clamp(n: number, min: number, max: number): number {
  return Math.max(min, Math.min(max, n));
}

/**
 * Combines into ONE map for all reduce partitions (spilling when it outgrows the
 * task's memory), then places each distinct key once: hashing every record's key
 * (the structural hash walks the whole string) cost more than the combine itself
 * when keys repeat, as in a word count. Equal keys always go to the same
 * partition, so each partition's stream gets its keys in the map's order.
 */
function combineInto(
  output: PartitionedOutput,
  records: Iterator<[unknown, unknown]>,
  dep: ShuffleDependency<unknown, unknown, unknown>,
  context: TaskContext,
): void {
  const aggregator = dep.aggregator!;
  const combiners = new ExternalAppendOnlyMap<unknown, unknown>(
    {
      createCombiner: context.resolver.resolve<(v: unknown) => unknown>(aggregator.createCombiner),
      mergeValue: context.resolver.resolve<Combine>(aggregator.mergeValue),
      mergeCombiners: context.resolver.resolve<Combine>(aggregator.mergeCombiners),
    },
    context.memory,
    recordWriteOptions(context.env.conf, 'block'),
  );
  // `r` is scoped to one turn of the loop so that, once `next` is inlined, the engine
  // need not allocate the result object (a loop-carried `r` kept it allocated).
  for (;;) {
    const r = records.next();
    if (r.done) break;
    combiners.insert(r.value[0], r.value[1]);
  }
  const partitioner = dep.partitioner;
  const entries = combiners.iterator();
  for (;;) {
    const e = entries.next();
    if (e.done === true) break;
    output.write(partitioner.getPartition(e.value[0]), e.value);
  }
}

async function commitMapOutput(context: TaskContext, shuffleId: number, mapId: number, output: PartitionedOutput): Promise<number[]> {
  const workDir = context.env.workDir;
  const dataPath = shuffleDataPath(workDir, shuffleId, mapId);
  const indexPath = shuffleIndexPath(workDir, shuffleId, mapId);
  const suffix = `.${context.taskAttemptId}.${process.pid}.tmp`;
  const sizes = output.segmentSizes();
  const index = Buffer.alloc((sizes.length + 1) * INDEX_ENTRY_BYTES);
  let offset = 0;
  sizes.forEach((size, i) => {
    offset += size;
    index.writeBigUInt64BE(BigInt(offset), (i + 1) * INDEX_ENTRY_BYTES);
  });
  try {
    await mkdir(shuffleDir(workDir), { recursive: true });
    const file = await open(dataPath + suffix, 'w');
    try {
      await output.writeTo(file);
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
  return sizes;
}
