import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { promisify } from 'node:util';
import { writeTempBundle } from './bundle-test-support.js';
import { bundledCommonNodeArgs } from './bundled-common.js';
import { kindlingPackagesDir } from './kindling-resolver.js';

const run = promisify(execFile);
const nodeArgs = bundledCommonNodeArgs();
const cleanups: Array<() => Promise<void>> = [];
after(async () => {
  for (const cleanup of cleanups) await cleanup();
});

// A process started as a local[N] driver starts its executors: on common's
// single-file build. What it must keep from the compiled modules: one copy of
// common for job bundles too, stack traces naming the .ts files, and the files
// common finds beside its own modules (the resolve hooks).
void describe('a process on the single-file build of @kindling/common', { skip: nodeArgs.length === 0 ? 'no current single-file build: run `node scripts/bundle-common.mjs` after tsc -b (pnpm build does)' : false }, () => {
  void it('gives a job bundle the process’s copy of common and maps stacks to the .ts sources', async () => {
    const bundle = await writeTempBundle(
      [`// ${randomUUID()}`, "import { KindlingConf, InvalidArgumentError } from '@kindling/common';", 'export const conf = () => new KindlingConf();', 'export { InvalidArgumentError };'].join('\n'),
    );
    cleanups.push(bundle.cleanup);
    const probe = `
      const common = await import('@kindling/common');
      const job = await common.loadBundleDir(${JSON.stringify(bundle.dir)});
      let stack = '';
      try { common.parseBundleManifest('not json', 'manifest.json'); } catch (error) { stack = error.stack; }
      console.log(JSON.stringify({
        resolved: import.meta.resolve('@kindling/common'),
        sameConf: job.namespace.conf() instanceof common.KindlingConf,
        sameError: job.namespace.InvalidArgumentError === common.InvalidArgumentError,
        stack,
      }));
    `;
    const { stdout } = await run(process.execPath, [...nodeArgs, '--input-type=module', '-e', probe], {
      timeout: 60_000,
      cwd: join(kindlingPackagesDir(), 'common'),
      env: { ...process.env, KINDLING_LOG_LEVEL: 'silent' },
    });
    const seen = JSON.parse(stdout) as { resolved: string; sameConf: boolean; sameError: boolean; stack: string };
    assert.match(seen.resolved, /\/packages\/common\/dist\/bundled\/common\.mjs$/);
    assert.equal(seen.sameConf, true, 'a job bundle got a second copy of KindlingConf');
    assert.equal(seen.sameError, true, 'a job bundle got a second copy of the errors');
    assert.match(seen.stack, /at .*parseBundleManifest \(.*\/packages\/common\/src\/bundle\/bundle-manifest\.ts:\d+:\d+\)/);
  });
});
