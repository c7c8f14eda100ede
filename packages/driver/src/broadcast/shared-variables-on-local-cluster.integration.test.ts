/**
 * Broadcasts and accumulators on local[2]: executor processes over gRPC, two task
 * threads each. Proves what only a real cluster shows: a broadcast is fetched once
 * per executor (not per task or per thread) and again after unpersist, and an
 * action's accumulator updates count exactly once when a task fails and is retried.
 * Also re-runs shared-variables.test.js on local[2].
 */
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { capture, KindlingConf } from '@kindling/common';
import { clusterContext, type ClusterContext } from '../cluster/testing/cluster-test-support.js';
import { rerunOnLocalCluster, testFiles } from '../engine-tests/rerun-on-local-cluster.js';
import type { TaskEndEvent } from '../scheduler/kindling-listener.js';

void test('the broadcast and accumulator tests pass on local[2]', () => rerunOnLocalCluster(testFiles(import.meta.url, ['shared-variables.test.js']), { expectedPasses: 8 }));

void describe('broadcasts and accumulators on local[2], two task threads per executor', () => {
  let ctx: ClusterContext;
  let scratch: string;
  const taskEnds: TaskEndEvent[] = [];

  before(async () => {
    scratch = mkdtempSync(join(tmpdir(), 'kindling-shared-vars-'));
    ctx = await clusterContext('local[2]', { conf: new KindlingConf({ 'kindling.ui.showConsoleProgress': 'false', 'kindling.executor.cores': '2' }) });
    ctx.kc.addKindlingListener({ onTaskEnd: (event) => taskEnds.push(event) });
  });

  after(async () => {
    await ctx.kc.stop();
    rmSync(scratch, { recursive: true, force: true });
  });

  const executorsThatRanTasks = (from: number): Set<string> => new Set(taskEnds.slice(from).map((e) => e.taskInfo.executorId));

  void test('each executor fetches a broadcast once, however many tasks and jobs use it; after unpersist, once more', async () => {
    const lookup = ctx.kc.broadcast(Object.fromEntries(Array.from({ length: 1000 }, (_, i) => [`k${i}`, i])));
    const sumOf = capture({ lookup }, ({ lookup }) => (k: string) => lookup.value[k] ?? 0);
    const keys = Array.from({ length: 400 }, (_, i) => `k${i % 1000}`);
    const expected = keys.reduce((a, k) => a + Number(k.slice(1)), 0);
    const first = taskEnds.length;
    for (let job = 0; job < 3; job++) {
      assert.equal(await ctx.kc.parallelize(keys, 16).map(sumOf).reduce((a: number, b: number) => a + b), expected);
    }
    const used = executorsThatRanTasks(first);
    assert.equal(taskEnds.length - first, 48, '48 tasks ran');
    assert.equal(ctx.kc.broadcastManager.fetchCount(lookup.id), used.size, `fetched once by each of ${[...used].join(', ')}`);

    await lookup.unpersist();
    const second = taskEnds.length;
    assert.equal(await ctx.kc.parallelize(keys, 16).map(sumOf).reduce((a: number, b: number) => a + b), expected);
    assert.equal(ctx.kc.broadcastManager.fetchCount(lookup.id), used.size + executorsThatRanTasks(second).size, 'fetched again after unpersist');
  });

  void test('after destroy, an executor asked for the broadcast answers with the one-line error', async () => {
    const b = ctx.kc.broadcast('gone soon');
    await b.destroy();
    assert.throws(() => ctx.kc.broadcastManager.fetchBytes(b.id), /was used after it was destroyed/);
  });

  void test("an action's accumulator updates count exactly once when a task fails after adding and is retried", async () => {
    const marker = join(scratch, 'failed-once');
    const seen = ctx.kc.longAccumulator('records-seen');
    const before = taskEnds.length;
    const data = Array.from({ length: 1000 }, (_, i) => i);
    await ctx.kc.parallelize(data, 4).foreachPartition(
      capture({ seen, marker }, ({ seen, marker }) => (records: Iterable<number>) => {
        let first: number | undefined;
        for (const x of records) {
          first ??= x;
          seen.add(x);
        }
        // The first attempt of partition 0 fails after adding all of its records.
        const fs = process.getBuiltinModule('node:fs');
        if (first === 0 && !fs.existsSync(marker)) {
          fs.writeFileSync(marker, '');
          throw new Error('injected failure after the updates were made');
        }
      }),
    );
    assert.ok(existsSync(marker), 'one attempt failed');
    const ends = taskEnds.slice(before);
    assert.equal(ends.filter((e) => e.reason === 'ExceptionFailure').length, 1);
    assert.equal(ends.filter((e) => e.reason === 'Success').length, 4);
    assert.equal(seen.value, data.reduce((a, b) => a + b, 0), 'the failed attempt added nothing');
    assert.equal(seen.count, 1000);
  });
});
