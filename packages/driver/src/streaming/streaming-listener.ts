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
}

/** The streaming context's listeners, on the scheduler's bus. */
export class StreamingListenerBus extends ListenerBus<StreamingListener> {
  constructor(logger: Logger) {
    super(logger, 'StreamingListener');
  }
}
