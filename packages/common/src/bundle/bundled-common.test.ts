import assert from 'node:assert/strict';
import { mkdir, mkdtemp, rm, utimes, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { bundledCommonNodeArgs } from './bundled-common.js';

const packagesDir = await mkdtemp(join(tmpdir(), 'kindling-bundled-common-'));
after(() => rm(packagesDir, { recursive: true, force: true }));
const buildInfo = join(packagesDir, 'common', 'tsconfig.tsbuildinfo');
const singleFile = join(packagesDir, 'common', 'dist', 'bundled', 'common.mjs');

async function touch(path: string, secondsAgo: number): Promise<void> {
  await mkdir(join(path, '..'), { recursive: true });
  await writeFile(path, '');
  const at = new Date(Date.now() - secondsAgo * 1000);
  await utimes(path, at, at);
}

void describe('bundledCommonNodeArgs', () => {
  void it('gives no options when the single-file build is missing (a bare tsc -b)', async () => {
    await touch(buildInfo, 10);
    assert.deepEqual(bundledCommonNodeArgs(packagesDir), []);
  });

  void it('gives the export condition and source maps when the build is newer than the last compile', async () => {
    await touch(buildInfo, 10);
    await touch(singleFile, 5);
    assert.deepEqual(bundledCommonNodeArgs(packagesDir), ['--conditions=kindling-bundled', '--enable-source-maps']);
  });

  void it('gives no options when tsc compiled common again after the build (a stale build is never run)', async () => {
    await touch(singleFile, 10);
    await touch(buildInfo, 5);
    assert.deepEqual(bundledCommonNodeArgs(packagesDir), []);
  });

  void it('gives no options without a compile to compare with', async () => {
    await rm(buildInfo);
    await touch(singleFile, 5);
    assert.deepEqual(bundledCommonNodeArgs(packagesDir), []);
  });
});
