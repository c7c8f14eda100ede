import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { test } from 'node:test';
import { routeOf, staticFiles } from './html-ui-pages.js';
import { renderShell } from './page-shell.js';

void test('page routes map to their page, live and under a history application or attempt', () => {
  assert.deepEqual(routeOf('/'), { page: 'jobs', title: 'Jobs', base: '' });
  assert.deepEqual(routeOf('/jobs/'), { page: 'jobs', title: 'Jobs', base: '' });
  assert.deepEqual(routeOf('/stages'), { page: 'stages', title: 'Stages', base: '' });
  assert.deepEqual(routeOf('/stages/stage/'), { page: 'stage', title: 'Stage', base: '' });
  assert.deepEqual(routeOf('/checkpoints/'), { page: 'checkpoints', title: 'Checkpoints', base: '' });
  assert.deepEqual(routeOf('/jobs/job/'), { page: 'job', title: 'Job', base: '' });
  assert.deepEqual(routeOf('/streaming/batch/'), { page: 'batch', title: 'Batch', base: '' });
  assert.deepEqual(routeOf('/history/app-1/2/jobs/job/'), { page: 'job', title: 'Job', base: '/history/app-1/2' });
  assert.deepEqual(routeOf('/history/app-1/2/streaming/'), { page: 'streaming', title: 'Streaming', base: '/history/app-1/2' });
  assert.deepEqual(routeOf('/history/app-1/'), { page: 'jobs', title: 'Jobs', base: '/history/app-1' });
  assert.equal(routeOf('/nope/'), undefined);
  assert.equal(routeOf('/etc/jobs/'), undefined);
});

void test('static files are the compiled page modules, the stylesheet and the two libraries, all present', () => {
  const files = staticFiles();
  for (const url of ['/static/app/main.js', '/static/app/pages/streaming.js', '/static/kindling.css', '/static/vendor/uplot/uPlot.esm.js', '/static/vendor/uplot/uPlot.min.css', '/static/vendor/dagre/dagre.esm.js']) {
    const file = files.get(url);
    assert.ok(file !== undefined, `${url} is served`);
    assert.ok(existsSync(file.path), `${file.path} exists`);
  }
  assert.ok([...files.keys()].every((u) => u.startsWith('/static/')));
  assert.ok(![...files.keys()].some((u) => u.includes('..')));
});

void test('the page shell escapes what it writes and names the application for the page modules', () => {
  const html = renderShell({ page: 'jobs', title: 'Jobs', base: '', apiRoot: '/api/v1', appPath: '/api/v1/applications/a"<b>', appName: '<script>', mode: 'live' });
  assert.ok(!html.includes('<script>-') && html.includes('&#60;script&#62;'));
  assert.match(html, /data-app-path="\/api\/v1\/applications\/a&#34;&#60;b&#62;"/);
  assert.match(html, /<script type="importmap">\{"imports":\{"uplot":"\/static\/vendor\/uplot\/uPlot.esm.js"/);
});

void test('the page shell names the refresh interval and offers it, with the usual choices and paused, in the header', () => {
  const options = (html: string): string[] => [...html.matchAll(/<option value="(\d+)"( selected)?>/g)].map((m) => `${m[1]}${m[2] === undefined ? '' : '*'}`);
  const params = { page: 'jobs', title: 'Jobs', base: '', apiRoot: '/api/v1', appPath: '/api/v1/applications/a', appName: 'a', mode: 'live' } as const;
  const byDefault = renderShell(params);
  assert.match(byDefault, /data-refresh-ms="5000"/);
  assert.deepEqual(options(byDefault), ['1000', '2000', '5000*', '10000', '30000', '0']);
  const odd = renderShell({ ...params, refreshMs: 3000 });
  assert.match(odd, /data-refresh-ms="3000"/);
  assert.deepEqual(options(odd), ['1000', '2000', '3000*', '5000', '10000', '30000', '0']);
});
