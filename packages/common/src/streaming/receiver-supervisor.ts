/**
 * Runs one receiver inside a task on an executor (Spark's ReceiverSupervisorImpl and
 * BlockGenerator in one): starts it, collects what it stores into a block every
 * `kindling.streaming.blockInterval` (200 ms) and pushes each block to the driver,
 * restarts it after `kindling.streaming.receiverRestartDelay` (2 s) when it fails,
 * and stops it when the driver says so. The task lasts as long as the receiver runs.
 *
 * A block is pushed, and dropped here, only once the driver has answered: a push that
 * fails (driver busy or briefly unreachable) is tried again with the next tick, the
 * records still in the buffer. After `kindling.network.timeout` without an answer the
 * driver is taken as gone and the task fails.
 *
 * `store` resolves when its block is acknowledged: records get sequence numbers, and
 * an answered push of n records acknowledges the next n. The records stored between
 * two pushes share one promise, so a receiver storing record by record costs one
 * promise per block, not per record.
 *
 * Every answer carries the driver's rate limit (kindling.streaming.receiver.maxRate,
 * lowered by backpressure): a block takes at most limit × interval records, the rest
 * waits for the next block, and `waitToPush` lets a receiver pause its source meanwhile.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import type { KindlingConf } from '../conf/index.js';
import { ErrorCode, KindlingError } from '../errors/index.js';
import type { Logger } from '../log/index.js';
import type { ReceiverCommandMessage, ReceiverEndpoint, ReceiverEvent } from './receiver-endpoint.js';
import { attachSupervisor, type Receiver, type ReceiverSupervisorHandle } from './receiver.js';

export interface ReceiverSupervisorOptions {
  readonly streamId: number;
  readonly attempt: number;
  readonly executorId: string;
  readonly endpoint: ReceiverEndpoint;
  readonly conf: KindlingConf;
  readonly logger: Logger;
}

export class ReceiverSupervisor implements ReceiverSupervisorHandle {
  readonly streamId: number;
  private readonly blockIntervalMs: number;
  private readonly restartDelayMs: number;
  private readonly networkTimeoutMs: number;
  private buffer: unknown[] = [];
  private started = false;
  private stopped = false;
  /** Set when the receiver (or the driver) asked to stop for good. */
  private stopRequested: { message: string; error: unknown } | undefined;
  private restarting: Promise<void> | undefined;
  private rateLimit: number | undefined;
  private readonly drainWaiters: Array<() => void> = [];
  private readonly pendingEvents: Array<{ event: ReceiverEvent; message: string; error?: string }> = [];
  private lastAnswer = Date.now();
  private recordsPushed = 0;
  /** Records stored so far, and acknowledged by the driver so far (sequence numbers). */
  private recordsStored = 0;
  /** Records of the block being pushed now (out of the buffer, not yet acknowledged). */
  private inFlight = 0;
  /** Waiters for acknowledgement, oldest first; the last one grows until the next push. */
  private readonly ackWaiters: Array<{ upTo: number; resolve: () => void; reject: (error: Error) => void; promise: Promise<void>; sealed: boolean }> = [];
  private readonly logger: Logger;

  constructor(
    private readonly receiver: Receiver<unknown>,
    private readonly options: ReceiverSupervisorOptions,
  ) {
    this.streamId = options.streamId;
    this.blockIntervalMs = options.conf.getDurationMs('kindling.streaming.blockInterval', 200);
    this.restartDelayMs = options.conf.getDurationMs('kindling.streaming.receiverRestartDelay', 2_000);
    this.networkTimeoutMs = options.conf.getDurationMs('kindling.network.timeout', 30_000);
    this.logger = options.logger.child({ streamId: options.streamId, receiver: receiver.constructor.name });
    attachSupervisor(receiver, this);
  }

  /** Runs the receiver until the driver or the receiver stops it; resolves with the records pushed. */
  async run(): Promise<number> {
    await this.startReceiver();
    while (true) {
      await sleep(this.blockIntervalMs);
      // An idle receiver still reports (a heartbeat) every interval: the answer is
      // how it learns to stop and its rate limit.
      const command = await this.flush(true);
      if (command?.stop === true && this.stopRequested === undefined) this.stopRequested = { message: 'Stopped by driver', error: undefined };
      if (this.stopRequested !== undefined && this.restarting === undefined) break;
      if (command === undefined && Date.now() - this.lastAnswer > this.networkTimeoutMs) {
        await this.callOnStop();
        this.failAckWaiters(`the receiver of stream ${this.streamId} could not reach the driver for ${this.networkTimeoutMs} ms`);
        throw new KindlingError(ErrorCode.Unavailable, `Receiver of stream ${this.streamId} could not reach the driver for ${this.networkTimeoutMs} ms; giving up`);
      }
    }
    await this.restarting;
    if (this.started) await this.callOnStop();
    // Push what was stored before the stop, then say goodbye.
    if (this.buffer.length > 0) await this.flush(false, true);
    this.failAckWaiters(`the receiver of stream ${this.streamId} stopped before ${this.buffer.length} stored records could be pushed to the driver`);
    const { message, error } = this.stopRequested!;
    await this.send('stopped', { message, ...(error === undefined ? {} : { error: describe(error) }) }).catch(() => undefined);
    this.stopped = true;
    this.logger.info({ records: this.recordsPushed }, `Receiver of stream ${this.streamId} stopped: ${message}`);
    return this.recordsPushed;
  }

  // ---- the receiver's calls (ReceiverSupervisorHandle) ------------------------

  pushRecord(record: unknown): Promise<void> {
    this.buffer.push(record);
    return this.ackPromise(++this.recordsStored);
  }

  pushRecords(records: Iterable<unknown>): Promise<void> {
    for (const record of records) this.buffer.push(record);
    this.recordsStored = this.recordsPushed + this.inFlight + this.buffer.length;
    return this.ackPromise(this.recordsStored);
  }

  waitToPush(): Promise<void> {
    if (!this.backlogged()) return Promise.resolve();
    return new Promise((resolve) => this.drainWaiters.push(resolve));
  }

  mustWaitToPush(): boolean {
    return this.backlogged();
  }

  restartReceiver(message: string, error?: unknown, delayMs = this.restartDelayMs): void {
    if (this.restarting !== undefined || this.stopRequested !== undefined) return;
    this.restarting = this.restart(message, error, delayMs).finally(() => {
      this.restarting = undefined;
    });
  }

  stopReceiver(message: string, error?: unknown): void {
    this.stopRequested ??= { message, error };
  }

  reportError(message: string, error: unknown): void {
    this.logger.warn({ err: error }, `Receiver of stream ${this.streamId} reported an error: ${message}`);
    this.pendingEvents.push({ event: 'error', message, error: describe(error) });
  }

  isReceiverStarted(): boolean {
    return this.started;
  }

  isReceiverStopped(): boolean {
    return this.stopped || this.stopRequested !== undefined;
  }

  // ---- lifecycle -------------------------------------------------------------------

  private async startReceiver(): Promise<void> {
    try {
      this.stopped = false;
      await this.receiver.onStart();
      this.started = true;
      this.logger.info(`Receiver of stream ${this.streamId} started on ${this.options.executorId}`);
      this.pendingEvents.push({ event: 'started', message: '' });
    } catch (error) {
      this.started = false;
      this.restartReceiver(`Error starting receiver ${this.streamId}`, error);
    }
  }

  private async restart(message: string, error: unknown, delayMs: number): Promise<void> {
    this.logger.warn({ err: error, delayMs }, `Restarting receiver of stream ${this.streamId} with delay ${delayMs} ms: ${message}`);
    this.pendingEvents.push({ event: 'error', message: `Restarting receiver with delay ${delayMs} ms: ${message}`, ...(error === undefined ? {} : { error: describe(error) }) });
    if (this.started) await this.callOnStop();
    this.started = false;
    await sleep(delayMs);
    if (this.stopRequested !== undefined) return;
    await this.startReceiver();
  }

  private async callOnStop(): Promise<void> {
    try {
      await this.receiver.onStop();
    } catch (error) {
      this.logger.warn({ err: error }, `Receiver of stream ${this.streamId} failed in onStop`);
    }
    this.started = false;
  }

  // ---- blocks -------------------------------------------------------------------------

  /** Sends pending events, then the current block (or a heartbeat); undefined when the driver did not answer. */
  private async flush(heartbeat: boolean, unlimited = false): Promise<ReceiverCommandMessage | undefined> {
    try {
      let command: ReceiverCommandMessage | undefined;
      while (this.pendingEvents.length > 0) {
        const { event, message, error } = this.pendingEvents[0]!;
        command = await this.send(event, { message, ...(error === undefined ? {} : { error }) });
        this.pendingEvents.shift();
      }
      const take = unlimited || this.rateLimit === undefined ? this.buffer.length : Math.min(this.buffer.length, this.perBlockAllowance());
      if (take > 0) {
        // The block leaves the buffer before it is sent: an in-process driver holds the
        // very array, and records stored while the push is in flight must not join it
        // (they would be taken twice). It goes back in front if the push fails.
        const block = take === this.buffer.length ? this.buffer : this.buffer.slice(0, take);
        this.buffer = take === this.buffer.length ? [] : this.buffer.slice(take);
        this.inFlight = take;
        // Stores made from now on are not in this block: they get a waiter of their own.
        for (const waiter of this.ackWaiters) waiter.sealed = true;
        try {
          command = await this.send('block', { records: block });
        } catch (error) {
          this.buffer = block.concat(this.buffer);
          throw error;
        } finally {
          this.inFlight = 0;
        }
        this.recordsPushed += take;
        this.resolveAckWaiters();
      } else if (heartbeat && command === undefined) {
        command = await this.send('heartbeat', {});
      }
      if (!this.backlogged()) for (const resolve of this.drainWaiters.splice(0)) resolve();
      return command;
    } catch (error) {
      this.logger.warn({ err: error }, `Receiver of stream ${this.streamId} could not report to the driver; keeping ${this.buffer.length} records for the next block`);
      return undefined;
    }
  }

  private async send(event: ReceiverEvent, extra: { records?: readonly unknown[]; message?: string; error?: string }): Promise<ReceiverCommandMessage> {
    const command = await this.options.endpoint.report({ streamId: this.streamId, executorId: this.options.executorId, attempt: this.options.attempt, event, ...extra });
    this.lastAnswer = Date.now();
    this.rateLimit = command.rateLimit;
    return command;
  }

  /** A promise resolved once records up to `seq` are acknowledged; shared by the stores since the last push. */
  private ackPromise(seq: number): Promise<void> {
    const last = this.ackWaiters.at(-1);
    if (last !== undefined && !last.sealed) {
      last.upTo = seq;
      return last.promise;
    }
    let resolve!: () => void;
    let reject!: (error: Error) => void;
    const promise = new Promise<void>((res, rej) => {
      resolve = res;
      reject = rej;
    });
    // A receiver that ignores the promise must not get an unhandled rejection.
    promise.catch(() => undefined);
    this.ackWaiters.push({ upTo: seq, resolve, reject, promise, sealed: false });
    return promise;
  }

  private resolveAckWaiters(): void {
    while (this.ackWaiters.length > 0 && this.ackWaiters[0]!.upTo <= this.recordsPushed) this.ackWaiters.shift()!.resolve();
  }

  private failAckWaiters(reason: string): void {
    for (const waiter of this.ackWaiters.splice(0)) {
      if (waiter.upTo <= this.recordsPushed) waiter.resolve();
      else waiter.reject(new KindlingError(ErrorCode.Cancelled, reason));
    }
  }

  private perBlockAllowance(): number {
    return Math.max(1, Math.floor((this.rateLimit! * this.blockIntervalMs) / 1000));
  }

  /** More is buffered than the next two blocks may take. */
  private backlogged(): boolean {
    return this.rateLimit !== undefined && this.buffer.length >= 2 * this.perBlockAllowance();
  }
}

function describe(error: unknown): string {
  if (error instanceof Error) return error.stack ?? `${error.name}: ${error.message}`;
  return String(error);
}
