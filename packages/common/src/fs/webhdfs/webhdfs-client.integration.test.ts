/**
 * The WebHDFS client against small fake servers that misbehave on purpose: retries
 * only where an operation is idempotent, deadlines on silent servers (and none on a
 * slow producer), typed errors for refused connections and cut transfers, every
 * boolean checked, the wire encoding of paths and users.
 */
import assert from 'node:assert/strict';
import { createServer as createHttpServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { createServer as createNetServer, type Socket } from 'node:net';
import { after, describe, it } from 'node:test';
import { ErrorCode, KindlingError, RemoteFileSystemError } from '../../errors/index.js';
import { readAll } from '../fs-streams.js';
import { WebHdfsFileSystem } from './webhdfs-file-system.js';

type Handler = (req: IncomingMessage, res: ServerResponse) => void;
const closers: Array<() => Promise<void>> = [];
after(async () => {
  await Promise.all(closers.map((close) => close()));
});

async function httpServer(handler: Handler): Promise<{ port: number; urls: string[] }> {
  const urls: string[] = [];
  const server: Server = createHttpServer((req, res) => {
    urls.push(`${req.method ?? ''} ${req.url ?? ''}`);
    handler(req, res);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  closers.push(() => new Promise((resolve) => {
    server.close(() => resolve());
    server.closeAllConnections();
  }));
  return { port: (server.address() as { port: number }).port, urls };
}

/** Accepts connections and never answers: the "slow server". */
async function silentServer(): Promise<number> {
  const sockets = new Set<Socket>();
  const server = createNetServer((socket) => {
    sockets.add(socket);
    socket.on('error', () => undefined);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  closers.push(() => new Promise((resolve) => {
    for (const s of sockets) s.destroy();
    server.close(() => resolve());
  }));
  return (server.address() as { port: number }).port;
}

/** A port nothing listens on. */
async function closedPort(): Promise<number> {
  const server = createNetServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as { port: number }).port;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

const json = (res: ServerResponse, status: number, body: unknown): void => {
  res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
};
const fastRetry = { maxRetries: 2, initialBackoffMs: 10, maxBackoffMs: 20 };

function isCode(code: string): (e: unknown) => true {
  return (e) => {
    assert.ok(e instanceof KindlingError, String(e));
    assert.equal(e.code, code, e.message);
    return true;
  };
}

void describe('WebHdfsFileSystem against misbehaving servers', () => {
  void it('retries an idempotent operation on 5xx and succeeds', async () => {
    let calls = 0;
    const { port } = await httpServer((_req, res) => {
      calls++;
      if (calls < 3) return json(res, 503, { RemoteException: { exception: 'RetriableException', javaClassName: 'x', message: 'busy' } });
      json(res, 200, { FileStatus: { accessTime: 0, blockSize: 0, group: 'g', length: 0, modificationTime: 1, owner: 'o', pathSuffix: '', permission: '755', replication: 0, type: 'DIRECTORY' } });
    });
    const fs = new WebHdfsFileSystem(`webhdfs://127.0.0.1:${port}`, { retry: fastRetry });
    assert.equal((await fs.stat('/d')).type, 'DIRECTORY');
    assert.equal(calls, 3);
  });

  void it('never retries RENAME: a 5xx fails at once with the exception and status', async () => {
    let calls = 0;
    const { port } = await httpServer((_req, res) => {
      calls++;
      json(res, 500, { RemoteException: { exception: 'NullPointerException', javaClassName: 'java.lang.NullPointerException', message: 'oops' } });
    });
    const fs = new WebHdfsFileSystem(`webhdfs://127.0.0.1:${port}`, { retry: fastRetry });
    await assert.rejects(fs.rename('/a', '/b'), (e: unknown) => {
      assert.ok(e instanceof RemoteFileSystemError);
      assert.deepEqual([e.exception, e.status], ['NullPointerException', 500]);
      assert.match(e.message, /^Cannot rename webhdfs:\/\/127\.0\.0\.1:\d+\/a to webhdfs:\/\/127\.0\.0\.1:\d+\/b: oops \(NullPointerException, HTTP 500\)$/);
      return true;
    });
    await assert.rejects(fs.renameOverwrite('/a', '/b'), RemoteFileSystemError);
    assert.equal(calls, 2);
  });

  void it('an unreachable namenode is a typed Unavailable error, quickly, after the retries', async () => {
    const fs = new WebHdfsFileSystem(`webhdfs://127.0.0.1:${await closedPort()}`, { retry: fastRetry, timeoutMs: 2000 });
    const started = Date.now();
    await assert.rejects(fs.stat('/x'), isCode(ErrorCode.Unavailable));
    await assert.rejects(fs.writeFile('/x', Buffer.from('x')), (e: unknown) => isCode(ErrorCode.Unavailable)(e) && /ECONNREFUSED/.test((e as Error).message));
    assert.ok(Date.now() - started < 2000, `took ${Date.now() - started} ms`);
  });

  void it('a namenode that never answers: DeadlineExceeded within the deadline, for metadata and for both data steps', async () => {
    const fs = new WebHdfsFileSystem(`webhdfs://127.0.0.1:${await silentServer()}`, { timeoutMs: 300, retry: { maxRetries: 0 } });
    for (const action of [() => fs.stat('/x'), () => fs.create('/x'), () => fs.open('/x'), () => fs.delete('/x')]) {
      const started = Date.now();
      await assert.rejects(action(), isCode(ErrorCode.DeadlineExceeded));
      const elapsed = Date.now() - started;
      assert.ok(elapsed >= 250 && elapsed < 1500, `took ${elapsed} ms`);
    }
  });

  void it('a datanode that never answers: the write and the read fail by the stall deadline', async () => {
    const datanode = await silentServer();
    const { port } = await httpServer((req, res) => {
      res.writeHead(307, { location: `http://127.0.0.1:${datanode}${req.url ?? ''}` }).end();
    });
    const fs = new WebHdfsFileSystem(`webhdfs://127.0.0.1:${port}`, { timeoutMs: 300 });
    let started = Date.now();
    await assert.rejects(fs.writeFile('/x', Buffer.alloc(8 * 1024 * 1024)), isCode(ErrorCode.DeadlineExceeded));
    assert.ok(Date.now() - started < 2000, `write took ${Date.now() - started} ms`);
    started = Date.now();
    await assert.rejects(fs.open('/x'), isCode(ErrorCode.DeadlineExceeded));
    assert.ok(Date.now() - started < 2000, `open took ${Date.now() - started} ms`);
  });

  void it('a producer slower than the deadline is not a stall: only the network is timed', async () => {
    const { port } = await httpServer((req, res) => {
      if (req.url?.includes('datanode') !== true) {
        res.writeHead(307, { location: `http://127.0.0.1:${(req.socket.localPort ?? 0)}/datanode${req.url ?? ''}` }).end();
        return;
      }
      void readAll(req).then((body) => res.writeHead(201, { 'content-length': 0 }).end(void body));
    });
    const fs = new WebHdfsFileSystem(`webhdfs://127.0.0.1:${port}`, { timeoutMs: 200 });
    const out = await fs.create('/slow');
    await out.write(Buffer.from('first'));
    await new Promise((r) => setTimeout(r, 600));
    await out.write(Buffer.from('second'));
    await out.close();
  });

  void it('a read cut off mid-body is a typed Unavailable error naming the bytes read', async () => {
    const { port } = await httpServer((req, res) => {
      if (!req.url?.startsWith('/dn')) {
        res.writeHead(307, { location: `http://127.0.0.1:${req.socket.localPort ?? 0}/dn${req.url ?? ''}` }).end();
        return;
      }
      res.writeHead(200, { 'content-length': 1_000_000 });
      res.write(Buffer.alloc(100_000), () => res.destroy());
    });
    // This fake answers every operation with the cut body; it is OPEN's body that is under test.
    const fs = new WebHdfsFileSystem(`webhdfs://127.0.0.1:${port}`, { retry: { maxRetries: 0 }, shortCircuitReads: false });
    await assert.rejects(fs.readFile('/cut'), (e: unknown) => isCode(ErrorCode.Unavailable)(e) && /after \d+ bytes/.test((e as Error).message));
  });

  void it('checks every boolean and every redirect', async () => {
    const { port } = await httpServer((req, res) => {
      if (req.url?.includes('op=MKDIRS') === true) return json(res, 200, { boolean: false });
      if (req.url?.includes('op=DELETE') === true) return json(res, 200, {});
      if (req.url?.includes('op=RENAME') === true) return json(res, 200, { boolean: false });
      if (req.url?.includes('op=CREATE') === true) return res.writeHead(201, { 'content-length': 0 }).end();
      json(res, 404, {});
    });
    const fs = new WebHdfsFileSystem(`webhdfs://127.0.0.1:${port}`);
    await assert.rejects(fs.mkdirs('/m'), /the namenode answered false/);
    await assert.rejects(fs.delete('/d'), /a field is missing/);
    assert.equal(await fs.rename('/a', '/b'), false);
    await assert.rejects(fs.renameOverwrite('/a', '/b'), /answered false to RENAME with renameoptions=OVERWRITE/);
    await assert.rejects(fs.create('/c'), (e: unknown) => e instanceof RemoteFileSystemError && /no datanode location/.test(e.message));
  });

  void it('sends user.name and percent-encodes each path segment as UTF-8', async () => {
    const { port, urls } = await httpServer((_req, res) => json(res, 200, { boolean: true }));
    const fs = new WebHdfsFileSystem(`hdfs://127.0.0.1:${port}`, { user: 'alice' });
    await fs.mkdirs('hdfs://127.0.0.1:' + port + '/ckpt/a b/ü#?%');
    await fs.rename('/x y', '/z/ä');
    assert.deepEqual(urls, [
      'PUT /webhdfs/v1/ckpt/a%20b/%C3%BC%23%3F%25?op=MKDIRS&user.name=alice',
      'PUT /webhdfs/v1/x%20y?op=RENAME&user.name=alice&destination=%2Fz%2F%C3%A4',
    ]);
    assert.throws(() => fs.resolve('webhdfs://other:9870/x'), /does not belong/);
  });

  void it('maps remote exceptions: safe mode is Unavailable (and retried), quota is ResourceExhausted', async () => {
    let calls = 0;
    const { port } = await httpServer((req, res) => {
      calls++;
      if (req.url?.includes('op=LISTSTATUS') === true) {
        return json(res, 403, { RemoteException: { exception: 'SafeModeException', javaClassName: 'x', message: 'Name node is in safe mode.' } });
      }
      json(res, 403, { RemoteException: { exception: 'DSQuotaExceededException', javaClassName: 'x', message: 'The DiskSpace quota of /q is exceeded' } });
    });
    const fs = new WebHdfsFileSystem(`webhdfs://127.0.0.1:${port}`, { retry: fastRetry });
    await assert.rejects(fs.list('/'), isCode(ErrorCode.Unavailable));
    assert.equal(calls, 3);
    await assert.rejects(fs.mkdirs('/q/x'), isCode(ErrorCode.ResourceExhausted));
  });
});
