/**
 * The dependency family (Spark's Dependency.scala): how a child RDD's partitions
 * depend on its parents'. Narrow dependencies keep a stage together; a shuffle
 * dependency cuts the lineage into two stages.
 */
import type { FunctionRef } from '../functions/index.js';
import type { Partitioner } from './partitioner.js';
import type { RDD } from './rdd.js';

export abstract class Dependency<T> {
  constructor(readonly rdd: RDD<T>) {}
}

/** Each child partition depends on a small, known set of parent partitions. */
export abstract class NarrowDependency<T> extends Dependency<T> {
  /** The parent partitions that child partition `partitionId` reads. */
  abstract getParents(partitionId: number): readonly number[];
}

/** Child partition i reads parent partition i (map, filter, mapPartitions…). */
export class OneToOneDependency<T> extends NarrowDependency<T> {
  getParents(partitionId: number): readonly number[] {
    return [partitionId];
  }
}

/**
 * Child partitions [outStart, outStart + length) read parent partitions
 * [inStart, inStart + length): a union places each parent's partitions in a range.
 */
export class RangeDependency<T> extends NarrowDependency<T> {
  constructor(
    rdd: RDD<T>,
    readonly inStart: number,
    readonly outStart: number,
    readonly length: number,
  ) {
    super(rdd);
  }

  getParents(partitionId: number): readonly number[] {
    if (partitionId >= this.outStart && partitionId < this.outStart + this.length) {
      return [partitionId - this.outStart + this.inStart];
    }
    return [];
  }
}

/**
 * How values of one key are combined across a shuffle (Spark's Aggregator):
 * createCombiner(v) → C, mergeValue(C, v) → C, mergeCombiners(C, C) → C.
 * Functions are refs so that the map side runs them on executors.
 */
export interface Aggregator {
  readonly createCombiner: FunctionRef;
  readonly mergeValue: FunctionRef;
  readonly mergeCombiners: FunctionRef;
}

/**
 * The parent's records, as [key, value] pairs, are partitioned by `partitioner` into
 * shuffle files by map tasks and read back by the child's reduce tasks. The child
 * stage cannot start until every map output exists.
 */
export class ShuffleDependency<K, V, C = V> extends Dependency<[K, V]> {
  constructor(
    rdd: RDD<[K, V]>,
    readonly shuffleId: number,
    readonly partitioner: Partitioner,
    readonly aggregator: Aggregator | undefined = undefined,
    /** Combine on the map side before writing (reduceByKey yes, groupByKey no). */
    readonly mapSideCombine: boolean = false,
    /** Sort each reduce partition by key with this comparator ref (sortByKey). */
    readonly keyOrdering: FunctionRef | undefined = undefined,
  ) {
    super(rdd);
    // As Spark's ShuffleDependency: the files live as long as this object can be reached.
    rdd.context.cleaner?.registerShuffleForCleanup(this, shuffleId);
    // C only types the combiners produced by `aggregator`.
    void (undefined as C | undefined);
  }
}
