/**
 * A client outside the cluster network: the namenode hands out a datanode name the
 * client cannot resolve (as a compose service name is, seen from the host). Without
 * a rewrite the write fails with a typed Unavailable error; with `rewriteDatanodeUrl`
 * it works, following 307s or with noredirect=true.
 */
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { ErrorCode, KindlingError, WebHdfsFileSystem } from '@kindling/common';
import { startEmbeddedHdfs, type EmbeddedHdfs } from './embedded-hdfs.js';

let dir = '';
let server: EmbeddedHdfs;

void describe('WebHDFS client outside the cluster network', () => {
  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'kindling-hdfs-rewrite-'));
    server = await startEmbeddedHdfs({ port: 0, dataPort: 0, dir, advertisedHost: 'datanode.invalid' });
  });
  after(async () => {
    await server.close();
    await rm(dir, { recursive: true, force: true });
  });

  const namenode = (): string => `webhdfs://127.0.0.1:${server.port}`;
  const rewrite = (location: URL): URL => {
    const url = new URL(location);
    url.hostname = '127.0.0.1';
    return url;
  };

  void it('the advertised datanode name is unreachable: a typed Unavailable error', async () => {
    const fs = new WebHdfsFileSystem(namenode(), { retry: { maxRetries: 0 }, timeoutMs: 5000 });
    await assert.rejects(fs.writeFile('/x', Buffer.from('x')), (e: unknown) => e instanceof KindlingError && e.code === ErrorCode.Unavailable);
  });

  for (const noRedirect of [false, true]) {
    void it(`rewriteDatanodeUrl reaches the datanode (noRedirect: ${String(noRedirect)})`, async () => {
      const fs = new WebHdfsFileSystem(namenode(), { noRedirect, rewriteDatanodeUrl: rewrite });
      const path = `/rewritten-${String(noRedirect)}`;
      await fs.writeFile(path, Buffer.from('through the rewrite'));
      assert.equal((await fs.readFile(path)).toString(), 'through the rewrite');
      const out = await fs.append(path);
      await out.write(Buffer.from('!'));
      await out.close();
      assert.equal((await fs.readFile(path)).toString(), 'through the rewrite!');
      assert.equal((await fs.fileChecksum(path)).algorithm, 'MD5-of-0MD5-of-512CRC32C');
    });
  }
});
