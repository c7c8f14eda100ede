/**
 * Persisted RDD blocks of one executor (Spark's BlockManager, reduced to what
 * Kindling needs): a memory store of record arrays and a disk store of serialized
 * files under `<workDir>/blocks`. Blocks are named by `rddBlockId`.
 *
 * The memory store keeps the very arrays tasks produced; records are treated as
 * immutable by every operator, so sharing them between tasks is safe.
 */
import { mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { KindlingError } from '../errors/index.js';
import type { Logger } from '../log/index.js';
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
}

export class BlockManager {
  private readonly memoryStore = new Map<string, readonly unknown[]>();
  private readonly diskBlocks = new Set<string>();
  private readonly blocksDir: string;
  private readonly logger: Logger;
  private readonly writeOptions: FramedWriterOptions;
  private tempCounter = 0;

  constructor(options: BlockManagerOptions) {
    this.blocksDir = join(options.workDir, 'blocks');
    this.logger = options.logger;
    this.writeOptions = recordWriteOptions(options.conf, 'block');
  }

  /** The block from memory only; synchronous, for `compute`. */
  getFromMemory(blockId: string): readonly unknown[] | undefined {
    return this.memoryStore.get(blockId);
  }

  contains(blockId: string): boolean {
    return this.memoryStore.has(blockId) || this.diskBlocks.has(blockId);
  }

  /** The block from memory, else from disk; undefined when this executor does not hold it. */
  async get(blockId: string): Promise<readonly unknown[] | undefined> {
    const inMemory = this.memoryStore.get(blockId);
    if (inMemory !== undefined) return inMemory;
    if (!this.diskBlocks.has(blockId)) return undefined;
    try {
      return decodeRecords(await readFile(this.diskPath(blockId)), `disk block ${blockId}`);
    } catch (error) {
      // A block that cannot be read is as good as absent: the caller recomputes it.
      this.logger.warn({ blockId, err: error }, 'dropping unreadable disk block');
      this.diskBlocks.delete(blockId);
      return undefined;
    }
  }

  putInMemory(blockId: string, records: readonly unknown[]): void {
    this.memoryStore.set(blockId, records);
  }

  /** Writes the block to disk via a temp file and rename, so a reader never sees half a block. */
  async putOnDisk(blockId: string, records: readonly unknown[]): Promise<void> {
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

  async put(blockId: string, records: readonly unknown[], level: StorageLevel): Promise<void> {
    // No memory limit yet: MEMORY_AND_DISK keeps memory and also writes the disk copy,
    // so the block survives eviction once a limit exists.
    if (level.useMemory) this.putInMemory(blockId, records);
    if (level.useDisk) await this.putOnDisk(blockId, records);
  }

  async removeBlock(blockId: string): Promise<boolean> {
    const had = this.contains(blockId);
    this.memoryStore.delete(blockId);
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
    return [...new Set([...this.memoryStore.keys(), ...this.diskBlocks])].sort();
  }

  private diskPath(blockId: string): string {
    return join(this.blocksDir, blockId);
  }
}
