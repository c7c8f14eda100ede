/**
 * `node dist/loopback-sink.js`: a node:http server that stores nothing, for the
 * storage bench's ceiling row (what Node's fetch and node:http move over loopback when
 * no disk is involved). A PUT/POST body is counted and dropped (201, its size in
 * `X-Received-Bytes`); `GET /?bytes=N` answers N bytes sent from one reused 1 MiB
 * buffer, waiting for 'drain' as the datanode does. Prints `{"port":…}` once listening.
 */
import { createServer } from 'node:http';

const chunk = Buffer.alloc(1024 * 1024, 0x5a);

const server = createServer((req, res) => {
  if (req.method === 'GET') {
    const total = Number(new URL(req.url ?? '/', 'http://sink').searchParams.get('bytes') ?? 0);
    res.writeHead(200, { 'Content-Type': 'application/octet-stream', 'Content-Length': total });
    let sent = 0;
    const pump = (): void => {
      while (sent < total) {
        const n = Math.min(chunk.length, total - sent);
        sent += n;
        if (!res.write(n === chunk.length ? chunk : chunk.subarray(0, n))) {
          res.once('drain', pump);
          return;
        }
      }
      res.end();
    };
    pump();
    return;
  }
  let received = 0;
  req.on('data', (c: Buffer) => (received += c.length));
  req.on('end', () => res.writeHead(201, { 'Content-Length': 0, 'X-Received-Bytes': received }).end());
});
// A 256 MiB upload lasts as long as it lasts, as on the datanode.
server.requestTimeout = 0;
server.listen(0, '127.0.0.1', () => {
  const address = server.address();
  process.stdout.write(`${JSON.stringify({ port: typeof address === 'object' && address !== null ? address.port : 0 })}\n`);
});
process.once('SIGTERM', () => {
  server.close(() => process.exit(0));
  server.closeAllConnections();
});
