/**
 * Step 2 of CREATE/APPEND: the bytes streamed to the datanode as the body of one
 * node:http request (chunked), written as `write()` is called, with node's own
 * backpressure: `write()` resolves while less than `writeBufferBytes` wait for the
 * socket, and otherwise on 'drain'. Never retried: the datanode may already hold part
 * of the data — and so sent on a connection of its own, never a pooled one the server
 * may be closing.
 *
 * The deadline is a stall watchdog: it runs only while the client waits on the
 * network (a writer waiting for 'drain', or the answer after the last byte), so a slow
 * producer — a task computing the partition it checkpoints — never times out, but a
 * dead or silent datanode does.
 */
import type { ClientRequest, IncomingMessage } from 'node:http';
import { ErrorCode, InvalidArgumentError, KindlingError } from '../../errors/index.js';
import type { FsOutputStream } from '../file-system.js';
import { remoteError } from './remote-exception.js';
import { readText, startRequest } from './webhdfs-http.js';
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
  private written = 0;
  private ended = false;
  private failure: KindlingError | undefined;
  private state: 'open' | 'closing' | 'closed' | 'aborted' = 'open';
  private drainWaiters: Array<{ resolve: () => void; reject: (e: unknown) => void }> = [];
  private readonly request: ClientRequest;
  private readonly bufferLimit: number;
  private watchdog: NodeJS.Timeout | undefined;
  /** The datanode's answer, read once (status + body). */
  private readonly answer: Promise<{ status: number; text: string }>;
  private answered = false;

  constructor(
    private readonly transport: WebHdfsTransport,
    private readonly transfer: DataTransfer,
  ) {
    this.bufferLimit = transport.options.writeBufferBytes ?? 1024 * 1024;
    this.request = startRequest(transfer.target, transfer.method, false, { 'content-type': 'application/octet-stream' });
    this.request.on('drain', () => this.drained());
    this.answer = new Promise((resolve, reject) => {
      this.request.on('error', reject);
      this.request.once('response', (res: IncomingMessage) => {
        readText(res).then((text) => resolve({ status: res.statusCode ?? 0, text }), reject);
      });
    });
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
    this.request.write(chunk);
    this.written += chunk.byteLength;
    if (this.request.writableLength < this.bufferLimit) return Promise.resolve();
    // The socket takes less than the producer gives: the writer now waits on the network.
    this.armWatchdog();
    return new Promise((resolve, reject) => this.drainWaiters.push({ resolve, reject }));
  }

  async close(): Promise<void> {
    if (this.state !== 'open') throw this.notOpen();
    this.state = 'closing';
    this.ended = true;
    try {
      if (this.failure !== undefined) throw this.failure;
      this.armWatchdog();
      this.request.end();
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
    this.request.destroy(error);
    await this.answer.catch(() => undefined);
  }

  private drained(): void {
    if (this.ended) return;
    // The producer's turn again: time spent computing the next bytes is no stall.
    this.disarmWatchdog();
    for (const waiter of this.drainWaiters.splice(0)) waiter.resolve();
  }

  private fail(error: KindlingError): void {
    if (this.failure !== undefined) return;
    this.failure = error;
    for (const waiter of this.drainWaiters.splice(0)) waiter.reject(error);
    this.disarmWatchdog();
    if (!this.answered) this.request.destroy(error);
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
