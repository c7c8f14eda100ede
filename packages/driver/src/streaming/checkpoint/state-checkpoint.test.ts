/**
 * Asynchronous, incremental state checkpoints (issue 11 item 5) and their metrics
 * (item 6): written after their batch as full snapshots and deltas, reported on the
 * batch, old chains deleted; a metadata checkpoint never names a state checkpoint
 * still being written, so a kill during the write recovers from the previous one.
 * Every file is reached through the FileSystem API, so the same tests run with the
 * checkpoints on WebHDFS (recovery-on-local-cluster.integration.test.ts).
 */
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { decodeStreamingCheckpoint, getFileSystem, Path } from '@kindling/common';
import '../index.js';
import { BACKGROUND_POOL, DEFAULT_POOL, SCHEDULER_POOL_PROPERTY } from '../../scheduler/scheduling-pool.js';
import type { BatchInfo } from '../batch-info.js';
import { Seconds } from '../duration.js';
import { StateSpec } from '../state-spec.js';
import { collectOutput } from '../testing/test-output.js';
import { runningCount } from '../testing/running-count-state.js';
import { TestInputDStream } from '../testing/test-input-dstream.js';
import { recoverAndStart, runBatches, withStreamingTest } from '../testing/streaming-test-harness.js';
import type { CheckpointInspection } from './checkpoint-inspection.js';
import { stateCheckpointRoot } from './state-checkpoint-files.js';

async function waitFor<T>(what: string, get: () => T | undefined): Promise<T> {
  const deadline = Date.now() + 30_000;
  for (;;) {
    const value = get();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

async function stateDirs(root: string): Promise<string[]> {
  const fs = getFileSystem(root);
  if (!(await fs.exists(root))) return [];
  return (await fs.list(root)).map((s) => Path.name(s.path)).sort((a, b) => Number(a.split('-')[1]) - Number(b.split('-')[1]));
}

void test('state checkpoints: a full snapshot every fullSnapshotInterval checkpoints and deltas between, each reported on its batch; older chains are deleted', async () => {
  await withStreamingTest({ checkpoint: true, conf: { 'kindling.streaming.state.fullSnapshotInterval': '3' } }, async ({ ssc, clock, checkpointDir }) => {
    // Batch 1 creates 2,000 keys; the others touch one key each, so a delta is tiny next to a full snapshot.
    const batches = [Array.from({ length: 2000 }, (_, i) => `k${i}`), ...Array.from({ length: 7 }, (_, i) => [`k${i}`])];
    const hits = new TestInputDStream(ssc, batches, 2)
      .map((k: string): [string, number] => [k, 1])
      .mapWithState(StateSpec.function(runningCount))
      .name('hits');
    hits.checkpoint(Seconds(1));
    collectOutput(hits);
    const infos = new Map<number, BatchInfo>();
    ssc.addStreamingListener({ onBatchCompleted: (e) => void infos.set(e.batchInfo.batchTime, e.batchInfo) });
    const pools: string[] = [];
    ssc.kindlingContext.addKindlingListener({ onJobStart: (e) => void pools.push(e.properties?.[SCHEDULER_POOL_PROPERTY] ?? DEFAULT_POOL) });
    ssc.start();
    await runBatches(ssc, clock, 8);
    await waitFor('8 batches completed', () => (infos.size >= 8 ? true : undefined));
    // The writes' jobs run in the background pool (3 full snapshots of 8 slices, 5 deltas), the batches' in the default one.
    await waitFor('the jobs of 8 state checkpoints', () => (pools.filter((p) => p === BACKGROUND_POOL).length >= 29 ? true : undefined));
    assert.equal(pools.filter((p) => p === BACKGROUND_POOL).length, 29);
    assert.ok(pools.filter((p) => p === DEFAULT_POOL).length >= 8, pools.join(' '));

    const checkpoints = [...infos.values()].sort((a, b) => a.batchTime - b.batchTime).map((b) => b.checkpoint);
    assert.deepEqual(checkpoints.map((c) => c?.mode), ['full', 'delta', 'delta', 'full', 'delta', 'delta', 'full', 'delta']);
    for (const c of checkpoints) assert.ok(c !== undefined && c.bytesWritten > 0 && c.durationMs >= 0, JSON.stringify(c));
    const full = checkpoints[3]!.bytesWritten;
    const delta = checkpoints[4]!.bytesWritten;
    assert.ok(delta * 5 < full, `a delta of one key (${delta} bytes) is much smaller than a full snapshot of 2,000 (${full} bytes)`);

    const root = stateCheckpointRoot(checkpointDir, hits.internalStream.uid);
    const dirs = await stateDirs(root);
    for (const gone of ['state-1000-full', 'state-2000-delta', 'state-3000-delta']) assert.ok(!dirs.includes(gone), `${gone} was deleted: ${dirs.join(' ')}`);
    for (const kept of ['state-7000-full', 'state-8000-delta']) assert.ok(dirs.includes(kept), `${kept} is kept: ${dirs.join(' ')}`);
    await ssc.stop({ stopKindlingContext: false });

    // `kindling checkpoint inspect` shows the chain and every state directory with its mode and size.
    const cli = fileURLToPath(new URL('../../cli/main.js', import.meta.url));
    // Asynchronously: the embedded WebHDFS server (KINDLING_TEST_CHECKPOINT_STORAGE=webhdfs) answers from this process.
    const inspect = (...args: string[]): Promise<{ stdout: string }> => promisify(execFile)(process.execPath, [cli, 'checkpoint', 'inspect', checkpointDir, ...args], { encoding: 'utf8' });
    const run = await inspect();
    // The last metadata checkpoint (batch 8's) was written as batch 8's state write began: it names 7 s.
    assert.match(run.stdout, /checkpoint 7000 ms: \S*state-7000-full \(\d+ bytes in \d+ files\)\n +state rebuilt from state-7000-full\n/);
    assert.match(run.stdout, /state checkpoint state-7000-full: full, \d+ bytes, in the chain/);
    assert.match(run.stdout, /state checkpoint state-8000-delta: delta, \d+ bytes, complete/);
    const json = JSON.parse((await inspect('--json')).stdout) as CheckpointInspection;
    const state = json.streams.find((st) => st.uid === hits.internalStream.uid)?.stateDirectories ?? [];
    assert.deepEqual(state.filter((d) => d.batchTime >= 7000).map((d) => [d.name, d.mode, d.complete, d.inChain]), [
      ['state-7000-full', 'full', true, true],
      ['state-8000-delta', 'delta', true, false],
    ]);
    assert.ok(state.every((d) => (d.bytes ?? 0) > 0));
  });
});

void test('a metadata checkpoint names only complete state checkpoints: a kill during a state write recovers from the previous one', async () => {
  const keys = ['a', 'b', 'c', 'd', 'e'];
  const batches: string[][] = Array.from({ length: 10 }, (_, i) => Array.from({ length: 1 + (i % 4) }, (_, j) => keys[(i + j * 2) % keys.length]!));
  const running = (upTo: number): Array<[string, number]> => {
    const counts = new Map<string, number>();
    for (const batch of batches.slice(0, upTo)) for (const k of batch) counts.set(k, (counts.get(k) ?? 0) + 1);
    return [...counts].sort((a, b) => a[0].localeCompare(b[0]));
  };
  const byKey = (a: [string, number], b: [string, number]): number => a[0].localeCompare(b[0]);
  await withStreamingTest({ checkpoint: true }, async ({ kc, ssc, clock, checkpointDir }) => {
    const pairs = new TestInputDStream(ssc, batches, 2).map((k: string): [string, number] => [k, 1]).name('pairs');
    const hits = pairs.mapWithState(StateSpec.function(runningCount)).name('hits');
    hits.checkpoint(Seconds(2));
    const sums = pairs.updateStateByKey((values: number[], state: number | undefined) => values.reduce((a, b) => a + b, state ?? 0)).name('sums');
    sums.checkpoint(Seconds(2));
    const snapshots = collectOutput(hits.stateSnapshots(), byKey);
    const sumsOut = collectOutput(sums, byKey);
    ssc.start();
    await runBatches(ssc, clock, 7);
    await ssc.stop({ stopKindlingContext: false });

    // The checkpoint written when batch 6 completed was written as batch 6's state
    // write began: it names the state at 4 s, the newest complete one then.
    const fs = getFileSystem(checkpointDir);
    const at6 = decodeStreamingCheckpoint(await fs.readFile(Path.join(checkpointDir, 'checkpoint-6000')), 'checkpoint-6000');
    const named = (cp: typeof at6, uid: string): string[] => (cp.graph?.streams.find((s) => s.uid === uid)?.checkpointData ?? []).map((c) => Path.name(c.path));
    const internalUid = hits.internalStream.uid;
    assert.deepEqual(named(at6, internalUid), ['state-4000-delta']);
    assert.deepEqual(named(at6, 'sums'), ['state-4000-delta']);
    const at7 = decodeStreamingCheckpoint(await fs.readFile(Path.join(checkpointDir, 'checkpoint-7000')), 'checkpoint-7000');
    assert.deepEqual(named(at7, internalUid), ['state-6000-delta'], 'once written, the next metadata checkpoint names it');

    // The driver is killed while batch 6's state is being written: the newest metadata
    // checkpoint is batch 6's, and the state directories of 6 s have no _metadata.
    for (const s of await fs.list(checkpointDir)) if (Path.name(s.path).startsWith('checkpoint-7000')) await fs.delete(s.path);
    for (const uid of [internalUid, 'sums']) await fs.delete(Path.join(stateCheckpointRoot(checkpointDir, uid), 'state-6000-delta', '_metadata'));

    const { recovered, clock: clock2 } = await recoverAndStart(checkpointDir, kc, 7000);
    await runBatches(recovered, clock2, 3);
    // Batch 7 ran again (after the checkpoint of 6), from the state at 4 s and the input of batches 5 and 6.
    assert.deepEqual(recovered.jobGenerator.restartedBatches, [7000]);
    const times = Array.from({ length: 10 }, (_, i) => (i + 1) * 1000);
    assert.deepEqual(snapshots.timedBatches().map((b) => b.time), [...times.slice(0, 7), 7000, 8000, 9000, 10_000]);
    const expected = [...times.slice(0, 7), 7000, 8000, 9000, 10_000].map((t) => running(t / 1000));
    assert.deepEqual(snapshots.batches(), expected);
    assert.deepEqual(sumsOut.batches(), expected);
    // The next state checkpoint is a delta of the one at 4 s; the incomplete one is deleted.
    const dirs = await stateDirs(stateCheckpointRoot(checkpointDir, internalUid));
    assert.ok(dirs.includes('state-8000-delta') && dirs.includes('state-10000-delta'), dirs.join(' '));
    assert.ok(!dirs.includes('state-6000-delta'), `the incomplete directory is deleted: ${dirs.join(' ')}`);
    await recovered.stop({ stopKindlingContext: false });
  });
});
