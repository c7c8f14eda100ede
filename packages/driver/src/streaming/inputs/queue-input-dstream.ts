/**
 * A stream fed from a queue of RDDs (Spark's QueueInputDStream), for tests and
 * demos: each batch takes the next RDD (or, with `oneAtATime = false`, the union of
 * every RDD queued), or `defaultRDD` / an empty RDD when the queue is empty. RDDs may
 * be pushed onto the queue while the stream runs.
 *
 * Its data lives only in the driver's memory, so it cannot be recovered from a
 * checkpoint: with checkpointing on, start() refuses it with Spark's message.
 */
import { InvalidArgumentError, type RDD } from '@kindling/common';
import { InputDStream } from '../input-dstream.js';
import type { StreamingContext } from '../streaming-context.js';

export class QueueInputDStream<T> extends InputDStream<T> {
  readonly kind = 'QueueInputDStream';

  constructor(
    ssc: StreamingContext,
    readonly queue: RDD<T>[],
    readonly oneAtATime: boolean,
    readonly defaultRDD: RDD<T> | undefined,
  ) {
    super(ssc, 'queueStream');
    if (!Array.isArray(queue)) throw new InvalidArgumentError('queueStream expects an array of RDDs (it may be empty and filled later)');
  }

  compute(): Promise<RDD<T> | undefined> {
    if (this.queue.length === 0) return Promise.resolve(this.defaultRDD ?? this.ssc.kindlingContext.emptyRDD<T>());
    if (this.oneAtATime) return Promise.resolve(this.queue.shift()!);
    const all = this.queue.splice(0);
    return Promise.resolve(all.length === 1 ? all[0]! : all[0]!.union(...all.slice(1)));
  }

  override validateCheckpointable(): void {
    throw new InvalidArgumentError("queueStream doesn't support checkpointing. Please don't use queueStream when checkpointing is enabled.");
  }

  protected params(): Readonly<Record<string, unknown>> {
    return { oneAtATime: this.oneAtATime };
  }
}
