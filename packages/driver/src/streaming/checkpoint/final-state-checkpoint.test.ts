/**
 * A graceful stop writes one last state checkpoint of every stateful stream after
 * its last batch, and the last metadata checkpoint names it: a restart re-attaches
 * the state from those files instead of recomputing it from the input. The state
 * checkpoint interval here is longer than the run, so no batch wrote one: without
 * the final write the restart would have recomputed everything.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { test } from 'node:test';
import { KindlingConf, StateSnapshotRDD } from '@kindling/common';
import { capturingLogger } from '../../cluster/testing/cluster-test-support.js';
import { KindlingContext } from '../../kindling-context.js';
import { BACKGROUND_POOL, SCHEDULER_POOL_PROPERTY } from '../../scheduler/scheduling-pool.js';
import '../index.js';
import { ManualClock } from '../clock.js';
import type { DStream } from '../dstream.js';
import { Seconds } from '../duration.js';
import { StateSpec } from '../state-spec.js';
import { StreamingContext } from '../streaming-context.js';
import { collectOutput } from '../testing/test-output.js';
import { runningCount } from '../testing/running-count-state.js';
import { TestInputDStream } from '../testing/test-input-dstream.js';
import { recoverAndStart, runBatches, withStreamingTest } from '../testing/streaming-test-harness.js';
import { stateCheckpointRoot } from './state-checkpoint-files.js';

const keys = ['a', 'b', 'c', 'd'];
const batches: string[][] = Array.from({ length: 8 }, (_, i) => Array.from({ length: 1 + ((i * 7) % 5) }, (_, j) => keys[(i + j * 3) % keys.length]!));

/** The direct computation: counts per key over the first `upTo` batches. */
function running(upTo: number): Array<[string, number]> {
  const counts = new Map<string, number>();
  for (const batch of batches.slice(0, upTo)) for (const k of batch) counts.set(k, (counts.get(k) ?? 0) + 1);
  return [...counts].sort((a, b) => a[0].localeCompare(b[0]));
}

const byKey = (a: [string, number], b: [string, number]): number => a[0].localeCompare(b[0]);

function streamNamed(ssc: StreamingContext, uid: string): DStream<unknown> {
  const stream = ssc.graph.allStreams().find((s) => s.uid === uid);
  assert.ok(stream !== undefined, `stream ${uid}`);
  return stream;
}

void test('a graceful stop writes a final state checkpoint of every stateful stream, and a restart re-attaches it equal to a direct computation', async () => {
  await withStreamingTest({ checkpoint: true }, async ({ kc, ssc, clock, checkpointDir }) => {
    const pairs = new TestInputDStream(ssc, batches, 2).map((k: string): [string, number] => [k, 1]).name('pairs');
    const sums = pairs.updateStateByKey((values: number[], state: number | undefined) => values.reduce((a, b) => a + b, state ?? 0)).name('sums');
    const hits = pairs
      .mapWithState(
        StateSpec.function(runningCount),
      )
      .name('hits');
    // Longer than the run: no batch writes a state checkpoint of its own.
    sums.checkpoint(Seconds(100));
    hits.checkpoint(Seconds(100));
    const sumsOut = collectOutput(sums, byKey);
    const snapshots = collectOutput(hits.stateSnapshots(), byKey);
    ssc.start();
    await runBatches(ssc, clock, 5);
    await ssc.stop({ graceful: true, stopKindlingContext: false });
    for (const uid of ['sums', 'hits/state']) {
      const written = readdirSync(fileURLToPath(stateCheckpointRoot(checkpointDir, uid)));
      assert.deepEqual(written, ['state-5000-full'], `${uid}'s final state checkpoint, after its last batch`);
    }

    const { recovered, clock: clock2 } = await recoverAndStart(checkpointDir, kc, 5500);
    // The restart restores the checkpointed RDDs on the job generator's loop.
    await recovered.jobGenerator.idle();
    for (const uid of ['sums', 'hits/state']) {
      const restored = streamNamed(recovered, uid).generatedRDDs.get(5000);
      assert.ok(restored instanceof StateSnapshotRDD, `${uid}'s state at 5 s is re-attached from its checkpoint files, not recomputed: ${restored?.constructor.name ?? 'none'}`);
    }
    await runBatches(recovered, clock2, 3);
    assert.deepEqual(recovered.jobGenerator.restartedBatches, []);
    const times = Array.from({ length: 8 }, (_, i) => (i + 1) * 1000);
    assert.deepEqual(sumsOut.timedBatches().map((b) => b.time), times);
    assert.deepEqual(sumsOut.batches(), times.map((_, i) => running(i + 1)));
    assert.deepEqual(snapshots.batches(), times.map((_, i) => running(i + 1)));
    await recovered.stop({ stopKindlingContext: false });
  });
});

void test('a final state checkpoint that fails is one warning, and a restart re-attaches the previous complete one and recomputes the batch after it', async () => {
  const capture = capturingLogger('info');
  const conf = new KindlingConf().set('kindling.ui.showConsoleProgress', 'false');
  const kc = await KindlingContext.create({ master: 'local-inprocess', appName: 'final-state-checkpoint-fails', conf, logger: capture.logger });
  const dir = mkdtempSync(join(tmpdir(), 'kindling-final-state-'));
  const checkpointDir = pathToFileURL(dir).href;
  try {
    const clock = new ManualClock(0);
    const ssc = new StreamingContext(kc, 1000, { clock });
    ssc.checkpoint(checkpointDir);
    const pairs = new TestInputDStream(ssc, batches, 2).map((k: string): [string, number] => [k, 1]).name('pairs');
    const sums = pairs.updateStateByKey((values: number[], state: number | undefined) => values.reduce((a, b) => a + b, state ?? 0)).name('sums');
    sums.checkpoint(Seconds(2));
    const sumsOut = collectOutput(sums, byKey);
    ssc.start();
    await runBatches(ssc, clock, 5);
    await ssc.graph.stateCheckpointsIdle();
    // From now on every background-pool job (a state checkpoint write) fails, as a write to a broken store would.
    let failWrites = true;
    kc.addKindlingListener({
      onJobStart: (event) => {
        if (failWrites && event.properties?.[SCHEDULER_POOL_PROPERTY] === BACKGROUND_POOL) kc.cancelJob(event.jobId, 'the store refused the write');
      },
    });
    await ssc.stop({ graceful: true, stopKindlingContext: false });
    failWrites = false;
    const warnings = capture.lines.filter((line) => (JSON.parse(line) as { level: number }).level >= 40);
    assert.equal(warnings.length, 1, warnings.join('\n'));
    assert.match(warnings[0]!, /State checkpoint of .*sums.* for batch 5000 ms failed/);

    const { recovered, clock: clock2 } = await recoverAndStart(checkpointDir, kc, 5500);
    await recovered.jobGenerator.idle();
    const stream = streamNamed(recovered, 'sums');
    assert.ok(stream.generatedRDDs.get(4000) instanceof StateSnapshotRDD, 'the previous complete state checkpoint, at 4 s, is re-attached');
    await runBatches(recovered, clock2, 3);
    const times = Array.from({ length: 8 }, (_, i) => (i + 1) * 1000);
    // Batch 5 ran before the stop and completed; the restart recomputes its state from the input, not its output.
    assert.deepEqual(sumsOut.timedBatches().map((b) => b.time), times);
    assert.deepEqual(sumsOut.batches(), times.map((_, i) => running(i + 1)));
    await recovered.stop({ stopKindlingContext: false });
  } finally {
    await kc.stop();
    rmSync(dir, { recursive: true, force: true });
  }
});
