/**
 * Applies a function to each partition of its parent (Spark's MapPartitionsRDD):
 * map, filter, flatMap, mapPartitions, glom, keyBy… all become one of these, with
 * a builtin partition function wrapping the user's function ref.
 *
 * `f` is a ref to `(iterator, partitionIndex, taskContext) => Iterable | Iterator`.
 */
import type { FunctionRef } from '../functions/index.js';
import { OneToOneDependency, type Dependency } from './dependency.js';
import { toIterator } from './iterators.js';
import type { Partition } from './partition.js';
import type { Partitioner } from './partitioner.js';
import { RDD } from './rdd.js';
import { registerRddKind } from './rdd-registry.js';
import type { TaskContext } from './task-context.js';

export type PartitionFunction<T, U> = (iterator: Iterator<T>, partitionIndex: number, context: TaskContext) => Iterable<U> | Iterator<U>;

export class MapPartitionsRDD<U, T> extends RDD<U> {
  readonly kind = 'MapPartitionsRDD';
  private parent: RDD<T> | undefined;
  private keptPartitioner: Partitioner | undefined;

  constructor(
    prev: RDD<T>,
    readonly f: FunctionRef,
    /** Keys are unchanged (mapValues, filter), so the parent's partitioner still holds. */
    readonly preservesPartitioning: boolean,
    scope: string,
    id?: number,
  ) {
    super(prev.context, scope, id);
    this.parent = prev;
  }

  get prev(): RDD<T> {
    return this.parentOf(this.parent);
  }

  protected override clearDependencies(): void {
    this.keptPartitioner = this.partitioner;
    this.parent = undefined;
  }

  protected getPartitions(): readonly Partition[] {
    return this.prev.partitions;
  }

  protected override getDependencies(): readonly Dependency<unknown>[] {
    return [new OneToOneDependency(this.prev)];
  }

  override get partitioner(): Partitioner | undefined {
    if (this.parent === undefined) return this.keptPartitioner;
    return this.preservesPartitioning ? this.parent.partitioner : undefined;
  }

  compute(split: Partition, context: TaskContext): Iterator<U> {
    const f = context.resolver.resolve<PartitionFunction<T, U>>(this.f);
    return toIterator(f(this.prev.iterator(split, context), split.index, context), `The function of ${this.scope}`);
  }

  protected planData(): unknown {
    return { f: this.f, preservesPartitioning: this.preservesPartitioning, scope: this.scope };
  }
}

registerRddKind('MapPartitionsRDD', (plan, parents) => {
  const data = plan.data as { f: FunctionRef; preservesPartitioning: boolean; scope: string };
  return new MapPartitionsRDD(parents[0]!, data.f, data.preservesPartitioning, data.scope, plan.id);
});
