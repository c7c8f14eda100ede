/**
 * The short soak (issue 9 item 6: "a short version of it is a test"): the soak job
 * for 150 batches on local[2], sampled after 40 and at the end. Shuffle files on the
 * executors, shuffles the driver tracks, the checkpoint directory, the RDDs the
 * streams remember and both heaps stay flat — with generous slack, since what a run
 * without cleanup shows is growth by multiples (every batch adds 8 shuffle files, a
 * checkpoint every 10 batches) — and the running counts are right at the end.
 *
 * The second run SIGKILLs an executor every 25 batches: the state's cached blocks go
 * with it and are rebuilt from its checkpoint chain, so the counts are right only if
 * the chain's files are all there (the cleaner of garbage-collected checkpointed RDDs
 * once deleted the slices of full state snapshots), and every dead executor's work
 * directory goes (they once stayed until the application ended).
 */
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { gc } from '../../cleaner/testing/gc.js';
import type { SoakSample } from './soak-probes.js';
import { runSoak } from './stateful-soak.js';

const MiB = 1024 * 1024;

const collectGarbage = async (): Promise<void> => {
  for (let i = 0; i < 3; i++) {
    gc();
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
};

void test('150 batches of a stateful stream on local[2]: files, checkpoints, tracked shuffles, remembered RDDs and heaps stay flat', async () => {
  const result = await runSoak({
    batches: 150,
    warmupBatches: 40,
    recordsPerBatch: 300,
    numKeys: 100,
    collectGarbage,
  });
  const [start, end] = [result.samples[0]!, result.samples.at(-1)!];
  const show = (s: SoakSample): string => JSON.stringify(s);
  assert.equal(start.batch, 40);
  assert.equal(end.batch, 150);
  assert.ok(start.shuffleFiles > 0 && end.shuffleFiles <= 2 * start.shuffleFiles, `shuffle files: ${show(start)} → ${show(end)}`);
  assert.ok(end.trackedShuffles <= 2 * start.trackedShuffles, `tracked shuffles: ${show(start)} → ${show(end)}`);
  assert.ok(start.checkpointFiles > 0 && end.checkpointBytes <= 2 * start.checkpointBytes, `checkpoint: ${show(start)} → ${show(end)}`);
  assert.equal(end.rememberedRdds, start.rememberedRdds);
  assert.ok(end.cachedRdds <= start.cachedRdds + 2, `cached RDDs: ${show(start)} → ${show(end)}`);
  assert.ok(end.driverHeapBytes <= 1.5 * start.driverHeapBytes + 16 * MiB, `driver heap: ${show(start)} → ${show(end)}`);
  assert.equal(end.executorRssBytes.length, 2);
  const rss = (s: SoakSample): number => s.executorRssBytes.reduce((a, b) => a + b, 0);
  assert.ok(rss(end) <= 1.5 * rss(start) + 64 * MiB, `executor RSS: ${show(start)} → ${show(end)}`);
  assert.equal(result.finalCounts.size, 100);
  for (const [key, expected] of result.expectedCounts) assert.equal(result.finalCounts.get(key), expected, key);
});

void test('150 batches with an executor SIGKILLed every 25: the state is rebuilt from its checkpoint chain, and no dead executor leaves its directory', async () => {
  const result = await runSoak({ batches: 150, warmupBatches: 40, recordsPerBatch: 300, numKeys: 100, killExecutorEvery: 25, collectGarbage });
  const [start, end] = [result.samples[0]!, result.samples.at(-1)!];
  assert.equal(result.executorsKilled, 5);
  assert.equal(result.finalCounts.size, 100, 'every key has its running count');
  for (const [key, expected] of result.expectedCounts) assert.equal(result.finalCounts.get(key), expected, key);
  assert.equal(end.executorDirs, 2, `the two live executors' directories alone: ${JSON.stringify(end)}`);
  assert.ok(end.trackedShuffles <= 2 * start.trackedShuffles, `tracked shuffles: ${JSON.stringify(start)} → ${JSON.stringify(end)}`);
  assert.equal(end.rememberedRdds, start.rememberedRdds);
});
