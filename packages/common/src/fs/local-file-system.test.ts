import assert from 'node:assert/strict';
import { mkdtemp, readdir, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { ErrorCode, InvalidArgumentError, KindlingError } from '../errors/index.js';
import { runFileSystemConformance } from './file-system-conformance.js';
import { LocalFileSystem } from './local-file-system.js';

runFileSystemConformance(
  'LocalFileSystem',
  async () => {
    const dir = await mkdtemp(join(tmpdir(), 'kindling-localfs-'));
    return { fs: new LocalFileSystem(), root: `file://${dir}`, teardown: () => rm(dir, { recursive: true, force: true }) };
  },
  { describe, it, before, after },
);

void describe('LocalFileSystem specifics', () => {
  let dir = '';
  const fs = new LocalFileSystem();
  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'kindling-localfs-x-'));
  });
  after(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  void it('an aborted create leaves no file behind', async () => {
    const out = await fs.create(`${dir}/aborted`);
    await out.write(Buffer.alloc(1000, 1));
    await out.abort();
    await assert.rejects(stat(`${dir}/aborted`), { code: 'ENOENT' });
  });

  void it('an aborted append is cut back to the length before it', async () => {
    await fs.writeFile(`${dir}/log`, Buffer.from('kept'));
    const out = await fs.append(`${dir}/log`);
    await out.write(Buffer.from(' and more'));
    await out.abort();
    assert.equal((await fs.readFile(`${dir}/log`)).toString(), 'kept');
  });

  void it('writes issued without awaiting each one land in order', async () => {
    const out = await fs.create(`file://${dir}/ordered`);
    const writes = Array.from({ length: 200 }, (_, i) => out.write(Buffer.from(`${i},`)));
    await Promise.all(writes);
    await out.close();
    const expected = Array.from({ length: 200 }, (_, i) => `${i},`).join('');
    assert.equal((await fs.readFile(`${dir}/ordered`)).toString(), expected);
  });

  void it('a closed stream refuses writes and a second close', async () => {
    const out = await fs.create(`${dir}/closed`);
    await out.close();
    await assert.rejects(out.write(Buffer.from('x')), InvalidArgumentError);
    await assert.rejects(out.close(), InvalidArgumentError);
  });

  void it('refuses paths of another file system', async () => {
    await assert.rejects(fs.stat('webhdfs://nn:9870/x'), InvalidArgumentError);
    await assert.rejects(fs.stat('relative/path'), InvalidArgumentError);
  });

  void it('a permission error is typed and names the path', async () => {
    if (process.getuid?.() === 0) {
      // root bypasses file modes; check the mapping through a path under a file instead.
      await fs.writeFile(`${dir}/plain`, Buffer.from('x'));
      await assert.rejects(fs.stat(`${dir}/plain/child`), (e: unknown) => e instanceof KindlingError && e.code === ErrorCode.NotFound && e.message.includes('plain/child'));
      return;
    }
    await fs.mkdirs(`${dir}/locked`);
    const { chmod } = await import('node:fs/promises');
    await chmod(`${dir}/locked`, 0o500);
    await assert.rejects(fs.writeFile(`${dir}/locked/x`, Buffer.from('x')), (e: unknown) => e instanceof KindlingError && e.code === ErrorCode.PermissionDenied);
  });

  void it('writeAtomically-style temp files are siblings: rename stays in one directory', async () => {
    const { writeAtomically } = await import('./commit-helpers.js');
    await writeAtomically(fs, `${dir}/atomic/ckpt`, Buffer.from('x'));
    assert.deepEqual(await readdir(`${dir}/atomic`), ['ckpt']);
  });
});
