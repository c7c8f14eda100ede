/**
 * The storage bench's ceiling: Node's fetch to and from loopback-sink.js, a node:http
 * server in a process of its own (as the datanode is) that stores nothing. Same bytes,
 * same chunks, the same pull-based request body as WebHdfsOutputStream, the plainest
 * body reader on the way back: no WebHDFS transfer through fetch and node:http can beat
 * these figures on the machine that measures them.
 */
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { createInterface } from 'node:readline';

export interface LoopbackSink {
  readonly url: string;
  readonly pid: number;
  close(): Promise<void>;
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
  return {
    url: `http://127.0.0.1:${port}/`,
    pid: child.pid ?? -1,
    close: async () => {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
      await exited;
    },
  };
}

/** PUTs `count` times `chunk` as one streamed body, pulled by fetch as the socket takes it. */
export async function fetchUpload(url: string, chunk: Uint8Array, count: number): Promise<void> {
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
  const received = Number(response.headers.get('x-received-bytes'));
  if (response.status !== 201 || received !== chunk.byteLength * count) {
    throw new Error(`the loopback sink answered ${response.status} after ${received} bytes`);
  }
}

/** GETs `bytes` bytes and reads the body chunk by chunk, keeping none. */
export async function fetchDownload(url: string, bytes: number): Promise<void> {
  const response = await fetch(`${url}?bytes=${bytes}`);
  if (response.status !== 200 || response.body === null) throw new Error(`the loopback sink answered ${response.status}`);
  const reader = response.body.getReader();
  let total = 0;
  for (let part = await reader.read(); !part.done; part = await reader.read()) total += part.value.byteLength;
  if (total !== bytes) throw new Error(`read ${total} bytes from the loopback sink, expected ${bytes}`);
}
