/**
 * A full disk, for real: a 2 MiB tmpfs under the checkpoint directory. Writing a
 * 4 MiB checkpoint over a previous one fails with a typed ResourceExhausted error
 * naming the file, and the previous checkpoint is intact — through LocalFileSystem
 * and through WebHDFS with the embedded server's directory on the tmpfs. Mounting
 * needs root (and a kernel that allows it): otherwise the suite is skipped, saying why.
 */
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { ErrorCode, KindlingError, LocalFileSystem, WebHdfsFileSystem, writeAtomically, type FileSystem } from '@kindling/common';
import { startEmbeddedHdfs } from './embedded-hdfs.js';

const mountPoint = await mkdtemp(join(tmpdir(), 'kindling-diskfull-'));
const skip = tryMount(mountPoint);

function tryMount(dir: string): string | undefined {
  if (process.platform !== 'linux') return `tmpfs mounts need Linux (this is ${process.platform})`;
  if (process.getuid?.() !== 0) return 'mounting a tmpfs needs root; run as root to test a full disk';
  try {
    execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=2m', 'tmpfs', dir], { stdio: 'pipe' });
    return undefined;
  } catch (error) {
    const stderr = (error as { stderr?: Buffer }).stderr?.toString().trim();
    return `mount -t tmpfs is not permitted here (${stderr || (error as Error).message})`;
  }
}

after(async () => {
  if (skip === undefined) execFileSync('umount', ['-l', mountPoint], { stdio: 'pipe' });
  await rm(mountPoint, { recursive: true, force: true });
});

/** Writes a previous checkpoint, then one too big for the disk; checks the failure and what remains. */
async function fillAndCheck(fs: FileSystem, dir: string): Promise<void> {
  const path = `${dir}/checkpoint-2000`;
  await writeAtomically(fs, path, Buffer.from('previous checkpoint'));
  const big = Buffer.alloc(4 * 1024 * 1024, 7);
  await assert.rejects(writeAtomically(fs, path, [big.subarray(0, 1 << 20), big.subarray(1 << 20)]), (e: unknown) => {
    assert.ok(e instanceof KindlingError, String(e));
    assert.equal(e.code, ErrorCode.ResourceExhausted, e.message);
    assert.match(e.message, /checkpoint-2000/);
    assert.ok(!e.message.includes('\n'));
    return true;
  });
  assert.equal((await fs.readFile(path)).toString(), 'previous checkpoint');
  assert.deepEqual((await fs.list(dir)).map((s) => s.name), ['checkpoint-2000'], 'no temp file left');
}

void describe('disk full (2 MiB tmpfs)', skip === undefined ? {} : { skip }, () => {
  before(async () => {
    await rm(join(mountPoint, 'local'), { recursive: true, force: true });
  });

  void it('LocalFileSystem: typed ResourceExhausted, previous file intact', async () => {
    await fillAndCheck(new LocalFileSystem(), `file://${mountPoint}/local`);
  });

  void it('WebHDFS + embedded server on the tmpfs: typed ResourceExhausted, previous file intact', async () => {
    await rm(join(mountPoint, 'local'), { recursive: true, force: true });
    const dir = join(mountPoint, 'hdfs');
    const server = await startEmbeddedHdfs({ port: 0, dataPort: 0, dir });
    try {
      await fillAndCheck(new WebHdfsFileSystem(server.uri, { timeoutMs: 10_000 }), `${server.uri}/ckpt`);
      assert.deepEqual(await readdir(join(dir, '.reserved', 'tmp')), [], 'the failed upload was removed');
    } finally {
      await server.close();
    }
  });
});
