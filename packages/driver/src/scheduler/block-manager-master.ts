/**
 * Which executors hold which cached RDD blocks (the part of Spark's
 * BlockManagerMaster the schedulers use). Fed by the `updatedBlocks` of successful
 * tasks; read by the DAG scheduler (a fully cached RDD needs none of its parents'
 * stages; tasks prefer the executor holding their partition's block).
 *
 * Only the driver's scheduler loops change it, and executors' GetBlockLocations
 * calls only read it, all on the driver's one thread, so it needs no locking.
 */
import { parseRddBlockId } from '@kindling/common';

export class BlockManagerMaster {
  /** rddId → partition → executor ids holding that block. */
  private readonly rddBlockLocations = new Map<number, Map<number, Set<string>>>();

  /** Records blocks an executor reported after a task; ids that are not RDD blocks are ignored. */
  addBlocks(executorId: string, blockIds: readonly string[]): void {
    for (const blockId of blockIds) {
      const parsed = parseRddBlockId(blockId);
      if (parsed === undefined) continue;
      let partitions = this.rddBlockLocations.get(parsed.rddId);
      if (partitions === undefined) {
        partitions = new Map();
        this.rddBlockLocations.set(parsed.rddId, partitions);
      }
      let executors = partitions.get(parsed.partitionIndex);
      if (executors === undefined) {
        executors = new Set();
        partitions.set(parsed.partitionIndex, executors);
      }
      executors.add(executorId);
    }
  }

  /** Executors holding block `blockId` (an RDD block id), in no particular order. */
  getLocationsOf(blockId: string): readonly string[] {
    const parsed = parseRddBlockId(blockId);
    return parsed === undefined ? [] : this.getLocations(parsed.rddId, parsed.partitionIndex);
  }

  /** Executors holding partition `partitionIndex` of `rddId`, in no particular order. */
  getLocations(rddId: number, partitionIndex: number): readonly string[] {
    const executors = this.rddBlockLocations.get(rddId)?.get(partitionIndex);
    return executors === undefined ? [] : [...executors];
  }

  /** Forgets everything a lost executor held. */
  removeExecutor(executorId: string): void {
    for (const [rddId, partitions] of this.rddBlockLocations) {
      for (const [partition, executors] of partitions) {
        executors.delete(executorId);
        if (executors.size === 0) partitions.delete(partition);
      }
      if (partitions.size === 0) this.rddBlockLocations.delete(rddId);
    }
  }

  /** Forgets an unpersisted RDD's blocks. */
  removeRdd(rddId: number): void {
    this.rddBlockLocations.delete(rddId);
  }

  /** Number of RDDs with at least one known cached block. */
  get numCachedRdds(): number {
    return this.rddBlockLocations.size;
  }
}
