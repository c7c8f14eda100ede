/**
 * Issue 11 items 2 and 3, on one driver and a manual clock: a context upgraded from a
 * checkpoint written by other code keeps the state of the operators that match by
 * uid — counts continue without loss, across a down time, whether the state comes
 * from its checkpoint files or is recomputed from the replayable input — runs the
 * pending and down-time batches with the new code, migrates older state versions,
 * and refuses, naming the operator, what it cannot carry over. (The same upgrade
 * across real driver processes: upgrade-drill.integration.test.ts.)
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { test } from 'node:test';
import { IncompatibleCheckpointError, KindlingConf, type State } from '@kindling/common';
import '../index.js';
import { capturingLogger } from '../../checkpoint/testing/checkpoint-test-support.js';
import { formatInspection, inspectCheckpoint } from '../checkpoint/checkpoint-inspection.js';
import { testMaster } from '../../engine-tests/test-master.js';
import { KindlingContext } from '../../kindling-context.js';
import { ManualClock } from '../clock.js';
import type { DStream } from '../dstream.js';
import { Seconds } from '../duration.js';
import { StateSpec } from '../state-spec.js';
import { StreamingContext } from '../streaming-context.js';
import { collectOutput, type CollectedOutput } from '../testing/test-output.js';
import { TestInputDStream } from '../testing/test-input-dstream.js';
import { runBatches, withStreamingTest } from '../testing/streaming-test-harness.js';
import type { UpgradeReport } from './upgrade-report.js';

const keys = ['a', 'b', 'c', 'd'];
const batches: string[][] = Array.from({ length: 12 }, (_, i) => Array.from({ length: ((i * 7) % 5) + 1 }, (_, j) => keys[(i + j * 3) % keys.length]!));

function running(upTo: number): Array<[string, number]> {
  const counts = new Map<string, number>();
  for (const batch of batches.slice(0, upTo)) for (const k of batch) counts.set(k, (counts.get(k) ?? 0) + 1);
  return [...counts].sort((a, b) => a[0].localeCompare(b[0]));
}

const byKey = (a: [string, unknown], b: [string, unknown]): number => a[0].localeCompare(b[0]);
const times = (from: number, to: number): number[] => Array.from({ length: to - from + 1 }, (_, i) => (from + i) * 1000);

function pairsOf(ssc: StreamingContext): DStream<[string, number]> {
  return new TestInputDStream(ssc, batches, 2).name('events').map((k: string): [string, number] => [k, 1]);
}

/** The first version: a count per key with mapWithState, a sum per key with updateStateByKey. */
function v1(ssc: StreamingContext, stateInterval: number): { counts: CollectedOutput<[string, number]>; sums: CollectedOutput<[string, number]> } {
  const pairs = pairsOf(ssc);
  const counts = pairs
    .mapWithState(
      StateSpec.function((_k: string, v: number | undefined, s: State<number>) => {
        const n = (s.exists() ? s.get() : 0) + (v ?? 0);
        s.update(n);
        return n;
      }),
    )
    .name('counts');
  counts.checkpoint(Seconds(stateInterval));
  const sums = pairs.updateStateByKey((values: number[], state: number | undefined) => values.reduce((a, b) => a + b, state ?? 0)).name('sums');
  sums.checkpoint(Seconds(stateInterval));
  return { counts: collectOutput(counts.stateSnapshots(), byKey), sums: collectOutput(sums, byKey) };
}

/** Upgrades the checkpoint of `checkpointDir` to the graph `build` makes, at `at` ms; the report comes back with the context. */
async function upgrade(
  kc: KindlingContext,
  checkpointDir: string,
  at: number,
  build: (ssc: StreamingContext) => void,
  options: { allowDroppedState?: boolean } = {},
): Promise<{ ssc: StreamingContext; clock: ManualClock; report: () => UpgradeReport | undefined; text: () => string }> {
  const clock = new ManualClock(at);
  let report: UpgradeReport | undefined;
  let text = '';
  const ssc = await StreamingContext.getOrCreate(
    checkpointDir,
    () => {
      const ssc = new StreamingContext(kc, 1000, { clock });
      ssc.checkpoint(checkpointDir);
      build(ssc);
      return ssc;
    },
    { kindlingContext: kc, clock, upgrade: true, ...options, onUpgradeReport: (r, t) => ((report = r), (text = t)) },
  ).catch((error: unknown) => {
    if (error instanceof Error) (error as Error & { reportText?: string }).reportText = text;
    throw error;
  });
  return { ssc, clock, report: () => report, text: () => text };
}

const outcomes = (report: UpgradeReport | undefined): string[] => (report?.plan.entries ?? []).map((e) => `${e.outcome} ${e.what} ${e.uid}`).sort();

for (const stateInterval of [2, 10]) {
  void test(`an upgrade keeps the matching operators' state (${stateInterval === 2 ? 'from its checkpoint files' : 'recomputed from the replayable input'}), runs the down-time batches with the new code, and counts continue without loss`, async () => {
    await withStreamingTest({ checkpoint: true }, async ({ kc, ssc, clock, checkpointDir }) => {
      const before = v1(ssc, stateInterval);
      ssc.start();
      await runBatches(ssc, clock, 5);
      await ssc.stop({ stopKindlingContext: false });

      // The new code: a fixed mapping function that emits [key, count] (the old one emitted
      // the count alone), and a new stateless branch. Back at 8.5 s: 6, 7 and 8 were down time.
      let mapped!: CollectedOutput<[string, number]>;
      let branch!: CollectedOutput<number>;
      let after!: { counts: CollectedOutput<[string, number]>; sums: CollectedOutput<[string, number]> };
      const upgraded = await upgrade(kc, checkpointDir, 8500, (ssc) => {
        const pairs = pairsOf(ssc);
        const counts = pairs
          .mapWithState(
            StateSpec.function((k: string, v: number | undefined, s: State<number>): [string, number] => {
              const n = (s.exists() ? s.get() : 0) + (v ?? 0);
              s.update(n);
              return [k, n];
            }),
          )
          .name('counts');
        counts.checkpoint(Seconds(stateInterval));
        const sums = pairs.updateStateByKey((values: number[], state: number | undefined) => values.reduce((a, b) => a + b, state ?? 0)).name('sums');
        sums.checkpoint(Seconds(stateInterval));
        after = { counts: collectOutput(counts.stateSnapshots(), byKey), sums: collectOutput(sums, byKey) };
        mapped = collectOutput(counts, byKey);
        branch = collectOutput(pairs.filter((kv) => kv[0] === 'a').count());
      });
      assert.deepEqual(outcomes(upgraded.report()), ['kept source events', 'kept state counts/state', 'kept state sums']);
      assert.match(upgraded.text(), /kept +state +counts\/state \(mapWithState\)/);
      assert.match(upgraded.text(), /result: upgraded/);
      // Re-attached from the checkpoint's files when there are any, else recomputed. A state
      // stream names only its newest complete state checkpoint (4 s), whose chain of full
      // snapshot and deltas holds the earlier ones (state-checkpoint-data.ts).
      const stateStream = upgraded.ssc.graph.allStreams().find((s) => s.uid === 'counts/state')!;
      assert.deepEqual([...stateStream.checkpointData.currentCheckpointFiles.keys()], stateInterval === 2 ? [4000] : []);
      if (stateInterval === 10) assert.match(upgraded.text(), /counts\/state \(mapWithState\): no state checkpoint written yet: recomputed by the new code/);
      upgraded.ssc.start();
      await runBatches(upgraded.ssc, upgraded.clock, 4);
      assert.deepEqual(upgraded.ssc.jobGenerator.restartedBatches, [6000, 7000, 8000]);
      assert.deepEqual(before.counts.timedBatches().map((b) => b.time), times(1, 5));
      assert.deepEqual(after.counts.timedBatches().map((b) => b.time), times(6, 12));
      assert.deepEqual([...before.counts.batches(), ...after.counts.batches()], times(1, 12).map((_, i) => running(i + 1)));
      assert.deepEqual([...before.sums.batches(), ...after.sums.batches()], times(1, 12).map((_, i) => running(i + 1)));
      // The new code ran every batch after the checkpoint: its records and its branch.
      assert.ok(mapped.batches().every((batch) => batch.every((r) => Array.isArray(r) && typeof r[0] === 'string')));
      assert.deepEqual(branch.timedBatches().map((b) => b.time), times(6, 12));
      assert.deepEqual(branch.batches().map((b) => b[0]), times(6, 12).map((_, i) => batches[i + 5]!.filter((k) => k === 'a').length));
      await upgraded.ssc.stop({ stopKindlingContext: false });
    });
  });
}

void test('state versions: an upgrade migrates older state eagerly on restore, and a recovery before the next state checkpoint migrates it again', async () => {
  await withStreamingTest({ checkpoint: true }, async ({ kc, ssc, clock, checkpointDir }) => {
    v1(ssc, 4);
    ssc.start();
    await runBatches(ssc, clock, 5); // the state is checkpointed at 4 s
    await ssc.stop({ stopKindlingContext: false });

    // `since` tells state migrated from the checkpoint ('v1') from state the new code began.
    type Count = { count: number; since: string };
    const v2 = (ssc: StreamingContext): { counts: CollectedOutput<[string, Count]>; sums: CollectedOutput<[string, Count]> } => {
      const pairs = pairsOf(ssc);
      const counts = pairs
        .mapWithState(
          StateSpec.function((_k: string, v: number | undefined, s: State<Count>) => {
            s.update({ count: (s.exists() ? s.get().count : 0) + (v ?? 0), since: s.exists() ? s.get().since : 'v2' });
          }).stateVersion(2, (old: number, fromVersion: number) => (fromVersion === 1 ? { count: old, since: 'v1' } : undefined)),
        )
        .name('counts');
      counts.checkpoint(Seconds(4));
      const sums = pairs
        .updateStateByKey((values: number[], state: Count | undefined): Count => ({ count: values.reduce((a, b) => a + b, state?.count ?? 0), since: state?.since ?? 'v2' }))
        .stateVersion(2, (old: number) => ({ count: old, since: 'v1' }))
        .name('sums');
      sums.checkpoint(Seconds(4));
      return { counts: collectOutput(counts.stateSnapshots(), byKey), sums: collectOutput(sums, byKey) };
    };
    // Every key had a count by 4 s, the state checkpoint the upgrade migrates.
    assert.deepEqual(running(4).map(([k]) => k), keys);
    const expected = (from: number, to: number): Array<Array<[string, Count]>> => times(from, to).map((_, i) => running(from + i).map(([k, n]) => [k, { count: n, since: 'v1' }]));

    let outputs!: ReturnType<typeof v2>;
    const upgraded = await upgrade(kc, checkpointDir, 5000, (ssc) => (outputs = v2(ssc)));
    assert.match(upgraded.text(), /kept +state +counts\/state \(mapWithState\): state migrated from version 1 to 2/);
    upgraded.ssc.start();
    await runBatches(upgraded.ssc, upgraded.clock, 2); // 6 and 7: no state checkpoint yet
    assert.deepEqual(outputs.counts.batches(), expected(6, 7));
    assert.deepEqual(outputs.sums.batches(), expected(6, 7));
    await upgraded.ssc.stop({ stopKindlingContext: false });

    // The metadata checkpoint still refers to the version-1 files of 4 s, and says so:
    // a plain recovery of the new code migrates them again.
    const inspected = await inspectCheckpoint(checkpointDir);
    const versions = inspected.streams.filter((s) => s.stateVersion > 0).map((s) => `${s.uid} v${s.stateVersion}`);
    assert.deepEqual(versions.sort(), ['counts/state v1', 'sums v1']);
    assert.match(formatInspection(inspected), /storage MEMORY_ONLY, state version 1/);
    outputs.counts.clear();
    outputs.sums.clear();
    const clock3 = new ManualClock(7000);
    const recovered = await StreamingContext.getOrCreate(
      checkpointDir,
      () => {
        throw new Error('must recover');
      },
      { kindlingContext: kc, clock: clock3 },
    );
    recovered.start();
    await runBatches(recovered, clock3, 5);
    assert.deepEqual(outputs.counts.batches(), expected(8, 12));
    assert.deepEqual(outputs.sums.batches(), expected(8, 12));
    await recovered.stop({ stopKindlingContext: false });
  });
});

void test('an upgrade is refused, naming the operator, for a state version without a migration, a state of another kind under the same uid, and dropped state (unless allowed)', async () => {
  await withStreamingTest({ checkpoint: true }, async ({ kc, ssc, clock, checkpointDir }) => {
    v1(ssc, 2);
    ssc.start();
    await runBatches(ssc, clock, 3);
    await ssc.stop({ stopKindlingContext: false });
    const count = (_k: string, v: number | undefined, s: State<unknown>): void => s.update(v);

    const refused = async (build: (ssc: StreamingContext) => void, pattern: RegExp): Promise<string> => {
      let text = '';
      await assert.rejects(
        upgrade(kc, checkpointDir, 3000, build),
        (error: unknown) => {
          text = (error as { reportText?: string }).reportText ?? '';
          return error instanceof IncompatibleCheckpointError && pattern.test(error.message) && !error.message.includes('\n');
        },
      );
      assert.match(text, /result: REFUSED/);
      return text;
    };
    const noMigration = await refused((ssc) => {
      const pairs = pairsOf(ssc);
      collectOutput(pairs.mapWithState(StateSpec.function(count).stateVersion(2)).name('counts'));
      collectOutput(pairs.updateStateByKey((v: number[], s: number | undefined) => (s ?? 0) + v.length).name('sums'));
    }, /counts\/state \(mapWithState\): the state version goes from 1 to 2 with no migration function: declare stateVersion\(2, migrate\)/);
    assert.match(noMigration, /incompatible +state +counts\/state/);

    await refused((ssc) => {
      const pairs = pairsOf(ssc);
      collectOutput(pairs.mapWithState(StateSpec.function(count)).name('counts'));
      collectOutput(pairs.mapWithState(StateSpec.function(count)).name('sums'));
    }, /sums \(updateStateByKey\): the checkpoint holds updateStateByKey state \(StateDStream\) under this uid, the new code has mapWithState \(MapWithStateDStream\)/);

    const dropped = await refused((ssc) => {
      collectOutput(pairsOf(ssc).mapWithState(StateSpec.function(count)).name('counts'));
    }, /sums \(updateStateByKey\) is not in the new code: its state would be lost; .*--allow-dropped-state/);
    assert.match(dropped, /dropped +state +sums \(updateStateByKey\): its state is not in the new graph; refused/);

    // Allowed: the upgrade goes ahead, the count state is kept and continues.
    let counts!: CollectedOutput<[string, number]>;
    const allowed = await upgrade(
      kc,
      checkpointDir,
      3000,
      (ssc) => {
        const c = pairsOf(ssc)
          .mapWithState(
            StateSpec.function((_k: string, v: number | undefined, s: State<number>) => {
              s.update((s.exists() ? s.get() : 0) + (v ?? 0));
            }),
          )
          .name('counts');
        counts = collectOutput(c.stateSnapshots(), byKey);
      },
      { allowDroppedState: true },
    );
    assert.deepEqual(outcomes(allowed.report()), ['dropped state sums', 'kept source events', 'kept state counts/state']);
    assert.match(allowed.text(), /dropped \(allowed\)/);
    allowed.ssc.start();
    await runBatches(allowed.ssc, allowed.clock, 2);
    assert.deepEqual(counts.batches(), [running(4), running(5)]);
    await allowed.ssc.stop({ stopKindlingContext: false });
  });
});

void test('start() warns, one line each, about stateful operators without an explicit uid', async () => {
  const captured = capturingLogger();
  const kc = await KindlingContext.create({ master: testMaster, appName: 'upgrade-warning', logger: captured.logger, conf: new KindlingConf({ 'kindling.ui.showConsoleProgress': 'false' }) });
  const clock = new ManualClock(0);
  const ssc = new StreamingContext(kc, 1000, { clock });
  const dir = mkdtempSync(join(tmpdir(), 'kindling-upgrade-warning-'));
  ssc.checkpoint(pathToFileURL(dir).href);
  try {
    const pairs = pairsOf(ssc);
    collectOutput(pairs.mapWithState(StateSpec.function((_k: string, v: number | undefined, s: State<number>) => s.update(v ?? 0))));
    collectOutput(pairs.updateStateByKey((v: number[]) => v.length).name('named'));
    ssc.start();
    const warnings = captured.text().split('\n').filter((line) => line.includes('has no explicit uid'));
    assert.equal(warnings.length, 1);
    assert.match(warnings[0]!, /mapWithState operator InternalMapWithStateDStream-\d+ keeps state but has no explicit uid: .*give it one with \.name\('<uid>'\)/);
  } finally {
    await ssc.stop({ stopKindlingContext: true });
    rmSync(dir, { recursive: true, force: true });
  }
});
