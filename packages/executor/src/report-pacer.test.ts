import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ReportPacer } from './report-pacer.js';

void test('every outcome is reported at once while no more tasks are held than slots', () => {
  const pacer = new ReportPacer(2);
  pacer.added(2);
  assert.equal(pacer.reportNow(1), true);
  pacer.added(2);
  assert.equal(pacer.reportNow(1), true);
  assert.equal(pacer.reportNow(0), true);
});

void test('pipelined tasks are reported in batches of half the most held', () => {
  const pacer = new ReportPacer(1);
  pacer.added(9);
  assert.deepEqual([8, 7, 6, 5, 4].map((held) => pacer.reportNow(held)), [false, false, false, false, true]);
  // Replacements arrive in the meantime: batches stay at half of 9.
  pacer.added(9);
  assert.deepEqual([8, 7, 6, 5, 4].map((held) => pacer.reportNow(held)), [false, false, false, false, true]);
  // None arrive: the last ones go when only the slots' worth is left, then one by one.
  assert.deepEqual([3, 2, 1, 0].map((held) => pacer.reportNow(held)), [false, false, true, true]);
  // The mark started over: a lone task is reported at once.
  pacer.added(1);
  assert.equal(pacer.reportNow(0), true);
});

void test('an outcome sent early (it waited too long) starts a new batch', () => {
  const pacer = new ReportPacer(0);
  pacer.added(6);
  assert.deepEqual([5, 4].map((held) => pacer.reportNow(held)), [false, false]);
  pacer.reported();
  assert.deepEqual([3, 2, 1].map((held) => pacer.reportNow(held)), [false, false, true]);
});
