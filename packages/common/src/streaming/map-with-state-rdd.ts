/**
 * The state RDD of `mapWithState` (Spark's MapWithStateRDD): each partition is one
 * MapWithStateRecord — the keyed state of that partition after this batch, and what
 * the mapping function returned.
 *
 * Partition i is computed from partition i of the previous state RDD and partition i
 * of the batch's data, partitioned by the same partitioner: both are narrow
 * (one-to-one) dependencies, so the task runs where the previous state is cached
 * (delay scheduling) and only the batch's data is shuffled. The previous state is
 * never changed in place: the batch adds a level to it (state-map.ts says why), and
 * when this RDD is checkpointed the levels are compacted into one, so the checkpoint
 * file holds each key once (Spark does its full scan then too).
 *
 * Differences from Spark, and why:
 * - either parent may be absent: no previous state (the first batch without an
 *   initial state) is an empty map, and no data (a parent stream without an RDD this
 *   batch) is no records — instead of shuffling an empty RDD to get a partitioned one;
 * - timed-out keys are found every batch, not only on checkpoint batches (Spark's
 *   doFullScan): each level records its oldest update time, so the scan reads only
 *   levels holding something old enough, without allocating; a key is then dropped
 *   in the first batch after it has been idle longer than the timeout, not up to
 *   ten batches later.
 */
import { InvalidArgumentError } from '../errors/index.js';
import type { FunctionRef } from '../functions/index.js';
import { OneToOneDependency, type Dependency } from '../rdd/dependency.js';
import type { Partition } from '../rdd/partition.js';
import type { Partitioner, PartitionerPlan } from '../rdd/partitioner.js';
import { partitionerFromPlan } from '../rdd/partitioner-registry.js';
import { RDD } from '../rdd/rdd.js';
import { registerRddKind } from '../rdd/rdd-registry.js';
import type { RddContext } from '../rdd/rdd-context.js';
import type { TaskContext } from '../rdd/task-context.js';
import { StateMap, type MapWithStateRecord } from './state-map.js';
import { StateImpl, type State } from './state.js';

export type MappingFunction<K, V, S, E> = (key: K, value: V | undefined, state: State<S>) => E;

export interface MapWithStateOptions {
  readonly partitioner: Partitioner;
  /** The user's mapping function, resolved on the executor. */
  readonly mappingFunction: FunctionRef;
  /** The batch time: the update time of every state set or touched in this batch. */
  readonly batchTime: number;
  /** Keys last updated before this time time out (batch time − timeout); none without a timeout. */
  readonly timeoutThresholdTime: number | undefined;
  readonly scope?: string;
  /** Compact the state's levels into one (set in the plan when this RDD is being checkpointed). */
  readonly compact?: boolean;
  /** The newest complete incremental state checkpoint: chain compaction never merges levels across it (StateMap.after). */
  readonly compactThrough?: number;
}

export class MapWithStateRDD<K, V, S, E> extends RDD<MapWithStateRecord<K, S, E>> {
  readonly kind = 'MapWithStateRDD';
  private readonly part: Partitioner;
  private deps: readonly Dependency<unknown>[];

  /**
   * Driver side. `prevState` must be partitioned by `options.partitioner` (a previous
   * MapWithStateRDD, or one built from an initial state); `data` too (partitionBy).
   */
  static of<K, V, S, E>(
    context: RddContext,
    prevState: RDD<MapWithStateRecord<K, S, E>> | undefined,
    data: RDD<[K, V]> | undefined,
    options: MapWithStateOptions,
  ): MapWithStateRDD<K, V, S, E> {
    for (const [what, rdd] of [['previous state', prevState], ['data', data]] as const) {
      if (rdd !== undefined && !(rdd.partitioner?.equals(options.partitioner) ?? false)) {
        throw new InvalidArgumentError(`MapWithStateRDD: the ${what} RDD ${rdd.toString()} is not partitioned by ${JSON.stringify(options.partitioner.toPlan())}`);
      }
    }
    return new MapWithStateRDD<K, V, S, E>(context, prevState !== undefined, data !== undefined, [prevState, data].filter((r) => r !== undefined) as RDD<unknown>[], options);
  }

  constructor(
    context: RddContext,
    readonly hasPrevState: boolean,
    readonly hasData: boolean,
    /** The previous state RDD (when `hasPrevState`), then the data RDD (when `hasData`). */
    parents: readonly RDD<unknown>[],
    readonly options: MapWithStateOptions,
    id?: number,
  ) {
    super(context, options.scope ?? 'mapWithState', id);
    this.part = options.partitioner;
    this.deps = parents.map((p) => new OneToOneDependency(p));
  }

  override get partitioner(): Partitioner {
    return this.part;
  }

  protected getPartitions(): readonly Partition[] {
    return Array.from({ length: this.part.numPartitions }, (_, index) => ({ index }));
  }

  protected override getDependencies(): readonly Dependency<unknown>[] {
    return this.deps;
  }

  /**
   * Once checkpointed, this RDD forgets its parents: each state RDD refers to the
   * previous one, so otherwise a stream running for days would keep every state RDD
   * it ever made reachable from the newest.
   */
  override markCheckpointed(): void {
    super.markCheckpointed();
    this.deps = [];
  }

  compute(split: Partition, context: TaskContext): Iterator<MapWithStateRecord<K, S, E>> {
    const { batchTime, timeoutThresholdTime } = this.options;
    let stateMap: StateMap<K, S>;
    if (this.hasPrevState) {
      const prev = (this.deps[0]!.rdd as RDD<MapWithStateRecord<K, S, E>>).iterator(split, context).next();
      stateMap = prev.done === true ? StateMap.empty() : StateMap.after(prev.value, this.compact, this.options.compactThrough);
    } else {
      stateMap = StateMap.empty();
    }
    const mappingFunction = context.resolver.resolve<MappingFunction<K, V, S, E>>(this.options.mappingFunction);
    const mappedData: E[] = [];
    const state = new StateImpl<S>();
    const hasTimeout = timeoutThresholdTime !== undefined;

    if (this.hasData) {
      const data = (this.deps[this.deps.length - 1]!.rdd as RDD<[K, V]>).iterator(split, context);
      for (let r = data.next(); r.done !== true; r = data.next()) {
        const key = r.value[0];
        const entry = stateMap.get(key);
        if (entry === undefined) state.wrap(false, undefined);
        else state.wrap(true, entry[1]);
        mappedData.push(mappingFunction(key, r.value[1], state));
        if (state.isRemoved()) {
          stateMap.remove(key);
        } else if (state.isUpdated() || (hasTimeout && entry !== undefined)) {
          // With a timeout, a key that received data is no longer idle even if its
          // state did not change: its update time moves to this batch (as Spark).
          // The key object of the entry it replaces, when there is one: equal to this
          // record's, and already long-lived, so the record's own copy dies young.
          stateMap.put(entry === undefined ? key : entry[0], state.get(), batchTime);
        }
      }
    }

    if (hasTimeout) {
      for (const [key, timedOut] of stateMap.updatedBefore(timeoutThresholdTime)) {
        state.wrapTimingOut(timedOut);
        mappedData.push(mappingFunction(key, undefined, state));
        stateMap.remove(key);
      }
    }
    return [stateMap.toRecord(mappedData, batchTime)][Symbol.iterator]();
  }

  /** Whether this batch compacts the state: when it is checkpointed, the file should hold each key once. */
  private get compact(): boolean {
    return this.options.compact === true || this.checkpointData !== undefined;
  }

  protected planData(): unknown {
    const { partitioner, ...rest } = this.options;
    return { ...rest, compact: this.compact, partitioner: partitioner.toPlan(), hasPrevState: this.hasPrevState, hasData: this.hasData };
  }
}

interface MapWithStatePlanData {
  readonly partitioner: PartitionerPlan;
  readonly mappingFunction: FunctionRef;
  readonly batchTime: number;
  readonly timeoutThresholdTime: number | undefined;
  readonly scope?: string;
  readonly compact: boolean;
  readonly compactThrough?: number;
  readonly hasPrevState: boolean;
  readonly hasData: boolean;
}

registerRddKind('MapWithStateRDD', (plan, parents, context, resolver) => {
  const data = plan.data as MapWithStatePlanData;
  const options: MapWithStateOptions = {
    partitioner: partitionerFromPlan(data.partitioner, resolver),
    mappingFunction: data.mappingFunction,
    batchTime: data.batchTime,
    timeoutThresholdTime: data.timeoutThresholdTime ?? undefined,
    compact: data.compact,
    ...(data.compactThrough === undefined || data.compactThrough === null ? {} : { compactThrough: data.compactThrough }),
    ...(data.scope === undefined ? {} : { scope: data.scope }),
  };
  return new MapWithStateRDD(context, data.hasPrevState, data.hasData, parents, options, plan.id);
});
