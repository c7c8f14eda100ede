/**
 * The cluster bench's ceiling for shuffle fetches: raw TCP over loopback from
 * tcp-loopback-source.js, another process, into this one. Large writes on the
 * serving side, several connections in flight, and on the receiving side one copy
 * of every byte into the block's buffer (as the fetcher assembles a block), read
 * through a reused 1 MiB buffer so no per-chunk allocation is counted. No gRPC,
 * framing, file or checksum: no shuffle fetch can beat these figures on the
 * machine that measures them.
 */
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { connect } from 'node:net';
import { performance } from 'node:perf_hooks';
import { createInterface } from 'node:readline';

export interface TcpLoopbackSource {
  readonly port: number;
  close(): Promise<void>;
}

export async function startTcpLoopbackSource(): Promise<TcpLoopbackSource> {
  const main = new URL('./tcp-loopback-source.js', import.meta.url).pathname;
  const child = spawn(process.execPath, [main], { stdio: ['ignore', 'pipe', 'inherit'] });
  const exited = once(child, 'exit');
  const lines = createInterface({ input: child.stdout });
  const [line] = (await Promise.race([once(lines, 'line'), exited.then(() => [undefined])])) as [string | undefined];
  lines.close();
  if (line === undefined) throw new Error('the TCP loopback source exited before listening');
  const { port } = JSON.parse(line) as { port: number };
  return {
    port,
    close: async () => {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
      await exited;
    },
  };
}

/** Receives `bytes` on one connection into a buffer of its own. */
function receive(port: number, bytes: number): Promise<Buffer> {
  const target = Buffer.allocUnsafe(bytes);
  let received = 0;
  return new Promise<Buffer>((resolve, reject) => {
    const socket = connect({
      port,
      host: '127.0.0.1',
      onread: {
        buffer: Buffer.allocUnsafe(1024 * 1024),
        callback: (n: number, buf: Uint8Array): boolean => {
          if (received + n > bytes) {
            socket.destroy(new Error(`the TCP loopback source sent more than ${bytes} bytes`));
            return false;
          }
          target.set(buf.subarray(0, n), received);
          received += n;
          return true;
        },
      },
    });
    socket.once('connect', () => {
      const head = Buffer.alloc(4);
      head.writeUInt32BE(bytes, 0);
      socket.write(head);
    });
    socket.once('end', () => {
      socket.destroy();
      if (received === bytes) resolve(target);
      else reject(new Error(`received ${received} of ${bytes} bytes from the TCP loopback source`));
    });
    socket.once('error', reject);
  });
}

/** Fetches `connections` blocks of `blockBytes` at once; resolves with the elapsed milliseconds. */
export async function fetchOverLoopback(port: number, connections: number, blockBytes: number): Promise<number> {
  const t0 = performance.now();
  await Promise.all(Array.from({ length: connections }, () => receive(port, blockBytes)));
  return performance.now() - t0;
}
