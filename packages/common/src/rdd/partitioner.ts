import type { PartitionerPlan } from '../checkpoint/partitioner-plan.js';

/**
 * Which partition a key goes to. Equality is meaningful: two RDDs whose partitioners
 * are equal are co-partitioned, so joining them needs no shuffle.
 */
export abstract class Partitioner {
  abstract readonly numPartitions: number;
  abstract getPartition(key: unknown): number;
  abstract equals(other: unknown): boolean;
  /** Plain data that rebuilds an equal partitioner on an executor or from a checkpoint's `_partitioner`. */
  abstract toPlan(): PartitionerPlan;
  /**
   * Driver-side work before the partitioner can place keys (a range partitioner
   * samples its bounds); run by the shuffled RDD's prepareOnDriver. Idempotent.
   */
  prepare(): Promise<void> {
    return Promise.resolve();
  }
}

export type { PartitionerPlan } from '../checkpoint/partitioner-plan.js';
