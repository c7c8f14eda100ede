/**
 * The StreamingContext's input stream factories (Spark's ssc.queueStream,
 * socketTextStream…), installed on its prototype so that streaming-context.ts stays
 * the lifecycle and nothing else, and each source lives in a file of its own.
 */
import { InvalidArgumentError, RDD, Receiver, builtinRef, type RateRecord } from '@kindling/common';
import type { DStream } from '../dstream.js';
import { StreamingContext } from '../streaming-context.js';
import { FileInputDStream } from './file-input-dstream.js';
import { QueueInputDStream } from './queue-input-dstream.js';
import { RateInputDStream, type RateStreamOptions } from './rate-input-dstream.js';
import { ReceiverInputDStream } from '../receiver/receiver-input-dstream.js';

declare module '../streaming-context.js' {
  interface StreamingContext {
    /** A stream of the queued RDDs, one per batch (or all at once); for tests and demos, never checkpointable. */
    queueStream<T>(queue: RDD<T>[], oneAtATime?: boolean, defaultRDD?: RDD<T>): DStream<T>;
    /** `{ value, timestamp }` records, `value` consecutive from 0, generated on the executors; replayable. */
    rateStream(options: RateStreamOptions): DStream<RateRecord>;
    /** The lines of files that appear in `directory` (any FileSystem URI), each file once. */
    textFileStream(directory: string): DStream<string>;
    /** Lines read from a TCP server at host:port by a receiver on an executor; retried every 2 s while it refuses. */
    socketTextStream(host: string, port: number): DStream<string>;
    /** Records stored by a custom receiver (its class exported by the job bundle) running on an executor. */
    receiverStream<T>(receiver: Receiver<T>): DStream<T>;
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

StreamingContext.prototype.socketTextStream = function (this: StreamingContext, host: string, port: number): DStream<string> {
  if (typeof host !== 'string' || host.trim() === '') throw new InvalidArgumentError('socketTextStream expects a host name, e.g. socketTextStream("localhost", 9999)');
  if (!Number.isInteger(port) || port < 1 || port > 65535) throw new InvalidArgumentError(`socketTextStream expects a TCP port from 1 to 65535, got ${String(port)}`);
  return new ReceiverInputDStream<string>(
    this,
    { classRef: builtinRef('streaming.receiver.socket'), fields: { host: host.trim(), port }, name: `SocketReceiver(${host.trim()}:${port})` },
    'socketTextStream',
  );
};

StreamingContext.prototype.receiverStream = function <T>(this: StreamingContext, receiver: Receiver<T>): DStream<T> {
  if (!(receiver instanceof Receiver)) throw new InvalidArgumentError('receiverStream expects an instance of a class that extends Receiver');
  return new ReceiverInputDStream<T>(this, receiver, 'receiverStream');
};
