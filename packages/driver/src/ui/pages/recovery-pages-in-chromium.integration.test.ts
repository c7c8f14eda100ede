/**
 * Issue 12, a driver killed and recovered, seen in the browser (headless Chromium):
 * `kindling submit --master local[2]` of a checkpointed stream, killed with SIGKILL
 * once it has checkpointed and logged batches, then submitted again. While the
 * second driver runs, its Checkpoints page shows the recovery (the checkpoint it
 * restarted from, the down-time and the batches it fell on, the pending and
 * rescheduled batches). Once it has finished, `kindling history` on the event log
 * shows both attempts of the one application, each with its jobs and batches. No
 * page logs an error to the browser console.
 */
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { HeadlessChromium, findChromium } from './testing/chromium.js';
import { screenshot, tableRows, visit, waitForText, type Visit } from './testing/page-visit.js';
import { recoveredDriverJob as job } from '../testing/recovered-driver-job.js';
import { freePort } from '../../cluster/testing/cluster-test-support.js';

const chromium = findChromium();
const skip = 'skip' in chromium ? chromium.skip : false;
const mainJs = fileURLToPath(new URL('../../cli/main.js', import.meta.url));


let project: string;
let browser: HeadlessChromium;
const children: ChildProcess[] = [];

interface Exit {
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
  readonly stderr: string;
}

function start(args: string[]): { child: ChildProcess; exit: Promise<Exit>; stdout: () => string } {
  const env: NodeJS.ProcessEnv = { ...process.env, KINDLING_BUNDLE_CACHE: join(project, '.bundles') };
  const child = spawn(process.execPath, [mainJs, ...args], { cwd: project, env, stdio: ['ignore', 'pipe', 'pipe'] });
  children.push(child);
  let stdout = '';
  let stderr = '';
  child.stdout!.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const exit = new Promise<Exit>((resolve) => child.once('close', (code, signal) => resolve({ code, signal, stderr })));
  return { child, exit, stdout: () => stdout };
}

function submit(uiPort: number, checkpointDir: string, eventDir: string, runMs: number, stopFile?: string): ReturnType<typeof start> {
  return start([
    'submit', '--master', 'local[2]', '--ui-port', String(uiPort),
    '--conf', 'kindling.ui.showConsoleProgress=false',
    '--conf', 'kindling.eventLog.enabled=true', '--conf', `kindling.eventLog.dir=${eventDir}`,
    'job.ts', checkpointDir, String(runMs), ...(stopFile === undefined ? [] : [stopFile]),
  ]);
}

async function waitFor(what: string, check: () => Promise<boolean>, timeoutMs = 90_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check().catch(() => false))) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

before(async () => {
  if ('skip' in chromium) return;
  project = await mkdtemp(join(tmpdir(), 'kindling-ui-recovery-'));
  await writeFile(join(project, 'package.json'), JSON.stringify({ name: 'ui-recovery-job', version: '1.0.0', type: 'module' }));
  await writeFile(join(project, 'job.ts'), job);
  browser = await HeadlessChromium.launch(chromium.path);
});

after(async () => {
  for (const child of children) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  await browser?.close();
  if (project !== undefined) await rm(project, { recursive: true, force: true });
});

interface Recovery {
  readonly checkpointFile: string;
  readonly downTimeBatches: number[];
  readonly pendingBatches: number[];
  readonly rescheduledBatches: number[];
}

void test('after a driver kill and restart, the Checkpoints page shows the recovery, and kindling history both attempts with their jobs and batches', { skip, timeout: 300_000 }, async () => {
  const checkpointDir = pathToFileURL(join(project, 'checkpoint')).href;
  const eventPath = join(project, 'events');
  const eventDir = pathToFileURL(eventPath).href;

  const first = submit(await freePort(), checkpointDir, eventDir, 120_000);
  await waitFor('a metadata checkpoint and two logged batches', async () => {
    const checkpoints = await readdir(join(project, 'checkpoint'));
    const logs = await readdir(eventPath);
    if (!checkpoints.some((f) => /^checkpoint-\d+$/.test(f)) || logs.length !== 1) return false;
    return ((await readFile(join(eventPath, logs[0]!), 'utf8')).match(/"type":"BatchCompleted"/g) ?? []).length >= 2;
  });
  first.child.kill('SIGKILL');
  assert.equal((await first.exit).signal, 'SIGKILL');
  const appId = (await readdir(eventPath))[0]!.replace(/\.inprogress$/, '');

  // The second driver runs until it has been looked at (the stop file), at most 60 s.
  const uiPort = await freePort();
  const stopFile = join(project, 'looked-at');
  const second = submit(uiPort, checkpointDir, eventDir, 60_000, stopFile);
  const ui = `http://127.0.0.1:${uiPort}`;
  let recovery: Recovery | undefined;
  await waitFor('the restarted driver\'s UI to show its recovery', async () => {
    const info = (await (await fetch(`${ui}/api/v1/applications/${appId}/checkpoints`)).json()) as { recoveries: Recovery[] };
    recovery = info.recoveries[0];
    return recovery !== undefined;
  });
  assert.ok(recovery !== undefined);
  assert.ok(recovery.rescheduledBatches.length > 0, 'the batches of the down-time run again');
  assert.ok(recovery.downTimeBatches.length > 0, 'the driver was down for batches');

  const visits: Visit[] = [];
  const live = await visit(browser, `${ui}/checkpoints/`);
  visits.push(live);
  await waitForText(live.page, 'recoveries-table', 'checkpoint-');
  const [row, ...more] = await tableRows(live.page, 'recoveries-table');
  assert.equal(more.length, 0, 'one restart');
  const [restarted, fromTime, file, downTime, downTimeBatches, pending, rescheduled] = row!;
  assert.match(restarted!, /\d\d:\d\d:\d\d/);
  assert.match(fromTime!, /\d\d:\d\d:\d\d/);
  assert.equal(file, recovery.checkpointFile);
  assert.match(downTime!, /^\d+(\.\d+)? ?(ms|s|min)$/, `down-time ${downTime}`);
  assert.match(downTimeBatches!, /\d\d:\d\d:\d\d/, 'the batch times of the down-time');
  assert.equal(pending === 'none', recovery.pendingBatches.length === 0, `pending ${pending}`);
  assert.equal(rescheduled, String(recovery.rescheduledBatches.length));
  assert.match((await live.page.textContent('#checkpoints-summary')) ?? '', /Restarts from a checkpoint: 1/);
  await screenshot(live.page, 'ui-checkpoints-recovery');
  await live.page.close();

  await writeFile(stopFile, '');
  const done = await second.exit;
  assert.equal(done.code, 0, done.stderr);

  const history = start(['history', eventDir, '--port', '0']);
  await waitFor('kindling history to say where it serves', async () => history.stdout().includes('\n'));
  const url = /at (http:\/\/127\.0\.0\.1:\d+)$/m.exec(history.stdout())?.[1];
  assert.ok(url !== undefined, history.stdout());

  const list = await visit(browser, `${url}/`);
  visits.push(list);
  await waitForText(list.page, 'applications-table', 'INCOMPLETE');
  const attempts = await tableRows(list.page, 'applications-table');
  assert.deepEqual(attempts.map((r) => [r[0], r[1], r[6]]), [[appId, '2', 'COMPLETED'], [appId, '1', 'INCOMPLETE']], 'one application, two attempts');
  assert.equal(attempts[1]![4], '–', 'the killed attempt has no end');
  assert.match(attempts[1]![5]!, /^\d+(\.\d+)? ?(ms|s|min) to its last event$/);
  await screenshot(list.page, 'ui-history-attempts');
  // Each attempt's link leads to its own pages.
  assert.deepEqual(await list.page.locator('[data-testid="applications-table"] a').evaluateAll((links) => links.map((a) => a.getAttribute('href'))), [
    `/history/${appId}/2/jobs/`,
    `/history/${appId}/1/jobs/`,
  ]);
  await list.page.close();

  for (const attempt of ['1', '2']) {
    const jobs = await visit(browser, `${url}/history/${appId}/${attempt}/jobs/`);
    visits.push(jobs);
    const jobRows = await tableRows(jobs.page, 'jobs-table');
    assert.ok(jobRows.length >= 1, `attempt ${attempt} shows its jobs`);
    assert.ok(jobRows.some((r) => r.includes('SUCCEEDED')), `attempt ${attempt}: ${JSON.stringify(jobRows.slice(0, 3))}`);

    // The nav bar changes the page in place in history too, under the attempt's prefix.
    const asked: string[] = [];
    jobs.page.on('request', (r) => asked.push(new URL(r.url()).pathname));
    await jobs.page.locator('header nav a', { hasText: 'Streaming' }).click();
    await jobs.page.waitForFunction("document.body.dataset.page === 'streaming' && Number(document.body.dataset.updates ?? '0') >= 1", undefined, { timeout: 15_000, polling: 100 });
    assert.equal(new URL(jobs.page.url()).pathname, `/history/${appId}/${attempt}/streaming/`);
    const batches = await tableRows(jobs.page, 'completed-batches-table');
    assert.ok(batches.length >= 1 && batches.every((r) => r.includes('COMPLETED')), `attempt ${attempt} shows its completed batches`);
    // A rate stream has no receiver: the page says so without asking for the list.
    await waitForText(jobs.page, 'receivers', 'No receivers.');
    assert.ok(asked.some((p) => p.endsWith('/streaming/batches')), `the page read the batches: ${asked.join(' ')}`);
    assert.ok(!asked.some((p) => p.endsWith('/streaming/receivers')), `the page asked for the receivers of a stream with none: ${asked.join(' ')}`);
    await jobs.page.close();
  }
  const replayed = await visit(browser, `${url}/history/${appId}/2/checkpoints/`);
  visits.push(replayed);
  assert.equal((await tableRows(replayed.page, 'recoveries-table')).length, 1, 'the history view shows the recovery too');
  await replayed.page.close();

  assert.deepEqual(visits.flatMap((v) => v.errors), []);
  history.child.kill('SIGTERM');
  assert.equal((await history.exit).code, 0);
});
