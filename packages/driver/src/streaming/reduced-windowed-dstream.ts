/**
 * reduceByKeyAndWindow with an inverse function (Spark's ReducedWindowedDStream):
 * each window's RDD is computed from the previous window's, adding the batches that
 * entered the window and subtracting, with the inverse function, those that left:
 *
 *   previous window  |----------------|
 *   current window        |----------------|
 *                    |old |            |new|
 *
 * The parent is first reduced by key per batch (`reducedStream`), with the same
 * HashPartitioner as the window, so the cogroup of the previous window, the old and
 * the new batches reads every input in place (no shuffle); the merge is the builtin
 * `streaming.mergeReducedWindow` (packages/common), which also applies `filter`.
 *
 * Each RDD depends on the previous one, so the lineage grows by a cogroup per batch:
 * the stream must checkpoint (`mustCheckpoint`; by default every multiple of the
 * slide that is at least 10 s), and it persists its RDDs and the reduced batches,
 * which the next windows read again.
 */
import { builtinRef, CoGroupedRDD, HashPartitioner, MapPartitionsRDD, StorageLevel, type FunctionRef, type RDD } from '@kindling/common';
import type { DStreamCheckpointData } from './checkpoint/dstream-checkpoint-data.js';
import { stateCheckpointDataFor } from './checkpoint/state-checkpoint-data.js';
import { DStream } from './dstream.js';
import { registerDStreamKind } from './dstream-registry.js';
import { Duration } from './duration.js';
import { validateWindow } from './windowed-dstream.js';

export interface ReducedWindowFunctions {
  readonly reduce: FunctionRef;
  readonly inverseReduce: FunctionRef;
  /** Keeps the `[key, value]` pairs it returns true for; undefined keeps all. */
  readonly filter: FunctionRef | undefined;
}

export class ReducedWindowedDStream<K, V> extends DStream<[K, V]> {
  readonly kind = 'ReducedWindowedDStream';
  override readonly mustCheckpoint = true;
  private readonly partitioner: HashPartitioner;

  constructor(
    /** The parent reduced by key per batch with `numPartitions` partitions. */
    readonly reducedStream: DStream<[K, V]>,
    readonly functions: ReducedWindowFunctions,
    readonly windowDuration: Duration,
    private readonly windowSlide: Duration,
    readonly numPartitions: number,
  ) {
    super(reducedStream.ssc, 'reduceByKeyAndWindow');
    validateWindow(reducedStream as DStream<unknown>, windowDuration, windowSlide);
    this.partitioner = new HashPartitioner(numPartitions);
    // Both are read again by later windows (Spark persists them the same way).
    this.storageLevel = StorageLevel.MEMORY_ONLY;
    if (!reducedStream.storageLevel.isValid) reducedStream.persist(StorageLevel.MEMORY_ONLY);
  }

  get slideDuration(): Duration {
    return this.windowSlide;
  }

  get dependencies(): readonly DStream<unknown>[] {
    return [this.reducedStream as DStream<unknown>];
  }

  /** Each window is the previous one updated: checkpointed like state, in the background, as the keys that changed. */
  protected override createCheckpointData(): DStreamCheckpointData {
    return stateCheckpointDataFor(this, 'pairs');
  }

  protected override get parentRememberDuration(): Duration {
    return (this.rememberDuration ?? this.slideDuration).plus(this.windowDuration);
  }

  override persist(level: StorageLevel = StorageLevel.MEMORY_ONLY): this {
    this.ssc.assertCanAddOperation('persist');
    // The level set in the constructor is a default, not the user's choice: replace it.
    this.storageLevel = StorageLevel.NONE;
    super.persist(level);
    if (this.reducedStream.storageLevel !== level) {
      this.reducedStream.storageLevel = StorageLevel.NONE;
      this.reducedStream.persist(level);
    }
    return this;
  }

  async compute(time: number): Promise<RDD<[K, V]> | undefined> {
    const window = this.windowDuration.milliseconds;
    const slide = this.windowSlide.milliseconds;
    // The batches of the previous window that are not in this one left it; those of
    // this window that were not in the previous one entered it. (Spark slices
    // (t − slide − window, t − window] and (t − slide, t], which overlap when the
    // window is shorter than the slide; these never do.)
    const oldRdds = await this.reducedStream.slice(time - slide - window, Math.min(time - window, time - slide));
    const newRdds = await this.reducedStream.slice(Math.max(time - slide, time - window), time);
    const previous = await this.getOrCompute(time - slide);
    const inputs = [...(previous === undefined ? [] : [previous]), ...oldRdds, ...newRdds] as RDD<[K, unknown]>[];
    if (inputs.length === 0) return this.ssc.kindlingContext.emptyRDD<[K, V]>();
    const grouped = CoGroupedRDD.of<K>(inputs, this.partitioner, 'reduceByKeyAndWindow');
    const { reduce, inverseReduce, filter } = this.functions;
    const merge = builtinRef('streaming.mergeReducedWindow', reduce, inverseReduce, previous !== undefined, oldRdds.length, newRdds.length, filter ?? null);
    return new MapPartitionsRDD<[K, V], [K, unknown[][]]>(grouped, merge, true, 'reduceByKeyAndWindow');
  }

  protected params(): Readonly<Record<string, unknown>> {
    return {
      reduce: this.functions.reduce,
      inverseReduce: this.functions.inverseReduce,
      filter: this.functions.filter ?? null,
      windowDuration: this.windowDuration.milliseconds,
      slideDuration: this.windowSlide.milliseconds,
      numPartitions: this.numPartitions,
    };
  }
}

registerDStreamKind('ReducedWindowedDStream', ({ parents, params }) =>
  new ReducedWindowedDStream(
    parents[0] as DStream<[unknown, unknown]>,
    { reduce: params['reduce'], inverseReduce: params['inverseReduce'], filter: params['filter'] ?? undefined },
    Duration.of(params['windowDuration']),
    Duration.of(params['slideDuration']),
    params['numPartitions'],
  ),
);
