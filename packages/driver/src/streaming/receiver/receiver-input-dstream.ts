/**
 * A stream fed by a receiver running on an executor (Spark's ReceiverInputDStream):
 * socketTextStream and receiverStream. Each batch's RDD holds the blocks the
 * receiver pushed since the previous batch, one partition per block (as Spark's
 * BlockRDD), and the batch's records in are their record count.
 *
 * With the receiver write-ahead log on, the batch's RDD is a
 * WriteAheadLogBackedBlockRDD instead: blocks the driver holds travel in the plan,
 * blocks recovered after a driver restart are read by the task from the log.
 *
 * The receiver travels as its class (a FunctionRef: exported by the job bundle, or
 * a Kindling builtin) plus its own fields as plain data.
 */
import {
  ClosureError,
  InvalidArgumentError,
  KindlingError,
  ParallelCollectionRDD,
  WriteAheadLogBackedBlockRDD,
  findUnserializable,
  serializerFromConf,
  type FunctionRef,
  type RDD,
  type Receiver,
} from '@kindling/common';
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

  override receivedRecordsPending(): number {
    return ReceiverTracker.of(this.ssc).unallocatedRecords(this.inputStreamId);
  }

  async compute(time: number): Promise<RDD<T> | undefined> {
    const tracker = ReceiverTracker.of(this.ssc);
    const blocks = await tracker.blocksOfBatch(this.inputStreamId, time);
    const numRecords = blocks.reduce((sum, block) => sum + block.numRecords, 0);
    this.reportInput(time, numRecords, { blocks: blocks.length });
    const kc = this.ssc.kindlingContext;
    if (tracker.writeAheadLogEnabled) {
      const walBlocks = blocks.map((b) => (b.records === undefined ? { segment: b.segment! } : { segment: b.segment!, records: b.records }));
      return new WriteAheadLogBackedBlockRDD<T>(kc, walBlocks, serializerFromConf(kc.conf).name, { scope: this.scope });
    }
    return new ParallelCollectionRDD<T>(kc, [], 1, { scope: this.scope, slices: blocks.map((b) => (b.records ?? []) as T[]) });
  }

  override clearMetadata(time: number): void {
    ReceiverTracker.of(this.ssc).cleanupOldBlocks(this.inputStreamId, time - (this.rememberDuration?.milliseconds ?? 0));
    super.clearMetadata(time);
  }

  /**
   * After the metadata checkpoint that followed batch `time`'s completion (Spark's
   * clearCheckpointData → cleanupOldBlocksAndBatches): the write-ahead logs drop
   * what no batch within the longest input remember duration needs.
   */
  override async clearCheckpointData(time: number): Promise<void> {
    try {
      await ReceiverTracker.of(this.ssc).cleanupOldBatches(time - this.ssc.graph.maxInputRememberDuration());
    } catch (error) {
      this.ssc.logger.warn({ err: error, batchTime: time }, `Could not clean the receiver write-ahead logs after batch ${time} ms: ${KindlingError.from(error).message}`);
    }
    await super.clearCheckpointData(time);
  }

  protected params(): Readonly<Record<string, unknown>> {
    return { receiver: this.receiverClassRef, fields: this.receiverFields, name: this.receiverName };
  }
}

registerDStreamKind('ReceiverInputDStream', ({ ssc, params, scope }) => new ReceiverInputDStream(ssc, { classRef: params['receiver'], fields: params['fields'], name: params['name'] }, scope));
