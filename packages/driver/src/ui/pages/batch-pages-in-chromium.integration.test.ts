/**
 * Issue 12, "Must show": the Jobs, Stages, stage, Storage, Environment and Executors
 * pages render with data from a real local[2] job (two executor processes over gRPC)
 * in headless Chromium, the stage DAG shows the checkpoint cut, and nothing is logged
 * to the browser console as an error. Skips, saying why in one line, where no
 * Chromium is installed.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { after, before, test } from 'node:test';
import { KindlingConf, silentLogger } from '@kindling/common';
import { KindlingContext } from '../../kindling-context.js';
import { HeadlessChromium, findChromium } from './testing/chromium.js';
import { screenshot, tableRows, texts, updates, visit, waitForText, waitForUpdates } from './testing/page-visit.js';

const chromium = findChromium();
const skip = 'skip' in chromium ? chromium.skip : false;

let kc: KindlingContext;
let browser: HeadlessChromium;
let ui: string;
let checkpointDir: string;
/** Held for the whole file: an RDD nobody refers to is unpersisted by the context cleaner, and the Storage page would be empty. */
let _cached: unknown;

before(async () => {
  if ('skip' in chromium) return;
  checkpointDir = mkdtempSync(join(tmpdir(), 'kindling-ui-pages-'));
  kc = await KindlingContext.create({
    master: 'local[2]',
    appName: 'ui-pages-test',
    // Pages update every second (the default is 5 s): the tests wait for updates.
    conf: new KindlingConf({ 'kindling.ui.port': '0', 'kindling.ui.showConsoleProgress': 'false', 'kindling.task.maxFailures': '2', 'kindling.ui.refreshInterval': '1s' }),
    logger: silentLogger(),
  });
  await kc.setCheckpointDir(pathToFileURL(checkpointDir).href);
  // Job 0: a cached pair RDD behind a shuffle, checkpointed as the job ends.
  const counts = kc.parallelize(Array.from({ length: 200 }, (_, i) => i), 4)
    .map((x: number): [number, number] => [x % 10, 1])
    .reduceByKey((a: number, b: number) => a + b, 2)
    .cache();
  counts.checkpoint();
  _cached = counts;
  assert.equal(await counts.count(), 10);
  // Job 1: a job over it: its stage reads the checkpoint, not the lineage.
  assert.equal(await counts.map((kv: [number, number]) => kv[1]).reduce((a: number, b: number) => a + b), 200);
  // Job 2: one that fails, so the pages have failures and their reasons to show.
  await assert.rejects(kc.parallelize([1, 2, 3], 1).map((x: number) => {
    if (x === 2) throw new Error('two is not allowed here');
    return x;
  }).collect());
  const url = kc.uiWebUrl;
  assert.ok(url !== undefined, 'the UI serves');
  ui = url;
  browser = await HeadlessChromium.launch(chromium.path);
});

after(async () => {
  await browser?.close();
  await kc?.stop();
  if (checkpointDir !== undefined) rmSync(checkpointDir, { recursive: true, force: true });
});

void test('the Jobs page lists the jobs with status and stages; its timeline, closed until opened, draws jobs and executors', { skip }, async () => {
  const { page, errors } = await browser.newPage();
  const requested: string[] = [];
  page.on('request', (r) => requested.push(new URL(r.url()).pathname));
  // Paused (the header's control): the page draws once, so what draws the timeline
  // after the click can only be the click.
  await page.addInitScript(`localStorage.setItem('kindling.ui.refreshMs', '0')`);
  try {
    await page.goto(`${ui}/jobs/`, { waitUntil: 'load' });
    await waitForUpdates(page, 1);
    const rows = await tableRows(page, 'jobs-table');
    assert.equal(rows.length, 3, 'the three jobs');
    assert.deepEqual(rows.map((r) => r[4]), ['FAILED', 'SUCCEEDED', 'SUCCEEDED'], 'newest first, each with its status');
    assert.equal(rows[2]![5]!.startsWith('2/2'), true, `the first job ran its two stages: ${rows[2]![5]}`);
    // Closed, as Spark's: a poll neither fetches the executors nor draws lanes.
    assert.equal(await page.getAttribute('[data-testid="jobs-timeline"]', 'open'), null, 'the timeline starts closed');
    assert.equal(await page.locator('[data-testid="timeline"]').count(), 0);
    assert.ok(requested.some((p) => p.endsWith('/jobs')), `the jobs were read: ${requested.join(' ')}`);
    assert.equal(requested.filter((p) => p.endsWith('/allexecutors')).length, 0, 'no executors read for a closed timeline');
    // Opened: drawn at once, by a poll of its own.
    await page.click('[data-testid="jobs-timeline"] summary');
    await page.locator('[data-testid="timeline"]').waitFor({ timeout: 5_000 });
    assert.equal(await updates(page), 2, 'one poll, the one the click started');
    assert.equal(requested.filter((p) => p.endsWith('/allexecutors')).length, 1, 'the executors read once opened');
    const lanes = await texts(page, '[data-testid="timeline"] .lane-label');
    assert.ok(lanes.includes('executor 0') && lanes.includes('executor 1'), `executor lanes: ${lanes.join(', ')}`);
    assert.ok(lanes.includes('job 0'));
    assert.deepEqual(errors, []);
  } finally {
    await page.evaluate(`localStorage.removeItem('kindling.ui.refreshMs')`);
    await page.close();
  }
  // The browser remembers it open: the next visit draws it at its first update.
  const again = await visit(browser, `${ui}/jobs/`);
  try {
    assert.equal(await again.page.getAttribute('[data-testid="jobs-timeline"]', 'open'), '');
    assert.ok((await texts(again.page, '[data-testid="timeline"] .lane-label')).includes('job 0'), 'lanes at the first update');
    await screenshot(again.page, 'ui-jobs');
    // Closed again, it stays closed for the pages of the other tests.
    await again.page.click('[data-testid="jobs-timeline"] summary');
    await again.page.waitForFunction(`localStorage.getItem('kindling.ui.jobsTimelineOpen') === null`, undefined, { timeout: 5_000 });
    assert.equal(await again.page.locator('[data-testid="timeline"]').count(), 0, 'closing takes the lanes away');
    assert.deepEqual(again.errors, []);
  } finally {
    await again.page.close();
  }
});

void test('the Stages page lists each stage with tasks, shuffle and the failed stage\'s one-line reason', { skip }, async () => {
  const { page, errors } = await visit(browser, `${ui}/stages/`);
  const rows = await tableRows(page, 'stages-table');
  assert.ok(rows.length >= 4);
  const failed = rows.find((r) => r.includes('FAILED'));
  assert.ok(failed !== undefined, 'a failed stage is listed');
  assert.ok(failed.some((cell) => cell.includes('two is not allowed here')), `its reason shows: ${failed.join(' | ')}`);
  assert.ok(rows.some((r) => r.some((c) => /KiB| B$/.test(c) && c !== '0 B')), 'shuffle sizes show');
  assert.deepEqual(errors, []);
  await page.close();
});

void test('a stage that reads a checkpoint draws its DAG with the checkpointed RDD as the cut, and its tasks', { skip }, async () => {
  // The stage of the job after the checkpoint: find it through the REST API.
  const app = (await (await fetch(`${ui}/api/v1/applications`)).json()) as { id: string }[];
  const stages = (await (await fetch(`${ui}/api/v1/applications/${app[0]!.id}/stages`)).json()) as { stageId: number; attemptId: number; status: string }[];
  let found: { stageId: number; attemptId: number } | undefined;
  for (const s of stages.filter((x) => x.status === 'COMPLETE')) {
    const graph = (await (await fetch(`${ui}/api/v1/applications/${app[0]!.id}/stages/${s.stageId}/${s.attemptId}/rddGraph`)).json()) as { rdds: { checkpointed: boolean }[] };
    if (graph.rdds.some((r) => r.checkpointed)) found = s;
  }
  assert.ok(found !== undefined, 'a stage reads the checkpointed RDD');
  const { page, errors } = await visit(browser, `${ui}/stages/stage/?id=${found.stageId}&attempt=${found.attemptId}`);
  const checkpointed = await texts(page, '[data-testid="stage-dag"] .rdd[data-checkpointed="true"] .rdd-kind');
  assert.equal(checkpointed.length, 1, 'one checkpointed RDD box');
  assert.match(checkpointed[0] ?? '', /checkpointed/);
  assert.equal(await page.locator('[data-testid="checkpoint-cut"]').count(), 1, 'the cut is drawn');
  const kinds = await texts(page, '[data-testid="stage-dag"] .rdd .rdd-kind');
  assert.ok(kinds.some((k) => k.startsWith('ReliableCheckpointRDD')), `the checkpoint RDD is its parent: ${kinds.join(', ')}`);
  const tasks = await tableRows(page, 'tasks-table');
  assert.equal(tasks.length, 2, 'one row per task of the 2 partitions');
  assert.ok(tasks.every((t) => t.includes('SUCCESS')));
  await screenshot(page, 'ui-stage-dag');
  assert.deepEqual(errors, []);
  await page.close();
});

void test('the failed stage\'s page shows each failed task with its one-line error', { skip }, async () => {
  const { page, errors } = await visit(browser, `${ui}/stages/`);
  const href = await page.locator('[data-testid="stages-table"] tbody tr', { hasText: 'FAILED' }).first().locator('a').getAttribute('href');
  assert.ok(href !== null && href !== '');
  await page.goto(`${ui}${href}`);
  await waitForUpdates(page, 1);
  const tasks = await tableRows(page, 'tasks-table');
  const failedTasks = tasks.filter((t) => t.includes('FAILED'));
  assert.ok(failedTasks.length >= 1);
  for (const t of failedTasks) assert.ok(t.some((c) => c.includes('two is not allowed here') && !c.includes('\n')));
  assert.deepEqual(errors, []);
  await page.close();
});

void test('the Storage page shows the cached RDD with its blocks', { skip }, async () => {
  const { page, errors } = await visit(browser, `${ui}/storage/`);
  const rows = await tableRows(page, 'storage-table');
  assert.equal(rows.length, 1, 'the one cached RDD');
  assert.match(rows[0]!.join(' '), /2\/2/);
  const blocks = await tableRows(page, 'blocks-table');
  assert.equal(blocks.length, 2);
  assert.deepEqual(errors, []);
  await page.close();
});

void test('the Environment page shows the configuration', { skip }, async () => {
  const { page, errors } = await visit(browser, `${ui}/environment/`);
  const rows = await tableRows(page, 'properties-table');
  assert.ok(rows.some((r) => r[0] === 'kindling.master' && r[1] === 'local[2]'), 'kindling.master = local[2]');
  assert.ok(rows.some((r) => r[0] === 'kindling.app.name' && r[1] === 'ui-pages-test'));
  assert.deepEqual(errors, []);
  await page.close();
});

void test('the Executors page shows both executors live with their cores and completed tasks', { skip }, async () => {
  const { page, errors } = await visit(browser, `${ui}/executors/`);
  const rows = await tableRows(page, 'executors-table');
  const executors = rows.filter((r) => r[0] === '0' || r[0] === '1');
  assert.equal(executors.length, 2);
  for (const e of executors) {
    assert.ok(e.includes('Active'));
    assert.equal(e[3], '1', 'one core each on local[2]');
  }
  const completed = executors.reduce((n, e) => n + Number(e[6]), 0);
  // 4 map tasks and 2 reduce tasks, 2 tasks over the checkpoint, 1 of the failing job's… none of which completed.
  assert.equal(completed, 8, `tasks completed across executors: ${completed}`);
  assert.deepEqual(errors, []);
  await page.close();
});

void test('a job\'s page, linked from the Jobs table, lists the stages it ran', { skip }, async () => {
  const { page, errors } = await visit(browser, `${ui}/jobs/`);
  const href = await page.locator('[data-testid="jobs-table"] tbody tr[data-key="0"] a').first().getAttribute('href');
  assert.equal(href, '/jobs/job/?id=0');
  await page.goto(`${ui}${href}`);
  await waitForUpdates(page, 1);
  assert.match((await texts(page, '#job-summary h2'))[0] ?? '', /^Job 0: .*SUCCEEDED$/);
  const stages = await tableRows(page, 'job-stages-table');
  assert.equal(stages.length, 2, 'the shuffle map stage and the result stage');
  assert.ok(stages.every((s) => s.includes('COMPLETE')));
  assert.equal(await page.locator('[data-testid="job-stages-table"] a[href^="/stages/stage/?id="]').count(), 2, 'each linked to its stage page');
  assert.deepEqual(errors, []);
  await page.close();
});

// The two tests below run last: they add a job, which the counts above do not expect.

void test('a page whose data did not change leaves its DOM alone when it polls', { skip }, async () => {
  const { page, errors } = await visit(browser, `${ui}/environment/`);
  await page.evaluate(`(() => {
    window.contentMutations = 0;
    new MutationObserver((ms) => { window.contentMutations += ms.length; })
      .observe(document.getElementById('content'), { subtree: true, childList: true, characterData: true, attributes: true });
  })()`);
  await waitForUpdates(page, (await updates(page)) + 3);
  assert.equal(await page.evaluate('window.contentMutations'), 0, 'three polls, no DOM change');
  assert.deepEqual(errors, []);
  await page.close();
});

void test('a poll whose answer never comes gives up after 10 s, says so on the status line, and the next poll updates the page', { skip }, async () => {
  const { page, errors } = await visit(browser, `${ui}/environment/`);
  // The next environment answer is held, as by a driver that stopped answering;
  // the ones after it pass.
  let release = (): void => undefined;
  const held = new Promise<void>((resolve) => (release = resolve));
  let holding = true;
  await page.route('**/api/v1/applications/*/environment', async (route) => {
    if (!holding) return route.continue();
    holding = false;
    await held;
    await route.abort().catch(() => undefined);
  });
  const before = await updates(page);
  await waitForText(page, 'status', 'had no answer within 10 s', 25_000);
  assert.equal(await updates(page), before, 'no update while the answer was held');
  await waitForUpdates(page, before + 1);
  assert.match((await page.getByTestId('status').textContent()) ?? '', /^updated /);
  release();
  await page.unrouteAll({ behavior: 'ignoreErrors' });
  assert.deepEqual(errors, []);
  await page.close();
});

void test('a new job adds its row to the Jobs page and leaves the other rows\' elements as they were', { skip }, async () => {
  const { page, errors } = await visit(browser, `${ui}/jobs/`);
  // Marks each row's element with a property (a morph would drop an attribute) and
  // records every change made inside a marked row.
  await page.evaluate(`(() => {
    const body = document.querySelector('[data-testid="jobs-table"] tbody');
    for (const tr of body.rows) tr.kept = true;
    window.keptRowChanges = [];
    new MutationObserver((ms) => {
      for (const m of ms) {
        const el = m.target.nodeType === 1 ? m.target : m.target.parentElement;
        if (el.closest('tr')?.kept === true) window.keptRowChanges.push(m.type);
      }
    }).observe(body, { subtree: true, childList: true, characterData: true, attributes: true });
  })()`);
  assert.equal(await kc.parallelize([1, 2, 3], 1).count(), 3);
  await page.waitForFunction(`document.querySelectorAll('[data-testid="jobs-table"] tbody tr').length === 4`, undefined, { timeout: 15_000, polling: 100 });
  const rows = await page.evaluate(`[...document.querySelector('[data-testid="jobs-table"] tbody').rows].map((tr) => tr.dataset.key + (tr.kept === true ? ' kept' : ' new'))`);
  assert.deepEqual(rows, ['3 new', '2 kept', '1 kept', '0 kept'], 'the new job is a new row on top; the others are the same elements');
  assert.deepEqual(await page.evaluate('window.keptRowChanges'), [], 'nothing changed inside the finished jobs\' rows');
  assert.deepEqual(errors, []);
  await page.close();
});

void test('the nav bar changes the page in the same document, and the back button returns to the last one', { skip }, async () => {
  const { page, errors } = await visit(browser, `${ui}/jobs/`);
  // A mark on the document: a page load would lose it.
  await page.evaluate('window.kindlingTestMark = 1');
  const pageIs = async (name: string): Promise<void> => {
    await page.waitForFunction(`document.body.dataset.page === '${name}' && Number(document.body.dataset.updates ?? '0') >= 1`, undefined, { timeout: 15_000, polling: 100 });
  };
  await page.click('header nav a[href="/stages/"]');
  await pageIs('stages');
  assert.equal(new URL(page.url()).pathname, '/stages/', 'the address says the page');
  assert.equal(await page.evaluate('window.kindlingTestMark'), 1, 'the same document: no page load');
  assert.deepEqual(await texts(page, 'header nav a.active'), ['Stages'], 'the nav bar marks the new tab');
  assert.ok((await page.title()).startsWith('Stages'), await page.title());
  assert.ok((await tableRows(page, 'stages-table')).length >= 3, 'the Stages page drew its table');
  assert.equal(await page.locator('[data-testid="jobs-table"]').count(), 0, 'the Jobs page is gone');
  // The Jobs page stopped: its table does not come back with a poll.
  await waitForUpdates(page, 2);
  assert.equal(await page.locator('[data-testid="jobs-table"]').count(), 0);
  await page.click('header nav a[href="/environment/"]');
  await pageIs('environment');
  await page.goBack();
  await pageIs('stages');
  assert.equal(new URL(page.url()).pathname, '/stages/');
  assert.equal(await page.evaluate('window.kindlingTestMark'), 1, 'back is in place too');
  assert.deepEqual(errors, []);
  await page.close();
});

void test('the header\'s refresh control starts at the driver\'s interval; paused stops the polls, on every page, until another interval is picked', { skip }, async () => {
  const { page, errors } = await visit(browser, `${ui}/environment/`);
  try {
    assert.equal(await page.inputValue('[data-testid="refresh"]'), '1000', 'kindling.ui.refreshInterval=1s');
    await waitForUpdates(page, (await updates(page)) + 2, 5_000);
    await page.selectOption('[data-testid="refresh"]', 'paused');
    await waitForText(page, 'status', 'paused');
    const paused = await updates(page);
    await page.waitForTimeout(3_000);
    assert.equal(await updates(page), paused, 'no poll in 3 s while paused');
    // The choice is the browser's, not the page's: the next page starts paused.
    await page.click('header nav a[href="/executors/"]');
    await page.waitForFunction(`document.body.dataset.page === 'executors' && Number(document.body.dataset.updates ?? '0') >= 1`, undefined, { timeout: 15_000, polling: 100 });
    assert.equal(await page.inputValue('[data-testid="refresh"]'), '0');
    await page.waitForTimeout(2_500);
    assert.equal(await updates(page), 1, 'the paused page drew once');
    await page.selectOption('[data-testid="refresh"]', '2000');
    await waitForUpdates(page, 3, 10_000);
    assert.match((await page.getByTestId('status').textContent()) ?? '', /^updated [\d:]+$/);
    assert.deepEqual(errors, []);
  } finally {
    // The pages of the other tests share this browser's storage.
    await page.evaluate('localStorage.clear()');
    await page.close();
  }
});
