/**
 * Every pair of records of two RDDs (Spark's CartesianRDD): partition i·m + j pairs
 * partition i of the first with partition j of the second (m partitions).
 */
import { NarrowDependency, type Dependency } from './dependency.js';
import type { Partition } from './partition.js';
import { RDD } from './rdd.js';
import { registerRddKind } from './rdd-registry.js';
import type { TaskContext } from './task-context.js';

interface CartesianPartition extends Partition {
  readonly left: number;
  readonly right: number;
}

class CartesianDependency<T> extends NarrowDependency<T> {
  constructor(
    rdd: RDD<T>,
    private readonly side: 'left' | 'right',
    private readonly rightPartitions: number,
  ) {
    super(rdd);
  }

  getParents(partitionId: number): readonly number[] {
    return [this.side === 'left' ? Math.floor(partitionId / this.rightPartitions) : partitionId % this.rightPartitions];
  }
}

export class CartesianRDD<T, U> extends RDD<[T, U]> {
  readonly kind = 'CartesianRDD';

  private left: RDD<T> | undefined;
  private right: RDD<U> | undefined;

  constructor(
    rdd1: RDD<T>,
    rdd2: RDD<U>,
    scope = 'cartesian',
    id?: number,
  ) {
    super(rdd1.context, scope, id);
    this.left = rdd1;
    this.right = rdd2;
  }

  get rdd1(): RDD<T> {
    return this.parentOf(this.left);
  }

  get rdd2(): RDD<U> {
    return this.parentOf(this.right);
  }

  protected override clearDependencies(): void {
    this.left = undefined;
    this.right = undefined;
  }

  protected getPartitions(): readonly Partition[] {
    const m = this.rdd2.getNumPartitions();
    const out: CartesianPartition[] = [];
    for (let left = 0; left < this.rdd1.getNumPartitions(); left++) {
      for (let right = 0; right < m; right++) out.push({ index: left * m + right, left, right });
    }
    return out;
  }

  protected override getDependencies(): readonly Dependency<unknown>[] {
    const m = this.rdd2.getNumPartitions();
    return [new CartesianDependency(this.rdd1, 'left', m), new CartesianDependency(this.rdd2, 'right', m)];
  }

  *compute(split: Partition, context: TaskContext): Generator<[T, U]> {
    const { left, right } = split as CartesianPartition;
    // The right side is read once and kept: re-reading it per left record would
    // recompute its lineage (Spark re-iterates it; ours may be a one-shot generator).
    const rightRecords = Array.from({ [Symbol.iterator]: () => this.rdd2.iterator(this.rdd2.partitions[right]!, context) });
    const leftRecords = this.rdd1.iterator(this.rdd1.partitions[left]!, context);
    for (let r = leftRecords.next(); !r.done; r = leftRecords.next()) {
      for (const u of rightRecords) yield [r.value, u];
    }
  }

  protected planData(): unknown {
    return { scope: this.scope };
  }
}

registerRddKind('CartesianRDD', (plan, parents) => {
  const [left, right] = parents.length === 1 ? [parents[0]!, parents[0]!] : [parents[0]!, parents[1]!];
  return new CartesianRDD(left, right, (plan.data as { scope: string }).scope, plan.id);
});
