/**
 * MapOutputTracker: a shuffle's statuses are served only when complete (else a
 * fetch failure with map id -1, so the reducer's stage is resubmitted rather than
 * retried); unregistering respects which executor holds an output; losing an
 * executor drops its outputs and moves the epoch on.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { FetchFailedError, type MapStatus } from '@kindling/common';
import { MapOutputTracker } from './map-output-tracker.js';

function status(shuffleId: number, mapId: number, executorId: string): MapStatus {
  return { shuffleId, mapId, executorId, address: '', blockSizes: [1, 2] };
}

void test('serves the statuses of a complete shuffle and refuses an incomplete one', async () => {
  const tracker = new MapOutputTracker();
  tracker.registerShuffle(0, 2);
  tracker.registerMapOutput(0, 0, status(0, 0, 'a'));
  await assert.rejects(tracker.getMapStatuses(0), (e: unknown) => e instanceof FetchFailedError && e.mapId === -1 && e.shuffleId === 0);
  await assert.rejects(tracker.getMapStatuses(9), FetchFailedError);
  assert.deepEqual(tracker.findMissingPartitions(0, 2), [1]);
  tracker.registerMapOutput(0, 1, status(0, 1, 'b'));
  assert.deepEqual((await tracker.getMapStatuses(0)).map((s) => s.executorId), ['a', 'b']);
  assert.equal(tracker.numAvailableOutputs(0), 2);
  tracker.registerMapOutput(0, 1, status(0, 1, 'c'));
  assert.equal(tracker.numAvailableOutputs(0), 2, 're-registering a map output does not count it twice');
});

void test('unregisters an output only from the executor that holds it, and drops a lost executor’s outputs', () => {
  const tracker = new MapOutputTracker();
  tracker.registerShuffle(0, 3);
  tracker.registerShuffle(1, 1);
  tracker.registerMapOutput(0, 0, status(0, 0, 'a'));
  tracker.registerMapOutput(0, 1, status(0, 1, 'b'));
  tracker.registerMapOutput(0, 2, status(0, 2, 'a'));
  tracker.registerMapOutput(1, 0, status(1, 0, 'a'));
  const epoch = tracker.getEpoch();
  tracker.unregisterMapOutput(0, 1, 'a');
  assert.equal(tracker.numAvailableOutputs(0), 3, 'map 1 lives on b, not a');
  assert.equal(tracker.getEpoch(), epoch);
  assert.equal(tracker.removeOutputsOnExecutor('a'), 3);
  assert.deepEqual(tracker.findMissingPartitions(0, 3), [0, 2]);
  assert.deepEqual(tracker.findMissingPartitions(1, 1), [0]);
  assert.ok(tracker.getEpoch() > epoch, 'losing outputs moves the epoch on');
  tracker.unregisterShuffle(0);
  assert.equal(tracker.containsShuffle(0), false);
});
