/**
 * Fewer partitions without a shuffle (Spark's CoalescedRDD): child partition i reads
 * a contiguous group of parent partitions. Spark's DefaultPartitionCoalescer also
 * balances by preferred location; with no locations it makes these same groups.
 */
import { NarrowDependency, type Dependency } from './dependency.js';
import type { Partition } from './partition.js';
import { RDD } from './rdd.js';
import { registerRddKind } from './rdd-registry.js';
import type { TaskContext } from './task-context.js';

interface CoalescedPartition extends Partition {
  readonly parents: readonly number[];
}

/** Parent partitions [i·p/n, (i+1)·p/n) for child i. */
export function coalesceGroups(parentPartitions: number, maxPartitions: number): number[][] {
  const n = Math.max(1, Math.min(maxPartitions, parentPartitions));
  return Array.from({ length: parentPartitions === 0 ? 0 : n }, (_, i) => {
    const start = Math.floor((i * parentPartitions) / n);
    const end = Math.floor(((i + 1) * parentPartitions) / n);
    return Array.from({ length: end - start }, (_, k) => start + k);
  });
}

class CoalescedDependency<T> extends NarrowDependency<T> {
  constructor(
    rdd: RDD<T>,
    private readonly groups: readonly (readonly number[])[],
  ) {
    super(rdd);
  }

  getParents(partitionId: number): readonly number[] {
    return this.groups[partitionId] ?? [];
  }
}

export class CoalescedRDD<T> extends RDD<T> {
  readonly kind = 'CoalescedRDD';
  private parent: RDD<T> | undefined;
  private readonly groups: readonly (readonly number[])[];

  constructor(
    prev: RDD<T>,
    readonly maxPartitions: number,
    scope = 'coalesce',
    id?: number,
  ) {
    super(prev.context, scope, id);
    this.parent = prev;
    this.groups = coalesceGroups(prev.getNumPartitions(), maxPartitions);
  }

  get prev(): RDD<T> {
    return this.parentOf(this.parent);
  }

  protected override clearDependencies(): void {
    this.parent = undefined;
  }

  protected getPartitions(): readonly Partition[] {
    return this.groups.map((parents, index): CoalescedPartition => ({ index, parents }));
  }

  protected override getDependencies(): readonly Dependency<unknown>[] {
    return [new CoalescedDependency(this.prev, this.groups)];
  }

  *compute(split: Partition, context: TaskContext): Generator<T> {
    const parentPartitions = this.prev.partitions;
    for (const p of (split as CoalescedPartition).parents) {
      const records = this.prev.iterator(parentPartitions[p]!, context);
      for (let r = records.next(); !r.done; r = records.next()) yield r.value;
    }
  }

  protected planData(): unknown {
    return { maxPartitions: this.maxPartitions, scope: this.scope };
  }
}

registerRddKind('CoalescedRDD', (plan, parents) => {
  const data = plan.data as { maxPartitions: number; scope: string };
  return new CoalescedRDD(parents[0]!, data.maxPartitions, data.scope, plan.id);
});
