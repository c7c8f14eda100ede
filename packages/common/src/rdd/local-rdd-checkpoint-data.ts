/**
 * Local checkpointing (Spark's LocalRDDCheckpointData): the partitions stay where the
 * executors cached them, at a storage level that includes disk, and the lineage is
 * cut anyway. Fast, and as durable as the executors: a lost executor's partitions
 * cannot be recomputed (LocalCheckpointRDD fails with Spark's message).
 */
import { builtinRef } from '../functions/index.js';
import { StorageLevel } from '../storage/index.js';
import { LocalCheckpointRDD } from './local-checkpoint-rdd.js';
import type { RDD } from './rdd.js';
import { RDDCheckpointData, type CheckpointServices } from './rdd-checkpoint-data.js';

export class LocalRDDCheckpointData<T> extends RDDCheckpointData<T> {
  readonly isLocal = true;

  /** Spark's LocalRDDCheckpointData.DEFAULT_STORAGE_LEVEL. */
  static readonly DEFAULT_STORAGE_LEVEL = StorageLevel.MEMORY_AND_DISK;

  /** A level that keeps a copy on disk, so the block survives the loss of memory (Spark's transformStorageLevel). */
  static transformStorageLevel(level: StorageLevel): StorageLevel {
    if (!level.isValid) return LocalRDDCheckpointData.DEFAULT_STORAGE_LEVEL;
    return level.useDisk ? level : StorageLevel.MEMORY_AND_DISK;
  }

  protected async doCheckpoint(services: CheckpointServices): Promise<RDD<T>> {
    const { rdd } = this;
    // Partitions the job did not compute (take, first) are computed now, so that
    // every block exists before the lineage is cut.
    const missing = rdd.partitions.map((p) => p.index).filter((i) => services.cachedBlockLocations(rdd.id, i).length === 0);
    if (missing.length > 0) await rdd.context.runJob<number>(rdd, builtinRef('rdd.count'), missing);
    return new LocalCheckpointRDD<T>(rdd.context, rdd.id, rdd.partitions.length);
  }
}
