/**
 * Step 2 of OPEN: the datanode's answer body as a Node Readable. As for writes, the
 * deadline is a stall watchdog armed only while the reader waits on the network, so
 * a slow consumer never times out, a silent datanode does, and a connection lost in
 * the middle is a typed Unavailable error naming the path and the bytes read.
 */
import { Readable } from 'node:stream';
import { ErrorCode, KindlingError } from '../../errors/index.js';
import { remoteError } from './remote-exception.js';
import type { WebHdfsTransport } from './webhdfs-transport.js';

export interface OpenTransfer {
  readonly target: URL;
  readonly uri: string;
}

/** Sends the GET to the datanode; resolves once the answer's headers say 200, with the body as a stream. */
export async function openDatanodeStream(transport: WebHdfsTransport, transfer: OpenTransfer): Promise<Readable> {
  const controller = new AbortController();
  const host = transfer.target.host;
  const stall = (): KindlingError =>
    new KindlingError(ErrorCode.DeadlineExceeded, `Cannot read ${transfer.uri}: the datanode ${host} sent nothing for ${transport.timeoutMs} ms`, {
      path: transfer.uri,
    });
  let timer = setTimeout(() => controller.abort(stall()), transport.timeoutMs);
  let response: Response;
  try {
    response = await fetch(transfer.target, { redirect: 'manual', signal: controller.signal });
    if (response.status !== 200) {
      throw remoteError(response.status, await response.text(), 'open', transfer.uri);
    }
  } catch (error) {
    clearTimeout(timer);
    throw transport.networkError(error, 'open', transfer.uri, host);
  }
  clearTimeout(timer);
  const body = response.body;
  if (body === null) return Readable.from([]);

  async function* chunks(stream: ReadableStream<Uint8Array>): AsyncGenerator<Uint8Array> {
    const reader = stream.getReader();
    let bytesRead = 0;
    try {
      for (;;) {
        timer = setTimeout(() => controller.abort(stall()), transport.timeoutMs);
        let next: Awaited<ReturnType<typeof reader.read>>;
        try {
          next = await reader.read();
        } catch (error) {
          const mapped = transport.networkError(error, 'read', transfer.uri, host);
          throw mapped.code === ErrorCode.Unavailable
            ? new KindlingError(ErrorCode.Unavailable, `${mapped.message}, after ${bytesRead} bytes`, { path: transfer.uri, cause: error })
            : mapped;
        } finally {
          clearTimeout(timer);
        }
        if (next.done) return;
        bytesRead += next.value.byteLength;
        yield next.value;
      }
    } finally {
      // A reader that stops early (destroy, break) must release the connection.
      reader.releaseLock();
      await stream.cancel().catch(() => undefined);
    }
  }
  return Readable.from(chunks(body), { objectMode: false, highWaterMark: 1024 * 1024 });
}
