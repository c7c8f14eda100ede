/**
 * A stream fed by a receiver running on an executor (Spark's ReceiverInputDStream):
 * socketTextStream and receiverStream. Each batch's RDD holds the blocks the
 * receiver pushed since the previous batch, one partition per block (as Spark's
 * BlockRDD), and the batch's records in are their record count.
 *
 * The receiver travels as its class (a FunctionRef: exported by the job bundle, or
 * a Kindling builtin) plus its own fields as plain data.
 */
import { ClosureError, InvalidArgumentError, ParallelCollectionRDD, findUnserializable, type FunctionRef, type RDD, type Receiver } from '@kindling/common';
import { registerDStreamKind } from '../dstream-registry.js';
import { InputDStream } from '../input-dstream.js';
import { RateController } from '../rate/rate-controller.js';
import type { StreamingContext } from '../streaming-context.js';
import { ReceiverTracker, receiverSettings } from './receiver-tracker.js';

export class ReceiverInputDStream<T> extends InputDStream<T> {
  readonly kind = 'ReceiverInputDStream';
  readonly receiverClassRef: FunctionRef;
  readonly receiverFields: Readonly<Record<string, unknown>>;
  readonly receiverName: string;
  readonly rateController: RateController | undefined;

  constructor(ssc: StreamingContext, receiver: Receiver<T> | { readonly classRef: FunctionRef; readonly fields: Record<string, unknown>; readonly name: string }, scope: string) {
    super(ssc, scope);
    receiverSettings(ssc.kindlingContext.conf);
    if ('classRef' in receiver) {
      this.receiverClassRef = receiver.classRef;
      this.receiverFields = receiver.fields;
      this.receiverName = receiver.name;
    } else {
      const cls = receiver.constructor as { name: string };
      this.receiverName = cls.name;
      try {
        this.receiverClassRef = ssc.kindlingContext.functionRef(receiver.constructor, `${scope} receiver class ${cls.name}`);
      } catch (error) {
        if (!(error instanceof ClosureError)) throw error;
        throw new ClosureError(
          `receiverStream: executors construct the receiver from its class, so ${cls.name} must be exported by the job bundle (export class ${cls.name} extends Receiver …)`,
          error.identifier,
          { cause: error },
        );
      }
      this.receiverFields = { ...receiver } as Record<string, unknown>;
    }
    const bad = findUnserializable(this.receiverFields);
    if (bad !== undefined) {
      throw new InvalidArgumentError(
        `receiverStream: field ${bad.path.replace(/^\./, '')} of ${this.receiverName} is ${bad.what}; a receiver's fields travel to the executor as plain data — create connections and clients in onStart`,
      );
    }
    this.rateController = RateController.forStream(ssc.kindlingContext.conf, this.inputStreamId, ssc.batchDuration.milliseconds, (rate) =>
      ReceiverTracker.of(ssc).setRateLimit(this.inputStreamId, rate),
    );
  }

  override start(): Promise<void> {
    if (this.rateController !== undefined) this.ssc.addStreamingListener(this.rateController);
    ReceiverTracker.of(this.ssc).startReceiver(this as ReceiverInputDStream<unknown>);
    return Promise.resolve();
  }

  override async stop(): Promise<void> {
    if (this.rateController !== undefined) this.ssc.removeStreamingListener(this.rateController);
    await ReceiverTracker.of(this.ssc).stopReceiver(this.inputStreamId);
  }

  compute(time: number): Promise<RDD<T> | undefined> {
    const blocks = ReceiverTracker.of(this.ssc).blocksOfBatch(this.inputStreamId, time) as T[][];
    const numRecords = blocks.reduce((sum, block) => sum + block.length, 0);
    this.reportInput(time, numRecords, { blocks: blocks.length });
    const kc = this.ssc.kindlingContext;
    return Promise.resolve(new ParallelCollectionRDD<T>(kc, [], 1, { scope: this.scope, slices: blocks }));
  }

  override clearMetadata(time: number): void {
    ReceiverTracker.of(this.ssc).cleanupOldBlocks(this.inputStreamId, time - (this.rememberDuration?.milliseconds ?? 0));
    super.clearMetadata(time);
  }

  protected params(): Readonly<Record<string, unknown>> {
    return { receiver: this.receiverClassRef, fields: this.receiverFields, name: this.receiverName };
  }
}

registerDStreamKind('ReceiverInputDStream', ({ ssc, params, scope }) => new ReceiverInputDStream(ssc, { classRef: params['receiver'], fields: params['fields'], name: params['name'] }, scope));
