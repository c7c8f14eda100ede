/**
 * `node dist/bench/tcp-loopback-source.js`: the cluster bench's loopback ceiling
 * server, in a process of its own as a serving executor is. Each connection sends
 * a 4-byte big-endian count; the server answers with that many bytes written in
 * large slices of one reused buffer (waiting for 'drain'), then ends the
 * connection. Nothing is read from disk or framed. Prints `{"port":…}` once
 * listening; exits on SIGTERM.
 */
import { createServer, type Socket } from 'node:net';

const writeBytes = 4 * 1024 * 1024;
const slice = Buffer.alloc(writeBytes, 0x5a);

function serve(socket: Socket, total: number): void {
  let sent = 0;
  const pump = (): void => {
    while (sent < total) {
      const n = Math.min(writeBytes, total - sent);
      sent += n;
      if (!socket.write(n === writeBytes ? slice : slice.subarray(0, n))) {
        socket.once('drain', pump);
        return;
      }
    }
    socket.end();
  };
  pump();
}

const server = createServer((socket) => {
  socket.setNoDelay(true);
  socket.once('readable', function readCount(): void {
    const head = socket.read(4) as Buffer | null;
    if (head === null) {
      socket.once('readable', readCount);
      return;
    }
    serve(socket, head.readUInt32BE(0));
  });
  socket.on('error', () => socket.destroy());
});
server.listen(0, '127.0.0.1', () => {
  const address = server.address();
  process.stdout.write(`${JSON.stringify({ port: typeof address === 'object' && address !== null ? address.port : 0 })}\n`);
});
process.once('SIGTERM', () => {
  server.close(() => process.exit(0));
  setTimeout(() => process.exit(0), 500).unref();
});
