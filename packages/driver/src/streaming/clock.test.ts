/**
 * The clocks' waits leave nothing behind on the signal they are given: the job
 * generator's timer waits once per batch on one signal for the life of the stream.
 */
import assert from 'node:assert/strict';
import { getEventListeners } from 'node:events';
import { test } from 'node:test';
import { ManualClock, SystemClock } from './clock.js';

void test('ManualClock: a thousand waits that end leave no abort listener on the signal, and an abort still rejects the pending one', async () => {
  const clock = new ManualClock(0);
  const controller = new AbortController();
  for (let t = 1; t <= 1000; t++) {
    const waiting = clock.waitUntil(t, controller.signal);
    clock.setTime(t);
    await waiting;
  }
  assert.equal(getEventListeners(controller.signal, 'abort').length, 0);
  const pending = clock.waitUntil(5000, controller.signal);
  controller.abort(new Error('stopped'));
  await assert.rejects(pending, /stopped/);
});

void test('SystemClock: a wait that ends removes its abort listener', async () => {
  const clock = new SystemClock();
  const controller = new AbortController();
  for (let i = 0; i < 20; i++) await clock.waitUntil(Date.now() + 1, controller.signal);
  assert.equal(getEventListeners(controller.signal, 'abort').length, 0);
});
