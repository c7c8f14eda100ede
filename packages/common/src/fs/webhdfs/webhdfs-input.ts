/**
 * Step 2 of OPEN: the datanode's answer body as a Node Readable, on node:http. As for
 * writes, the deadline is a stall watchdog armed only while the reader waits on the
 * network, so a slow consumer never times out, a silent datanode does, and a
 * connection lost in the middle is a typed Unavailable error naming the path and the
 * bytes read.
 */
import type { IncomingMessage } from 'node:http';
import { Readable } from 'node:stream';
import { ErrorCode, KindlingError } from '../../errors/index.js';
import { remoteError } from './remote-exception.js';
import { deadlineError, readText, startRequest } from './webhdfs-http.js';
import type { WebHdfsTransport } from './webhdfs-transport.js';

export interface OpenTransfer {
  readonly target: URL;
  readonly uri: string;
  /** Counts the body's bytes once it has been read to its end. */
  readonly statistics?: { totalBytesRead: number };
}

/** Sends the GET to the datanode; resolves once the answer's headers say 200, with the body as a stream. */
export async function openDatanodeStream(transport: WebHdfsTransport, transfer: OpenTransfer): Promise<Readable> {
  const host = transfer.target.host;
  const stalled = (): KindlingError =>
    deadlineError(`Cannot read ${transfer.uri}: the datanode ${host} sent nothing for ${transport.timeoutMs} ms`, transfer.uri);
  try {
    const res = await new Promise<IncomingMessage>((resolve, reject) => {
      const req = startRequest(transfer.target, 'GET', transport.agent);
      const timer = setTimeout(() => req.destroy(stalled()), transport.timeoutMs);
      req.once('error', (error) => {
        clearTimeout(timer);
        reject(error);
      });
      req.once('response', (answer: IncomingMessage) => {
        clearTimeout(timer);
        resolve(answer);
      });
      req.end();
    });
    if (res.statusCode !== 200) {
      throw remoteError(res.statusCode ?? 0, await readText(res), 'open', transfer.uri);
    }
    return new DatanodeStream(res, transport, transfer.uri, host, transfer.statistics);
  } catch (error) {
    throw transport.networkError(error, 'open', transfer.uri, host);
  }
}

/**
 * The answer body, paused whenever the consumer stops asking (so the socket's window
 * closes and the datanode waits), with the watchdog and the error mapping. Chunks are
 * handed on as node:http delivers them, without a copy.
 */
class DatanodeStream extends Readable {
  private bytesRead = 0;
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly res: IncomingMessage,
    private readonly transport: WebHdfsTransport,
    private readonly uri: string,
    private readonly host: string,
    statistics: { totalBytesRead: number } | undefined,
  ) {
    super({ highWaterMark: 1024 * 1024 });
    res.pause();
    res.on('data', (chunk: Buffer) => {
      this.bytesRead += chunk.length;
      this.timer?.refresh();
      if (!this.push(chunk)) {
        res.pause();
        this.disarm();
      }
    });
    res.once('end', () => {
      this.disarm();
      if (statistics !== undefined) statistics.totalBytesRead += this.bytesRead;
      this.push(null);
    });
    // node:http reports a body cut short as an 'aborted' error on the answer.
    res.once('error', (error) => this.lost(error));
    res.once('close', () => {
      if (!res.complete) this.lost(new Error('the connection closed before the whole body arrived'));
    });
  }

  override _read(): void {
    // Armed only while this stream waits on the network: a slow consumer is not a stall.
    this.timer ??= setTimeout(() => {
      this.timer = undefined;
      this.destroy(deadlineError(`Cannot read ${this.uri}: the datanode ${this.host} sent nothing for ${this.transport.timeoutMs} ms`, this.uri));
    }, this.transport.timeoutMs);
    this.res.resume();
  }

  override _destroy(error: Error | null, callback: (error?: Error | null) => void): void {
    this.disarm();
    // A reader that stops early (destroy, break) must release the connection.
    if (!this.res.complete) this.res.destroy();
    callback(error);
  }

  private disarm(): void {
    if (this.timer !== undefined) clearTimeout(this.timer);
    this.timer = undefined;
  }

  private lost(error: unknown): void {
    if (this.destroyed) return;
    const mapped = this.transport.networkError(error, 'read', this.uri, this.host);
    this.destroy(
      mapped.code === ErrorCode.Unavailable
        ? new KindlingError(ErrorCode.Unavailable, `${mapped.message}, after ${this.bytesRead} bytes`, { path: this.uri, cause: error })
        : mapped,
    );
  }
}
