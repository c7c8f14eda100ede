/**
 * How a receiver running in a task talks to the driver's ReceiverTracker: each
 * report (a block of records, or a lifecycle event) is answered with the driver's
 * command (stop? the current rate limit). On an executor the endpoint is a gRPC call
 * (DriverService.ReportReceiver); in the driver's own process (local-inprocess, and
 * the driver end of that call) it is the handler the active StreamingContext's
 * tracker registers here — one per process, as there is one active context.
 */
export type ReceiverEvent = 'started' | 'block' | 'error' | 'stopped' | 'heartbeat';

export interface ReceiverReportMessage {
  readonly streamId: number;
  readonly executorId: string;
  readonly event: ReceiverEvent;
  /** Which launch of the stream's receiver task reports. */
  readonly attempt: number;
  /** A block's records (event 'block'). */
  readonly records?: readonly unknown[];
  readonly message?: string;
  /** The error's text with its stack, for 'error' and 'stopped' after a failure. */
  readonly error?: string;
}

export interface ReceiverCommandMessage {
  /** The tracker is stopping this receiver: call onStop and end the task. */
  readonly stop: boolean;
  /** Records per second the receiver may store; undefined for no limit. */
  readonly rateLimit: number | undefined;
}

export interface ReceiverEndpoint {
  report(message: ReceiverReportMessage): Promise<ReceiverCommandMessage>;
}

export type ReceiverReportHandler = (message: ReceiverReportMessage) => Promise<ReceiverCommandMessage>;

let handler: ReceiverReportHandler | undefined;

/** Installed by the driver's ReceiverTracker while its StreamingContext runs; undefined removes it. */
export function setReceiverReportHandler(next: ReceiverReportHandler | undefined): void {
  handler = next;
}

/**
 * Hands a report to this process's tracker. With no streaming context running (it
 * stopped, or the driver restarted without one) the receiver is told to stop.
 */
export function deliverReceiverReport(message: ReceiverReportMessage): Promise<ReceiverCommandMessage> {
  if (handler === undefined) return Promise.resolve({ stop: true, rateLimit: undefined });
  return handler(message);
}

/** The endpoint of tasks that run in the driver's process. */
export const inProcessReceiverEndpoint: ReceiverEndpoint = { report: deliverReceiverReport };
