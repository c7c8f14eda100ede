/**
 * Issue 12, item 4: a streaming driver killed with SIGKILL and started again
 * recovers its checkpoint and shows, in `kindling history`, as a second attempt of
 * the same application — the first attempt unfinished (its log still
 * `.inprogress`), the second finished, with the recovery's rescheduled batches.
 * Real processes: `kindling submit --master local[2]` twice, executors over gRPC,
 * checkpoints and event logs on file://.
 */
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, it } from 'node:test';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { silentLogger } from '@kindling/common';
import { HistoryServer } from './history-server.js';
import { recoveredDriverJob as job } from '../testing/recovered-driver-job.js';

const mainJs = fileURLToPath(new URL('../../cli/main.js', import.meta.url));
let project: string;


function submit(checkpointDir: string, eventDir: string, runMs: number): ChildProcess {
  const env: NodeJS.ProcessEnv = { ...process.env, KINDLING_BUNDLE_CACHE: join(project, '.bundles') };
  const args = [
    mainJs, 'submit', '--master', 'local[2]', '--ui-port', '0',
    '--conf', 'kindling.eventLog.enabled=true', '--conf', `kindling.eventLog.dir=${eventDir}`,
    'job.ts', checkpointDir, String(runMs),
  ];
  return spawn(process.execPath, args, { cwd: project, env, stdio: ['ignore', 'ignore', 'pipe'] });
}

function exited(child: ChildProcess): Promise<{ code: number | null; signal: NodeJS.Signals | null; stderr: string }> {
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  return new Promise((resolve) => child.once('close', (code, signal) => resolve({ code, signal, stderr })));
}

async function waitFor(what: string, check: () => Promise<boolean>, timeoutMs = 90_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

before(async () => {
  project = await mkdtemp(join(tmpdir(), 'kindling-history-recovery-'));
  await writeFile(join(project, 'package.json'), JSON.stringify({ name: 'history-recovery-job', version: '1.0.0', type: 'module' }));
  await writeFile(join(project, 'job.ts'), job);
});
after(() => rm(project, { recursive: true, force: true }));

void it('a driver killed and recovered shows as two attempts of one application in kindling history', { timeout: 240_000 }, async () => {
  const checkpointDir = pathToFileURL(join(project, 'checkpoint')).href;
  const eventPath = join(project, 'events');
  const eventDir = pathToFileURL(eventPath).href;

  const first = submit(checkpointDir, eventDir, 120_000);
  const firstExit = exited(first);
  // Killed once a metadata checkpoint exists and the log holds completed batches.
  await waitFor('a metadata checkpoint and a logged batch', async () => {
    const checkpoints = await readdir(join(project, 'checkpoint')).catch(() => [] as string[]);
    const logs = await readdir(eventPath).catch(() => [] as string[]);
    if (!checkpoints.some((f) => /^checkpoint-\d+$/.test(f)) || logs.length !== 1) return false;
    const log = await readFile(join(eventPath, logs[0]!), 'utf8');
    return (log.match(/"type":"BatchCompleted"/g) ?? []).length >= 2;
  });
  first.kill('SIGKILL');
  const killed = await firstExit;
  assert.equal(killed.signal, 'SIGKILL', killed.stderr);
  const [firstLog] = await readdir(eventPath);
  assert.match(firstLog!, /^app-.+\.inprogress$/);
  const appId = firstLog!.replace(/\.inprogress$/, '');

  const second = await exited(submit(checkpointDir, eventDir, 3_000));
  assert.equal(second.code, 0, second.stderr);
  assert.deepEqual((await readdir(eventPath)).sort(), [`${appId}.inprogress`, `${appId}_2`]);

  const history = await HistoryServer.start({ logDir: eventDir, port: 0, logger: silentLogger() });
  try {
    const api = `${history.url}/api/v1`;
    const apps = (await (await fetch(`${api}/applications`)).json()) as Array<{ id: string; attempts: Array<{ attemptId: string; completed: boolean }> }>;
    assert.equal(apps.length, 1, JSON.stringify(apps));
    assert.equal(apps[0]!.id, appId);
    assert.deepEqual(apps[0]!.attempts.map((a) => [a.attemptId, a.completed]), [['2', true], ['1', false]]);

    const recovered = (await (await fetch(`${api}/applications/${appId}/2/checkpoints`)).json()) as { recoveries: Array<{ checkpointFile: string; rescheduledBatches: number[] }> };
    assert.equal(recovered.recoveries.length, 1);
    assert.match(recovered.recoveries[0]!.checkpointFile, /checkpoint-\d+(\.bk)?$/);
    assert.ok(recovered.recoveries[0]!.rescheduledBatches.length > 0, 'the batches of the down time run again');
    const before = (await (await fetch(`${api}/applications/${appId}/1/streaming/statistics`)).json()) as { numTotalCompletedBatches: number };
    assert.ok(before.numTotalCompletedBatches >= 2);
    const after = (await (await fetch(`${api}/applications/${appId}/streaming/statistics`)).json()) as { numTotalCompletedBatches: number };
    assert.ok(after.numTotalCompletedBatches >= 1, 'without an attempt id, the newest attempt answers');
  } finally {
    await history.stop();
  }
});
