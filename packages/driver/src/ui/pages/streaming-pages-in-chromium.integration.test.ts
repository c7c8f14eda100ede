/**
 * Issue 12, "Must show": the Streaming and Checkpoints pages of a real streaming job
 * on local[2] (a stateful count over a rate stream, checkpointed, and a socket
 * receiver whose server is down) in headless Chromium: the charts gain points while
 * batches run without the page being reloaded, the batches that checkpointed are
 * marked, the receiver's error shows, the metadata checkpoints are listed, and
 * nothing is logged to the browser console as an error.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { after, before, test } from 'node:test';
import type { Page } from 'playwright-core';
import { KindlingConf, silentLogger } from '@kindling/common';
import { KindlingContext } from '../../kindling-context.js';
import { Seconds } from '../../streaming/duration.js';
import '../../streaming/index.js';
import { StateSpec } from '../../streaming/state-spec.js';
import { StreamingContext } from '../../streaming/streaming-context.js';
import { HeadlessChromium, findChromium } from './testing/chromium.js';
import { dataNumber, screenshot, tableRows, texts, updates, visit, waitForDataAtLeast, waitForText, waitForUpdates } from './testing/page-visit.js';
import { freePort } from '../../cluster/testing/cluster-test-support.js';

const chromium = findChromium();
const skip = 'skip' in chromium ? chromium.skip : false;

let kc: KindlingContext;
let ssc: StreamingContext;
let browser: HeadlessChromium;
let ui: string;
let dir: string;
let deadPort: number;

before(async () => {
  if ('skip' in chromium) return;
  dir = mkdtempSync(join(tmpdir(), 'kindling-ui-streaming-'));
  kc = await KindlingContext.create({
    master: 'local[2]',
    appName: 'ui-streaming-test',
    // Pages update every second (the default is 5 s): the tests wait for updates.
    conf: new KindlingConf({ 'kindling.ui.port': '0', 'kindling.ui.showConsoleProgress': 'false', 'kindling.ui.refreshInterval': '1s' }),
    logger: silentLogger(),
  });
  ssc = new StreamingContext(kc, Seconds(1));
  ssc.checkpoint(pathToFileURL(dir).href);
  ssc
    .rateStream({ rowsPerSecond: 2000, numPartitions: 2 })
    .map((row: { value: number }): [string, number] => [`k${row.value % 100}`, 1])
    .mapWithState(
      StateSpec.function((_key: string, _v: number | undefined, state: { exists(): boolean; get(): number; update(n: number): void }) => {
        const c = state.exists() ? state.get() + 1 : 1;
        state.update(c);
        return c;
      }),
    )
    .checkpoint(Seconds(2))
    .foreachRDD(async (rdd) => void (await rdd.count()));
  // Free a moment ago and nobody listens on it: the socket receiver's connection is refused.
  deadPort = await freePort();
  ssc.socketTextStream('127.0.0.1', deadPort).foreachRDD(async (rdd) => void (await rdd.count()));
  ssc.start();
  const url = kc.uiWebUrl;
  assert.ok(url !== undefined, 'the UI serves');
  ui = url;
  browser = await HeadlessChromium.launch(chromium.path);
});

after(async () => {
  await browser?.close();
  await ssc?.stop({ stopKindlingContext: false }).catch(() => undefined);
  await kc?.stop();
  if (dir !== undefined) rmSync(dir, { recursive: true, force: true });
});

async function chartState(page: Page, testId: string): Promise<{ points: number; checkpointed: number; lastTime: number }> {
  return {
    points: await dataNumber(page, testId, 'points'),
    checkpointed: await dataNumber(page, testId, 'checkpointed'),
    lastTime: await dataNumber(page, testId, 'last-time'),
  };
}

void test('the Streaming page\'s charts gain batches while they run, without a reload, with checkpointing batches marked', { skip }, async () => {
  const { page, errors } = await visit(browser, `${ui}/streaming/`);
  // Wait for a few completed batches, then for more: the same page, only polled.
  await waitForDataAtLeast(page, 'chart-processing-time', 'points', 3);
  const first = await chartState(page, 'chart-processing-time');
  await waitForUpdates(page, (await updates(page)) + 2);
  await waitForDataAtLeast(page, 'chart-processing-time', 'points', first.points + 1, 15_000);
  const later = await chartState(page, 'chart-processing-time');
  assert.ok(later.lastTime > first.lastTime, 'the newest point is a later batch');
  for (const id of ['chart-input-rate', 'chart-scheduling-delay', 'chart-total-delay']) {
    assert.ok((await chartState(page, id)).points >= first.points, `${id} has points too`);
  }
  // The marks follow the REST answer: every completed batch with a checkpoint record is marked.
  const app = (await (await fetch(`${ui}/api/v1/applications`)).json()) as { id: string }[];
  const batches = (await (await fetch(`${ui}/api/v1/applications/${app[0]!.id}/streaming/batches`)).json()) as { status: string; checkpoint?: unknown }[];
  const withCheckpoint = batches.filter((b) => b.status === 'COMPLETED' && b.checkpoint !== undefined).length;
  const marked = (await chartState(page, 'chart-processing-time')).checkpointed;
  assert.ok(Math.abs(marked - withCheckpoint) <= 2, `marked ${marked}, batches with a checkpoint ${withCheckpoint} (a poll apart)`);
  const completed = await tableRows(page, 'completed-batches-table');
  assert.ok(completed.length >= 3 && completed.every((r) => r.includes('COMPLETED')));
  await screenshot(page, 'ui-streaming');
  assert.deepEqual(errors, []);
  await page.close();
});

void test('the Streaming page lists the receiver with its connection error', { skip }, async () => {
  const { page, errors } = await visit(browser, `${ui}/streaming/`);
  await waitForText(page, 'receivers-table', `Error connecting to 127.0.0.1:${deadPort}`);
  const rows = await tableRows(page, 'receivers-table');
  assert.equal(rows.length, 1);
  assert.match(rows[0]![0]!, new RegExp(`^SocketReceiver\\(127\\.0\\.0\\.1:${deadPort}\\)`));
  assert.ok(!rows[0]!.at(-1)!.includes('\n'), 'the error is one line');
  assert.deepEqual(errors, []);
  await page.close();
});

void test('the receiver\'s long-running job is listed as Spark lists it, "Streaming job running receiver N"', { skip }, async () => {
  const app = (await (await fetch(`${ui}/api/v1/applications`)).json()) as { id: string }[];
  const api = `${ui}/api/v1/applications/${app[0]!.id}`;
  const receivers = (await (await fetch(`${api}/streaming/receivers`)).json()) as { streamId: number }[];
  assert.equal(receivers.length, 1);
  const jobs = (await (await fetch(`${api}/jobs`)).json()) as { jobId: number; name: string; description?: string }[];
  const receiverJobs = jobs.filter((j) => j.description === `Streaming job running receiver ${receivers[0]!.streamId}`);
  assert.ok(receiverJobs.length >= 1, `jobs: ${jobs.slice(-3).map((j) => `${j.jobId} ${j.description ?? j.name}`).join('; ')}`);
  assert.ok(jobs.some((j) => j.description === undefined), 'the batches\' jobs have no description: they are listed by their stage\'s name');
});

void test('a batch\'s page, linked from the Streaming page, shows its delays and output operations', { skip }, async () => {
  const { page, errors } = await visit(browser, `${ui}/streaming/`);
  const link = page.locator('[data-testid="completed-batches-table"] tbody tr a').first();
  await link.waitFor({ timeout: 30_000 });
  const href = await link.getAttribute('href');
  assert.match(href ?? '', /^\/streaming\/batch\/\?id=\d+$/);
  await page.goto(`${ui}${href}`);
  await waitForUpdates(page, 1);
  assert.match((await texts(page, '#batch-summary h2'))[0] ?? '', /COMPLETED$/);
  const summaryText = (await texts(page, '#batch-summary li')).join(' | ');
  assert.match(summaryText, /Processing time: \d/);
  const ops = await tableRows(page, 'output-operations-table');
  assert.ok(ops.length >= 1 && ops.every((o) => o.includes('SUCCEEDED')), `output operations: ${JSON.stringify(ops)}`);
  // Each operation's jobs are links to their job pages, the REST answer's jobIds.
  const app = (await (await fetch(`${ui}/api/v1/applications`)).json()) as { id: string }[];
  const batchId = new URL(`${ui}${href}`).searchParams.get('id');
  const rest = (await (await fetch(`${ui}/api/v1/applications/${app[0]!.id}/streaming/batches/${batchId}/operations`)).json()) as { outputOpId: number; jobIds: number[] }[];
  assert.ok(rest[0]!.jobIds.length >= 1, `the stateful count's operation ran jobs: ${JSON.stringify(rest)}`);
  for (const op of rest) {
    const hrefs = await page.locator(`[data-testid="output-operations-table"] tbody tr[data-key="${op.outputOpId}"] .job-ids a`).evaluateAll((links) => links.map((a) => a.getAttribute('href')));
    assert.deepEqual(hrefs, op.jobIds.map((id) => `/jobs/job/?id=${id}`), `output operation ${op.outputOpId}'s job links`);
  }
  await page.locator('[data-testid="output-operations-table"] .job-ids a').first().click();
  await page.waitForURL(/\/jobs\/job\/\?id=\d+$/);
  assert.deepEqual(errors, []);
  await page.close();
});

void test('a batch stage after a state checkpoint draws the state RDD as the cut in its lineage', { skip }, async () => {
  const app = (await (await fetch(`${ui}/api/v1/applications`)).json()) as { id: string }[];
  const api = `${ui}/api/v1/applications/${app[0]!.id}`;
  // The state is checkpointed every 2 s of batches; the stages of the batch after a
  // checkpoint read it. Batches may queue behind the first, slow one on a busy
  // machine, so look at every completed stage until one shows up (a minute at most).
  let found: { stageId: number; attemptId: number } | undefined;
  const seen = new Set<string>();
  for (const deadline = Date.now() + 60_000; found === undefined && Date.now() < deadline; ) {
    const stages = (await (await fetch(`${api}/stages?status=complete`)).json()) as { stageId: number; attemptId: number }[];
    for (const s of stages) {
      const key = `${s.stageId}.${s.attemptId}`;
      if (seen.has(key)) continue;
      seen.add(key);
      const graph = (await (await fetch(`${api}/stages/${s.stageId}/${s.attemptId}/rddGraph`)).json()) as { rdds: { checkpointed: boolean }[] };
      if (graph.rdds.some((r) => r.checkpointed)) {
        found = s;
        break;
      }
    }
    if (found === undefined) await new Promise((resolve) => setTimeout(resolve, 1000));
  }
  assert.ok(found !== undefined, 'a stage reads a checkpointed state RDD');
  const { page, errors } = await visit(browser, `${ui}/stages/stage/?id=${found.stageId}&attempt=${found.attemptId}`);
  assert.ok((await page.locator('[data-testid="stage-dag"] .rdd[data-checkpointed="true"]').count()) >= 1);
  assert.ok((await page.locator('[data-testid="checkpoint-cut"]').count()) >= 1, 'the cut is drawn');
  await screenshot(page, 'ui-stage-dag-streaming');
  assert.deepEqual(errors, []);
  await page.close();
});

void test('the Checkpoints page lists the metadata checkpoints with their sizes and durations', { skip }, async () => {
  const { page, errors } = await visit(browser, `${ui}/checkpoints/`);
  await waitForText(page, 'metadata-checkpoints-table', 'file://');
  const rows = await tableRows(page, 'metadata-checkpoints-table');
  assert.ok(rows.length >= 1);
  for (const r of rows) {
    assert.ok(r[1]!.startsWith('file://'), `checkpoint file ${r[1]}`);
    assert.match(r[2]!, /(KiB|B)$/);
    assert.match(r[3]!, /ms|s$/);
  }
  const summary = await page.textContent('#checkpoints-summary');
  assert.ok(summary?.includes(pathToFileURL(dir).href));
  await screenshot(page, 'ui-checkpoints');
  assert.deepEqual(errors, []);
  await page.close();
});
