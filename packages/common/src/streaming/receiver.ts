/**
 * The base class of custom receivers (Spark's Receiver): code that runs on an
 * executor, inside a long-running task, and pushes what it receives from outside
 * (a socket, a queue client…) into the stream with `store`.
 *
 *   export class LinesReceiver extends Receiver<string> {
 *     constructor(readonly host: string, readonly port: number) { super(); }
 *     onStart() { … connect, and on each line: this.store(line) … }
 *     onStop() { … close the connection … }
 *   }
 *   ssc.receiverStream(new LinesReceiver('localhost', 9999));
 *
 * - `onStart` must not block: start a connection or a loop and return. It may throw
 *   (or reject), which restarts the receiver after `kindling.streaming.receiverRestartDelay`.
 * - `onStop` releases what onStart took; it is called before a restart too.
 * - Travel: the class must be exported by the job bundle (executors construct it by
 *   reference), and the instance's own fields must be plain data: they are copied to
 *   the executor onto an object of the class, as Spark serializes a receiver's fields.
 *   The constructor does not run there, so open connections in onStart, never in it.
 *
 * Records are stored in blocks, one every `kindling.streaming.blockInterval` (200 ms);
 * each batch's RDD holds the blocks received since the previous batch.
 */
import { IllegalStateError } from '../errors/index.js';

/** What a receiver may ask of the supervisor that runs it on the executor. */
export interface ReceiverSupervisorHandle {
  readonly streamId: number;
  /** Resolves once the block holding the record is stored on the driver (and in the write-ahead log, when on). */
  pushRecord(record: unknown): Promise<void>;
  pushRecords(records: Iterable<unknown>): Promise<void>;
  waitToPush(): Promise<void>;
  mustWaitToPush(): boolean;
  restartReceiver(message: string, error?: unknown, delayMs?: number): void;
  stopReceiver(message: string, error?: unknown): void;
  reportError(message: string, error: unknown): void;
  isReceiverStarted(): boolean;
  isReceiverStopped(): boolean;
}

// Outside the instance, so that the instance's own fields are only the user's.
const supervisors = new WeakMap<object, ReceiverSupervisorHandle>();

export function attachSupervisor(receiver: object, supervisor: ReceiverSupervisorHandle): void {
  supervisors.set(receiver, supervisor);
}

export abstract class Receiver<T> {
  /** Called when the receiver starts on an executor; start receiving and return. */
  abstract onStart(): void | Promise<void>;

  /** Called when the receiver stops (for good, or before a restart). */
  abstract onStop(): void | Promise<void>;

  /** Where the receiver should run (an executor's host), if it matters; Spark's preferredLocation. */
  preferredLocation(): string | undefined {
    return undefined;
  }

  private get supervisor(): ReceiverSupervisorHandle {
    const supervisor = supervisors.get(this);
    if (supervisor === undefined) {
      throw new IllegalStateError(`${this.constructor.name} is not running: a receiver's store/restart/stop work only on an executor, after onStart was called`);
    }
    return supervisor;
  }

  /** The id of the input stream this receiver feeds. */
  get streamId(): number {
    return this.supervisor.streamId;
  }

  /**
   * Stores one record into the current block. (One record, even when it is an
   * array: pair streams store `[key, value]` tuples; use `storeMany` for several.)
   *
   * The promise resolves once the block holding the record has been stored by the
   * driver — with `kindling.streaming.receiver.writeAheadLog.enable`, once it is
   * durable in the write-ahead log — so a receiver that acknowledges its source
   * only after `await this.store(…)` never loses acknowledged data (Spark's blocking
   * `store(ArrayBuffer)`). It rejects if the receiver stops before the block could be
   * pushed. Ignoring it is fine (a rejection nobody awaits is not reported).
   */
  store(record: T): Promise<void> {
    return this.supervisor.pushRecord(record);
  }

  /** Stores several records; the promise is `store`'s. */
  storeMany(records: Iterable<T>): Promise<void> {
    return this.supervisor.pushRecords(records);
  }

  /**
   * Resolves when the rate limit (kindling.streaming.receiver.maxRate, or
   * backpressure) lets more records in: a receiver that can pause its source (a
   * socket) awaits it so that the source slows down instead of the buffer growing.
   */
  waitToStore(): Promise<void> {
    return this.supervisor.waitToPush();
  }

  /** True while the rate limit holds records back: `waitToStore()` would not resolve at once. */
  mustWaitToStore(): boolean {
    return this.supervisor.mustWaitToPush();
  }

  /** Stops the receiver, then starts it again after `delayMs` (default: the receiver restart delay). */
  restart(message: string, error?: unknown, delayMs?: number): void {
    this.supervisor.restartReceiver(message, error, delayMs);
  }

  /** Stops the receiver; the driver launches it again unless the context is stopping. */
  stop(message: string, error?: unknown): void {
    this.supervisor.stopReceiver(message, error);
  }

  /** Reports an error to the driver (listeners' onReceiverError) without stopping. */
  reportError(message: string, error: unknown): void {
    this.supervisor.reportError(message, error);
  }

  isStarted(): boolean {
    return this.supervisor.isReceiverStarted();
  }

  isStopped(): boolean {
    return this.supervisor.isReceiverStopped();
  }
}
