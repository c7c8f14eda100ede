/**
 * Spark's HashPartitioner: a key goes to `hash(key) mod numPartitions`, with the
 * structural hash of key-hash.ts so that every process agrees. Two hash
 * partitioners with the same number of partitions are equal: RDDs partitioned by
 * them are co-partitioned.
 */
import { InvalidArgumentError } from '../errors/index.js';
import { hashKey } from './key-hash.js';
import { Partitioner, type PartitionerPlan } from './partitioner.js';
import { registerPartitionerKind } from './partitioner-registry.js';

export class HashPartitioner extends Partitioner {
  constructor(readonly numPartitions: number) {
    super();
    if (!Number.isInteger(numPartitions) || numPartitions < 0) {
      throw new InvalidArgumentError(`Number of partitions (${numPartitions}) must be a non-negative integer`);
    }
  }

  getPartition(key: unknown): number {
    if (this.numPartitions <= 1) return 0;
    // Non-negative modulo; `+ n) % n` also turns a -0 remainder into 0.
    return ((hashKey(key) % this.numPartitions) + this.numPartitions) % this.numPartitions;
  }

  equals(other: unknown): boolean {
    return other instanceof HashPartitioner && other.numPartitions === this.numPartitions;
  }

  toPlan(): PartitionerPlan {
    return { kind: 'hash', numPartitions: this.numPartitions };
  }

  override toString(): string {
    return `HashPartitioner(${this.numPartitions})`;
  }
}

registerPartitionerKind('hash', (plan) => new HashPartitioner(plan.numPartitions));
