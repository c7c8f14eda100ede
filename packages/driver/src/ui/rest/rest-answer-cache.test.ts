/**
 * REST answers are serialized once per status-store version: a second poll with
 * no event in between reuses the bytes and carries the same ETag, any event makes a
 * new answer and a new tag, another store with as many events never shares a tag,
 * and errors are never cached.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { AppStatusStore } from '../status/app-status-store.js';
import type { UiEvent } from '../status/ui-event.js';
import { matchesEtag, RestAnswerCache } from './rest-answer-cache.js';

const start: UiEvent = { type: 'ApplicationStart', appId: 'app-1', appName: 'a', time: 1, user: 'u', kindlingVersion: '0.1.0', master: 'local[2]' };
const jobStart = (jobId: number): UiEvent => ({ type: 'JobStart', jobId, time: 10 + jobId, stageInfos: [] });
const none = new URLSearchParams();

void test('an unchanged store answers a poll from the cache with the same ETag; an event makes a new answer', () => {
  const store = new AppStatusStore();
  store.apply(start);
  store.apply(jobStart(0));
  const cache = new RestAnswerCache({ stores: () => [store] });
  const first = cache.answer('/applications/app-1/jobs', none);
  const second = cache.answer('/applications/app-1/jobs', none);
  assert.equal(first.status, 200);
  assert.ok(first.etag !== undefined);
  assert.equal(second, first, 'the same bytes, not rebuilt');
  assert.deepEqual([cache.built, cache.reused], [1, 1]);
  assert.deepEqual((JSON.parse(first.body.toString()) as Array<{ jobId: number }>).map((j) => j.jobId), [0]);

  store.apply(jobStart(1));
  const third = cache.answer('/applications/app-1/jobs', none);
  assert.notEqual(third.etag, first.etag);
  assert.deepEqual((JSON.parse(third.body.toString()) as Array<{ jobId: number }>).map((j) => j.jobId), [1, 0]);
  assert.ok(matchesEtag(`W/${third.etag!}`, third.etag!) && matchesEtag(`"x", ${third.etag!}`, third.etag!) && !matchesEtag(first.etag, third.etag!));
});

void test('queries are cached apart, and two stores with as many events never share a tag', () => {
  const a = new AppStatusStore();
  const b = new AppStatusStore();
  for (const store of [a, b]) {
    store.apply(start);
    store.apply(jobStart(0));
  }
  const running = new AppStatusStore();
  running.apply(start);
  const cacheA = new RestAnswerCache({ stores: () => [a] });
  const cacheB = new RestAnswerCache({ stores: () => [b] });
  assert.notEqual(cacheA.answer('/applications/app-1/jobs', none).etag, cacheB.answer('/applications/app-1/jobs', none).etag);
  const succeeded = cacheA.answer('/applications/app-1/jobs', new URLSearchParams('status=succeeded'));
  assert.equal(succeeded.body.toString(), '[]');
  assert.equal(cacheA.answer('/applications/app-1/jobs', none).body.toString().startsWith('[{'), true);
});

void test('the application list is cached like the rest, and 404s are not: they carry no ETag', () => {
  const store = new AppStatusStore();
  store.apply(start);
  const cache = new RestAnswerCache({ stores: () => [store] });
  const list = cache.answer('/applications', none);
  assert.ok(list.etag !== undefined);
  assert.equal(cache.answer('/applications', none), list);
  store.apply({ type: 'ApplicationEnd', time: 5 });
  const ended = cache.answer('/applications', none);
  assert.notEqual(ended.etag, list.etag);
  assert.equal((JSON.parse(ended.body.toString()) as Array<{ attempts: Array<{ completed: boolean }> }>)[0]!.attempts[0]!.completed, true);
  const missing = cache.answer('/applications/app-1/jobs/7', none);
  assert.deepEqual([missing.status, missing.etag, missing.body.toString()], [404, undefined, 'unknown job: 7\n']);
});
