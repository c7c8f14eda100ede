/**
 * Persistence (Spark's persist, cache, unpersist): marks the RDD so that its
 * partitions are stored by the block manager of the executor that computes them
 * and read from there by later jobs (see RDD.iterator).
 */
import { InvalidArgumentError } from '../../errors/index.js';
import { StorageLevel } from '../../storage/index.js';
import { RDD } from '../rdd.js';

declare module '../rdd.js' {
  // eslint-disable-next-line @typescript-eslint/no-unused-vars -- T must be declared for the interface to merge with RDD<T>
  interface RDD<T> {
    /** Default MEMORY_ONLY. A level cannot be changed once assigned (unpersist first), as in Spark. */
    persist(level?: StorageLevel): this;
    cache(): this;
    /** Marks the RDD not persisted and removes its blocks in the background (Spark's non-blocking default). */
    unpersist(): this;
  }
}

RDD.prototype.persist = function <T>(this: RDD<T>, level: StorageLevel = StorageLevel.MEMORY_ONLY) {
  if (this.storageLevel.isValid && this.storageLevel !== level) {
    throw new InvalidArgumentError(
      `Cannot change the storage level of ${this.toString()} from ${this.storageLevel.name} to ${level.name}; unpersist it first`,
    );
  }
  // Registered once, when first given a level (Spark's persist does the same).
  if (!this.storageLevel.isValid && level.isValid) this.context.cleaner?.registerRddForCleanup(this, this.id);
  this.assignStorageLevel(level);
  return this;
};

RDD.prototype.cache = function <T>(this: RDD<T>) {
  return this.persist(StorageLevel.MEMORY_ONLY);
};

RDD.prototype.unpersist = function <T>(this: RDD<T>) {
  this.assignStorageLevel(StorageLevel.NONE);
  const remove = this.context.removeRdd?.(this.id);
  if (remove !== undefined) {
    remove.catch((error: unknown) => this.context.logger.warn({ err: error, rddId: this.id }, 'failed to remove the blocks of an unpersisted RDD'));
  }
  return this;
};
