import assert from 'node:assert/strict';
import { test } from 'node:test';
import { KindlingConf } from '../conf/index.js';
import { InvalidArgumentError } from '../errors/index.js';
import { estimateSize } from './size-estimator.js';
import { executorHeapMegabytes, managedMemoryBytes, memoryManagerFromConf, parseByteSize } from './memory-conf.js';

const MiB = 1024 * 1024;

void test('sizes parse as Spark writes them; a bare number is MiB', () => {
  assert.equal(parseByteSize('512m', 'k'), 512 * MiB);
  assert.equal(parseByteSize('2g', 'k'), 2048 * MiB);
  assert.equal(parseByteSize('1536K', 'k'), 1536 * 1024);
  assert.equal(parseByteSize('64', 'k'), 64 * MiB);
  assert.equal(parseByteSize('1.5gb', 'k'), 1536 * MiB);
  assert.throws(() => parseByteSize('lots', 'kindling.executor.memory'), /^InvalidArgumentError: Configuration kindling.executor.memory=lots is not a size; use e.g. 512m or 2g$/);
});

void test('executor memory sets the heap (with its overhead) and the share each task thread manages', () => {
  assert.equal(executorHeapMegabytes(new KindlingConf()), undefined, 'no setting, no flag');
  assert.equal(executorHeapMegabytes(new KindlingConf({ 'kindling.executor.memory': '64m' })), 96);
  assert.equal(executorHeapMegabytes(new KindlingConf({ 'kindling.executor.memory': '2g' })), 2253);
  const conf = new KindlingConf({ 'kindling.executor.memory': '1g' });
  assert.equal(managedMemoryBytes(conf, 1), Math.floor(1000 * MiB * 0.6));
  assert.equal(managedMemoryBytes(conf, 4), Math.floor((1000 * MiB * 0.6) / 4));
  const manager = memoryManagerFromConf(new KindlingConf({ 'kindling.executor.memory': '1g', 'kindling.memory.fraction': '0.5', 'kindling.memory.storageFraction': '0.2' }), 2);
  assert.equal(manager.maxMemory, Math.floor((1000 * MiB * 0.5) / 2));
  assert.equal(manager.storageRegion, Math.floor(manager.maxMemory * 0.2));
});

void test('too little executor memory and fractions outside (0, 1] are refused with the fix in one line', () => {
  assert.throws(
    () => executorHeapMegabytes(new KindlingConf({ 'kindling.executor.memory': '32m' })),
    (e: Error) => e instanceof InvalidArgumentError && e.message === 'Executor memory 32m (kindling.executor.memory) is below the minimum of 48m; use --executor-memory 48m or more',
  );
  assert.throws(() => memoryManagerFromConf(new KindlingConf({ 'kindling.memory.fraction': '1.5' }), 1), /kindling.memory.fraction=1.5 must be a number in \(0, 1\]/);
});

void test('size estimates follow what records hold', () => {
  const small = estimateSize(['a', 1]);
  assert.ok(small > 32 && small < 200, `a small pair: ${small}`);
  assert.ok(estimateSize('x'.repeat(1000)) > 1000);
  const many = Array.from({ length: 10_000 }, (_, i) => `value-${i}`.padEnd(50, '.'));
  const estimate = estimateSize(many);
  assert.ok(estimate > 10_000 * 70 && estimate < 10_000 * 120, `10,000 strings of 50: ${estimate}`);
  const cyclic: { self?: unknown } = {};
  cyclic.self = cyclic;
  assert.ok(Number.isFinite(estimateSize(cyclic)), 'a cycle does not loop');
});
