/**
 * The configuration key registry as the driver sees it (common's, the executor's
 * and the driver's keys): every default is a value its own type accepts, the keys
 * other features will read are registered ahead of them, and checking a conf
 * reports bad values and likely typos.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { InvalidConfValueError, KindlingConf, checkConf, closestConfKey, confEntries, confEntry, isValidConfValue, validateConf } from '@kindling/common';
import './kindling-context.js';

void test('every registered default is accepted by its own type, and every entry has a one-line doc', () => {
  const entries = confEntries();
  assert.ok(entries.length >= 50, `only ${entries.length} keys registered`);
  for (const entry of entries) {
    assert.ok(entry.key.startsWith('kindling.'), entry.key);
    assert.ok(entry.doc.length > 0 && !entry.doc.includes('\n'), entry.key);
    if (entry.default !== undefined) assert.ok(isValidConfValue(entry.type, entry.default), `${entry.key} default ${entry.default}`);
  }
});

void test('the Spark-mirrored keys of streaming, the UI and the event log are registered with their types and defaults', () => {
  const expected: Array<[string, string, string | undefined]> = [
    ['kindling.streaming.concurrentJobs', 'int', '1'],
    ['kindling.streaming.blockInterval', 'duration', '200ms'],
    ['kindling.streaming.backpressure.enabled', 'boolean', 'false'],
    ['kindling.streaming.receiver.writeAheadLog.enable', 'boolean', 'false'],
    ['kindling.streaming.stopGracefullyOnShutdown', 'boolean', 'false'],
    ['kindling.streaming.gracefulStopTimeout', 'duration', undefined],
    ['kindling.streaming.ui.retainedBatches', 'int', '1000'],
    ['kindling.ui.enabled', 'boolean', 'true'],
    ['kindling.ui.port', 'int', '4040'],
    ['kindling.ui.retainedJobs', 'int', '1000'],
    ['kindling.ui.retainedStages', 'int', '1000'],
    ['kindling.eventLog.enabled', 'boolean', 'false'],
    ['kindling.eventLog.dir', 'string', undefined],
    ['kindling.deploy.maxExecutorRetries', 'int', '10'],
    ['kindling.cleaner.referenceTracking.cleanCheckpoints', 'boolean', 'false'],
    ['kindling.task.maxFailures', 'int', '4'],
    ['kindling.executor.taskIsolation', 'enum', 'thread'],
    ['kindling.scheduler.pipeline.tasksPerCore', 'int', '64'],
    ['kindling.scheduler.pipeline.queuedWorkPerCore', 'duration', '2ms'],
  ];
  for (const [key, kind, defaultValue] of expected) {
    const entry = confEntry(key);
    assert.ok(entry !== undefined, `${key} is registered`);
    assert.equal(entry.type.kind, kind, key);
    assert.equal(entry.default, defaultValue, key);
  }
});

void test('checkConf names each bad value with what is accepted, and each unknown kindling.* key with the closest known one', () => {
  const conf = new KindlingConf({
    'kindling.serializer': 'xml',
    'kindling.ui.port': '70000',
    'kindling.task.maxFailures': '8',
    'kindling.locality.wiat': '1s',
    'kindling.completely.different': 'x',
    'spark.not.ours': 'x',
  });
  const { errors, warnings } = checkConf(conf);
  assert.deepEqual(
    errors.map((e) => e.message),
    ['Invalid configuration kindling.serializer=xml: expected one of v8, msgpack', 'Invalid configuration kindling.ui.port=70000: expected a whole number from 0 to 65535'],
  );
  assert.ok(errors.every((e) => e instanceof InvalidConfValueError && e.code === 'INVALID_ARGUMENT'));
  assert.deepEqual(warnings, [
    'unknown configuration key kindling.completely.different is ignored',
    'unknown configuration key kindling.locality.wiat is ignored; did you mean kindling.locality.wait?',
  ]);
  assert.throws(() => validateConf(conf), /kindling\.serializer=xml/);
});

void test('closestConfKey finds typos, case slips and dropped letters, and nothing for unrelated keys', () => {
  assert.equal(closestConfKey('kindling.task.maxFailure'), 'kindling.task.maxFailures');
  assert.equal(closestConfKey('kindling.task.maxfailures'), 'kindling.task.maxFailures');
  assert.equal(closestConfKey('kindling.serialiser'), 'kindling.serializer');
  assert.equal(closestConfKey('kindling.streaming.backpressure.enable'), 'kindling.streaming.backpressure.enabled');
  assert.equal(closestConfKey('kindling.zzz'), undefined);
});
