/**
 * The TaskBlocks one task attempt sees (see TaskContext.blocks): blocks prefetched
 * during the prepare pass (from the block manager, or from another executor), the
 * memory store, and the blocks
 * this attempt stores — in memory at once, on disk once `flush` is awaited, before
 * the task reports success and lists them in `updatedBlocks`.
 */
import type { TaskBlocks } from '../rdd/task-context.js';
import type { Logger } from '../log/index.js';
import { decodeRecords, type BlockManager, type StorageLevel } from '../storage/index.js';
import type { RemoteBlockSource } from './executor-env.js';

export class TaskBlockAccess implements TaskBlocks {
  private readonly prefetched = new Map<string, readonly unknown[]>();
  private readonly pendingWrites: Promise<void>[] = [];
  readonly updated: string[] = [];
  /** Blocks this attempt read from other executors. */
  readonly remoteReads: string[] = [];

  constructor(
    private readonly blockManager: BlockManager | undefined,
    private readonly remote?: RemoteBlockSource,
    /** The task's logger, or a function making it on first use (see task-runner.ts). */
    private readonly logger?: Logger | (() => Logger),
  ) {}

  /**
   * Loads a block ahead of compute: from this thread's memory or this executor's
   * disk, else from an executor that holds it (the driver knows which) — so a task
   * that ran elsewhere than its cached block, because its locality wait expired,
   * reads the block instead of recomputing it. True when the block was found.
   * A remote block is used by this task only, not stored here (as in Spark).
   */
  async prefetch(blockId: string): Promise<boolean> {
    if (this.blockManager === undefined) return false;
    let records = await this.blockManager.get(blockId);
    if (records === undefined && this.remote !== undefined) {
      const block = await this.remote.fetchBlock(blockId);
      if (block !== undefined) {
        records = decodeRecords(block.bytes, `block ${blockId} from executor ${block.executorId}`);
        this.remoteReads.push(blockId);
        const logger = typeof this.logger === 'function' ? this.logger() : this.logger;
        logger?.info({ blockId, from: block.executorId, bytes: block.bytes.byteLength }, `read ${blockId} from executor ${block.executorId} (remote block read)`);
      }
    }
    if (records === undefined) return false;
    this.prefetched.set(blockId, records);
    return true;
  }

  read(blockId: string): readonly unknown[] | undefined {
    return this.prefetched.get(blockId) ?? this.blockManager?.getFromMemory(blockId);
  }

  write(blockId: string, records: readonly unknown[], level: StorageLevel): void {
    if (this.blockManager === undefined) return;
    this.prefetched.set(blockId, records);
    // A block too large for the memory store is not reported: no later task should be
    // sent here for it (Spark reports only blocks it stored).
    const inMemory = level.useMemory && this.blockManager.putInMemory(blockId, records);
    if (level.useDisk) this.pendingWrites.push(this.blockManager.putOnDisk(blockId, records));
    if (inMemory || level.useDisk) this.updated.push(blockId);
  }

  async flush(): Promise<void> {
    await Promise.all(this.pendingWrites);
  }
}
