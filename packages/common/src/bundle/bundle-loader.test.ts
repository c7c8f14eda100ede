import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { BundleError } from '../errors/index.js';
import { loadBundleDir, loadBundleFromFile } from './bundle-loader.js';
import { bundleFileName } from './bundle-manifest.js';
import { writeTempBundle } from './bundle-test-support.js';

const cleanups: Array<() => Promise<void>> = [];
after(async () => {
  for (const cleanup of cleanups) await cleanup();
});

/** Each bundle gets a unique comment, so tests never share a sha256 (imports are cached by it). */
async function tempBundle(code: string) {
  const bundle = await writeTempBundle(`// ${randomUUID()}\n${code}`);
  cleanups.push(bundle.cleanup);
  return bundle;
}

void describe('loadBundleDir', () => {
  void it('imports a bundle from os.tmpdir() that imports @kindling/common, getting this process’s instance', async () => {
    const { dir, manifest } = await tempBundle(
      [
        "import { isFunctionRef, KindlingConf } from '@kindling/common';",
        'function twice2(x) { return 2 * x; }',
        'const conf = () => new KindlingConf();',
        'export { twice2 as twice, isFunctionRef as check, conf };',
      ].join('\n'),
    );
    assert.ok(dir.startsWith(tmpdir()));
    const bundle = await loadBundleDir(dir);
    assert.equal(bundle.sha256, manifest.sha256);
    assert.deepEqual(bundle.exportAliases, { twice2: 'twice', isFunctionRef: 'check', conf: 'conf' });
    assert.equal((bundle.namespace['twice'] as (x: number) => number)(21), 42);
    // Same module instance as the one `@kindling/common` names in this process, not a
    // second copy: its compiled modules, or its single-file build in a process started
    // with the kindling-bundled condition (the test runner's, when the build is current).
    const common = await import('@kindling/common');
    assert.equal(bundle.namespace['check'], common.isFunctionRef);
    assert.ok((bundle.namespace['conf'] as () => unknown)() instanceof common.KindlingConf);
  });

  void it('imports the same sha256 once per process, even from another directory', async () => {
    const code = `// ${randomUUID()}\nconst loads = (globalThis.__kindlingLoads ?? 0) + 1; globalThis.__kindlingLoads = loads; export { loads };`;
    const first = await writeTempBundle(code);
    const second = await writeTempBundle(code);
    cleanups.push(first.cleanup, second.cleanup);
    assert.equal(first.manifest.sha256, second.manifest.sha256);
    const a = await loadBundleDir(first.dir);
    const b = await loadBundleFromFile(join(second.dir, bundleFileName), second.manifest);
    assert.equal(b.namespace, a.namespace);
    assert.equal(a.namespace['loads'], 1);
    assert.equal((globalThis as { __kindlingLoads?: number }).__kindlingLoads, 1);
  });

  void it('refuses a bundle whose bytes do not match the manifest sha256', async () => {
    const { dir } = await tempBundle('export const x = 1;');
    await writeFile(join(dir, bundleFileName), 'export const x = 2;');
    await assert.rejects(loadBundleDir(dir), (e: unknown) => e instanceof BundleError && /changed after packaging/.test(e.message));
  });

  void it('says clearly when a directory is not a bundle', async () => {
    const missing = join(tmpdir(), `kindling-no-bundle-${randomUUID()}`);
    await assert.rejects(loadBundleDir(missing), (e: unknown) => e instanceof BundleError && e.message === `${missing} is not a job bundle: manifest.json cannot be read (no such file)`);
  });

  void it('reports a bundle that throws on import as a BundleError, and lets a later load retry', async () => {
    const { dir } = await tempBundle("throw new Error('boom at import');");
    await assert.rejects(loadBundleDir(dir), (e: unknown) => e instanceof BundleError && /failed: boom at import$/.test(e.message));
    await assert.rejects(loadBundleDir(dir), BundleError);
  });
});
