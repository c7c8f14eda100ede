/**
 * `kindling submit --supervise` does not restart a driver that failed in a way a
 * restart would repeat (issue 10, item 6): a job that does not build, a ClosureError,
 * an invalid streaming graph. Each gives its one error line, then one line saying
 * why it is not restarted, at once — not ten restarts over three minutes.
 */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';

const mainJs = fileURLToPath(new URL('./main.js', import.meta.url));
let project: string;

const files: Record<string, string> = {
  'package.json': JSON.stringify({ name: 'tmp-supervise-job', version: '1.0.0', type: 'module' }),
  'syntax.ts': 'export default async function main( {\n',
  'closure.ts': [
    "import type { KindlingContext } from '@kindling/driver';",
    'export default async function main(kc: KindlingContext): Promise<void> {',
    '  const threshold = 2;',
    '  await kc.parallelize([1, 2, 3]).filter((x) => x > threshold).count();',
    '}',
  ].join('\n'),
  'no-output.ts': [
    "import { StreamingContext, Seconds, type KindlingContext } from '@kindling/driver';",
    'export default async function main(kc: KindlingContext): Promise<void> {',
    '  const ssc = new StreamingContext(kc, Seconds(1));',
    '  ssc.queueStream([]);',
    '  ssc.start();',
    '}',
  ].join('\n'),
};

function supervised(entry: string): Promise<{ code: number | null; stderr: string; ms: number }> {
  const env: NodeJS.ProcessEnv = { ...process.env, KINDLING_BUNDLE_CACHE: join(project, '.bundles') };
  delete env['NODE_TEST_CONTEXT'];
  const started = Date.now();
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [mainJs, 'submit', '--supervise', '--master', 'local-inprocess', entry], { cwd: project, env, stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const timer = setTimeout(() => child.kill('SIGKILL'), 60_000);
    child.once('error', reject);
    child.once('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stderr, ms: Date.now() - started });
    });
  });
}

before(async () => {
  project = await mkdtemp(join(tmpdir(), 'kindling-supervise-test-'));
  for (const [name, text] of Object.entries(files)) await writeFile(join(project, name), text);
});
after(() => rm(project, { recursive: true, force: true }));

void describe('kindling submit --supervise does not restart what would fail the same way again', () => {
  for (const [entry, error] of [
    ['syntax.ts', /^kindling: .*syntax\.ts/],
    ['closure.ts', /^kindling: filter: .*threshold/],
    ['no-output.ts', /^kindling: No output operations registered/],
  ] as const) {
    void it(`${entry}: one error line, one line saying it is not restarted`, async () => {
      const result = await supervised(entry);
      const lines = result.stderr.split('\n').filter((l) => l !== '');
      assert.equal(result.code, 1, result.stderr);
      assert.equal(lines.length, 2, result.stderr);
      assert.match(lines[0]!, error);
      assert.match(lines[1]!, /^kindling: not restarting the driver: it failed in a way a restart would repeat \(/);
      assert.ok(!/restarting it in/.test(result.stderr), result.stderr);
    });
  }
});
