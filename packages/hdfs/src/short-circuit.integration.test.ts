/**
 * Short-circuit local reads against the embedded server (a temp directory, real HTTP
 * on loopback): the bytes are the file's, the datanode's disk is read directly (its
 * /jmx shows no OPEN bytes), a server that does not know the operation or a datanode
 * whose token cannot be read is answered by HTTP once and remembered, a file replaced
 * in the middle of a read never mixes versions, and a stale answer (a file replaced
 * between the datanode's answer and the open) falls back to OPEN.
 */
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer, get as httpGet, request as httpRequest, type IncomingMessage } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { after, describe, it } from 'node:test';
import { createLogger, readAll, shortCircuitTokenHeader, WebHdfsFileSystem, type Logger } from '@kindling/common';
import { startEmbeddedHdfs, type EmbeddedHdfs } from './embedded-hdfs.js';

const cleanups: Array<() => Promise<void>> = [];
after(async () => {
  for (const cleanup of cleanups.reverse()) await cleanup();
});

async function server(options: { shortCircuitReads?: boolean } = {}): Promise<EmbeddedHdfs> {
  const dir = await mkdtemp(join(tmpdir(), 'kindling-short-circuit-'));
  const hdfs = await startEmbeddedHdfs({ port: 0, dataPort: 0, dir, ...options });
  cleanups.push(async () => {
    await hdfs.close();
    await rm(dir, { recursive: true, force: true });
  });
  return hdfs;
}

function client(uri: string, logger?: Logger): WebHdfsFileSystem {
  const fs = new WebHdfsFileSystem(uri, { retry: { maxRetries: 0 }, ...(logger === undefined ? {} : { logger }) });
  cleanups.push(() => fs.close());
  return fs;
}

/** A debug logger whose lines are kept. */
function capturingLogger(): { logger: Logger; lines: string[] } {
  const lines: string[] = [];
  const destination = new Writable({
    write(chunk: Buffer, _encoding, done) {
      lines.push(...chunk.toString('utf8').split('\n').filter((line) => line !== ''));
      done();
    },
  });
  return { logger: createLogger({ level: 'debug', destination }), lines };
}

async function jmx(hdfs: EmbeddedHdfs): Promise<Record<string, number>> {
  const res = await new Promise<IncomingMessage>((resolve, reject) => httpGet(`http://127.0.0.1:${hdfs.dataPort}/jmx`, resolve).once('error', reject));
  const body = JSON.parse((await readAll(res)).toString('utf8')) as { beans: Array<Record<string, number>> };
  return body.beans[0] as Record<string, number>;
}

void describe('short-circuit local reads', () => {
  void it('reads the bytes from the datanode disk directly, whole files and ranges alike', async () => {
    const hdfs = await server();
    const fs = client(hdfs.uri);
    const data = randomBytes(3 * 1024 * 1024 + 17);
    await fs.writeFile('/sc/data.bin', data);
    assert.deepEqual(await readAll(await fs.open('/sc/data.bin')), data);
    const range = await readAll(await fs.open('/sc/data.bin', { offset: 1_000_000, length: 1_500_000 }));
    assert.deepEqual(range, data.subarray(1_000_000, 2_500_000));
    await fs.writeFile('/sc/empty', Buffer.alloc(0));
    assert.equal((await readAll(await fs.open('/sc/empty'))).length, 0);
    const stats = fs.readStatistics();
    assert.equal(stats.totalShortCircuitBytesRead, data.length + 1_500_000);
    assert.equal(stats.totalBytesRead, stats.totalShortCircuitBytesRead);
    const metrics = await jmx(hdfs);
    assert.equal(metrics['BytesRead'], 0, 'no byte went through OPEN');
    assert.equal(metrics['ShortCircuitGrants'], 3);
  });

  void it('reports a missing file as OPEN does', async () => {
    const hdfs = await server();
    const fs = client(hdfs.uri);
    await assert.rejects(fs.open('/nothing-here'), /File \/nothing-here not found/);
  });

  void it('falls back to HTTP once, and says so once, against a server that does not know the operation', async () => {
    const hdfs = await server({ shortCircuitReads: false });
    const { logger, lines } = capturingLogger();
    const fs = client(hdfs.uri, logger);
    const data = randomBytes(256 * 1024);
    await fs.writeFile('/plain.bin', data);
    assert.deepEqual(await readAll(await fs.open('/plain.bin')), data);
    assert.deepEqual(await readAll(await fs.open('/plain.bin', { offset: 10, length: 20 })), data.subarray(10, 30));
    assert.equal(fs.readStatistics().totalShortCircuitBytesRead, 0);
    assert.equal(fs.readStatistics().totalBytesRead, data.length + 20);
    const said = lines.filter((line) => line.includes('does not offer short-circuit reads'));
    assert.equal(said.length, 1, lines.join('\n'));
    assert.match(said[0] ?? '', /"level":20/);
    assert.match(said[0] ?? '', /No enum constant org\.apache\.hadoop\.hdfs\.web\.resources\.GetOpParam\.Op\.GETBLOCKLOCALPATHINFO/);
    assert.equal((await jmx(hdfs))['BytesRead'], data.length + 20);
  });

  void it('reads over HTTP from a datanode whose token this client cannot read, and stops asking it', async () => {
    const hdfs = await server();
    // The token file gone is what a client of another host or user meets: nothing to read.
    await rm(join(hdfs.dir, '.reserved', 'short-circuit-token'));
    const { logger, lines } = capturingLogger();
    const fs = client(hdfs.uri, logger);
    const data = randomBytes(100_000);
    await fs.writeFile('/t.bin', data);
    assert.deepEqual(await readAll(await fs.open('/t.bin')), data);
    assert.deepEqual(await readAll(await fs.open('/t.bin')), data);
    assert.equal(fs.readStatistics().totalShortCircuitBytesRead, 0);
    assert.equal(lines.filter((line) => line.includes('gives no short-circuit reads')).length, 1, lines.join('\n'));
    assert.equal((await jmx(hdfs))['ShortCircuitGrants'], 0);
  });

  void it('refuses a request without the token, or with a wrong one, and names the token file only to local clients', async () => {
    const hdfs = await server();
    const fs = client(hdfs.uri);
    await fs.writeFile('/secret.bin', Buffer.from('x'));
    const ask = (token?: string): Promise<{ status: number; body: string }> =>
      new Promise((resolve, reject) => {
        const url = `http://127.0.0.1:${hdfs.dataPort}/webhdfs/v1/secret.bin?op=GETBLOCKLOCALPATHINFO&user.name=u`;
        const req = httpRequest(url, { headers: token === undefined ? {} : { [shortCircuitTokenHeader]: token } }, (res) => {
          void readAll(res).then((body) => resolve({ status: res.statusCode ?? 0, body: body.toString('utf8') }), reject);
        });
        req.once('error', reject).end();
      });
    const bare = await ask();
    assert.equal(bare.status, 401);
    assert.match(bare.body, /short-circuit-token/);
    assert.doesNotMatch(bare.body, /secret\.bin/);
    assert.equal((await ask('0'.repeat(64))).status, 401);
  });

  void it('never mixes two versions of a file replaced in the middle of a read', async () => {
    const hdfs = await server();
    const fs = client(hdfs.uri);
    const before = Buffer.alloc(4 * 1024 * 1024, 'a');
    const replacement = Buffer.alloc(4 * 1024 * 1024, 'b');
    await fs.writeFile('/flip.bin', before);
    const stream = await fs.open('/flip.bin');
    const chunks: Buffer[] = [];
    let replaced = false;
    for await (const chunk of stream) {
      chunks.push(chunk as Buffer);
      if (!replaced) {
        replaced = true;
        await fs.writeFile('/flip.bin', replacement, { overwrite: true });
      }
    }
    assert.ok(chunks.length > 1, 'the replacement happened mid-read');
    assert.deepEqual(Buffer.concat(chunks), before);
    assert.deepEqual(await readAll(await fs.open('/flip.bin')), replacement);
  });

  void it('reads over HTTP when the file was replaced between the answer and the open', async () => {
    const hdfs = await server();
    const fs = client(hdfs.uri);
    await fs.writeFile('/stale.bin', Buffer.alloc(1000, 'o'));
    // A datanode answer taken now describes the old file…
    const token = await import('node:fs/promises').then((m) => m.readFile(join(hdfs.dir, '.reserved', 'short-circuit-token'), 'utf8'));
    const staleAnswer = await new Promise<string>((resolve, reject) => {
      const req = httpRequest(
        `http://127.0.0.1:${hdfs.dataPort}/webhdfs/v1/stale.bin?op=GETBLOCKLOCALPATHINFO&user.name=u`,
        { headers: { [shortCircuitTokenHeader]: token } },
        (res) => void readAll(res).then((body) => resolve(body.toString('utf8')), reject),
      );
      req.once('error', reject).end();
    });
    // …which is replaced before the client opens it.
    const fresh = Buffer.alloc(1000, 'n');
    await fs.writeFile('/stale.bin', fresh, { overwrite: true });
    // A namenode + datanode in front of the real server that hands out the stale answer.
    const front = createServer((req, res) => {
      const url = new URL(req.url ?? '/', 'http://front');
      const op = url.searchParams.get('op');
      if (url.searchParams.has('namenoderpcaddress') === false) {
        url.searchParams.set('namenoderpcaddress', 'front');
        res.writeHead(307, { Location: `http://127.0.0.1:${port}${url.pathname}?${url.searchParams.toString()}`, 'Content-Length': 0 }).end();
      } else if (op === 'GETBLOCKLOCALPATHINFO') {
        res.writeHead(200, { 'Content-Type': 'application/json' }).end(staleAnswer);
      } else {
        url.searchParams.delete('namenoderpcaddress');
        httpGet(`http://127.0.0.1:${hdfs.port}${url.pathname}?${url.searchParams.toString()}`, (nn) => {
          httpGet(nn.headers.location ?? '', (dn) => {
            res.writeHead(dn.statusCode ?? 500, dn.headers);
            dn.pipe(res);
          });
          nn.resume();
        });
      }
    });
    await new Promise<void>((resolve) => front.listen(0, '127.0.0.1', resolve));
    const port = (front.address() as { port: number }).port;
    cleanups.push(() => new Promise((resolve) => {
      front.close(() => resolve());
      front.closeAllConnections();
    }));
    const viaFront = client(`webhdfs://127.0.0.1:${port}`);
    assert.deepEqual(await readAll(await viaFront.open('/stale.bin')), fresh);
    assert.equal(viaFront.readStatistics().totalShortCircuitBytesRead, 0);
    assert.equal(viaFront.readStatistics().totalBytesRead, fresh.length);
  });
});
