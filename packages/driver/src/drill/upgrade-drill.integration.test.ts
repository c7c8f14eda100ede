/**
 * Issue 11, "Must show": the upgrade drill as tests, on local[2] with real driver and
 * executor processes over gRPC and checkpoints in a temp directory. video-hits 1.0.0
 * runs on a rate source and is stopped cleanly, or its driver is SIGKILLed; 2.0.0 (a
 * bug fix in the per-record function, a new stateless branch) restarts from the
 * checkpoint with --upgrade: the state is re-attached from its checkpoint files and
 * the counts continue — together the two versions' output equals a run of 1.0.0
 * alone, record for record, and so does the final state. Without --upgrade 2.0.0 is
 * refused; 3.0.0, whose state type changed with no migration, is refused with a
 * report naming the operator, and the checkpoint is left as it was.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { runUpgradeDrill, type UpgradeDrillReport, type UpgradeRunReport } from './upgrade-drill.js';

const example = (path: string): string => fileURLToPath(new URL(`../../../../examples/video-hits/${path}`, import.meta.url));

function assertContinued(report: UpgradeDrillReport, r: UpgradeRunReport, context: string): void {
  assert.ok(report.referenceRecords > 0, context);
  assert.ok(r.v1Batches >= 1, `1.0.0 wrote no batch before it stopped${context}`);
  assert.match(r.upgradeReport, /kept +source +video-played-rate \(rateStream\)/, context);
  assert.ok(r.stateKept, `the state was not re-attached from its checkpoint files${context}`);
  assert.equal(r.recordsLost, 0, context);
  assert.equal(r.recordsDuplicated, 0, context);
  assert.ok(r.stateEqual, `the final state differs from the run of 1.0.0 alone${context}`);
  assert.ok(r.newBranchBatches > 0, `2.0.0's new branch wrote nothing${context}`);
}

// One drill (one reference run shared by both stops), its claims as subtests. The
// explicit timeout covers seven driver launches on a loaded 2-core machine.
void test('the upgrade drill on local[2]', { timeout: 900_000 }, async (t) => {
  const lines: string[] = [];
  const report = await runUpgradeDrill({
    stops: ['clean', 'kill'],
    storage: 'file',
    master: 'local[2]',
    batchS: 1,
    rate: 400,
    records: 3200,
    upgradeAfterS: 4,
    stateCheckpointS: 2,
    v1: example('video-hits.ts'),
    v2: example('upgrade/v2/video-hits-v2.ts'),
    incompatible: example('upgrade/v3/video-hits-v3.ts'),
    keep: false,
    print: (line) => lines.push(line),
  });
  const context = `\n${lines.join('\n')}`;
  const run = (stop: 'clean' | 'kill'): UpgradeRunReport => {
    const found = report.runs.find((r) => r.stop === stop);
    assert.ok(found !== undefined, `the drill did not run its ${stop} stop${context}`);
    return found;
  };

  await t.test('upgrade after a clean stop: state kept from its checkpoint, counts continue without loss or duplicates, the new branch runs', () => {
    assertContinued(report, run('clean'), context);
  });
  await t.test('upgrade after a driver SIGKILL: the pending batches run again with the new code, nothing lost or duplicated, state equal', () => {
    assertContinued(report, run('kill'), context);
  });
  await t.test('a changed bundle without --upgrade, and a state type changed with no migration, are refused with a clear report; the checkpoint is left as it was', () => {
    const r = run('clean');
    assert.equal(r.refusedWithoutUpgrade, true, context);
    assert.equal(r.incompatibleRefused, true, context);
    assert.match(r.incompatibleReport, /incompatible +state +hits-per-video\/state \(mapWithState\): the state version goes from 1 to 2 with no migration function: declare stateVersion\(2, migrate\)/);
    assert.match(r.incompatibleReport, /result: REFUSED \(1 problem\); the checkpoint is left as it was/);
  });
});
