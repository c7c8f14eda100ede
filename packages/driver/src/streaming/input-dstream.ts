/**
 * A stream with no parents, fed from outside (Spark's InputDStream): a queue of RDDs,
 * a rate generator, files appearing in a directory, or a receiver. Its slide is the
 * batch interval. Each input stream has an id of its own, under which it reports
 * how many records each batch received (the batch's "records in").
 */
import type { RDD } from '@kindling/common';
import { DStream } from './dstream.js';
import type { Duration } from './duration.js';
import type { StreamingContext } from './streaming-context.js';

export abstract class InputDStream<T> extends DStream<T> {
  readonly inputStreamId: number;

  constructor(ssc: StreamingContext, scope: string) {
    super(ssc, scope);
    this.inputStreamId = ssc.graph.newInputStreamId();
    ssc.graph.addInputStream(this as InputDStream<unknown>);
  }

  get slideDuration(): Duration {
    return this.ssc.batchDuration;
  }

  get dependencies(): readonly DStream<unknown>[] {
    return [];
  }

  /** Called when the context starts (open sockets, start receivers); the default does nothing. */
  start(): Promise<void> {
    return Promise.resolve();
  }

  /** Called when the context stops; must release everything `start` took. */
  stop(): Promise<void> {
    return Promise.resolve();
  }

  /**
   * Records this stream has received and no batch holds yet: a graceful stop goes on
   * generating batches until there are none (Spark's processReceivedData). Only a
   * receiver stream receives ahead of its batches; the others compute their input
   * from the batch time.
   */
  receivedRecordsPending(): number {
    return 0;
  }

  /**
   * What this stream read for its remembered batches (offsets, file lists, block
   * ids), as plain data for the metadata checkpoint, so a restarted driver replays
   * the same input; undefined for a source that has nothing to record.
   */
  sourcePosition(): unknown {
    return undefined;
  }

  /** Takes back what `sourcePosition()` recorded, when the stream is rebuilt from a checkpoint. */
  restoreSourcePosition(_position: unknown): void {}

  /** Records `numRecords` as this stream's input for batch `time`. */
  protected reportInput(time: number, numRecords: number, metadata: Readonly<Record<string, unknown>> = {}): void {
    this.ssc.inputInfoTracker.reportInfo(time, { inputStreamId: this.inputStreamId, numRecords, metadata });
  }

  abstract override compute(time: number): Promise<RDD<T> | undefined>;
}
