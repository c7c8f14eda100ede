import assert from 'node:assert/strict';
import { test } from 'node:test';
import { InvalidArgumentError, KindlingConf } from '@kindling/common';
import { PidRateEstimator } from './pid-rate-estimator.js';

void test('the first batch calibrates; a slower batch with a backlog lowers the rate by Spark\'s PID formula', () => {
  const pid = PidRateEstimator.fromConf(new KindlingConf(), 1000);
  assert.equal(pid.compute(1000, 1000, 1000, 0), undefined);
  // processing rate 500/s; error 1000 − 500; backlog 1000 ms · 500/s over a 1 s batch.
  // 1000 − 1.0·500 − 0.2·500 − 0.0·500 = 400.
  assert.equal(pid.compute(2000, 1000, 2000, 1000), 400);
  // Empty batches, batches without processing time and batches out of order say nothing.
  assert.equal(pid.compute(3000, 0, 100, 0), undefined);
  assert.equal(pid.compute(3000, 10, 0, 0), undefined);
  assert.equal(pid.compute(1500, 10, 10, 0), undefined);
  // A huge backlog cannot push the rate below minRate.
  assert.equal(pid.compute(4000, 1000, 10_000, 100_000), 100);
});

void test('a batch processed faster than the rate raises it', () => {
  const pid = new PidRateEstimator({ batchIntervalMs: 1000, proportional: 1, integral: 0.2, derivative: 0, minRate: 100 });
  pid.compute(1000, 1000, 1000, 0);
  assert.equal(pid.compute(2000, 1000, 500, 0), 2000);
});

void test('bad PID settings are refused with Spark\'s messages', () => {
  assert.throws(() => PidRateEstimator.fromConf(new KindlingConf({ 'kindling.streaming.backpressure.pid.integral': '-1' }), 1000), (e: unknown) => e instanceof InvalidArgumentError && /Integral term -1 in PIDRateEstimator should be >= 0/.test(e.message));
  assert.throws(() => PidRateEstimator.fromConf(new KindlingConf({ 'kindling.streaming.backpressure.pid.minRate': 'fast' }), 1000), /pid.minRate must be a number, got "fast"/);
  assert.throws(() => PidRateEstimator.fromConf(new KindlingConf({ 'kindling.streaming.backpressure.rateEstimator': 'magic' }), 1000), /Unknown rate estimator: magic/);
});
