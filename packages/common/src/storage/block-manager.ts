/**
 * Persisted RDD blocks of one executor thread (Spark's BlockManager, reduced to what
 * Kindling needs): a memory store of record arrays and a disk store of serialized
 * files under `<workDir>/blocks`. Blocks are named by `rddBlockId`.
 *
 * The memory store keeps the very arrays tasks produced; records are treated as
 * immutable by every operator, so sharing them between tasks is safe.
 *
 * The memory store is bounded by the memory manager's storage share: a block's size
 * is estimated when it is put (size-estimator.ts), and room is made by evicting the
 * least recently used blocks — never blocks of the RDD being cached, which would
 * only make a scan of that RDD evict itself (Spark's rule). A MEMORY_AND_DISK block
 * has its disk copy from the start (written when it is put, off the task's
 * critical path), so evicting it drops only the memory copy and a later read finds
 * it on disk; a MEMORY_ONLY block that is evicted, or that does not fit at all, is
 * recomputed by the next task that needs it.
 */
import { mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { KindlingError } from '../errors/index.js';
import type { Logger } from '../log/index.js';
import { estimateSize, MemoryManager } from '../memory/index.js';
import { parseRddBlockId } from './block-id.js';
import type { KindlingConf } from '../conf/index.js';
import type { FramedWriterOptions } from '../serializer/index.js';
import { decodeRecords, encodeRecords, recordWriteOptions } from './record-codec.js';
import type { StorageLevel } from './storage-level.js';

export interface BlockManagerOptions {
  readonly workDir: string;
  readonly logger: Logger;
  /** Picks the record serializer of disk blocks (kindling.serializer). */
  readonly conf?: KindlingConf;
  /** Bounds the memory store; unbounded when absent. */
  readonly memoryManager?: MemoryManager;
}

interface MemoryEntry {
  readonly records: readonly unknown[];
  /** Estimated bytes, as acquired from the memory manager. */
  readonly size: number;
}

/** Counters for tests and logs: what the memory store did. */
export interface BlockManagerMetrics {
  blocksEvicted: number;
  blocksNotStored: number;
  diskBlocksRead: number;
}

export class BlockManager {
  /** Insertion order is recency order: a read moves a block to the end, eviction takes from the front. */
  private readonly memoryStore = new Map<string, MemoryEntry>();
  private readonly diskBlocks = new Set<string>();
  /** Disk writes under way: a read of an evicted block waits for its disk copy. */
  private readonly diskWrites = new Map<string, Promise<void>>();
  private readonly blocksDir: string;
  private readonly logger: Logger;
  private readonly writeOptions: FramedWriterOptions;
  readonly memoryManager: MemoryManager;
  readonly metrics: BlockManagerMetrics = { blocksEvicted: 0, blocksNotStored: 0, diskBlocksRead: 0 };
  private tempCounter = 0;

  constructor(options: BlockManagerOptions) {
    this.blocksDir = join(options.workDir, 'blocks');
    this.logger = options.logger;
    this.writeOptions = recordWriteOptions(options.conf, 'block');
    this.memoryManager = options.memoryManager ?? MemoryManager.unbounded();
    this.memoryManager.setStorageEvictor((bytes, limit) => this.evict(bytes, undefined, limit));
  }

  /** The block from memory only; synchronous, for `compute`. Counts as a use for LRU. */
  getFromMemory(blockId: string): readonly unknown[] | undefined {
    const entry = this.memoryStore.get(blockId);
    if (entry === undefined) return undefined;
    this.memoryStore.delete(blockId);
    this.memoryStore.set(blockId, entry);
    return entry.records;
  }

  contains(blockId: string): boolean {
    return this.memoryStore.has(blockId) || this.diskBlocks.has(blockId) || this.diskWrites.has(blockId);
  }

  inMemory(blockId: string): boolean {
    return this.memoryStore.has(blockId);
  }

  /** Bytes the memory store holds, by estimate. */
  get memoryUsed(): number {
    return this.memoryManager.storageMemoryUsed;
  }

  /** The block from memory, else from disk; undefined when this executor does not hold it. */
  async get(blockId: string): Promise<readonly unknown[] | undefined> {
    const inMemory = this.getFromMemory(blockId);
    if (inMemory !== undefined) return inMemory;
    const bytes = await this.getDiskBytes(blockId);
    if (bytes === undefined) return undefined;
    try {
      const records = decodeRecords(bytes, `disk block ${blockId}`);
      this.metrics.diskBlocksRead++;
      return records;
    } catch (error) {
      return this.dropUnreadable(blockId, error);
    }
  }

  /**
   * The block as framed, serialized bytes, for another executor (remote block read):
   * the disk file as it is, or the memory copy encoded. Undefined when not held.
   */
  async getBytes(blockId: string): Promise<Uint8Array | undefined> {
    const entry = this.memoryStore.get(blockId);
    if (entry !== undefined) return encodeRecords(entry.records, this.writeOptions);
    return this.getDiskBytes(blockId);
  }

  private async getDiskBytes(blockId: string): Promise<Uint8Array | undefined> {
    await this.diskWrites.get(blockId)?.catch(() => undefined);
    if (!this.diskBlocks.has(blockId)) return undefined;
    try {
      return await readFile(this.diskPath(blockId));
    } catch (error) {
      return this.dropUnreadable(blockId, error);
    }
  }

  private dropUnreadable(blockId: string, error: unknown): undefined {
    // A block that cannot be read is as good as absent: the caller recomputes it.
    this.logger.warn({ blockId, err: error }, 'dropping unreadable disk block');
    this.diskBlocks.delete(blockId);
    return undefined;
  }

  /**
   * Keeps the block in memory if it fits the storage share, evicting least recently
   * used blocks of other RDDs as needed; false (and nothing evicted) when it cannot fit.
   */
  putInMemory(blockId: string, records: readonly unknown[]): boolean {
    this.dropFromMemory(blockId);
    const size = estimateSize(records);
    const rddId = parseRddBlockId(blockId)?.rddId;
    const manager = this.memoryManager;
    if (size > manager.freeForStorage) {
      const evictable = this.evictableBytes(rddId);
      if (size > manager.freeForStorage + evictable) {
        this.metrics.blocksNotStored++;
        this.logger.info(
          { blockId, estimatedBytes: size, storageUsed: manager.storageMemoryUsed, maxStorage: manager.maxStorage },
          `not enough memory to cache ${blockId} (${mib(size)} MiB; storage may use ${mib(manager.maxStorage)} MiB)`,
        );
        return false;
      }
      this.evict(size - manager.freeForStorage, rddId);
    }
    if (!manager.acquireStorage(size)) return false;
    this.memoryStore.set(blockId, { records, size });
    return true;
  }

  private evictableBytes(exceptRddId: number | undefined): number {
    let bytes = 0;
    for (const [id, entry] of this.memoryStore) if (exceptRddId === undefined || parseRddBlockId(id)?.rddId !== exceptRddId) bytes += entry.size;
    return bytes;
  }

  /**
   * Drops least recently used memory blocks (not of `exceptRddId`) until `bytes` are
   * freed, skipping any whose eviction would free more than `limit` in all; returns
   * the bytes freed.
   */
  private evict(bytes: number, exceptRddId: number | undefined, limit = Number.POSITIVE_INFINITY): number {
    let freed = 0;
    for (const [id, entry] of this.memoryStore) {
      if (freed >= bytes) break;
      if (exceptRddId !== undefined && parseRddBlockId(id)?.rddId === exceptRddId) continue;
      if (freed + entry.size > limit) continue;
      this.dropFromMemory(id);
      freed += entry.size;
      this.metrics.blocksEvicted++;
      const onDisk = this.diskBlocks.has(id) || this.diskWrites.has(id);
      this.logger.info({ blockId: id, estimatedBytes: entry.size, onDisk }, `evicted ${id} from memory${onDisk ? ' (its disk copy stays)' : ''}`);
    }
    return freed;
  }

  private dropFromMemory(blockId: string): void {
    const entry = this.memoryStore.get(blockId);
    if (entry === undefined) return;
    this.memoryStore.delete(blockId);
    this.memoryManager.releaseStorage(entry.size);
  }

  /** Writes the block to disk via a temp file and rename, so a reader never sees half a block. */
  putOnDisk(blockId: string, records: readonly unknown[]): Promise<void> {
    const write = this.writeDisk(blockId, records);
    this.diskWrites.set(blockId, write);
    const settled = (): void => {
      if (this.diskWrites.get(blockId) === write) this.diskWrites.delete(blockId);
    };
    write.then(settled, settled);
    return write;
  }

  private async writeDisk(blockId: string, records: readonly unknown[]): Promise<void> {
    await mkdir(this.blocksDir, { recursive: true });
    const path = this.diskPath(blockId);
    const temp = `${path}.${process.pid}.${this.tempCounter++}.tmp`;
    try {
      await writeFile(temp, encodeRecords(records, this.writeOptions));
      await rename(temp, path);
    } catch (error) {
      await rm(temp, { force: true });
      throw KindlingError.from(error, `Cannot write block ${blockId}`);
    }
    this.diskBlocks.add(blockId);
  }

  /** Stores the block at `level`; true when some copy of it is held afterwards. */
  async put(blockId: string, records: readonly unknown[], level: StorageLevel): Promise<boolean> {
    const inMemory = level.useMemory && this.putInMemory(blockId, records);
    if (level.useDisk) await this.putOnDisk(blockId, records);
    return inMemory || level.useDisk;
  }

  async removeBlock(blockId: string): Promise<boolean> {
    const had = this.contains(blockId);
    this.dropFromMemory(blockId);
    await this.diskWrites.get(blockId)?.catch(() => undefined);
    if (this.diskBlocks.delete(blockId)) await rm(this.diskPath(blockId), { force: true });
    return had;
  }

  /** Removes every block of `rddId`; returns how many there were (Spark's removeRdd). */
  async removeRdd(rddId: number): Promise<number> {
    const ids = this.listBlocks().filter((id) => parseRddBlockId(id)?.rddId === rddId);
    for (const id of ids) await this.removeBlock(id);
    return ids.length;
  }

  listBlocks(): string[] {
    return [...new Set([...this.memoryStore.keys(), ...this.diskBlocks, ...this.diskWrites.keys()])].sort();
  }

  private diskPath(blockId: string): string {
    return join(this.blocksDir, blockId);
  }
}

function mib(bytes: number): string {
  return (bytes / (1024 * 1024)).toFixed(1);
}
