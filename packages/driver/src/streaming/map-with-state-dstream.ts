/**
 * `mapWithState` (Spark's MapWithStateDStream and InternalMapWithStateDStream).
 *
 * The internal stream's RDD each batch is a MapWithStateRDD (packages/common): the
 * previous batch's state RDD — cached in memory, so the task goes to the executor
 * holding it — plus this batch's data partitioned the same way. It must checkpoint:
 * each state RDD depends on the previous one, so without a checkpoint the lineage
 * would grow by a batch every batch. Its default interval is ten batches (Spark's
 * DEFAULT_CHECKPOINT_DURATION_MULTIPLIER), not the ten seconds of other streams.
 *
 * The stream users see is the mapped data; `stateSnapshots()` is the full
 * `[key, state]` contents each batch.
 */
import { builtinRef, HashPartitioner, MapPartitionsRDD, MapWithStateRDD, partitionerFromPlan, StorageLevel, type FunctionRef, type MapWithStateRecord, type Partitioner, type RDD } from '@kindling/common';
import { stateCheckpointDataFor, type StateCheckpointData } from './checkpoint/state-checkpoint-data.js';
import type { DStreamCheckpointData } from './checkpoint/dstream-checkpoint-data.js';
import { DStream } from './dstream.js';
import { registerDStreamKind } from './dstream-registry.js';
import { Duration } from './duration.js';
import { StateSpec } from './state-spec.js';
import { registerRddOperation, TransformedDStream } from './transformed-dstream.js';

/** Spark's InternalMapWithStateDStream.DEFAULT_CHECKPOINT_DURATION_MULTIPLIER. */
const DEFAULT_CHECKPOINT_DURATION_MULTIPLIER = 10;

type AnyRecord = MapWithStateRecord<unknown, unknown, unknown>;

export class InternalMapWithStateDStream<K, V, S, E> extends DStream<MapWithStateRecord<K, S, E>> {
  readonly kind = 'InternalMapWithStateDStream';
  override readonly mustCheckpoint = true;
  readonly partitioner: Partitioner;
  readonly mappingFunction: FunctionRef;
  readonly timeout: Duration | undefined;
  readonly initialState: RDD<[K, S]> | undefined;
  /** The version of the state's shape, and the function migrating older state to it (state-version.ts). */
  readonly stateVersion: number;
  readonly stateMigration: FunctionRef | undefined;

  constructor(
    readonly parent: DStream<[K, V]>,
    spec: StateSpec<K, V, S, E>,
  ) {
    super(parent.ssc, 'mapWithState');
    this.mappingFunction = this.functionRef(spec.mappingFunction, 'mapWithState');
    this.partitioner = spec.getPartitioner() ?? new HashPartitioner(this.ssc.kindlingContext.defaultParallelism);
    this.timeout = spec.getTimeout();
    this.initialState = spec.getInitialState();
    this.stateVersion = spec.getStateVersion();
    const migration = spec.getStateMigration();
    this.stateMigration = migration === undefined ? undefined : this.functionRef(migration, 'the state migration of mapWithState');
    this.persist(StorageLevel.MEMORY_ONLY);
  }

  override get declaredStateVersion(): number {
    return this.stateVersion;
  }

  /** Every key's state through the migration, keeping its timeout clock; the keys stay in their partitions. */
  protected override migrateState(rdd: RDD<MapWithStateRecord<K, S, E>>, fromVersion: number): RDD<MapWithStateRecord<K, S, E>> {
    if (this.stateMigration === undefined) return super.migrateState(rdd, fromVersion);
    const entries = new MapPartitionsRDD<[K, [S, number]], MapWithStateRecord<K, S, E>>(rdd, builtinRef('streaming.migrateStateEntries', this.stateMigration, fromVersion), true, 'mapWithState migrate');
    return new MapPartitionsRDD(entries, builtinRef('streaming.stateMapFromEntries'), true, 'mapWithState migrate');
  }

  get slideDuration(): Duration {
    return this.parent.slideDuration;
  }

  get dependencies(): readonly DStream<unknown>[] {
    return [this.parent as DStream<unknown>];
  }

  protected override defaultCheckpointDuration(): Duration {
    return this.slideDuration.times(DEFAULT_CHECKPOINT_DURATION_MULTIPLIER);
  }

  /** The state is checkpointed incrementally, in the background: only the levels added since the last checkpoint. */
  protected override createCheckpointData(): DStreamCheckpointData {
    return stateCheckpointDataFor(this, 'levels');
  }

  async compute(time: number): Promise<RDD<MapWithStateRecord<K, S, E>>> {
    const prevState = await this.previousState(time);
    const data = await this.parent.getOrCompute(time);
    return MapWithStateRDD.of<K, V, S, E>(this.ssc.kindlingContext, prevState, data?.partitionBy(this.partitioner), {
      partitioner: this.partitioner,
      mappingFunction: this.mappingFunction,
      batchTime: time,
      timeoutThresholdTime: this.timeout === undefined ? undefined : time - this.timeout.milliseconds,
      ...this.compactThrough(time),
    });
  }

  private compactThrough(time: number): { compactThrough?: number } {
    const through = (this.checkpointData as StateCheckpointData).compactionBoundary(time);
    return through === undefined ? {} : { compactThrough: through };
  }

  /**
   * The state the batch at `time` starts from: the previous batch's state RDD; on the
   * first batch the initial state, if any; and re-partitioned when its partitioner is
   * not the spec's (a state RDD rebuilt from a checkpoint written with other settings).
   */
  private async previousState(time: number): Promise<RDD<MapWithStateRecord<K, S, E>> | undefined> {
    const prev = await this.getOrCompute(time - this.slideDuration.milliseconds);
    if (prev === undefined) {
      if (this.initialState === undefined) return undefined;
      return new MapPartitionsRDD(this.initialState.partitionBy(this.partitioner), builtinRef('streaming.stateMapFromPairs', time), true, 'mapWithState initialState');
    }
    if (prev.partitioner?.equals(this.partitioner) === true) return prev;
    const entries = new MapPartitionsRDD<[K, [S, number]], MapWithStateRecord<K, S, E>>(prev, builtinRef('streaming.stateEntries'), false, 'mapWithState repartition');
    return new MapPartitionsRDD(entries.partitionBy(this.partitioner), builtinRef('streaming.stateMapFromEntries', time), true, 'mapWithState repartition');
  }

  protected params(): Readonly<Record<string, unknown>> {
    return {
      mappingFunction: this.mappingFunction,
      partitioner: this.partitioner.toPlan(),
      timeoutMs: this.timeout?.milliseconds,
      // The initial state is read on the first batch only; a restarted driver resumes
      // from the checkpointed state instead, so the RDD itself is not part of the graph.
      initialStateRddId: this.initialState?.id,
      stateVersion: this.stateVersion,
      stateMigration: this.stateMigration,
    };
  }
}

registerRddOperation('stateSnapshots', ([rdd]) =>
  // The keys stay where the state partitioner put them, so the partitioner still holds.
  new MapPartitionsRDD(rdd as RDD<AnyRecord>, builtinRef('streaming.stateSnapshots'), true, 'stateSnapshots'),
);

/** The stream `mapWithState` returns: the mapping function's results, batch by batch. */
export class MapWithStateDStream<K, V, S, E> extends DStream<E> {
  readonly kind = 'MapWithStateDStream';
  readonly internalStream: InternalMapWithStateDStream<K, V, S, E>;

  /** Over `parent` with `spec`; or, when recovering, over the already rebuilt internal state stream. */
  constructor(parent: DStream<[K, V]> | InternalMapWithStateDStream<K, V, S, E>, spec?: StateSpec<K, V, S, E>) {
    const internal = spec === undefined ? (parent as InternalMapWithStateDStream<K, V, S, E>) : new InternalMapWithStateDStream(parent as DStream<[K, V]>, spec);
    super(parent.ssc, 'mapWithState');
    this.internalStream = internal;
  }

  get slideDuration(): Duration {
    return this.internalStream.slideDuration;
  }

  get dependencies(): readonly DStream<unknown>[] {
    return [this.internalStream as DStream<unknown>];
  }

  async compute(time: number): Promise<RDD<E> | undefined> {
    const stateRdd = await this.internalStream.getOrCompute(time);
    if (stateRdd === undefined) return undefined;
    return new MapPartitionsRDD<E, MapWithStateRecord<K, S, E>>(stateRdd, builtinRef('streaming.mappedData'), false, 'mapWithState');
  }

  /** The `[key, state]` pairs of every key, each batch (Spark's stateSnapshots). */
  stateSnapshots(): DStream<[K, S]> {
    return new TransformedDStream<[K, S]>([this.internalStream as DStream<unknown>], 'stateSnapshots', [], 'stateSnapshots');
  }

  /**
   * Sets this operator's uid, and `<uid>/state` on its state stream, which is what
   * checkpoints and upgrades find the state by (the mapped stream holds none).
   */
  override name(uid: string): this {
    super.name(uid);
    this.internalStream.name(`${uid}/state`);
    return this;
  }

  /** Sets the state's checkpoint interval: the state stream is what is checkpointed, never the mapped data (as Spark). */
  override checkpoint(interval: Duration | number): this {
    this.internalStream.checkpoint(interval);
    return this;
  }

  protected params(): Readonly<Record<string, unknown>> {
    return {};
  }
}

registerDStreamKind('InternalMapWithStateDStream', ({ parents, params }) =>
  new InternalMapWithStateDStream(
    parents[0] as DStream<[unknown, unknown]>,
    StateSpec.restored(
      params['mappingFunction'],
      partitionerFromPlan(params['partitioner']),
      params['timeoutMs'] === undefined ? undefined : Duration.of(params['timeoutMs']),
      params['stateVersion'] ?? 1,
      params['stateMigration'] ?? undefined,
    ),
  ),
);

registerDStreamKind('MapWithStateDStream', ({ parents }) => new MapWithStateDStream(parents[0] as InternalMapWithStateDStream<unknown, unknown, unknown, unknown>));
