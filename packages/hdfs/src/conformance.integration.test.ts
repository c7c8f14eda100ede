/**
 * The FileSystem conformance suite (packages/common) against WebHdfsFileSystem and
 * the embedded server — following 307 redirects, and in noredirect mode — and, when
 * KINDLING_TEST_WEBHDFS=http://host:9870 names a real Hadoop namenode, against it,
 * which proves the client and the embedded server agree with Hadoop.
 */
import { randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { WebHdfsFileSystem, runFileSystemConformance, type ConformanceSetup, type WebHdfsOptions } from '@kindling/common';
import { startEmbeddedHdfs } from './embedded-hdfs.js';

const runner = { describe, it, before, after };

async function embedded(options: WebHdfsOptions): Promise<ConformanceSetup> {
  const dir = await mkdtemp(join(tmpdir(), 'kindling-hdfs-conf-'));
  const server = await startEmbeddedHdfs({ port: 0, dataPort: 0, dir });
  const fs = new WebHdfsFileSystem(server.uri, { user: 'kindling', timeoutMs: 15_000, ...options });
  return {
    fs,
    root: `${server.uri}/conformance`,
    teardown: async () => {
      await server.close();
      await rm(dir, { recursive: true, force: true });
    },
  };
}

runFileSystemConformance('WebHdfsFileSystem + embedded server (307 redirects)', () => embedded({}), runner);
runFileSystemConformance('WebHdfsFileSystem + embedded server (noredirect=true)', () => embedded({ noRedirect: true }), runner);

const realHadoop = process.env['KINDLING_TEST_WEBHDFS'];
runFileSystemConformance(
  `WebHdfsFileSystem + real Hadoop at ${realHadoop ?? 'KINDLING_TEST_WEBHDFS'}`,
  async () => {
    const uri = (realHadoop ?? '').replace(/^https?:/, 'webhdfs:').replace(/\/+$/, '');
    const fs = new WebHdfsFileSystem(uri, { user: process.env['HADOOP_USER_NAME'] ?? 'root', timeoutMs: 30_000 });
    const root = `${uri}/tmp/kindling-conformance-${randomUUID()}`;
    return { fs, root, teardown: async () => void (await fs.delete(root, { recursive: true })) };
  },
  runner,
  realHadoop === undefined || realHadoop === ''
    ? { skip: 'no real Hadoop: set KINDLING_TEST_WEBHDFS=http://host:9870 (e.g. the docker-compose namenode) to run this suite against it' }
    : {},
);

void describe('GETFILECHECKSUM agrees with Hadoop', realHadoop === undefined || realHadoop === '' ? { skip: 'no real Hadoop: set KINDLING_TEST_WEBHDFS=http://host:9870' } : {}, () => {
  void it('the embedded server computes the checksum a real namenode/datanode pair gives for the same bytes', async () => {
    const bytes = Buffer.alloc(3 * 1024 * 1024 + 123);
    for (let i = 0; i < bytes.length; i++) bytes[i] = (i * 31 + (i >> 9)) & 0xff;
    const real = new WebHdfsFileSystem((realHadoop ?? '').replace(/^https?:/, 'webhdfs:'), { user: process.env['HADOOP_USER_NAME'] ?? 'root' });
    const realPath = `/tmp/kindling-checksum-${randomUUID()}`;
    const setup = await embedded({});
    try {
      await real.writeFile(realPath, bytes);
      await setup.fs.writeFile('/checksum', bytes);
      assert.deepEqual(await (setup.fs as WebHdfsFileSystem).fileChecksum('/checksum'), await real.fileChecksum(realPath));
    } finally {
      await real.delete(realPath).catch(() => false);
      await setup.teardown();
    }
  });
});
