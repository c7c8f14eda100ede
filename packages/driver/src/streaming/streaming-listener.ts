/**
 * Streaming events for observers (Spark's StreamingListener): the console status
 * line, the UI, backpressure, tests. Every method is optional; listeners are called
 * synchronously in event order, must be quick, and a listener that throws is logged
 * and skipped, never allowed to break the job scheduler.
 */
import type { Logger } from '@kindling/common';
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

type Method = keyof StreamingListener;
type EventOf<M extends Method> = Parameters<NonNullable<StreamingListener[M]>>[0];

export class StreamingListenerBus {
  private listeners: readonly StreamingListener[] = [];

  constructor(private readonly logger: Logger) {}

  addListener(listener: StreamingListener): void {
    this.listeners = [...this.listeners, listener];
  }

  removeListener(listener: StreamingListener): void {
    this.listeners = this.listeners.filter((l) => l !== listener);
  }

  post<M extends Method>(method: M, event: EventOf<M>): void {
    for (const listener of this.listeners) {
      const handler = listener[method] as ((e: EventOf<M>) => void) | undefined;
      if (handler === undefined) continue;
      try {
        handler.call(listener, event);
      } catch (error) {
        this.logger.warn({ err: error, event: method }, 'a StreamingListener threw; ignoring it');
      }
    }
  }
}
