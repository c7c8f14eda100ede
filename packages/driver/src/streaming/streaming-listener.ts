/**
 * Streaming events for observers (Spark's StreamingListener): the console status
 * line, the UI, backpressure, tests. Every method is optional; listeners are called
 * synchronously in event order (on the same ListenerBus as the scheduler's events),
 * must be quick, and a listener that throws is logged and skipped, never allowed to
 * break the job scheduler.
 */
import type { Logger } from '@kindling/common';
import { ListenerBus } from '../scheduler/kindling-listener.js';
import type { BatchInfo, OutputOperationInfo } from './batch-info.js';

export interface ReceiverInfo {
  readonly streamId: number;
  readonly name: string;
  readonly active: boolean;
  /** The host of the executor the receiver runs on (Spark: ReceiverInfo.location). */
  readonly location: string | undefined;
  readonly executorId: string | undefined;
  readonly lastErrorMessage: string | undefined;
  readonly lastError: string | undefined;
  readonly lastErrorTime: number | undefined;
}

export interface StreamingListener {
  onStreamingStarted?(event: { readonly time: number }): void;
  onBatchSubmitted?(event: { readonly batchInfo: BatchInfo }): void;
  onBatchStarted?(event: { readonly batchInfo: BatchInfo }): void;
  onBatchCompleted?(event: { readonly batchInfo: BatchInfo }): void;
  onOutputOperationStarted?(event: { readonly outputOperationInfo: OutputOperationInfo }): void;
  onOutputOperationCompleted?(event: { readonly outputOperationInfo: OutputOperationInfo }): void;
  onReceiverStarted?(event: { readonly receiverInfo: ReceiverInfo }): void;
  onReceiverError?(event: { readonly receiverInfo: ReceiverInfo }): void;
  onReceiverStopped?(event: { readonly receiverInfo: ReceiverInfo }): void;
  /** Kindling: the context stopped (Spark has no such event; its UI tab goes away instead). */
  onStreamingStopped?(event: { readonly time: number }): void;
  /** Kindling: a metadata checkpoint write ended (`file` undefined when every attempt failed). */
  onMetadataCheckpointWritten?(event: MetadataCheckpointWrittenEvent): void;
  /** Kindling: the context restarted from a checkpoint, and which batches it runs again. */
  onStreamingRestarted?(event: StreamingRestartedEvent): void;
}

export interface MetadataCheckpointWrittenEvent {
  /** The batch time the checkpoint is for. */
  readonly checkpointTime: number;
  readonly file: string | undefined;
  readonly bytes: number;
  readonly durationMs: number;
  /** When the write ended (epoch ms). */
  readonly time: number;
}

export interface StreamingRestartedEvent {
  readonly time: number;
  readonly checkpointFile: string;
  readonly checkpointTime: number;
  /** Batches that fell while no driver ran. */
  readonly downTimeBatches: readonly number[];
  /** Batches generated but not completed when the checkpoint was written. */
  readonly pendingBatches: readonly number[];
  /** What runs again: both, in time order. */
  readonly rescheduledBatches: readonly number[];
}

/** The streaming context's listeners, on the scheduler's bus. */
export class StreamingListenerBus extends ListenerBus<StreamingListener> {
  constructor(logger: Logger) {
    super(logger, 'StreamingListener');
  }
}
