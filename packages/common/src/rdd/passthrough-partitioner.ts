/**
 * A partitioner whose keys are partition ids (Spark SQL's PartitionIdPassthrough):
 * repartition/coalesce with shuffle key each record by its target partition, so the
 * records spread round-robin exactly, as Spark's HashPartitioner does on Int keys.
 */
import { InvalidArgumentError } from '../errors/index.js';
import { Partitioner, type PartitionerPlan } from './partitioner.js';
import { registerPartitionerKind } from './partitioner-registry.js';

export class PartitionIdPassthrough extends Partitioner {
  constructor(readonly numPartitions: number) {
    super();
    if (!Number.isInteger(numPartitions) || numPartitions < 1) {
      throw new InvalidArgumentError(`Number of partitions (${numPartitions}) must be a positive integer`);
    }
  }

  getPartition(key: unknown): number {
    return key as number;
  }

  equals(other: unknown): boolean {
    return other instanceof PartitionIdPassthrough && other.numPartitions === this.numPartitions;
  }

  toPlan(): PartitionerPlan {
    return { kind: 'passthrough', numPartitions: this.numPartitions };
  }

  override toString(): string {
    return `PartitionIdPassthrough(${this.numPartitions})`;
  }
}

registerPartitionerKind('passthrough', (plan) => new PartitionIdPassthrough(plan.numPartitions));
