/**
 * The union of RDDs that share one partitioner (Spark's PartitionerAwareUnionRDD):
 * partition i holds partition i of every input, so the union keeps the partitioner
 * and a following key-based operation needs no shuffle.
 */
import { OneToOneDependency, type Dependency } from './dependency.js';
import type { Partition } from './partition.js';
import type { Partitioner } from './partitioner.js';
import { RDD } from './rdd.js';
import { registerRddKind } from './rdd-registry.js';
import type { TaskContext } from './task-context.js';

export class PartitionerAwareUnionRDD<T> extends RDD<T> {
  readonly kind = 'PartitionerAwareUnionRDD';
  private parents: readonly RDD<T>[] | undefined;
  private keptPartitioner: Partitioner | undefined;

  constructor(
    rdds: readonly RDD<T>[],
    scope = 'union',
    id?: number,
  ) {
    super(rdds[0]!.context, scope, id);
    this.parents = rdds;
  }

  get rdds(): readonly RDD<T>[] {
    return this.parentOf(this.parents);
  }

  protected override clearDependencies(): void {
    this.keptPartitioner = this.partitioner;
    this.parents = undefined;
  }

  override get partitioner(): Partitioner | undefined {
    return this.parents === undefined ? this.keptPartitioner : this.parents[0]!.partitioner;
  }

  protected getPartitions(): readonly Partition[] {
    return Array.from({ length: this.rdds[0]!.getNumPartitions() }, (_, index) => ({ index }));
  }

  protected override getDependencies(): readonly Dependency<unknown>[] {
    return this.rdds.map((rdd) => new OneToOneDependency<unknown>(rdd));
  }

  *compute(split: Partition, context: TaskContext): Generator<T> {
    for (const rdd of this.rdds) {
      const records = rdd.iterator(rdd.partitions[split.index]!, context);
      for (let r = records.next(); !r.done; r = records.next()) yield r.value;
    }
  }

  protected planData(): unknown {
    return { scope: this.scope };
  }
}

registerRddKind('PartitionerAwareUnionRDD', (plan, parents) => new PartitionerAwareUnionRDD(parents, (plan.data as { scope: string }).scope, plan.id));
