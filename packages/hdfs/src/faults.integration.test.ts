/**
 * The server dies in the middle of a checkpoint write: the client gets a typed error
 * (not a hang), nothing partial is visible once the server is back, and a retry of
 * the whole commit succeeds against the restarted server.
 */
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { ErrorCode, KindlingError, WebHdfsFileSystem, readAll, writeAtomically } from '@kindling/common';
import { startHdfsServerProcess, type HdfsServerProcess } from './server-process.js';

const chunkSize = 256 * 1024;
const totalBytes = 50 * 1024 * 1024;

function chunkAt(i: number): Buffer {
  return Buffer.alloc(chunkSize, i % 251);
}

const cleanups: Array<() => Promise<void>> = [];
after(async () => {
  for (const cleanup of cleanups.reverse()) await cleanup().catch(() => undefined);
});

void describe('WebHDFS faults: the server process killed during a 50 MB write', () => {
  void it('typed error, no partial file after restart, and the retried commit succeeds', { timeout: 60_000 }, async () => {
    const dir = await mkdtemp(join(tmpdir(), 'kindling-hdfs-kill-'));
    cleanups.push(() => rm(dir, { recursive: true, force: true }));
    let server: HdfsServerProcess = await startHdfsServerProcess({ dir });
    cleanups.push(() => server.kill('SIGKILL'));
    const fs = new WebHdfsFileSystem(server.uri, { timeoutMs: 5000, retry: { maxRetries: 2, initialBackoffMs: 50 } });
    const target = `${server.uri}/ckpt/checkpoint-1000`;

    let produced = 0;
    async function* killedMidway(): AsyncGenerator<Buffer> {
      for (let i = 0; i < totalBytes / chunkSize; i++) {
        if (produced === 10 * 1024 * 1024) await server.kill('SIGKILL');
        produced += chunkSize;
        yield chunkAt(i);
      }
    }
    const started = Date.now();
    await assert.rejects(writeAtomically(fs, target, killedMidway()), (e: unknown) => {
      assert.ok(e instanceof KindlingError, String(e));
      assert.equal(e.code, ErrorCode.Unavailable, e.message);
      assert.match(e.message, /checkpoint-1000\.tmp-/);
      return true;
    });
    assert.ok(produced < totalBytes, 'the write failed while streaming, not after');
    assert.ok(Date.now() - started < 10_000, 'no hang');

    // Unreachable while down: a typed error within the deadline.
    const down = Date.now();
    await assert.rejects(fs.stat(target), (e: unknown) => e instanceof KindlingError && e.code === ErrorCode.Unavailable);
    assert.ok(Date.now() - down < 5000);

    server = await startHdfsServerProcess({ dir, port: server.port, dataPort: server.dataPort });
    assert.equal(await fs.exists(target), false, 'no partial checkpoint is visible');
    if (await fs.exists(`${server.uri}/ckpt`)) assert.deepEqual(await fs.list(`${server.uri}/ckpt`), []);
    assert.deepEqual(await readdir(join(dir, '.reserved', 'tmp')), [], 'the killed upload was swept');

    async function* whole(): AsyncGenerator<Buffer> {
      for (let i = 0; i < totalBytes / chunkSize; i++) yield chunkAt(i);
    }
    await writeAtomically(fs, target, whole());
    assert.equal((await fs.stat(target)).length, totalBytes);
    const expected = createHash('sha256');
    for (let i = 0; i < totalBytes / chunkSize; i++) expected.update(chunkAt(i));
    assert.equal(createHash('sha256').update(await readAll(await fs.open(target))).digest('hex'), expected.digest('hex'));
    assert.deepEqual((await fs.list(`${server.uri}/ckpt`)).map((s) => s.name), ['checkpoint-1000']);
    await server.kill('SIGTERM');
  });
});
