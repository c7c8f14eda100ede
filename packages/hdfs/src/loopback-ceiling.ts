/**
 * The storage bench's ceilings, and the comparison that chose the client's HTTP layer:
 * three HTTP clients — Node's fetch, undici's `request` (the library under fetch,
 * without web streams) and node:http with a keep-alive agent — to and from
 * loopback-sink.js, a node:http server in a process of its own (as the datanode is)
 * that stores nothing. Same bytes, same chunks, each client's plainest streaming body
 * on the way out and its plainest reader on the way back: no WebHDFS transfer through
 * that client can beat its figures on the machine that measures them.
 */
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { Agent, request as httpRequest, type IncomingMessage } from 'node:http';
import { createInterface } from 'node:readline';
import { Readable } from 'node:stream';
import { Pool } from 'undici';

export interface LoopbackSink {
  readonly url: string;
  readonly pid: number;
  /** undici's connection pool to the sink (closed by `close`). */
  readonly pool: Pool;
  close(): Promise<void>;
}

/** One way of moving bytes to and from the sink. */
export interface HttpClientUnderTest {
  upload(sink: LoopbackSink, chunk: Uint8Array, count: number): Promise<void>;
  download(sink: LoopbackSink, bytes: number): Promise<void>;
}

export async function startLoopbackSink(): Promise<LoopbackSink> {
  const main = new URL('./loopback-sink.js', import.meta.url).pathname;
  const child = spawn(process.execPath, [main], { stdio: ['ignore', 'pipe', 'inherit'] });
  const exited = once(child, 'exit');
  const lines = createInterface({ input: child.stdout });
  const [line] = (await Promise.race([once(lines, 'line'), exited.then(() => [undefined])])) as [string | undefined];
  lines.close();
  if (line === undefined) throw new Error('the loopback sink exited before listening');
  const { port } = JSON.parse(line) as { port: number };
  const pool = new Pool(`http://127.0.0.1:${port}`);
  return {
    url: `http://127.0.0.1:${port}/`,
    pid: child.pid ?? -1,
    pool,
    close: async () => {
      await pool.close();
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
      await exited;
    },
  };
}

/** PUTs `count` times `chunk` as one streamed body, pulled by fetch as the socket takes it. */
async function fetchUpload(sink: LoopbackSink, chunk: Uint8Array, count: number): Promise<void> {
  const url = sink.url;
  let sent = 0;
  const body = new ReadableStream<Uint8Array>(
    {
      pull: (controller) => {
        if (sent++ < count) controller.enqueue(chunk);
        else controller.close();
      },
    },
    { highWaterMark: 0 },
  );
  const response = await fetch(url, { method: 'PUT', body, duplex: 'half' } as RequestInit);
  await response.arrayBuffer();
  checkUpload(response.status, response.headers.get('x-received-bytes'), chunk.byteLength * count);
}

function checkUpload(status: number, received: unknown, expected: number): void {
  if (status !== 201 || Number(received) !== expected) throw new Error(`the loopback sink answered ${status} after ${String(received)} bytes`);
}

function checkDownload(total: number, bytes: number): void {
  if (total !== bytes) throw new Error(`read ${total} bytes from the loopback sink, expected ${bytes}`);
}

/** GETs `bytes` bytes and reads the body chunk by chunk, keeping none. */
async function fetchDownload(sink: LoopbackSink, bytes: number): Promise<void> {
  const response = await fetch(`${sink.url}?bytes=${bytes}`);
  if (response.status !== 200 || response.body === null) throw new Error(`the loopback sink answered ${response.status}`);
  const reader = response.body.getReader();
  let total = 0;
  for (let part = await reader.read(); !part.done; part = await reader.read()) total += part.value.byteLength;
  checkDownload(total, bytes);
}

export const fetchClient: HttpClientUnderTest = { upload: fetchUpload, download: fetchDownload };

/** undici's `request` with a Node Readable body, and its body read as a Node stream. */
export const undiciClient: HttpClientUnderTest = {
  async upload(sink, chunk, count) {
    const body = Readable.from((function* () {
      for (let i = 0; i < count; i++) yield chunk;
    })());
    const response = await sink.pool.request({ path: '/', method: 'PUT', body });
    await response.body.dump();
    checkUpload(response.statusCode, response.headers['x-received-bytes'], chunk.byteLength * count);
  },
  async download(sink, bytes) {
    const response = await sink.pool.request({ path: `/?bytes=${bytes}`, method: 'GET' });
    let total = 0;
    for await (const part of response.body) total += (part as Buffer).length;
    checkDownload(total, bytes);
  },
};

const agent = new Agent({ keepAlive: true });

/** node:http with a keep-alive agent: write until the socket says no, wait for 'drain'; read 'data' events. */
export const nodeHttpClient: HttpClientUnderTest = {
  upload: (sink, chunk, count) =>
    new Promise((resolve, reject) => {
      const req = httpRequest(sink.url, { method: 'PUT', agent }, (res) => {
        res.resume();
        res.once('end', () => {
          try {
            checkUpload(res.statusCode ?? 0, res.headers['x-received-bytes'], chunk.byteLength * count);
            resolve();
          } catch (error) {
            reject(error as Error);
          }
        });
      });
      req.once('error', reject);
      let sent = 0;
      const pump = (): void => {
        while (sent < count) {
          sent++;
          if (!req.write(chunk)) {
            req.once('drain', pump);
            return;
          }
        }
        req.end();
      };
      pump();
    }),
  download: (sink, bytes) =>
    new Promise((resolve, reject) => {
      const req = httpRequest(`${sink.url}?bytes=${bytes}`, { agent }, (res: IncomingMessage) => {
        let total = 0;
        res.on('data', (part: Buffer) => (total += part.length));
        res.once('end', () => {
          try {
            checkDownload(total, bytes);
            resolve();
          } catch (error) {
            reject(error as Error);
          }
        });
      });
      req.once('error', reject);
      req.end();
    }),
};
