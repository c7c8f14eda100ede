/**
 * Numbers the records by their position in the RDD (Spark's ZippedWithIndexRDD):
 * partition i starts at the total count of partitions 0…i-1. Like Spark, it runs a
 * job to count those partitions first (none when there is only one partition);
 * here from `prepareOnDriver`, before the first job over it.
 */
import { ErrorCode, KindlingError } from '../errors/index.js';
import { builtinRef } from '../functions/index.js';
import { OneToOneDependency, type Dependency } from './dependency.js';
import type { Partition } from './partition.js';
import { RDD } from './rdd.js';
import { registerRddKind } from './rdd-registry.js';
import type { TaskContext } from './task-context.js';

export class ZippedWithIndexRDD<T> extends RDD<[T, number]> {
  readonly kind = 'ZippedWithIndexRDD';
  private parent: RDD<T> | undefined;
  private startIndices: readonly number[] | undefined;

  constructor(
    prev: RDD<T>,
    scope = 'zipWithIndex',
    id?: number,
    startIndices?: readonly number[],
  ) {
    super(prev.context, scope, id);
    this.parent = prev;
    this.startIndices = startIndices;
  }

  get prev(): RDD<T> {
    return this.parentOf(this.parent);
  }

  protected override clearDependencies(): void {
    this.parent = undefined;
  }

  override async prepareOnDriver(): Promise<void> {
    if (this.startIndices !== undefined) return;
    const n = this.prev.getNumPartitions();
    const counts =
      n <= 1 ? [] : await this.context.runJob<number>(this.prev, builtinRef('rdd.count'), Array.from({ length: n - 1 }, (_, i) => i));
    const starts = [0];
    for (const c of counts) starts.push(starts[starts.length - 1]! + c);
    this.startIndices = starts.slice(0, Math.max(n, 0));
  }

  protected getPartitions(): readonly Partition[] {
    return this.prev.partitions;
  }

  protected override getDependencies(): readonly Dependency<unknown>[] {
    return [new OneToOneDependency(this.prev)];
  }

  *compute(split: Partition, context: TaskContext): Generator<[T, number]> {
    let index = this.starts()[split.index]!;
    const records = this.prev.iterator(split, context);
    for (let r = records.next(); !r.done; r = records.next()) yield [r.value, index++];
  }

  private starts(): readonly number[] {
    if (this.startIndices === undefined) {
      throw new KindlingError(ErrorCode.Internal, 'zipWithIndex start indices were not counted; run prepareForJob(rdd) before submitting a job');
    }
    return this.startIndices;
  }

  protected planData(): unknown {
    return { startIndices: this.starts(), scope: this.scope };
  }
}

registerRddKind('ZippedWithIndexRDD', (plan, parents) => {
  const data = plan.data as { startIndices: number[]; scope: string };
  return new ZippedWithIndexRDD(parents[0]!, data.scope, plan.id, data.startIndices);
});
