import assert from 'node:assert/strict';
import { test } from 'node:test';
import { findChromium } from './chromium.js';

void test('an explicit KINDLING_CHROMIUM that is not executable gives one line saying how to fix it', () => {
  const lookup = findChromium({ KINDLING_CHROMIUM: '/nonexistent/chromium' });
  assert.ok('skip' in lookup);
  assert.match(lookup.skip, /^KINDLING_CHROMIUM=\/nonexistent\/chromium is not an executable file; .*unset it/);
  assert.ok(!lookup.skip.includes('\n'));
});

void test('an explicit KINDLING_CHROMIUM that is executable is used as it is', () => {
  // node itself stands in for an executable file: the lookup only checks the path.
  assert.deepEqual(findChromium({ KINDLING_CHROMIUM: process.execPath }), { path: process.execPath });
});
