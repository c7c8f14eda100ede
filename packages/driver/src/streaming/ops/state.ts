/**
 * The stateful operations on streams of `[key, value]` pairs (Spark's
 * PairDStreamFunctions.updateStateByKey and mapWithState). Both keep state across
 * batches in RDDs that depend on the previous batch's, so both need a checkpoint
 * directory: start() says so, with Spark's message, when none is set.
 */
import { HashPartitioner, InvalidArgumentError, Partitioner, RDD } from '@kindling/common';
import { DStream } from '../dstream.js';
import { MapWithStateDStream } from '../map-with-state-dstream.js';
import { StateDStream } from '../state-dstream.js';
import { StateSpec } from '../state-spec.js';

declare module '../dstream.js' {
  // eslint-disable-next-line @typescript-eslint/no-unused-vars -- the augmentation must repeat the class's type parameter
  interface DStream<T> {
    /**
     * A stream of `[key, state]`: each batch, `update(values, state)` runs for every key
     * with new values or a state (values `[]` when none came); undefined drops the key.
     * `partitioner` (a count or a Partitioner) partitions the state; `initialRDD` is the
     * state before the first batch.
     */
    updateStateByKey<K, V, S>(
      this: DStream<[K, V]>,
      update: (values: V[], state: S | undefined) => S | undefined,
      partitioner?: number | Partitioner,
      initialRDD?: RDD<[K, S]>,
    ): StateDStream<K, V, S>;
    /** Each record through `spec`'s mapping function with its key's state (see StateSpec). */
    mapWithState<K, V, S, E>(this: DStream<[K, V]>, spec: StateSpec<K, V, S, E>): MapWithStateDStream<K, V, S, E>;
  }
}

DStream.prototype.updateStateByKey = function <K, V, S>(
  this: DStream<[K, V]>,
  update: (values: V[], state: S | undefined) => S | undefined,
  partitioner?: number | Partitioner,
  initialRDD?: RDD<[K, S]>,
): StateDStream<K, V, S> {
  const ref = this.ssc.kindlingContext.functionRef(update, 'updateStateByKey');
  let part: Partitioner;
  if (partitioner === undefined) part = new HashPartitioner(this.ssc.kindlingContext.defaultParallelism);
  else if (partitioner instanceof Partitioner) part = partitioner;
  else if (Number.isInteger(partitioner) && partitioner >= 1) part = new HashPartitioner(partitioner);
  else throw new InvalidArgumentError(`updateStateByKey: numPartitions must be a positive integer or a Partitioner, got ${String(partitioner)}`);
  if (initialRDD !== undefined && !(initialRDD instanceof RDD)) {
    throw new InvalidArgumentError('updateStateByKey: initialRDD must be an RDD of [key, state] pairs');
  }
  return new StateDStream<K, V, S>(this, ref, part, initialRDD);
};

DStream.prototype.mapWithState = function <K, V, S, E>(this: DStream<[K, V]>, spec: StateSpec<K, V, S, E>): MapWithStateDStream<K, V, S, E> {
  if (!(spec instanceof StateSpec)) {
    throw new InvalidArgumentError('mapWithState expects a StateSpec, e.g. mapWithState(StateSpec.function((key, value, state) => ...))');
  }
  return new MapWithStateDStream<K, V, S, E>(this, spec);
};
