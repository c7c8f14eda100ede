/**
 * The reduce side of a shuffle (Spark's ShuffledRDD): partition r holds the records
 * whose keys the partitioner sends to r, from every map output of its parent.
 *
 * On the driver it has a parent and a ShuffleDependency on it. On an executor it is
 * rebuilt from its shuffle handle alone — the map side ran in an earlier stage, so
 * its lineage is never shipped — and its `prepare` fetches the blocks that
 * `compute` then iterates.
 */
import type { FunctionRef } from '../functions/index.js';
import { readShuffle } from '../shuffle/shuffle-reader.js';
import { ShuffleDependency, type Aggregator, type Dependency } from './dependency.js';
import type { Partition } from './partition.js';
import type { Partitioner, PartitionerPlan } from './partitioner.js';
import { partitionerFromPlan } from './partitioner-registry.js';
import { getPrepared, setPrepared } from './prepared.js';
import type { RddContext } from './rdd-context.js';
import { RDD } from './rdd.js';
import { registerRddKind } from './rdd-registry.js';
import type { TaskContext } from './task-context.js';

/** What a reduce task needs to know about a shuffle; never the map-side lineage. */
export interface ShuffleHandle {
  readonly shuffleId: number;
  readonly partitioner: PartitionerPlan;
  readonly aggregator: Aggregator | undefined;
  readonly mapSideCombine: boolean;
  readonly keyOrdering: FunctionRef | undefined;
}

export interface ShuffledRddOptions {
  readonly aggregator?: Aggregator;
  readonly mapSideCombine?: boolean;
  readonly keyOrdering?: FunctionRef;
  readonly scope?: string;
}

export class ShuffledRDD<K, V, C = V> extends RDD<[K, C]> {
  readonly kind = 'ShuffledRDD';
  readonly shuffleId: number;
  readonly aggregator: Aggregator | undefined;
  readonly mapSideCombine: boolean;
  readonly keyOrdering: FunctionRef | undefined;
  private readonly part: Partitioner;
  private shuffleDependency: ShuffleDependency<K, V, C> | undefined;

  constructor(prev: RDD<[K, V]>, partitioner: Partitioner, options?: ShuffledRddOptions);
  /** Executor side: rebuilt from a handle, without the map-side parent. */
  constructor(prev: undefined, partitioner: Partitioner, options: ShuffledRddOptions, rebuilt: { context: RddContext; id: number; shuffleId: number });
  constructor(
    prev: RDD<[K, V]> | undefined,
    partitioner: Partitioner,
    options: ShuffledRddOptions = {},
    rebuilt?: { context: RddContext; id: number; shuffleId: number },
  ) {
    super(prev?.context ?? rebuilt!.context, options.scope ?? 'shuffle', rebuilt?.id);
    this.part = partitioner;
    this.aggregator = options.aggregator;
    this.mapSideCombine = options.mapSideCombine ?? false;
    this.keyOrdering = options.keyOrdering;
    // The shuffle id is taken when the RDD is defined, so every job over this RDD
    // reuses the same map outputs (a stage whose output exists is skipped).
    this.shuffleId = rebuilt?.shuffleId ?? this.context.newShuffleId();
    this.shuffleDependency =
      prev === undefined
        ? undefined
        : new ShuffleDependency<K, V, C>(prev, this.shuffleId, partitioner, this.aggregator, this.mapSideCombine, this.keyOrdering);
  }

  get handle(): ShuffleHandle {
    return {
      shuffleId: this.shuffleId,
      partitioner: this.part.toPlan(),
      aggregator: this.aggregator,
      mapSideCombine: this.mapSideCombine,
      keyOrdering: this.keyOrdering,
    };
  }

  override get partitioner(): Partitioner {
    return this.part;
  }

  protected getPartitions(): readonly Partition[] {
    return Array.from({ length: this.part.numPartitions }, (_, index) => ({ index }));
  }

  protected override getDependencies(): readonly Dependency<unknown>[] {
    return this.shuffleDependency === undefined ? [] : [this.shuffleDependency as Dependency<unknown>];
  }

  /** The map side's lineage goes with the dependency; the handle (shuffle id, partitioner) stays. */
  protected override clearDependencies(): void {
    this.shuffleDependency = undefined;
  }

  override prepareOnDriver(): Promise<void> {
    return this.part.prepare();
  }

  override async prepare(split: Partition, context: TaskContext): Promise<void> {
    setPrepared(context, this.id, split.index, await readShuffle(this, split.index, context));
  }

  compute(split: Partition, context: TaskContext): Iterator<[K, C]> {
    const records = getPrepared<Iterable<[K, C]>>(context, this.id, split.index);
    if (records === undefined) throw new Error(`ShuffledRDD[${this.id}] partition ${split.index} was computed before it was prepared`);
    return records[Symbol.iterator]();
  }

  protected planData(): unknown {
    return { handle: this.handle, scope: this.scope };
  }
}

registerRddKind('ShuffledRDD', (plan, _parents, context, resolver) => {
  const { handle, scope } = plan.data as { handle: ShuffleHandle; scope: string };
  const options: ShuffledRddOptions = {
    mapSideCombine: handle.mapSideCombine,
    scope,
    ...(handle.aggregator === undefined ? {} : { aggregator: handle.aggregator }),
    ...(handle.keyOrdering === undefined ? {} : { keyOrdering: handle.keyOrdering }),
  };
  return new ShuffledRDD(undefined, partitionerFromPlan(handle.partitioner, resolver), options, { context, id: plan.id, shuffleId: handle.shuffleId });
});
