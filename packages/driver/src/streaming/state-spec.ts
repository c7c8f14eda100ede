/**
 * Everything `mapWithState` needs (Spark's StateSpec): the mapping function, and
 * optionally a timeout for idle keys, an initial state RDD, and the partitioning of
 * the state.
 *
 *   const spec = StateSpec.function(trackVideoHits).timeout(Minutes(60)).numPartitions(8);
 *   const hits = plays.mapWithState(spec);
 *
 * `fn(key, value, state)` is called once per record of each batch, and once more with
 * `value` undefined and `state.isTimingOut()` true for a key idle longer than the
 * timeout, just before its state is dropped. What it returns becomes a record of the
 * mapped stream (undefined included, as Spark keeps every result of this form).
 */
import { HashPartitioner, InvalidArgumentError, Partitioner, RDD, type FunctionRef, type State } from '@kindling/common';
import { Duration } from './duration.js';
import { checkStateVersion, type StateMigrationFunction } from './state-version.js';

export type StateMappingFunction<K, V, S, E> = (key: K, value: V | undefined, state: State<S>) => E;

export class StateSpec<K, V, S, E> {
  private timeoutInterval: Duration | undefined;
  private initialStateRdd: RDD<[K, S]> | undefined;
  private statePartitioner: Partitioner | undefined;
  private version = 1;
  private migration: StateMigrationFunction<K, S> | FunctionRef | undefined;

  private constructor(readonly mappingFunction: StateMappingFunction<K, V, S, E>) {}

  /** A spec for `fn(key, value | undefined, state) => mapped record`. */
  static function<K, V, S, E>(fn: StateMappingFunction<K, V, S, E>): StateSpec<K, V, S, E> {
    if (typeof fn !== 'function') {
      throw new InvalidArgumentError(`StateSpec.function expects a mapping function (key, value, state) => record, got ${fn === null ? 'null' : typeof fn}`);
    }
    return new StateSpec(fn);
  }

  /** A spec rebuilt from a checkpoint: the mapping function is the recorded reference. */
  static restored<K, V, S, E>(
    mappingFunction: FunctionRef,
    partitioner: Partitioner,
    timeout: Duration | undefined,
    version = 1,
    migration: FunctionRef | undefined = undefined,
  ): StateSpec<K, V, S, E> {
    const spec = new StateSpec<K, V, S, E>(mappingFunction as unknown as StateMappingFunction<K, V, S, E>);
    spec.statePartitioner = partitioner;
    spec.timeoutInterval = timeout;
    spec.version = version;
    spec.migration = migration;
    return spec;
  }

  /**
   * Declares the version of the state's shape (1 when never declared) and how to
   * migrate state checkpointed under an older version: `migrate(state, fromVersion,
   * key)` returns the new state, or undefined to drop the key (state-version.ts). An
   * upgrade (`--upgrade`) to a higher version without `migrate`, or to a lower one, is
   * refused.
   */
  stateVersion(version: number, migrate?: StateMigrationFunction<K, S>): this {
    this.version = checkStateVersion(version, migrate, 'StateSpec');
    this.migration = migrate;
    return this;
  }

  /** Keys that receive no data for longer than `interval` are called once more with isTimingOut() and dropped. */
  timeout(interval: Duration | number): this {
    const d = Duration.from(interval, 'StateSpec timeout');
    if (d.isZero()) throw new InvalidArgumentError('StateSpec timeout must be positive, e.g. Minutes(60)');
    this.timeoutInterval = d;
    return this;
  }

  /** The state the first batch starts from: `[key, state]` pairs. */
  initialState(rdd: RDD<[K, S]>): this {
    if (!(rdd instanceof RDD)) throw new InvalidArgumentError('StateSpec.initialState expects an RDD of [key, state] pairs');
    this.initialStateRdd = rdd;
    return this;
  }

  /** Hash-partitions the state into `n` partitions (default: the context's default parallelism). */
  numPartitions(n: number): this {
    if (!Number.isInteger(n) || n < 1) throw new InvalidArgumentError(`StateSpec.numPartitions must be a positive integer, got ${String(n)}`);
    this.statePartitioner = new HashPartitioner(n);
    return this;
  }

  /** Partitions the state with `partitioner` (for instance to match another stream's, so a join needs no shuffle). */
  partitioner(partitioner: Partitioner): this {
    if (!(partitioner instanceof Partitioner)) throw new InvalidArgumentError('StateSpec.partitioner expects a Partitioner such as new HashPartitioner(8)');
    this.statePartitioner = partitioner;
    return this;
  }

  getTimeout(): Duration | undefined {
    return this.timeoutInterval;
  }

  getInitialState(): RDD<[K, S]> | undefined {
    return this.initialStateRdd;
  }

  getPartitioner(): Partitioner | undefined {
    return this.statePartitioner;
  }

  getStateVersion(): number {
    return this.version;
  }

  /** The migration function (a FunctionRef in a spec rebuilt from a checkpoint). */
  getStateMigration(): StateMigrationFunction<K, S> | FunctionRef | undefined {
    return this.migration;
  }
}
