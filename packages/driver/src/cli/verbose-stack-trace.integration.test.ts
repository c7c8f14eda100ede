/**
 * `kindling submit --verbose` on local[2]: the stack trace of a task that failed on
 * an executor points at the user's file and line (executors enable source maps, and
 * frames are made relative to the job's project), not at the executor's copy of the
 * bundle, which is deleted with the application. Its own file: two local[2] runs.
 */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { after, before, test } from 'node:test';

const mainJs = fileURLToPath(new URL('./main.js', import.meta.url));
let project: string;

before(async () => {
  project = await mkdtemp(join(tmpdir(), 'kindling-stack-test-'));
  await writeFile(join(project, 'package.json'), JSON.stringify({ name: 'tmp-stack-job', version: '1.0.0', type: 'module' }));
  // Throws on an executor, from line 4, column 22 of this file.
  await writeFile(
    join(project, 'task-fails.ts'),
    [
      "import type { KindlingContext } from '@kindling/driver';",
      '',
      'export function explode(x: number): number {',
      "  if (x === 3) throw new Error('boom at three');",
      '  return x;',
      '}',
      'export default async function main(kc: KindlingContext): Promise<void> {',
      '  await kc.parallelize([1, 2, 3, 4], 2).map(explode).collect();',
      '}',
    ].join('\n'),
  );
});
after(() => rm(project, { recursive: true, force: true }));

function kindling(...args: string[]): Promise<{ code: number | null; stderr: string }> {
  const env: NodeJS.ProcessEnv = { ...process.env, KINDLING_BUNDLE_CACHE: join(project, '.bundles') };
  delete env['NODE_TEST_CONTEXT'];
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [mainJs, ...args], { cwd: project, env, stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const timer = setTimeout(() => child.kill('SIGKILL'), 120_000);
    child.once('error', reject);
    child.once('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stderr });
    });
  });
}

for (const isolation of ['thread', 'inline']) {
  void test(`with --verbose, a task's stack trace points at the user's file and line (taskIsolation=${isolation})`, async () => {
    const result = await kindling('submit', '--verbose', '--master', 'local[2]', '--conf', 'kindling.task.maxFailures=1', '--conf', `kindling.executor.taskIsolation=${isolation}`, 'task-fails.ts');
    assert.equal(result.code, 1, result.stderr);
    assert.match(result.stderr, /^kindling: Job 0 failed: .*boom at three$/m);
    assert.match(result.stderr, /Caused by: Error: boom at three\n\s+at \S*explode \(task-fails\.ts:4:22\)$/m, result.stderr);
    assert.doesNotMatch(result.stderr, /bundle\.mjs/);
  });
}
