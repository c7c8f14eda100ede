/**
 * The WebHDFS server down for 20 s while a stream runs (issue 10, "Must show"): the
 * video-hits job on local[2] under --supervise, its checkpoints and output on the
 * embedded WebHDFS server, which is killed a second into the run and started again
 * at the same address 20 s later. Batch jobs and metadata checkpoint writes wait
 * (they are tried again, kindling.streaming.unavailableRetryTimeout), the driver
 * is never restarted, and once the storage is back the output and the final state
 * equal those of a run without the outage: no record lost, none duplicated.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { runDriverKillDrill } from './driver-kill-drill.js';

const videoHits = fileURLToPath(new URL('../../../../examples/video-hits/video-hits.ts', import.meta.url));

void test('the WebHDFS server down for 20 s: batches are delayed and retried, nothing is lost, output and state equal a run without the outage', { timeout: 300_000 }, async () => {
  const lines: string[] = [];
  const report = await runDriverKillDrill({
    kills: 0,
    minIntervalS: 1,
    maxIntervalS: 1,
    seed: 1,
    killExecutors: false,
    storage: 'webhdfs',
    master: 'local[2]',
    batchS: 1,
    rate: 200,
    records: 200 * 6,
    job: videoHits,
    keep: false,
    storageOutageAtS: 1,
    storageOutageS: 20,
    print: (line) => lines.push(line),
  });
  const log = lines.join('\n');
  assert.ok(report.storageOutage !== undefined, log);
  assert.ok(report.storageOutage.retries > 0, `nothing was tried again, so the outage missed the stream:\n${log}`);
  assert.ok(report.referenceRecords > 0, log);
  assert.equal(report.recordsLost, 0, log);
  assert.equal(report.recordsDuplicated, 0, log);
  assert.equal(report.stateEqual, true, log);
  assert.equal(report.driverRestarts, 0, `the driver died during the outage:\n${log}`);
  assert.equal(report.passed, true, log);
});
