/**
 * The memory of one isolate that Kindling accounts for (Spark's UnifiedMemoryManager,
 * reduced to one pool per task thread): cached blocks (storage) and the collections
 * of shuffles, aggregations and sorts (execution) share `maxMemory`.
 *
 * - Storage may use whatever execution does not; the block manager evicts its least
 *   recently used blocks to make room for a new one.
 * - Execution may take memory back from storage, evicting cached blocks, but only
 *   down to `storageFraction × maxMemory`: a cache that fits its region is safe from
 *   a shuffle. What execution cannot get, it spills to disk.
 *
 * Nothing here measures memory: consumers report their estimates (size-estimator.ts).
 * Everything runs on one thread, so there is no locking.
 */

export interface MemoryManagerOptions {
  readonly maxMemory: number;
  /** Share of maxMemory that storage keeps against execution (Spark's spark.memory.storageFraction). */
  readonly storageFraction?: number;
}

/** Frees at least `bytes` of storage memory, but never more than `limit`, by evicting blocks; returns the bytes freed. */
export type StorageEvictor = (bytes: number, limit: number) => number;

export class MemoryManager {
  readonly maxMemory: number;
  readonly storageRegion: number;
  private storageUsed = 0;
  private executionUsed = 0;
  private evictor: StorageEvictor | undefined;

  constructor(options: MemoryManagerOptions) {
    this.maxMemory = Math.max(0, Math.floor(options.maxMemory));
    this.storageRegion = Math.floor(this.maxMemory * (options.storageFraction ?? 0.5));
  }

  /** Memory without accounting: the default when nothing configured a budget (unit tests of other parts). */
  static unbounded(): MemoryManager {
    return new MemoryManager({ maxMemory: Number.MAX_SAFE_INTEGER });
  }

  get storageMemoryUsed(): number {
    return this.storageUsed;
  }

  get executionMemoryUsed(): number {
    return this.executionUsed;
  }

  /** The block manager registers how execution can make it evict blocks. */
  setStorageEvictor(evictor: StorageEvictor): void {
    this.evictor = evictor;
  }

  /** Storage memory not used by anyone: what a block may take without evicting. */
  get freeForStorage(): number {
    return this.maxMemory - this.executionUsed - this.storageUsed;
  }

  /** Storage may grow up to this (everything execution does not hold). */
  get maxStorage(): number {
    return this.maxMemory - this.executionUsed;
  }

  /** Takes `bytes` for a block; the caller has evicted what it needed to. False when they do not fit. */
  acquireStorage(bytes: number): boolean {
    if (bytes > this.freeForStorage) return false;
    this.storageUsed += bytes;
    return true;
  }

  releaseStorage(bytes: number): void {
    this.storageUsed = Math.max(0, this.storageUsed - bytes);
  }

  /**
   * Grants up to `bytes` of execution memory, evicting cached blocks above the
   * storage region when free memory is short. Returns what was granted (maybe 0).
   */
  acquireExecution(bytes: number): number {
    const want = Math.max(0, Math.ceil(bytes));
    let free = this.maxMemory - this.executionUsed - this.storageUsed;
    if (free < want && this.evictor !== undefined) {
      const reclaimable = this.storageUsed - this.storageRegion;
      if (reclaimable > 0) {
        this.evictor(Math.min(reclaimable, want - free), reclaimable);
        free = this.maxMemory - this.executionUsed - this.storageUsed;
      }
    }
    const granted = Math.max(0, Math.min(want, free));
    this.executionUsed += granted;
    return granted;
  }

  releaseExecution(bytes: number): void {
    this.executionUsed = Math.max(0, this.executionUsed - bytes);
  }
}
