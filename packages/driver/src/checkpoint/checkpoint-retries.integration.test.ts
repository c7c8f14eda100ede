/**
 * Task attempts and their temp files (reference §1, SPARK-31484; §6 item 7): a task
 * that fails after writing its partition leaves nothing that breaks the retry; a
 * leftover temp file of a dead attempt is ignored by the commit and by readers; an
 * executor killed in the middle of writing a partition only delays the checkpoint.
 */
import assert from 'node:assert/strict';
import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { test } from 'node:test';
import { capture, getFileSystem, partTempFileName } from '@kindling/common';
import { describeEachCase } from './testing/checkpoint-test-support.js';

const range = (n: number): number[] => Array.from({ length: n }, (_, i) => i);

describeEachCase('checkpoints across task retries', (current) => {
  void test('a task that fails after writing its partition is retried, the retry commits, and stale temp files do not get in the way', async () => {
    const { kc, storage, scratch } = current();
    const rdd = kc.parallelize(range(30), 3).map((x: number) => x * 7);
    rdd.checkpoint();
    const rddDir = `${kc.checkpointDir}/rdd-${rdd.id}`;
    // What a killed attempt of an earlier run leaves behind.
    const stale = partTempFileName(0, 999_999);
    await getFileSystem(rddDir).writeFile(`${rddDir}/${stale}`, new Uint8Array([1, 2, 3]));
    const marker = join(scratch, 'failed-once');
    // Drains partition 0 (its file is complete) and then fails its first attempt.
    await rdd.foreachPartition(
      capture({ marker }, ({ marker }) => (records: Iterable<number>) => {
        for (const _ of records) {
          // drained: the partition's file is complete
        }
        const fs = process.getBuiltinModule('node:fs');
        if (!fs.existsSync(marker)) {
          fs.writeFileSync(marker, '');
          throw new Error('injected failure after the partition was written');
        }
      }),
    );
    assert.ok(process.getBuiltinModule('node:fs').existsSync(marker), 'one attempt failed');
    assert.equal(rdd.isCheckpointed(), true);
    assert.deepEqual(await (await kc.checkpointFile(rdd.getCheckpointFile()!)).collect(), range(30).map((x) => x * 7));
    const names = await readdir(storage.localPath(rddDir));
    const temps = names.filter((n) => n.startsWith('.part-'));
    assert.deepEqual(temps, [stale], 'the failed attempt discarded its file; only the planted leftover remains');
    assert.deepEqual(names.filter((n) => n.startsWith('part-')).sort(), ['part-00000', 'part-00001', 'part-00002']);
  });
});

describeEachCase(
  'checkpoints and killed executors',
  (current) => {
    void test('an executor killed while writing its partition: the retried task commits and the dead attempt\'s temp file breaks nothing', async () => {
      const { kc, storage, scratch } = current();
      const pidFile = join(scratch, 'writer-pid');
      const rdd = kc.parallelize(range(4000), 2).map(
        capture({ pidFile }, ({ pidFile }) => (x: number) => {
          const fs = process.getBuiltinModule('node:fs');
          // The first attempt of partition 0 stops half way, its temp file half written, and waits to be killed.
          if (x === 1500 && !fs.existsSync(pidFile)) {
            fs.writeFileSync(pidFile, String(process.pid));
            // Blocked (not spinning, which took a core from the other tests): a killed process ends here.
            Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 30_000);
          }
          return { x, padding: 'p'.repeat(64) };
        }),
      );
      rdd.checkpoint();
      const counting = rdd.count();
      const fs = process.getBuiltinModule('node:fs');
      const until = Date.now() + 20_000;
      while (!fs.existsSync(pidFile) || fs.readFileSync(pidFile, 'utf8') === '') {
        if (Date.now() > until) throw new Error('the writing task never started');
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
      const rddDir = storage.localPath(`${kc.checkpointDir}/rdd-${rdd.id}`);
      const beforeKill = await readdir(rddDir).catch(() => [] as string[]);
      process.kill(Number(fs.readFileSync(pidFile, 'utf8')), 'SIGKILL');
      assert.equal(await counting, 4000);
      assert.equal(rdd.isCheckpointed(), true);
      const recovered = await (await kc.checkpointFile<{ x: number }>(rdd.getCheckpointFile()!)).collect();
      assert.deepEqual(recovered.map((r) => r.x), range(4000));
      if (storage.baseUri.startsWith('file:')) {
        // The killed attempt (partition 0: x = 1500 is in the first slice) wrote in place
        // and could not clean up: its temp file stays, ignored. Partition 1's attempt
        // may still have been writing its own when the directory was listed.
        const leftover = beforeKill.filter((n) => n.startsWith('.part-00000-attempt-'));
        assert.equal(leftover.length, 1, `the killed attempt was writing in place: ${beforeKill.join(', ')}`);
        assert.ok((await readdir(rddDir)).includes(leftover[0]!));
      }
    });
  },
  { masters: ['local[2]'] },
);
