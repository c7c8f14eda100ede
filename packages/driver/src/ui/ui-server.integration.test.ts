/**
 * The UI server's ports and life (issue 12, item 1): a taken port moves the UI to
 * the next one, as Spark's does, with the "Started Kindling UI at" line naming it;
 * a port chosen by the user that stays taken fails with one line; the default port
 * falls back to any free one; `kindling.ui.enabled=false` serves nothing; the server
 * stops with the context; pages plug in through UiPages.
 */
import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import { Writable } from 'node:stream';
import { it } from 'node:test';
import { createLogger, KindlingConf, silentLogger } from '@kindling/common';
import { KindlingContext } from '../kindling-context.js';
import { HtmlUiPages } from './pages/html-ui-pages.js';
import { AppStatusStore } from './status/app-status-store.js';
import type { UiPages } from './ui-pages.js';
import { UiBindError, UiServer } from './ui-server.js';

function logCapture(): { logger: ReturnType<typeof createLogger>; messages: string[] } {
  const messages: string[] = [];
  const destination = new Writable({
    write(chunk: Buffer, _encoding, done) {
      for (const line of chunk.toString().split('\n')) if (line !== '') messages.push((JSON.parse(line) as { msg: string }).msg);
      done();
    },
  });
  return { logger: createLogger({ level: 'info', destination }), messages };
}

async function occupy(port = 0): Promise<Server> {
  const server = createServer();
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', resolve);
  });
  return server;
}

const portOf = (server: Server): number => (server.address() as { port: number }).port;
const close = (server: Server): Promise<void> => new Promise((resolve) => server.close(() => resolve()));
const noPages: UiPages = { handle: () => false };
const source = { stores: () => [] as AppStatusStore[] };

void it('a taken port moves the UI to the next one, and the log line names it', async () => {
  const taken = await occupy();
  const port = portOf(taken);
  const { logger, messages } = logCapture();
  let ui: UiServer | undefined;
  try {
    // The port above the taken one may be taken too on a shared machine: retries cover it.
    ui = await UiServer.start({ host: '127.0.0.1', port, source, pages: noPages, pageContext: () => ({ mode: 'live', apiRoot: '/api/v1', appId: undefined, attemptId: undefined, appName: undefined }), logger, what: 'Kindling UI' });
    assert.ok(ui.port > port && ui.port <= port + 16, `bound ${ui.port}`);
    assert.ok(messages.includes(`Service 'Kindling UI' could not bind on port ${port}. Attempting port ${port + 1}.`), messages.join('\n'));
    assert.ok(messages.includes(`Started Kindling UI at http://127.0.0.1:${ui.port}`), messages.join('\n'));
    const res = await fetch(`${ui.url}/api/v1/applications`);
    assert.deepEqual(await res.json(), []);
    assert.equal((await fetch(`${ui.url}/jobs/`)).status, 404, 'no pages plugged in: 404');
    assert.equal((await fetch(`${ui.url}/api/v1/applications`, { method: 'POST' })).status, 405);
  } finally {
    await ui?.stop();
    await close(taken);
  }
});

void it('a port the user chose that stays taken fails with one line naming the ports and the fixes', async () => {
  const taken = await occupy();
  try {
    await assert.rejects(
      UiServer.start({ host: '127.0.0.1', port: portOf(taken), maxRetries: 0, source, pages: noPages, pageContext: () => ({ mode: 'live', apiRoot: '/api/v1', appId: undefined, attemptId: undefined, appName: undefined }), logger: silentLogger(), what: 'Kindling UI' }),
      (error: unknown) => {
        assert.ok(error instanceof UiBindError);
        assert.equal(error.code, 'UNAVAILABLE');
        assert.match(error.message, /^Cannot start the Kindling UI on 127\.0\.0\.1, ports \d+ to \d+: .*EADDRINUSE.*; choose another with --ui-port \(0 for any free port\) or set kindling\.ui\.enabled=false$/);
        assert.ok(!error.message.includes('\n'));
        return true;
      },
    );
  } finally {
    await close(taken);
  }
});

void it('the default port, when it and its retries are taken, gives way to any free port', async () => {
  const taken = await occupy();
  const { logger, messages } = logCapture();
  const ui = await UiServer.start({ host: '127.0.0.1', port: portOf(taken), maxRetries: 0, fallBackToAnyPort: true, source, pages: noPages, pageContext: () => ({ mode: 'live', apiRoot: '/api/v1', appId: undefined, attemptId: undefined, appName: undefined }), logger, what: 'Kindling UI' });
  try {
    assert.notEqual(ui.port, portOf(taken));
    assert.ok(messages.some((m) => /are all taken; the Kindling UI takes any free port$/.test(m)), messages.join('\n'));
  } finally {
    await ui.stop();
    await close(taken);
  }
});

void it('a KindlingContext serves its UI until it stops, at the refresh interval it is given; kindling.ui.enabled=false serves none', async () => {
  const kc = await KindlingContext.create({ master: 'local-inprocess', appName: 'ui-life', conf: new KindlingConf().set('kindling.ui.port', 0), logger: silentLogger() });
  const url = kc.uiWebUrl!;
  const apps = (await (await fetch(`${url}/api/v1/applications`)).json()) as Array<{ name: string }>;
  assert.deepEqual(apps.map((a) => a.name), ['ui-life']);
  const page = await fetch(`${url}/`);
  assert.equal(page.status, 200);
  // The pages name the application's REST path for their scripts (pages/page-shell.ts).
  assert.match(await page.text(), new RegExp(`data-app-path="/api/v1/applications/${kc.appId}"`));
  await kc.stop();
  await assert.rejects(fetch(`${url}/api/v1/applications`), 'the server is closed with the context');

  const slow = await KindlingContext.create({ master: 'local-inprocess', conf: new KindlingConf().set('kindling.ui.port', 0).set('kindling.ui.refreshInterval', '10s'), logger: silentLogger() });
  try {
    assert.match(await (await fetch(`${slow.uiWebUrl!}/streaming/`)).text(), /data-refresh-ms="10000"/, 'kindling.ui.refreshInterval reaches the pages');
  } finally {
    await slow.stop();
  }
  await assert.rejects(
    KindlingContext.create({ master: 'local-inprocess', conf: new KindlingConf().set('kindling.ui.port', 0).set('kindling.ui.refreshInterval', '100ms'), logger: silentLogger() }),
    (e: unknown) => e instanceof Error && e.message === 'kindling.ui.refreshInterval=100ms is too short: the pages would update more often than a browser can draw; use 500ms or more (default 5s)',
  );

  const off = await KindlingContext.create({ master: 'local-inprocess', conf: new KindlingConf().set('kindling.ui.enabled', false), logger: silentLogger() });
  try {
    assert.equal(off.uiWebUrl, undefined);
    assert.equal(off.ui, undefined, 'no status store and no listener either');
  } finally {
    await off.stop();
  }
});

void it('pages plugged in answer their routes; the REST API stays the server\'s', async () => {
  const seen: string[] = [];
  const pages: UiPages = {
    handle(req, res, context) {
      seen.push(`${req.url ?? ''} ${context.mode} ${context.appId ?? '-'}`);
      if (!req.url?.startsWith('/static/')) return false;
      res.writeHead(200, { 'content-type': 'text/css' });
      res.end('body{}');
      return true;
    },
  };
  const ui = await UiServer.start({ host: '127.0.0.1', port: 0, source, pages, pageContext: () => ({ mode: 'live', apiRoot: '/api/v1', appId: 'app-1', attemptId: undefined, appName: 'x' }), logger: silentLogger(), what: 'Kindling UI' });
  try {
    assert.equal(await (await fetch(`${ui.url}/static/ui.css`)).text(), 'body{}');
    assert.equal((await fetch(`${ui.url}/api/v1/applications/app-1/jobs`)).status, 404, 'unknown app: the REST API answers, not the pages');
    assert.deepEqual(seen, ['/static/ui.css live app-1']);
  } finally {
    await ui.stop();
  }
});

void it('an unchanged REST resource or static file answers 304 to its ETag; an event makes a new one', async () => {
  const store = new AppStatusStore();
  store.apply({ type: 'ApplicationStart', appId: 'app-1', appName: 'a', time: 1, user: 'u', kindlingVersion: '0.1.0', master: 'local[2]' });
  store.apply({ type: 'JobStart', jobId: 0, time: 2, stageInfos: [] });
  const ui = await UiServer.start({
    host: '127.0.0.1', port: 0, source: { stores: () => [store] }, pages: new HtmlUiPages(), logger: silentLogger(), what: 'Kindling UI',
    pageContext: () => ({ mode: 'live', apiRoot: '/api/v1', appId: 'app-1', attemptId: undefined, appName: 'a' }),
  });
  try {
    const jobs = `${ui.url}/api/v1/applications/app-1/jobs`;
    const first = await fetch(jobs);
    const etag = first.headers.get('etag');
    assert.ok(etag !== null);
    assert.equal(first.headers.get('cache-control'), 'no-cache');
    assert.deepEqual(((await first.json()) as Array<{ jobId: number }>).map((j) => j.jobId), [0]);
    const unchanged = await fetch(jobs, { headers: { 'if-none-match': etag } });
    assert.equal(unchanged.status, 304);
    assert.equal(await unchanged.text(), '');

    store.apply({ type: 'JobEnd', jobId: 0, time: 3, succeeded: true });
    const changed = await fetch(jobs, { headers: { 'if-none-match': etag } });
    assert.equal(changed.status, 200);
    assert.notEqual(changed.headers.get('etag'), etag);
    assert.equal(((await changed.json()) as Array<{ status: string }>)[0]!.status, 'SUCCEEDED');

    const script = `${ui.url}/static/app/main.js`;
    const module = await fetch(script);
    assert.equal(module.status, 200);
    await module.arrayBuffer();
    assert.equal((await fetch(script, { headers: { 'if-none-match': module.headers.get('etag')! } })).status, 304);

    // The pages name their files under the build's digest, which the browser keeps
    // without asking again; a digest of another build gets this build's file, revalidated.
    const html = await (await fetch(`${ui.url}/jobs/`)).text();
    const versioned = /src="(\/static\/v-[A-Za-z0-9_-]+\/app\/main\.js)"/.exec(html)?.[1];
    assert.ok(versioned !== undefined, 'the shell loads main.js under the build digest');
    assert.ok(html.includes(versioned.replace('/app/main.js', '/vendor/uplot/uPlot.esm.js')), 'the import map too');
    const kept = await fetch(`${ui.url}${versioned}`);
    assert.equal(kept.status, 200);
    assert.equal(kept.headers.get('cache-control'), 'public, max-age=31536000, immutable');
    assert.equal(await kept.text(), await (await fetch(script)).text());
    const other = await fetch(`${ui.url}/static/v-another/app/main.js`);
    assert.equal(other.status, 200);
    assert.equal(other.headers.get('cache-control'), 'no-cache');
    await other.arrayBuffer();
  } finally {
    await ui.stop();
  }
});
