/**
 * The matching rules of an upgrade, on operator descriptions alone: what is kept,
 * added, dropped or incompatible, and the one-line reasons a refusal gives.
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { planUpgrade, recordedStateVersion, type OperatorView } from './upgrade-plan.js';
import { formatUpgradeReport, refusalsOf } from './upgrade-report.js';

function op(uid: string, kind: string, overrides: Partial<OperatorView> = {}): OperatorView {
  return { uid, explicitUid: true, kind, scope: kind, stateVersion: 0, input: false, params: {}, hasMigration: false, stateFiles: 1, hasSourcePosition: false, ...overrides };
}
const state = (uid: string, kind: string, overrides: Partial<OperatorView> = {}): OperatorView => op(uid, kind, { stateVersion: 1, ...overrides });
const source = (uid: string, params: Record<string, unknown>, overrides: Partial<OperatorView> = {}): OperatorView =>
  op(uid, 'RateInputDStream', { scope: 'rateStream', input: true, params, hasSourcePosition: true, ...overrides });

const plan = (old: OperatorView[], next: OperatorView[], batch = [1000, 1000]) => planUpgrade({ old, new: next, oldBatchMs: batch[0]!, newBatchMs: batch[1]! });
const summary = (p: ReturnType<typeof plan>): string[] => p.entries.map((e) => `${e.outcome} ${e.what} ${e.uid}`);

void test('operators match by uid: state and positions kept, new ones added, stateless ones only counted', () => {
  const p = plan(
    [source('rate', { rowsPerSecond: 100 }), op('map-1', 'TransformedDStream'), state('hits/state', 'InternalMapWithStateDStream')],
    [source('rate', { rowsPerSecond: 100 }), op('map-1', 'TransformedDStream'), op('filter-2', 'TransformedDStream'), state('hits/state', 'InternalMapWithStateDStream'), state('sums', 'StateDStream')],
  );
  assert.deepEqual(summary(p), ['kept source rate', 'kept state hits/state', 'added state sums']);
  assert.equal(p.statelessOld, 1);
  assert.equal(p.statelessNew, 2);
  assert.deepEqual(refusalsOf(p, false), []);
});

void test('state versions: higher with a migration is kept and migrated; higher without one, or lower, is incompatible', () => {
  const migrated = plan([state('s', 'StateDStream')], [state('s', 'StateDStream', { stateVersion: 3, hasMigration: true })]);
  assert.equal(migrated.entries[0]!.outcome, 'kept');
  assert.equal(migrated.entries[0]!.migrateFrom, 1);
  assert.deepEqual(migrated.entries[0]!.notes, ['state migrated from version 1 to 3']);
  const missing = plan([state('s', 'StateDStream')], [state('s', 'StateDStream', { stateVersion: 2 })]);
  assert.deepEqual(refusalsOf(missing, false), ['s (StateDStream): the state version goes from 1 to 2 with no migration function: declare stateVersion(2, migrate)']);
  const down = plan([state('s', 'StateDStream', { stateVersion: 2 })], [state('s', 'StateDStream', { hasMigration: true })]);
  assert.match(refusalsOf(down, false)[0]!, /s \(StateDStream\): the state version goes down from 2 to 1/);
});

void test('a window over other batches is incompatible; a new partitioning is kept and says it repartitions', () => {
  const window = (windowDuration: number, numPartitions: number): OperatorView => state('w', 'ReducedWindowedDStream', { params: { windowDuration, slideDuration: 1000, numPartitions } });
  assert.match(refusalsOf(plan([window(3000, 2)], [window(5000, 2)]), false)[0]!, /w \(ReducedWindowedDStream\): its window changed from 3000 ms to 5000 ms/);
  const repartitioned = plan([window(3000, 2)], [window(3000, 4)]);
  assert.deepEqual(repartitioned.entries.map((e) => [e.outcome, e.notes]), [['kept', ['repartitioned from 2 partitions to 4 partitions']]]);
  const hash = (n: number): OperatorView => state('h', 'InternalMapWithStateDStream', { params: { partitioner: { kind: 'hash', numPartitions: n } } });
  assert.deepEqual(plan([hash(2)], [hash(8)]).entries[0]!.notes, ['repartitioned from hash(2) to hash(8)']);
});

void test('a source with other parameters or of another kind is incompatible; one with nothing recorded is not dropped state', () => {
  assert.match(refusalsOf(plan([source('rate', { rowsPerSecond: 100 })], [source('rate', { rowsPerSecond: 200 })]), false)[0]!, /rate \(rateStream\): its parameters changed \(rowsPerSecond 100 → 200\)/);
  assert.match(refusalsOf(plan([source('in', {})], [source('in', {}, { kind: 'FileInputDStream', scope: 'textFileStream' })]), false)[0]!, /holds the position of a rateStream \(RateInputDStream\)/);
  assert.deepEqual(summary(plan([source('socket', {}, { hasSourcePosition: false })], [])), []);
  assert.deepEqual(summary(plan([source('rate', {})], [])), ['dropped source rate']);
});

void test('dropped state is refused unless allowed; a changed batch interval always is; the report lists each operator', () => {
  const p = plan([state('gone', 'StateDStream')], [], [1000, 2000]);
  assert.equal(refusalsOf(p, false).length, 2);
  assert.deepEqual(refusalsOf(p, true), [p.graphProblems[0]]);
  assert.match(p.graphProblems[0]!, /the batch interval changed from 1000 ms to 2000 ms/);
  const text = formatUpgradeReport({
    checkpointFile: 'file:///c/checkpoint-5000',
    from: { name: 'job', version: '1.0.0', sha256: 'a'.repeat(64) },
    to: { name: 'job', version: '2.0.0', sha256: 'b'.repeat(64) },
    plan: p,
    pendingTimes: [4000, 5000],
    lastGeneratedTime: 5000,
    allowDroppedState: false,
    refusals: refusalsOf(p, false),
  });
  assert.match(text, /written by job 1\.0\.0 \(sha256 aaaaaaaaaaaa\), to job 2\.0\.0 \(sha256 bbbbbbbbbbbb\)/);
  assert.match(text, /dropped +state +gone \(StateDStream\): its state is not in the new graph; refused/);
  assert.match(text, /pending batches of the old code: 2 \(4000 ms, 5000 ms\), run again by the new code/);
  assert.match(text, /result: REFUSED \(2 problems\)/);
});

void test('a checkpoint written before state versions were recorded: the stateful kinds have version 1', () => {
  assert.equal(recordedStateVersion('StateDStream', 0), 1);
  assert.equal(recordedStateVersion('InternalMapWithStateDStream', 0), 1);
  assert.equal(recordedStateVersion('TransformedDStream', 0), 0);
  assert.equal(recordedStateVersion('StateDStream', 3), 3);
});
