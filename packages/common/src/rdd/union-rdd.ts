/**
 * The partitions of several RDDs side by side (Spark's UnionRDD): each parent's
 * partitions occupy a range of the union's, through a RangeDependency, so a union
 * never shuffles.
 */
import { RangeDependency, type Dependency } from './dependency.js';
import type { Partition } from './partition.js';
import { RDD } from './rdd.js';
import { registerRddKind } from './rdd-registry.js';
import type { TaskContext } from './task-context.js';

interface UnionPartition extends Partition {
  readonly parentIndex: number;
  readonly parentPartition: Partition;
}

export class UnionRDD<T> extends RDD<T> {
  readonly kind = 'UnionRDD';
  private parents: readonly RDD<T>[] | undefined;

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
    this.parents = undefined;
  }

  protected getPartitions(): readonly Partition[] {
    const out: UnionPartition[] = [];
    this.rdds.forEach((rdd, parentIndex) => {
      for (const parentPartition of rdd.partitions) out.push({ index: out.length, parentIndex, parentPartition });
    });
    return out;
  }

  protected override getDependencies(): readonly Dependency<unknown>[] {
    let start = 0;
    return this.rdds.map((rdd) => {
      const dep = new RangeDependency<unknown>(rdd, 0, start, rdd.getNumPartitions());
      start += rdd.getNumPartitions();
      return dep;
    });
  }

  compute(split: Partition, context: TaskContext): Iterator<T> {
    const { parentIndex, parentPartition } = split as UnionPartition;
    return this.rdds[parentIndex]!.iterator(parentPartition, context);
  }

  protected planData(): unknown {
    return { scope: this.scope };
  }
}

registerRddKind('UnionRDD', (plan, parents) => new UnionRDD(parents, (plan.data as { scope: string }).scope, plan.id));
