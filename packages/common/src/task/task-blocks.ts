/**
 * The TaskBlocks one task attempt sees (see TaskContext.blocks): blocks prefetched
 * from the block manager during the prepare pass, the memory store, and the blocks
 * this attempt stores — in memory at once, on disk once `flush` is awaited, before
 * the task reports success and lists them in `updatedBlocks`.
 */
import type { TaskBlocks } from '../rdd/task-context.js';
import type { BlockManager, StorageLevel } from '../storage/index.js';

export class TaskBlockAccess implements TaskBlocks {
  private readonly prefetched = new Map<string, readonly unknown[]>();
  private readonly pendingWrites: Promise<void>[] = [];
  readonly updated: string[] = [];

  constructor(private readonly blockManager: BlockManager | undefined) {}

  /** Loads a block (from memory or disk) ahead of compute; true when this process holds it. */
  async prefetch(blockId: string): Promise<boolean> {
    if (this.blockManager === undefined) return false;
    const records = await this.blockManager.get(blockId);
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
