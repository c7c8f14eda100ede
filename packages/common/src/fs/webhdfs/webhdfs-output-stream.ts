/**
 * Step 2 of CREATE/APPEND: the bytes streamed to the datanode as the body of one
 * request (`duplex: 'half'`), fed by `write()` through a pull-based ReadableStream
 * (measured twice as fast in undici as an async-iterable body). Never retried: the
 * datanode may already hold part of the data.
 *
 * The deadline is a stall watchdog: it runs only while the client waits on the
 * network (bytes queued that the socket does not take, or the answer after the last
 * byte), so a slow producer — a task computing the partition it checkpoints — never
 * times out, but a dead or silent datanode does.
 */
import { ErrorCode, InvalidArgumentError, KindlingError } from '../../errors/index.js';
import type { FsOutputStream } from '../file-system.js';
import { remoteError } from './remote-exception.js';
import type { WebHdfsTransport } from './webhdfs-transport.js';

export interface DataTransfer {
  readonly op: 'CREATE' | 'APPEND';
  readonly method: 'PUT' | 'POST';
  /** The datanode URL from step 1. */
  readonly target: URL;
  /** 201 for CREATE, 200 for APPEND. */
  readonly expectedStatus: number;
  readonly uri: string;
  readonly action: string;
}

export class WebHdfsOutputStream implements FsOutputStream {
  private readonly queue: Uint8Array[] = [];
  private queuedBytes = 0;
  private written = 0;
  private ended = false;
  private failure: KindlingError | undefined;
  private state: 'open' | 'closing' | 'closed' | 'aborted' = 'open';
  private pullWaiter: (() => void) | undefined;
  private drainWaiters: Array<{ resolve: () => void; reject: (e: unknown) => void }> = [];
  private readonly controller = new AbortController();
  private watchdog: NodeJS.Timeout | undefined;
  /** The datanode's answer, read once (status + body). */
  private readonly answer: Promise<{ status: number; text: string }>;
  private answered = false;

  constructor(
    private readonly transport: WebHdfsTransport,
    private readonly transfer: DataTransfer,
  ) {
    const body = new ReadableStream<Uint8Array>(
      { pull: (controller) => this.pull(controller) },
      { highWaterMark: 0 },
    );
    this.answer = fetch(transfer.target, {
      method: transfer.method,
      body,
      duplex: 'half',
      redirect: 'manual',
      headers: { 'content-type': 'application/octet-stream' },
      signal: this.controller.signal,
    } as RequestInit).then(async (response) => ({ status: response.status, text: await response.text() }));
    // An answer before the last byte means the datanode refused the write (file exists,
    // disk full…): fail the writer now rather than let it stream into the void.
    this.answer.then(
      ({ status, text }) => {
        this.answered = true;
        if (!this.ended && status !== transfer.expectedStatus) {
          this.fail(remoteError(status, text, transfer.action, transfer.uri));
        }
      },
      (error: unknown) => this.fail(this.mapError(error)),
    );
  }

  get path(): string {
    return this.transfer.uri;
  }

  get bytesWritten(): number {
    return this.written;
  }

  write(chunk: Uint8Array): Promise<void> {
    if (this.state !== 'open') return Promise.reject(this.notOpen());
    if (this.failure !== undefined) return Promise.reject(this.failure);
    if (chunk.byteLength === 0) return Promise.resolve();
    this.queue.push(chunk);
    this.queuedBytes += chunk.byteLength;
    this.written += chunk.byteLength;
    this.armWatchdog();
    this.wakePull();
    if (this.queuedBytes < (this.transport.options.writeBufferBytes ?? 1024 * 1024)) return Promise.resolve();
    return new Promise((resolve, reject) => this.drainWaiters.push({ resolve, reject }));
  }

  async close(): Promise<void> {
    if (this.state !== 'open') throw this.notOpen();
    this.state = 'closing';
    this.ended = true;
    this.armWatchdog();
    this.wakePull();
    try {
      if (this.failure !== undefined) throw this.failure;
      let answer: { status: number; text: string };
      try {
        answer = await this.answer;
      } catch (error) {
        throw this.failure ?? this.mapError(error);
      }
      if (answer.status !== this.transfer.expectedStatus) {
        throw remoteError(answer.status, answer.text, this.transfer.action, this.transfer.uri);
      }
      if (this.failure !== undefined) throw this.failure;
      this.state = 'closed';
    } catch (error) {
      this.state = 'aborted';
      this.fail(error instanceof KindlingError ? error : this.mapError(error));
      throw this.failure;
    } finally {
      this.disarmWatchdog();
    }
  }

  async abort(reason?: unknown): Promise<void> {
    if (this.state === 'closed' || this.state === 'aborted') return;
    this.state = 'aborted';
    const error = new KindlingError(ErrorCode.Cancelled, `Write of ${this.transfer.uri} aborted`, { path: this.transfer.uri, cause: reason });
    this.fail(error);
    this.controller.abort(error);
    await this.answer.catch(() => undefined);
  }

  /** Called by undici whenever the socket can take more; waits for the producer otherwise. */
  private async pull(controller: ReadableStreamDefaultController<Uint8Array>): Promise<void> {
    while (this.queue.length === 0 && !this.ended && this.failure === undefined) {
      // The network waits on the producer now: not a stall.
      this.disarmWatchdog();
      await new Promise<void>((resolve) => (this.pullWaiter = resolve));
    }
    if (this.failure !== undefined) {
      controller.error(this.failure);
      return;
    }
    const chunk = this.queue.shift();
    if (chunk === undefined) {
      controller.close();
      return;
    }
    this.queuedBytes -= chunk.byteLength;
    controller.enqueue(chunk);
    this.armWatchdog();
    if (this.queuedBytes < (this.transport.options.writeBufferBytes ?? 1024 * 1024)) {
      for (const waiter of this.drainWaiters.splice(0)) waiter.resolve();
    }
  }

  private wakePull(): void {
    const waiter = this.pullWaiter;
    this.pullWaiter = undefined;
    waiter?.();
  }

  private fail(error: KindlingError): void {
    if (this.failure !== undefined) return;
    this.failure = error;
    for (const waiter of this.drainWaiters.splice(0)) waiter.reject(error);
    this.wakePull();
    this.disarmWatchdog();
    if (!this.answered) this.controller.abort(error);
  }

  /** (Re)starts the stall deadline: the client now waits on the network. */
  private armWatchdog(): void {
    if (this.watchdog !== undefined) {
      this.watchdog.refresh();
      return;
    }
    this.watchdog = setTimeout(() => {
      this.fail(
        new KindlingError(
          ErrorCode.DeadlineExceeded,
          `Cannot ${this.transfer.action} ${this.transfer.uri}: the datanode ${this.transfer.target.host} took no data and sent no answer for ${this.transport.timeoutMs} ms`,
          { path: this.transfer.uri },
        ),
      );
    }, this.transport.timeoutMs);
  }

  private disarmWatchdog(): void {
    if (this.watchdog !== undefined) clearTimeout(this.watchdog);
    this.watchdog = undefined;
  }

  private mapError(error: unknown): KindlingError {
    return this.transport.networkError(error, this.transfer.action, this.transfer.uri, this.transfer.target.host);
  }

  private notOpen(): KindlingError {
    return new InvalidArgumentError(`Cannot write ${this.transfer.uri}: the stream is already ${this.state}`, { path: this.transfer.uri });
  }
}
