/**
 * The StreamingContext's input stream factories (Spark's ssc.queueStream,
 * socketTextStream…), installed on its prototype so that streaming-context.ts stays
 * the lifecycle and nothing else, and each source lives in a file of its own.
 */
import { InvalidArgumentError, RDD, type RateRecord } from '@kindling/common';
import type { DStream } from '../dstream.js';
import { StreamingContext } from '../streaming-context.js';
import { FileInputDStream } from './file-input-dstream.js';
import { QueueInputDStream } from './queue-input-dstream.js';
import { RateInputDStream, type RateStreamOptions } from './rate-input-dstream.js';

declare module '../streaming-context.js' {
  interface StreamingContext {
    /** A stream of the queued RDDs, one per batch (or all at once); for tests and demos, never checkpointable. */
    queueStream<T>(queue: RDD<T>[], oneAtATime?: boolean, defaultRDD?: RDD<T>): DStream<T>;
    /** `{ value, timestamp }` records, `value` consecutive from 0, generated on the executors; replayable. */
    rateStream(options: RateStreamOptions): DStream<RateRecord>;
    /** The lines of files that appear in `directory` (any FileSystem URI), each file once. */
    textFileStream(directory: string): DStream<string>;
  }
}

StreamingContext.prototype.queueStream = function <T>(this: StreamingContext, queue: RDD<T>[], oneAtATime = true, defaultRDD?: RDD<T>): DStream<T> {
  if (defaultRDD !== undefined && !(defaultRDD instanceof RDD)) throw new InvalidArgumentError('queueStream: defaultRDD must be an RDD');
  return new QueueInputDStream<T>(this, queue, oneAtATime, defaultRDD);
};

StreamingContext.prototype.rateStream = function (this: StreamingContext, options: RateStreamOptions): DStream<RateRecord> {
  return new RateInputDStream(this, options);
};

StreamingContext.prototype.textFileStream = function (this: StreamingContext, directory: string): DStream<string> {
  return new FileInputDStream(this, directory);
};
