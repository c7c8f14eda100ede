/**
 * `updateStateByKey` (Spark's StateDStream): a stream of `[key, state]` whose RDD each
 * batch is the previous batch's state RDD cogrouped with this batch's records, with
 * `update(values, state)` applied per key. Every key with a state or with new values
 * is updated (a key with a state and no values gets `[]`); returning undefined drops
 * the key.
 *
 * The state RDD keeps the partitioner, so the previous state is read through a narrow
 * dependency (from the cache, on the executor that holds it) and only the batch is
 * shuffled. It must checkpoint, every ten seconds' worth of batches by default (Spark's
 * DStream default), because each state RDD depends on the previous one.
 */
import { builtinRef, isFunctionRef, MapPartitionsRDD, partitionerFromPlan, StorageLevel, type FunctionRef, type Partitioner, type RDD } from '@kindling/common';
import type { DStreamCheckpointData } from './checkpoint/dstream-checkpoint-data.js';
import { stateCheckpointDataFor } from './checkpoint/state-checkpoint-data.js';
import { registerDStreamKind } from './dstream-registry.js';
import { DStream } from './dstream.js';
import type { Duration } from './duration.js';
import { checkStateVersion, type StateMigrationFunction } from './state-version.js';

export class StateDStream<K, V, S> extends DStream<[K, S]> {
  readonly kind = 'StateDStream';
  override readonly mustCheckpoint = true;
  private version = 1;
  private migration: FunctionRef | undefined;

  constructor(
    readonly parent: DStream<[K, V]>,
    readonly updateFunc: FunctionRef,
    readonly partitioner: Partitioner,
    readonly initialRDD: RDD<[K, S]> | undefined,
  ) {
    super(parent.ssc, 'updateStateByKey');
    this.persist(StorageLevel.MEMORY_ONLY);
  }

  /**
   * Declares the version of the state's shape (1 when never declared) and how to
   * migrate state checkpointed under an older version (state-version.ts), as
   * `StateSpec.stateVersion` does for mapWithState. Before `start()` only.
   */
  stateVersion(version: number, migrate?: StateMigrationFunction<K, S> | FunctionRef): this {
    this.ssc.assertCanAddOperation('stateVersion');
    // A stream rebuilt from a checkpoint gets the recorded reference, already checked.
    this.version = checkStateVersion(version, isFunctionRef(migrate) ? undefined : migrate, 'updateStateByKey');
    this.migration = migrate === undefined ? undefined : this.functionRef(migrate, 'the state migration of updateStateByKey');
    return this;
  }

  override get declaredStateVersion(): number {
    return this.version;
  }

  protected override migrateState(rdd: RDD<[K, S]>, fromVersion: number): RDD<[K, S]> {
    if (this.migration === undefined) return super.migrateState(rdd, fromVersion);
    return new MapPartitionsRDD<[K, S], [K, S]>(rdd, builtinRef('streaming.migrateStatePairs', this.migration, fromVersion), true, 'updateStateByKey migrate');
  }

  get slideDuration(): Duration {
    return this.parent.slideDuration;
  }

  /** `[key, state]` pairs, checkpointed in the background, as the keys that changed since the last checkpoint. */
  protected override createCheckpointData(): DStreamCheckpointData {
    return stateCheckpointDataFor(this, 'pairs');
  }

  get dependencies(): readonly DStream<unknown>[] {
    return [this.parent as DStream<unknown>];
  }

  async compute(time: number): Promise<RDD<[K, S]> | undefined> {
    const prevState = (await this.getOrCompute(time - this.slideDuration.milliseconds)) ?? this.initialRDD;
    const batch = await this.parent.getOrCompute(time);
    if (prevState === undefined) {
      // The first batch, with no initial state: group the batch and update from nothing.
      if (batch === undefined) return undefined;
      return batch.groupByKey(this.partitioner).mapPartitions(builtinRef('streaming.updateState.grouped', this.updateFunc) as never, true);
    }
    if (batch === undefined) {
      return prevState.partitionBy(this.partitioner).mapPartitions(builtinRef('streaming.updateState.stateOnly', this.updateFunc) as never, true);
    }
    // The previous state is partitioned by `partitioner` (this stream preserves it), so
    // the cogroup reads it narrowly; only the batch (and an initial RDD) is shuffled.
    return prevState
      .cogroup(batch as RDD<[K, unknown]>, this.partitioner)
      .mapPartitions(builtinRef('streaming.updateState.cogrouped', this.updateFunc) as never, true) as RDD<[K, S]>;
  }

  protected params(): Readonly<Record<string, unknown>> {
    return { updateFunc: this.updateFunc, partitioner: this.partitioner.toPlan(), initialRddId: this.initialRDD?.id, stateVersion: this.version, stateMigration: this.migration };
  }
}

// The initial RDD was read by the first batch; a recovered stream resumes from its checkpointed state.
registerDStreamKind('StateDStream', ({ parents, params }) => {
  const stream = new StateDStream(parents[0] as DStream<[unknown, unknown]>, params['updateFunc'], partitionerFromPlan(params['partitioner']), undefined);
  return params['stateVersion'] === undefined ? stream : stream.stateVersion(params['stateVersion'], params['stateMigration'] ?? undefined);
});
