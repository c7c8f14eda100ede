/**
 * The driver's side of writing a reliable checkpoint (Spark's
 * ReliableCheckpointRDD.writeRDDToCheckpointDirectory), after the job that computed
 * the RDD. The executors wrote the part files; the driver never handles the data:
 *
 * 1. list the committed parts; run a job over the partitions that are missing (its
 *    tasks tee them like any task computing the RDD) and list again;
 * 2. refuse a checkpoint with fewer or more parts than the RDD has partitions
 *    (Spark's message);
 * 3. write `_partitioner` (best effort) and `_metadata` (last: it marks the checkpoint
 *    complete and records each part's size for the readers' checks).
 */
import { listCommittedParts, completeCheckpointDirectory } from '../checkpoint/checkpoint-directory.js';
import { METADATA_FORMAT, METADATA_VERSION, type RddCheckpointMetadata } from '../checkpoint/checkpoint-metadata.js';
import { CheckpointError } from '../errors/index.js';
import { builtinRef } from '../functions/index.js';
import { getFileSystem } from '../fs/index.js';
import type { RDD } from './rdd.js';
import { ReliableCheckpointRDD } from './reliable-checkpoint-rdd.js';

export async function writeRddToCheckpointDirectory<T>(rdd: RDD<T>, rddDir: string): Promise<ReliableCheckpointRDD<T>> {
  const { context } = rdd;
  const fs = getFileSystem(rddDir);
  await fs.mkdirs(rddDir);
  const numPartitions = rdd.partitions.length;
  let parts = await listCommittedParts(fs, rddDir);
  const missing = Array.from({ length: numPartitions }, (_, i) => i).filter((i) => !parts.has(i));
  if (missing.length > 0) {
    context.logger.info(
      { rddId: rdd.id },
      `Checkpointing ${missing.length} of ${numPartitions} partitions of ${rdd.toString()} that no job wrote while computing them`,
    );
    // Drains each missing partition; the tasks' tees write the files.
    await context.runJob<number>(rdd, builtinRef('rdd.count'), missing);
    parts = await listCommittedParts(fs, rddDir);
  }
  const checkpointRddId = context.newRddId();
  const complete = parts.size === numPartitions && Array.from({ length: numPartitions }, (_, i) => i).every((i) => parts.has(i));
  if (!complete) {
    throw new CheckpointError(
      `Checkpoint RDD has a different number of partitions from original RDD. Original RDD [ID: ${rdd.id}, num of partitions: ${numPartitions}]; Checkpoint RDD [ID: ${checkpointRddId}, num of partitions: ${parts.size}].`,
      { path: rddDir },
    );
  }
  const metadata: RddCheckpointMetadata = {
    format: METADATA_FORMAT,
    version: METADATA_VERSION,
    rddId: rdd.id,
    numPartitions,
    partSizes: Array.from({ length: numPartitions }, (_, i) => parts.get(i)!),
    hasPartitioner: false,
    completedAt: Date.now(),
  };
  const written = await completeCheckpointDirectory(rddDir, metadata, rdd.partitioner?.toPlan(), context.logger);
  return new ReliableCheckpointRDD<T>(context, rddDir, written, rdd.partitioner, { id: checkpointRddId });
}
