import assert from 'node:assert/strict';
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { BundleError } from '../errors/index.js';
import { bundleFileName, manifestFileName, parseBundleManifest } from './bundle-manifest.js';
import { storeBundle, writeBundleDir } from './bundle-store.js';
import { manifestFor } from './bundle-test-support.js';

const root = await mkdtemp(join(tmpdir(), 'kindling-store-test-'));
after(() => rm(root, { recursive: true, force: true }));

void describe('storeBundle', () => {
  void it('stores a bundle under its sha256 once, however many writers race', async () => {
    const code = 'export const answer = 42;';
    const manifest = manifestFor(code);
    // Many rounds of racing writers in one process: writers that start within the same
    // millisecond once shared a temp directory name, and the failure showed only now
    // and then.
    for (let round = 0; round < 30; round++) {
      const roundRoot = join(root, `round-${round}`);
      const dirs = await Promise.all(Array.from({ length: 8 }, () => storeBundle(roundRoot, Buffer.from(code), manifest)));
      assert.deepEqual(new Set(dirs), new Set([join(roundRoot, manifest.sha256)]));
      assert.deepEqual(await readdir(roundRoot), [manifest.sha256]);
    }
    const dir = join(root, 'round-0', manifest.sha256);
    assert.equal(await readFile(join(dir, bundleFileName), 'utf8'), code);
    const stored = parseBundleManifest(await readFile(join(dir, manifestFileName), 'utf8'), 'stored');
    assert.deepEqual(stored, manifest);
  });

  void it('refuses bytes that do not match the manifest', async () => {
    await assert.rejects(writeBundleDir(join(root, 'x'), Buffer.from('other'), manifestFor('code')), BundleError);
  });
});

void describe('parseBundleManifest', () => {
  void it('names the file and the problem', async () => {
    const file = join(root, 'bad.json');
    await writeFile(file, '{"name": "x"}');
    assert.throws(
      () => parseBundleManifest('{"name": "x"}', file),
      (e: unknown) => e instanceof BundleError && e.message === `${file} is not a job bundle manifest: field 'version' is missing or not a string; package the job again with kindling package`,
    );
    assert.throws(() => parseBundleManifest('not json', file), /is not valid JSON/);
  });
});
